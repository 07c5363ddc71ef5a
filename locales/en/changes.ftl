# Sessions moved or cancelled from the chat.

cmd-move-atelier-usage = !session-move N DATE [reason]
cmd-move-atelier-summary = facilitators: move session N (for example "!session-move 3 2027-04-02 9:30 room unavailable"); reminders, a relative deadline and calendars follow, the cohort is told
cmd-cancel-atelier-usage = !session-cancel N reason
cmd-cancel-atelier-summary = facilitators: cancel session N; its reminders are withdrawn and the cohort is told, with the reason

atelier-moved-done =
    📅 Session { $number } “{ $title }” moves from { $old } to { $when }.
    { $added } message(s) scheduled at the new date, { $withdrawn } withdrawn; the cohort is told (room and private messages).
atelier-moved-deadline = The deliverable's deadline, set relative to the session, follows: { $due }.
atelier-cancelled-done =
    ❌ Session { $number } “{ $title }” is cancelled: { $withdrawn } scheduled message(s) withdrawn, the cohort is told (room and private messages).
    To schedule it again: !session-move { $number } DATE
atelier-move-same-date = Session { $number } already takes place on { $when }.
atelier-already-cancelled = Session { $number } is already cancelled. To schedule it again: !session-move { $number } DATE
atelier-change-past = Session { $number } has already begun: it can no longer be moved or cancelled.
atelier-change-needs-import = I do not have the programme file of cohort "{ $cohort }" as imported: import it again (compagnon programme import), then try again.
atelier-move-after-deadline = The deadline of session { $number }'s deliverable is { $due }, before the session's new end ({ $end }). Change the deadline in the programme file first (or write it as due_after = "7d" so that it follows the session).
atelier-cancelled-mark = ❌ cancelled ({ $reason })
