## `compagnon programme preview`

preview-header =
    Messages automatiques de « { $title } » (heures locales, { $timezone }) : { $count ->
        [0] aucun
        [one] 1 message
       *[other] { $count } messages
    }
preview-empty = Ce programme ne produit aucun message automatique (aucune règle de rappel).
preview-line = { $when } ({ $offset }) · { $what } → { $target }
preview-what = { $kind ->
    [followup] synthèse de suivi pour les animateur·rices
    [references] références de l'atelier { $number }
    [atelier-reminder] rappel de l'atelier { $number }
    [preparation-nudge] relance « êtes-vous prêt·e ? » de l'atelier { $number }
    [questions-digest] questions de préparation de l'atelier { $number }
    [deadline-chase] relance du livrable de l'atelier { $number }
   *[deadline-summary] bilan du livrable de l'atelier { $number }
} « { $title } »
preview-what-attendance = ouverture de l'émargement, atelier { $number } session { $session }
preview-what-evaluation = { $step ->
    [evaluation-open] envoi de l'évaluation
    [evaluation-remind] relance de l'évaluation
   *[evaluation-close] clôture de l'évaluation
} { $number ->
    [0] de l'auto-positionnement sur les objectifs
   *[other] de l'atelier { $number }
}
preview-what-review = { $step ->
    [review-allocate] envoi des livrables à relire entre pairs
    [review-remind] relance de la relecture entre pairs
   *[review-release] envoi des relectures aux auteur·rices
} de l'atelier { $number }
preview-what-recurring = rappel récurrent « { $text } »
preview-target = { $target ->
    [participants] participant·es (message privé)
    [facilitators] facilitateur·rices (message privé)
   *[room] salon de la cohorte
}
preview-summary-header = Par type :
preview-summary-line = { $kind ->
    [followup] Synthèses de suivi
    [references] Envois de références
    [atelier-reminder] Rappels d'atelier
    [preparation-nudge] Relances de préparation
    [questions-digest] Synthèses des questions
    [evaluation] Étapes d'évaluation
    [attendance] Ouvertures d'émargement
    [deadline-chase] Relances avant échéance
    [deadline-summary] Bilans d'échéance
   *[recurring] Rappels récurrents
} : { $count }
