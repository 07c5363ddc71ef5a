# What the operator's commands say: `compagnon init` and `compagnon doctor`.

cli-init-ask-name = Short name of the cohort (lower case, digits and dashes, e.g. bvm-autumn-2027):
cli-init-ask-title = Title of the cohort:
cli-init-ask-platforms = Platforms (matrix, discord or both):
cli-init-ask-homeserver = Matrix homeserver address (e.g. https://matrix.example.org):
cli-init-ask-matrix-user = The bot's Matrix account (e.g. @compagnon:example.org):
cli-init-ask-matrix-room = The cohort's Matrix room (id !…:server or alias #…:server):
cli-init-ask-discord-channel = Id of the cohort's Discord channel (right click → Copy ID):
cli-init-ask-date = Date of atelier { $number } (YYYY-MM-DD):
cli-init-ask-web = Public address of the web space (https://…), or Enter to do without:
cli-init-bad-name = A short name of 3 to 40 characters: lower-case letters without accents, digits and dashes.
cli-init-bad-text = A text of { $max } characters at most, without straight quotes or backslashes.
cli-init-bad-platforms = Answer matrix, discord or both.
cli-init-bad-url = A full address starting with https:// (or http://).
cli-init-bad-matrix-user = A Matrix account is written @name:server.
cli-init-bad-matrix-room = A Matrix room is written !id:server or #alias:server.
cli-init-bad-channel = A Discord id is a number of 15 to 21 digits.
cli-init-bad-date = A real date as YYYY-MM-DD, e.g. 2027-09-16.
cli-init-date-order = Ateliers follow one another: pick a date after { $previous }.
cli-init-no-answer = No answer: nothing was written.
cli-init-exists = { $file } already exists: nothing was written (--force to replace it).
cli-init-done =
    Ready: { $config } and { $programme }.
    Give the bot its password or token through an environment variable (see the file), check with:
      compagnon doctor --config { $config }
    then start it: compagnon run --config { $config }
