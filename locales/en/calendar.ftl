## The cohort's calendar (iCalendar export): event titles and texts.

calendar-atelier-summary = Session { $number }: { $title }
calendar-atelier-link = To join remotely: { $link }
calendar-atelier-alarm = Tomorrow: session { $number }, “{ $title }”
calendar-deadline-summary = Deadline: { $title } (session { $number })
