# Documents imprimables : feuilles d'émargement et certificats de réalisation.

print-sheet-title = Feuille d'émargement
print-sheet-empty = Aucune session à émarger.
print-sheet-atelier = Atelier { $number } « { $title } » — session { $session } sur { $sessions }
print-sheet-when = Le { $start }, jusqu'à { $end }
print-sheet-place = Lieu : { $place }
print-col-name = Participant·e
print-col-presence = Présence
print-col-mode = Mode
print-col-confirmed = Confirmé le
print-col-by = Par
print-col-signature = Signature
print-sheet-total = Présent·es : { $present } sur { $expected }
print-sheet-facilitator = Nom et signature de l'animateur·rice :
print-presence = { $presence ->
    [present] présent·e
    [absent] absent·e
    [excused] excusé·e
   *[unconfirmed] non confirmé
}
print-mode = { $mode ->
    [on-site] sur place
    [remote] à distance
   *[none] {""}
}
print-by-self = la personne
print-duration = { $minutes ->
    [0] { $hours } h
   *[other] { $hours } h { $minutes }
}
print-date = { $day }
print-cert-title = Certificat de réalisation
print-cert-body =
    Je soussigné·e, représentant·e de l'organisme { $organisation }, atteste que { $participant } a suivi l'action de formation « { $cohort } », qui s'est déroulée du { $first } au { $last }, pour une durée réalisée de { $attended } sur { $planned } prévues.
print-cert-ateliers = Ateliers suivis
print-col-number = N°
print-col-atelier = Atelier
print-col-day = Date
print-col-attended = Durée suivie
print-cert-attended = { $attended } / { $planned }
print-cert-deliverables = Livrables rendus : { $handed } sur { $expected }.
print-cert-issued = Fait le { $day }.
print-cert-signature = Signature et cachet de l'organisme :
