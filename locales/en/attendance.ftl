# Attendance: presence at the sessions of each atelier.

cmd-present-usage = !here [on-site|remote]
cmd-present-summary = confirm your presence at the current session (from 15 min before to 30 min after it starts)
cmd-attendance-usage = !attendance N [@member present|absent|excused [on-site|remote] [session S]]
cmd-attendance-summary = see the attendance sheet of session N, or correct it for one person

attendance-off = This cohort keeps no attendance sheet in chat (its programme turned it off).
attendance-confirmed = ✅ Presence confirmed: session { $number } “{ $title }”, part { $session }/{ $sessions }, { $mode ->
    [on-site] on site
   *[remote] remote
}. (To correct how: !here on-site or !here remote.)
attendance-none-open-next = Attendance is not open right now. It opens next for session { $number }, on { $opens }.
attendance-none-open = Attendance is not open right now, and no other session is planned.
attendance-sheet-header = {"**"}Attendance of session { $number } “{ $title }”**
attendance-sheet-session =
    Part { $session } — { $start } → { $end }: { $count } present of { $expected }
      Present: { $present }
      Absent: { $absent }
      Excused: { $excused }
      Not confirmed: { $unconfirmed }
attendance-name-mode = { $name } ({ $mode ->
    [on-site] on site
   *[remote] remote
})
attendance-no-such-session = Session { $number } has no part { $session }: it has { $count }.
attendance-marked = Noted: { $name } { $presence ->
    [present] present
    [absent] absent
   *[excused] excused
} at session { $number } ({ $count ->
    [one] part
   *[other] parts
} { $sessions }).
job-attendance-open =
    🖊️ {"**"}Attendance — session { $number } “{ $title }”, part { $session }/{ $sessions }** ({ $start } → { $end })
    Confirm your presence: !here (or !here on-site / !here remote), or react ✅ to this message.
