## Cron rules of recurring reminders: names of the fields, and why a rule is refused.

schedule-cron-field-minute = minute
schedule-cron-field-hour = heure
schedule-cron-field-day-of-month = jour du mois
schedule-cron-field-month = mois
schedule-cron-field-day-of-week = jour de la semaine

schedule-cron-field-count = Une règle cron a 5 champs : minute, heure, jour du mois, mois, jour de la semaine (par exemple « 0 9 * * 1 » pour le lundi à 9 h). { $count ->
    [0] Celle-ci est vide.
    [one] Celle-ci n’en a qu’un.
   *[other] Celle-ci en a { $count }.
}
schedule-cron-syntax = Champ { $field } : « { $text } » est illisible. Il attend un nombre, un nom (MON, JAN…), *, une plage (1-5), un pas (*/15) ou une liste (1,15).
schedule-cron-out-of-range = Champ { $field } : dans « { $text } », { $value } sort des limites, qui vont de { $min } à { $max }.
schedule-cron-backwards = Champ { $field } : la plage « { $text } » doit aller en croissant (1-5, pas 5-1).
schedule-cron-zero-step = Champ { $field } : dans « { $text } », un pas ne peut pas valoir 0.
schedule-cron-never-fires = Cette règle ne se déclenche jamais : aucun de ses mois n’a l’un de ses jours (comme un 30 février).
