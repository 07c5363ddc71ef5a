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
atelier-line-cancelled = { $number }. ~~{ $title } — { $date }~~ ❌ cancelled ({ $reason })
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
job-deadline-summary = Deadline passed for "{ $title }" (session { $number }): { $handed } handed in out of { $expected } expected. Not handed in yet: { $missing }. Details: !deliverables { $number }
job-free-text = 🔔 { $text }
job-late-note =
    { $message }
    (Sent late: it was due on { $due }.)
job-kind = { $kind ->
    [atelier-moved] the announcement of the new date
    [atelier-cancelled] the announcement of the cancellation
    [extension-chase] the reminder before the extended deadline
    [followup] the follow-up digest
    [references] the references
    [atelier-reminder] the session reminder
    [preparation-nudge] the preparation nudge
    [questions-digest] the questions digest
    [attendance] the attendance opening
    [evaluation-open] the evaluation
    [evaluation-remind] the evaluation reminder
    [evaluation-close] the closing of the evaluation
    [deadline-chase] the deadline reminder
    [deadline-summary] the deadline summary
    [recurring] the recurring reminder
   *[custom] the reminder
}
job-skipped = I did not send { $what }{ $number ->
    [0] {""}
   *[other] {" "}of session { $number }
} due on { $due }: it came too late to still make sense (the session or deadline has passed).
job-reached-nobody = Nobody received { $what }{ $number ->
    [0] {""}
   *[other] {" "}of session { $number }
} due { $due }: no recipient (everyone has handed in, turned reminders off, or I have no linked room or direct message to reach them).
job-failed = I could not prepare { $what }{ $number ->
    [0] {""}
   *[other] {" "}of session { $number }
} due { $due } after { $attempts } attempts; I set it aside so that it does not hold up other messages. The error is in the bot's log.
job-snoozed =
    { $text }
    (Reminder snoozed at your request.)

## Reminders in chat, the calendar.

cmd-remind-usage = !remind [@member] WHEN text, or !remind [@member] cron "0 9 * * 1" text
cmd-remind-summary = schedule a one-off reminder (tomorrow 9am, monday 14:30, 2027-03-12 09:00…) or a recurring one (5-field cron rule), in the room or for one member
cmd-reminders-usage = !reminders [on|off|cancel N]
cmd-reminders-summary = the scheduled reminders; on/off to receive reminders by direct message or not; cancel N to withdraw one
cmd-later-usage = !later [duration]
cmd-later-summary = see the last reminder again later (1 hour by default, e.g. !later 3h)
cmd-calendar-usage = !calendar
cmd-calendar-summary = the cycle as an iCalendar (.ics) file to import into your calendar

reminder-to = { $target ->
    [participants] to participants by direct message
    [facilitators] to facilitators by direct message
   *[room] in the room
}
reminder-to-member = to { $name } by direct message
reminder-created-once = Reminder no. { $number } scheduled on { $when } ({ $countdown }), { $to }: "{ $text }"
reminder-created-cron = Reminder no. { $number } scheduled on the rule "{ $cron }", next on { $when } ({ $countdown }), { $to }: "{ $text }"
reminder-in-their-zone = (at { $when } where they live, { $zone } time)
reminders-list =
    {"**"}Scheduled reminders**
    { $lines }
    To withdraw one: !reminders cancel N
reminders-line-once = no. { $number } · on { $when } · { $to } · "{ $text }"
reminders-line-cron = no. { $number } · rule "{ $cron }", next on { $when } · { $to } · "{ $text }"
reminders-none = No reminder scheduled. To create one: !remind tomorrow 9am Bring your notes
reminders-cancelled = Reminder no. { $number } cancelled: "{ $text }".
reminders-dm-on = Noted: you will receive reminders by direct message again.
reminders-dm-off = Noted: I will not send you reminders by direct message any more (they stay visible in the room). To turn them back on: !reminders on
reminders-status = { $on ->
    [yes] You receive reminders by direct message. To stop them: !reminders off
   *[no] You do not receive reminders by direct message. To turn them on: !reminders on
}
later-done = Noted: I will remind you { $countdown }, on { $when }.{ $replaced ->
    [yes] {" "}(This replaces your previous snooze.)
   *[no] {""}
}
calendar-sent = Here is the cycle's calendar ({ $count } sessions and their deadlines), to import into your calendar.
error-unknown-member = I can't find anyone called "{ $name }" in the cohort.
error-ambiguous-member = Several members are called "{ $name }". Which one? Mention their account:
    { $lines }
error-ambiguous-member-line = • { $name }: { $account }
error-no-such-reminder = There is no scheduled reminder no. { $number }. Type !reminders for the list.
error-nothing-to-snooze = I have sent you no reminder in the last 24 hours: nothing to snooze.
error-cron-never = This cron rule never fires.

## Cohorts and rooms.

cmd-cohort-usage = !cohort [link NAME]
cmd-cohort-summary = the cohort this room follows; link NAME to link the room to a cohort (that cohort's facilitators)
cohort-current = This room follows the cohort "{ $title }" ({ $name }).
cohort-linked = Done: this room now follows the cohort "{ $title }". Type !schedule to see the cycle.
error-link-in-dm = A room is linked from the room itself, not in a direct message.
error-link-forbidden = I know no cohort "{ $name }" that you facilitate. Check its short name, the one in the programme file.
error-relink-forbidden = This room already follows the cohort "{ $current }": only its facilitators can link it to another cohort.
job-atelier-moved = 📅 New date: session { $number } “{ $title }” will take place on { $when }, no longer on { $old }.
job-atelier-reinstated = 📅 Session { $number } “{ $title }” will take place after all, on { $when }.
job-atelier-cancelled = ❌ Cancelled: session { $number } “{ $title }”, planned on { $old }, will not take place. Its reminders will not be sent.
job-atelier-change-reason = Why: { $reason }
