## Command usage lines and summaries (help). Names are the English ones.

cmd-help-usage = !help [command]
cmd-help-summary = the list of commands, or details of one
cmd-programme-usage = !schedule
cmd-programme-summary = the cycle's programme, session by session
cmd-atelier-usage = !session N
cmd-atelier-summary = details of session N: date, place, link, references, deliverable
cmd-next-usage = !next
cmd-next-summary = the next session and the next deadline, with a countdown
cmd-refs-usage = !references [N]
cmd-refs-summary = the preparatory references of session N (by default, the next one)
cmd-language-usage = !language en|fr
cmd-language-summary = choose the language I answer you in

help-line = { $usage } — { $summary }
help-list =
    {"**"}What I can do**
    { $commands }
    For details of a command: !help followed by its name (e.g. !help session).
help-list-unlinked =
    { $list }
    (This room is not linked to any cohort yet.)
help-topic =
    { $usage }
    { $summary }
    (In French: !{ $alias })

## Language.

language-current = I answer you in { $lang }. To change: !language fr or !language en.
language-set = Noted: I will answer you in { $lang } from now on.

## Programme, sessions, references.

programme-overview =
    {"**"}{ $title }** — { $count ->
        [one] 1 session
       *[other] { $count } sessions
    }
    { $ateliers }
    Details of a session: !session N · References: !references N
atelier-line = { $number }. { $title } — { $date }, { $start } – { $end }
atelier-line-now = { $number }. { $title } — { $date }, { $start } – { $end } (in progress)
atelier-line-past = { $number }. { $title } — { $date }, { $start } – { $end } (past)
atelier-detail-header = **Session { $number }: { $title }**
atelier-detail-when = When: { $date }, from { $start } to { $end }
atelier-detail-place = Place: { $place }
atelier-detail-link = Link to join remotely: { $link }
atelier-detail-references = { $count ->
    [0] No preparatory reference for this session.
    [one] 1 preparatory reference: !references { $number }
   *[other] { $count } preparatory references: !references { $number }
}
atelier-detail-deliverable = Deliverable: { $title }, due before { $due }.
next-atelier = Next session: no. { $number } "{ $title }", on { $when } ({ $countdown }).
next-atelier-now = Session { $number } "{ $title }" is in progress, until { $end }.
next-atelier-none = No session left: the cycle is over.
next-deadline = Next deadline: "{ $title }" (session { $number }), due before { $when } ({ $countdown }).
next-deadline-none = No deadline ahead.
references-list =
    {"**"}References for session { $number } "{ $title }"**
    { $references }
references-none = No preparatory reference for session { $number } "{ $title }".
reference-line = • { $title } ({ $kind })
reference-line-required = • { $title } ({ $kind }, essential)
reference-kind = { $kind ->
    [video] video
    [audio] audio
    [site] website
    [exercice] exercise
   *[lecture] reading
}

## Automated messages (jobs).

job-references =
    {"**"}To prepare session { $number } "{ $title }"** ({ $when })
    Here are the references to go through before the session:
    { $references }
job-atelier-reminder = ⏰ Session { $number } "{ $title }" starts { $countdown }, on { $when }.
job-atelier-place = Place: { $place }
job-atelier-link = To join remotely: { $link }
job-deadline-chase = 📝 Reminder: the deliverable "{ $title }" of session { $number } is due before { $when } ({ $countdown }).
job-deadline-summary = Deadline passed for "{ $title }" (session { $number }): { $expected } participants expected. Not handed in yet: { $missing }.
job-free-text = 🔔 { $text }
job-late-note =
    { $message }
    (Sent late: it was due on { $due }.)
job-kind = { $kind ->
    [references] the references
    [atelier-reminder] the session reminder
    [deadline-chase] the deadline reminder
    [deadline-summary] the deadline summary
    [recurring] the recurring reminder
   *[custom] the reminder
}
job-skipped = I did not send { $what }{ $number ->
    [0] {""}
   *[other] {" "}of session { $number }
} due on { $due }: it came too late to still make sense (the session or deadline has passed).
