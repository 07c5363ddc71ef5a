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

doctor-config = Configuration readable: { $file }
doctor-config-bad = Configuration unreadable: { $error }
doctor-fix-config = Fix the line named; the README (section Configuration) shows every section.
doctor-database = Database open for writing: { $file }
doctor-database-bad = Database { $file } unusable: { $error }
doctor-data-dir = Data folder writable: { $path }
doctor-data-dir-bad = Data folder { $path } unusable: { $error }
doctor-fix-writable = Give this path to the user the bot runs as (chown, chmod), or choose another: { $path }
doctor-programme = Programme valid: { $file } (cohort { $cohort }, { $ateliers } ateliers)
doctor-programme-bad = Programme { $file }: { $count } problem(s), the first at line { $line }
doctor-programme-unreadable = Programme { $file } unreadable: { $error }
doctor-fix-programme = See each problem with: compagnon programme check { $file }
doctor-no-platform = No platform configured: nobody would receive anything.
doctor-fix-no-platform = Add a [matrix] or [discord] section (compagnon init writes one).
doctor-matrix-secret = Matrix: secret readable
doctor-matrix-secret-missing = Matrix: secret not found ({ $error })
doctor-fix-matrix-secret = Set the environment variable password_env (or access_token_env) names, or create the file password_file names, readable by the bot only.
doctor-matrix-login = Matrix: logged in as { $user } (device { $device })
doctor-matrix-login-failed = Matrix: { $user } cannot log in to { $homeserver } ({ $error })
doctor-fix-matrix-login = Check the server address (homeserver), the account (user_id) and the password; the server must be reachable from here.
doctor-fix-matrix-session = The saved session is no longer valid: move [matrix]'s data_dir away to log in again with the password.
doctor-matrix-sync-failed = Matrix: first sync failed ({ $error })
doctor-matrix-room-joined = Matrix: the bot is in room { $room }
doctor-matrix-room-invited = Matrix: the bot is invited to { $room }; it joins at start
doctor-matrix-room-missing = Matrix: the bot is neither member of nor invited to room { $room }
doctor-fix-matrix-room = Invite { $user } to { $room } from a facilitator's account, then run doctor again.
doctor-discord-token = Discord: token accepted, bot “{ $name }”
doctor-discord-token-missing = Discord: token not found ({ $error })
doctor-fix-discord-token = Set the environment variable token_env names, or create the file token_file names.
doctor-discord-token-refused = Discord: token refused ({ $error })
doctor-fix-discord-token-refused = Reset the token in the Discord Developer Portal (Bot → Reset Token) and put it in the configured variable or file.
doctor-discord-intent = Discord: “Message Content” intent enabled
doctor-discord-intent-missing = Discord: the privileged “Message Content” intent is not enabled; the bot could not read typed commands
doctor-discord-intent-unknown = Discord: cannot read the application's settings ({ $error })
doctor-fix-discord-intent = Discord Developer Portal → your application → Bot → Privileged Gateway Intents: enable “Message Content Intent”.
doctor-discord-channel = Discord: every permission needed in #{ $channel }
doctor-discord-channel-unreachable = Discord: channel { $channel } unreachable ({ $error })
doctor-fix-discord-channel = Check channel id { $channel } and invite the bot to the server (OAuth2 link with the bot and applications.commands scopes).
doctor-discord-channel-permissions = Discord: permissions missing in #{ $channel }: { $missing }
doctor-fix-discord-permissions = Give the bot's role these permissions on the channel (Channel settings → Permissions): { $missing }
doctor-web-listen = Web: address { $listen } is free
doctor-web-listen-bad = Web: cannot listen on { $listen } ({ $error })
doctor-fix-web-listen = Another program (or compagnon already running) uses this port: stop it or change listen in [web].
doctor-web-public = Web: public address { $url } resolves
doctor-web-public-bad = Web: public address { $url } does not resolve
doctor-fix-web-public = Create the DNS record of { $host } to this machine (or its proxy); public_url is the address !web links give.
doctor-web-not-https = Web: { $url } is not https; session cookies would travel in clear
doctor-fix-web-https = Serve the web space behind an HTTPS proxy (Caddy, nginx) and write public_url = "https://…".
doctor-summary = { $failed ->
    [0] All set ({ $checks } checks).
    [one] 1 problem in { $checks } checks: see the fix under the ✗ line.
   *[other] { $failed } problems in { $checks } checks: see the fixes under the ✗ lines.
}
