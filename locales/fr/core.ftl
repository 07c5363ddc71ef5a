## Dates and times, as a French reader expects them.

fmt-weekday = { $weekday ->
    [1] lundi
    [2] mardi
    [3] mercredi
    [4] jeudi
    [5] vendredi
    [6] samedi
   *[7] dimanche
}
fmt-month = { $month ->
    [1] janvier
    [2] février
    [3] mars
    [4] avril
    [5] mai
    [6] juin
    [7] juillet
    [8] août
    [9] septembre
    [10] octobre
    [11] novembre
   *[12] décembre
}
fmt-date = { fmt-weekday } { $day ->
    [1] 1er
   *[other] { $day }
} { fmt-month } { $year }
fmt-time = { $hour } h { $minute }
fmt-datetime = { $date } à { $time }
