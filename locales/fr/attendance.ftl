# Émargement : présence aux sessions de chaque atelier.

cmd-present-usage = !present [sur-place|distance]
cmd-present-summary = confirmer votre présence à la session en cours (de 15 min avant à 30 min après son début)
cmd-attendance-usage = !presence N [@membre présent|absent|excusé [sur-place|distance] [session S]]
cmd-attendance-summary = voir la feuille d'émargement de l'atelier N, ou la corriger pour une personne

attendance-off = Cette cohorte ne tient pas de feuille d'émargement dans le chat (le programme l'a désactivée).
attendance-confirmed = ✅ Présence confirmée : atelier { $number } « { $title } », session { $session }/{ $sessions }, { $mode ->
    [on-site] sur place
   *[remote] à distance
}. (Pour corriger le mode : !present sur-place ou !present distance.)
attendance-none-open-next = L'émargement n'est pas ouvert en ce moment. Prochaine ouverture : atelier { $number }, le { $opens }.
attendance-none-open = L'émargement n'est pas ouvert en ce moment, et aucune autre session n'est prévue.
attendance-sheet-header = {"**"}Émargement de l'atelier { $number } « { $title } »**
attendance-sheet-session =
    Session { $session } — { $start } → { $end } : { $count } présent·es sur { $expected }
      Présent·es : { $present }
      Absent·es : { $absent }
      Excusé·es : { $excused }
      Sans confirmation : { $unconfirmed }
attendance-name-mode = { $name } ({ $mode ->
    [on-site] sur place
   *[remote] à distance
})
attendance-no-such-session = L'atelier { $number } n'a pas de session { $session } : il en a { $count }.
attendance-marked = C'est noté : { $name } { $presence ->
    [present] présent·e
    [absent] absent·e
   *[excused] excusé·e
} à l'atelier { $number } ({ $count ->
    [one] session
   *[other] sessions
} { $sessions }).
job-attendance-open =
    🖊️ {"**"}Émargement — atelier { $number } « { $title } », session { $session }/{ $sessions }** ({ $start } → { $end })
    Confirmez votre présence : !present (ou !present sur-place / !present distance), ou réagissez ✅ à ce message.
