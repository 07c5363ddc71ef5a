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
