## Command usage lines and summaries (help). Names are the French ones.

cmd-help-usage = !aide [commande]
cmd-help-summary = la liste des commandes, ou le détail de l'une d'elles
cmd-programme-usage = !programme
cmd-programme-summary = le programme du cycle, atelier par atelier
cmd-atelier-usage = !atelier N
cmd-atelier-summary = le détail de l'atelier N : date, lieu, lien, références, livrable
cmd-next-usage = !prochain
cmd-next-summary = le prochain atelier et la prochaine échéance, avec un compte à rebours
cmd-refs-usage = !refs [N]
cmd-refs-summary = les références préparatoires de l'atelier N (par défaut, du prochain)
cmd-language-usage = !langue fr|en
cmd-language-summary = choisir la langue dans laquelle je vous réponds

help-line = { $usage } — { $summary }
help-list =
    {"**"}Ce que je sais faire**
    { $commands }
    Pour le détail d'une commande : !aide suivi de son nom (par exemple !aide atelier).
help-list-unlinked =
    { $list }
    (Ce salon n'est lié à aucune cohorte pour l'instant.)
help-topic =
    { $usage }
    { $summary }
    (En anglais : !{ $alias })

## Language.

language-current = Je vous réponds en { $lang }. Pour changer : !langue en ou !langue fr.
language-set = C'est noté : je vous réponds désormais en { $lang }.

## Programme, ateliers, references.

programme-overview =
    {"**"}{ $title }** — { $count ->
        [one] 1 atelier
       *[other] { $count } ateliers
    }
    { $ateliers }
    Détail d'un atelier : !atelier N · Références : !refs N
atelier-line = { $number }. { $title } — { $date }, { $start } – { $end }
atelier-line-now = { $number }. { $title } — { $date }, { $start } – { $end } (en cours)
atelier-line-past = { $number }. { $title } — { $date }, { $start } – { $end } (passé)
atelier-detail-header = **Atelier { $number } : { $title }**
atelier-detail-when = Quand : { $date }, de { $start } à { $end }
atelier-detail-place = Lieu : { $place }
atelier-detail-link = Lien pour participer à distance : { $link }
atelier-detail-references = { $count ->
    [0] Pas de référence préparatoire pour cet atelier.
    [one] 1 référence préparatoire : !refs { $number }
   *[other] { $count } références préparatoires : !refs { $number }
}
atelier-detail-deliverable = Livrable : { $title }, à rendre avant le { $due }.
next-atelier = Prochain atelier : n° { $number } « { $title } », le { $when } ({ $countdown }).
next-atelier-now = L'atelier { $number } « { $title } » est en cours, jusqu'à { $end }.
next-atelier-none = Il n'y a plus d'atelier à venir : le cycle est terminé.
next-deadline = Prochaine échéance : « { $title } » (atelier { $number }), à rendre avant le { $when } ({ $countdown }).
next-deadline-none = Aucune échéance à venir.
references-list =
    {"**"}Références pour l'atelier { $number } « { $title } »**
    { $references }
references-none = Pas de référence préparatoire pour l'atelier { $number } « { $title } ».
reference-line = • { $title } ({ $kind })
reference-line-required = • { $title } ({ $kind }, indispensable)
reference-kind = { $kind ->
    [video] vidéo
    [audio] audio
    [site] site
    [exercice] exercice
   *[lecture] lecture
}

## Automated messages (jobs).

job-references =
    {"**"}Pour préparer l'atelier { $number } « { $title } »** ({ $when })
    Voici les références à parcourir avant l'atelier :
    { $references }
job-atelier-reminder = ⏰ L'atelier { $number } « { $title } » commence { $countdown }, le { $when }.
job-atelier-place = Lieu : { $place }
job-atelier-link = Pour participer à distance : { $link }
job-deadline-chase = 📝 Rappel : le livrable « { $title } » de l'atelier { $number } est à rendre avant le { $when } ({ $countdown }).
job-deadline-summary = Échéance passée pour « { $title } » (atelier { $number }) : { $expected } participant·es attendu·es. Pas encore rendu : { $missing }.
job-free-text = 🔔 { $text }
job-late-note =
    { $message }
    (Envoyé en retard : prévu le { $due }.)
job-kind = { $kind ->
    [references] l'envoi des références
    [atelier-reminder] le rappel d'atelier
    [deadline-chase] la relance avant échéance
    [deadline-summary] le bilan d'échéance
    [recurring] le rappel récurrent
   *[custom] le rappel
}
job-skipped = Je n'ai pas envoyé { $what }{ $number ->
    [0] {""}
   *[other] {" "}de l'atelier { $number }
} prévu le { $due } : il est arrivé trop tard pour avoir encore un sens (l'atelier ou l'échéance est passé).
