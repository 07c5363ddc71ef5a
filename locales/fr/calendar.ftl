## The cohort's calendar (iCalendar export): event titles and texts.

calendar-atelier-summary = Atelier { $number } : { $title }
calendar-atelier-link = Pour participer à distance : { $link }
calendar-atelier-alarm = Demain : atelier { $number }, « { $title } »
calendar-deadline-summary = Échéance : { $title } (atelier { $number })
