## The terminal chat (`compagnon console`).

console-welcome = compagnon, in the console. Write as in the cohort room; :help for console commands, :quit to leave.
console-to-room = compagnon → room
console-to-dm = compagnon → { $name } (direct message)
console-to-space = compagnon → group { $group } of session { $atelier } (its space)
console-clock = ── { $when } ──
console-speaker = (you now write as { $name }, { $role })
console-place-dm = (your messages now go privately to the bot; :room to go back to the room)
console-place-room = (your messages now go to the cohort room)
console-attached = (attachment ready for the next message: { $name }, { $size } bytes)
console-attach-failed = Cannot read the file "{ $path }": { $error }
console-attach-not-a-file = "{ $path }" is not a regular file: I do not attach it.
console-advance-needs-now = :advance only works with a simulated clock: start again with --now 2027-02-01T09:00:00+01:00 for instance.
console-bad-duration = Unreadable duration: "{ $input }". Examples: 2d, 3h30m, 45m.
console-unknown-meta = Unknown console command: "{ $input }". Type :help.
console-no-cohort = No cohort in this database: start with --programme FILE to import one.
console-imported = Programme "{ $title }" imported: { $ateliers } sessions, { $jobs } automated messages scheduled.
console-meta-help =
    Console commands:
      :as NAME [facilitator|participant|observer] — speak as NAME
      :dm / :room — write privately to the bot / in the room
      :advance DURATION — move the simulated clock (2d, 3h30m…) and send what falls due
      :attach PATH — attach a file to the next message
      :quit — leave

## The command line (`compagnon programme …`).

cli-check-ok = { $file }: valid programme — { $ateliers } sessions, { $references } references, { $deliverables } deliverables, { $messages } automated messages.
cli-check-failed = { $file }: { $count ->
    [one] 1 problem to fix.
   *[other] { $count } problems to fix.
}
cli-import-created = Cohort "{ $name }" created: { $ateliers } sessions, { $jobs } automated messages scheduled.
cli-import-updated = Cohort "{ $name }" updated: { $added } sessions added, { $updated } changed, { $removed } removed; { $jobs } messages scheduled, { $cancelled } cancelled. Deliverables and votes are kept.
cli-import-noop = Cohort "{ $name }" already up to date: nothing changed.
console-update = {" "}(update)
