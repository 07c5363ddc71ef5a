## Dates and times.

fmt-weekday = { $weekday ->
    [1] Monday
    [2] Tuesday
    [3] Wednesday
    [4] Thursday
    [5] Friday
    [6] Saturday
   *[7] Sunday
}
fmt-month = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
fmt-date = { fmt-weekday } { $day } { fmt-month } { $year }
fmt-time = { $hour }:{ $minute }
fmt-datetime = { $date } at { $time }

## Durations and countdowns.

unit-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
unit-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
unit-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
countdown-now = now
countdown = in { $duration }
duration-one = { $a }
duration-two = { $a } and { $b }

## Roles and languages.

role-observer = observer
role-participant = participant
role-facilitator = facilitator
lang-name = { $lang ->
    [en] English
   *[fr] French
}

## A message that is only text already rendered.

text = { $text }

## Errors shown to people.

error-internal = Sorry, an internal error kept me from answering. If it happens again, give this reference to the facilitators: { $reference }.
undeliverable = I could not deliver a message { $kind ->
    [room] to the room { $whom }
    [space] to the space of group (session/group) { $whom }
   *[dm] privately to { $whom }
}: the platform refuses it (room left, direct messages closed…). Please pass the information on some other way.
error-unknown-command = I don't know the command "!{ $command }". Type !help to see what I can do.
error-unknown-command-suggest = I don't know the command "!{ $command }". Did you mean "!{ $suggestion }"? Usage: { $usage }
error-usage = Not quite. Usage: { $usage }
error-unclosed-quote = A closing quote is missing in your command.
error-room-not-linked = This room is not linked to any cohort, so I don't know which programme to talk about. Ask the facilitators to link it to your cohort.
error-not-a-member = You are not a member of any cohort I accompany. Write to me from your cohort's room.
error-forbidden = This command is for people with the { $role } role.
error-role-unconfirmed = I cannot confirm your facilitator role from this direct message. Run this command in the cohort's room.
error-beyond-horizon = That is too far ahead: I schedule nothing more than { $days } days from today.
error-text-too-long = This text is { $length } characters long; the limit is { $max }.
error-rate-limited = Easy: { $max } commands a minute at most. I will take more next minute.
error-cron-too-often = This rule would fire too often: a recurring reminder needs at least { $minutes } minutes between two sends.
error-too-many-reminders = The cohort already has { $max } active reminders, the most allowed. Cancel one with !reminders cancel N.
error-no-such-atelier = There is no session { $number }: the cycle has { $count } (1 to { $count }).
error-refs-cycle-over = The cycle is over. To see a session's references again, type !references followed by its number.

timezone-current = { $own ->
    [yes] Your time zone: { $zone }. I write dates to you with your time beside the cohort's. (!timezone none to go back to the cohort's.)
   *[no] You follow the cohort's time zone: { $zone }. If you live elsewhere: !timezone America/Guadeloupe, for example.
}
timezone-cleared = Noted: you follow the cohort's time zone again ({ $zone }).
timezone-set = Noted: time zone { $zone }. In private messages I will write dates with your time beside the cohort's, for example now: { $now }. The room keeps the cohort's time.
timezone-unknown = I do not know the time zone "{ $zone }". Write it like Europe/Paris or America/Guadeloupe.
timezone-unknown-suggest = I do not know the time zone "{ $zone }". Did you mean { $suggestion }?
datetime-two-zones = { $here } in { $city }, that is { $there } where you are
cmd-timezone-usage = !timezone [Zone|none]
cmd-timezone-summary = live in another time zone (overseas, abroad): dates written to you privately also show your time, for example !timezone America/Guadeloupe
