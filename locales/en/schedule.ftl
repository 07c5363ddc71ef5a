## Cron rules of recurring reminders: names of the fields, and why a rule is refused.

schedule-cron-field-minute = minute
schedule-cron-field-hour = hour
schedule-cron-field-day-of-month = day of month
schedule-cron-field-month = month
schedule-cron-field-day-of-week = day of week

schedule-cron-field-count = A cron rule has 5 fields: minute, hour, day of month, month, day of week (for instance “0 9 * * 1” for Mondays at 9:00). { $count ->
    [0] This one is empty.
    [one] This one has only one.
   *[other] This one has { $count }.
}
schedule-cron-syntax = In the { $field } field, “{ $text }” cannot be read: it takes a number, a name (MON, JAN…), *, a range (1-5), a step (*/15) or a list (1,15).
schedule-cron-out-of-range = In the { $field } field “{ $text }”, { $value } is out of bounds (from { $min } to { $max }).
schedule-cron-backwards = In the { $field } field, the range “{ $text }” must go upwards (1-5, not 5-1).
schedule-cron-zero-step = In the { $field } field “{ $text }”, a step cannot be 0.
schedule-cron-never-fires = This rule never fires: none of its months has any of its days (like 30 February).
