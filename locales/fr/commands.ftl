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
atelier-line-cancelled = { $number }. ~~{ $title } — { $date }~~ ❌ annulé ({ $reason })
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
job-deadline-summary = Échéance passée pour « { $title } » (atelier { $number }) : { $handed } rendu(s) sur { $expected } attendu(s). Pas encore rendu : { $missing }. Détail : !livrables { $number }
job-free-text = 🔔 { $text }
job-late-note =
    { $message }
    (Envoyé en retard : prévu le { $due }.)
job-kind = { $kind ->
    [atelier-moved] l'annonce du changement de date
    [atelier-cancelled] l'annonce de l'annulation
    [extension-chase] la relance avant le délai accordé
    [followup] la synthèse de suivi
    [references] l'envoi des références
    [atelier-reminder] le rappel d'atelier
    [preparation-nudge] la relance de préparation
    [questions-digest] la synthèse des questions
    [attendance] l'ouverture de l'émargement
    [evaluation-open] l'envoi de l'évaluation
    [evaluation-remind] la relance de l'évaluation
    [evaluation-close] la clôture de l'évaluation
    [deadline-chase] la relance avant échéance
    [deadline-summary] le bilan d'échéance
    [recurring] le rappel récurrent
   *[custom] le rappel
}
job-skipped = Je n'ai pas envoyé { $what }{ $number ->
    [0] {""}
   *[other] {" "}de l'atelier { $number }
} prévu le { $due } : il est arrivé trop tard pour avoir encore un sens (l'atelier ou l'échéance est passé).
job-reached-nobody = Personne n'a reçu { $what }{ $number ->
    [0] {""}
   *[other] {" "}de l'atelier { $number }
} prévu le { $due } : aucun destinataire (tout le monde a déjà rendu, a coupé ses rappels, ou je n'ai ni salon relié ni message privé pour joindre les personnes concernées).
job-failed = Je n'ai pas réussi à préparer { $what }{ $number ->
    [0] {""}
   *[other] {" "}de l'atelier { $number }
} prévu le { $due } après { $attempts } tentatives ; je l'ai mis de côté pour ne pas bloquer les autres envois. L'erreur est dans le journal du bot.
job-snoozed =
    { $text }
    (Rappel reporté à votre demande.)

## Reminders in chat, the calendar.

cmd-remind-usage = !rappel [@membre] QUAND texte, ou !rappel [@membre] cron "0 9 * * 1" texte
cmd-remind-summary = programmer un rappel ponctuel (demain 9h, lundi 14h30, 2027-03-12 09:00…) ou récurrent (règle cron à 5 champs), dans le salon ou pour un membre
cmd-reminders-usage = !rappels [on|off|annuler N]
cmd-reminders-summary = la liste des rappels programmés ; on/off pour recevoir ou non les rappels en message privé ; annuler N pour en retirer un
cmd-later-usage = !plus-tard [durée]
cmd-later-summary = revoir le dernier rappel reçu plus tard (1 h par défaut, par exemple !plus-tard 3h)
cmd-calendar-usage = !calendrier
cmd-calendar-summary = le cycle en fichier iCalendar (.ics), à importer dans votre agenda

reminder-to = { $target ->
    [participants] aux participant·es en message privé
    [facilitators] aux facilitateur·rices en message privé
   *[room] dans le salon
}
reminder-to-member = à { $name } en message privé
reminder-created-once = Rappel n° { $number } programmé le { $when } ({ $countdown }), { $to } : « { $text } »
reminder-created-cron = Rappel n° { $number } programmé selon la règle « { $cron } », prochain envoi le { $when } ({ $countdown }), { $to } : « { $text } »
reminder-in-their-zone = (à { $when } chez la personne, fuseau { $zone })
reminders-list =
    {"**"}Rappels programmés**
    { $lines }
    Pour en retirer un : !rappels annuler N
reminders-line-once = n° { $number } · le { $when } · { $to } · « { $text } »
reminders-line-cron = n° { $number } · règle « { $cron } », prochain le { $when } · { $to } · « { $text } »
reminders-none = Aucun rappel programmé. Pour en créer un : !rappel demain 9h Pensez à vos notes
reminders-cancelled = Rappel n° { $number } annulé : « { $text } ».
reminders-dm-on = C'est noté : vous recevrez de nouveau les rappels en message privé.
reminders-dm-off = C'est noté : je ne vous enverrai plus de rappels en message privé (ils restent visibles dans le salon). Pour les réactiver : !rappels on
reminders-status = { $on ->
    [yes] Vous recevez les rappels en message privé. Pour les couper : !rappels off
   *[no] Vous ne recevez pas les rappels en message privé. Pour les réactiver : !rappels on
}
later-done = C'est noté : je vous le rappelle { $countdown }, le { $when }.{ $replaced ->
    [yes] {" "}(Cela remplace votre report précédent.)
   *[no] {""}
}
calendar-sent = Voici le calendrier du cycle ({ $count } ateliers et leurs échéances), à importer dans votre agenda.
error-unknown-member = Je ne trouve personne qui s'appelle « { $name } » dans la cohorte.
error-ambiguous-member = Plusieurs membres s'appellent « { $name } ». Lequel ? Mentionnez son compte :
    { $lines }
error-ambiguous-member-line = • { $name } : { $account }
error-no-such-reminder = Il n'y a pas de rappel programmé n° { $number }. Tapez !rappels pour voir la liste.
error-nothing-to-snooze = Je ne vous ai envoyé aucun rappel ces dernières 24 heures : rien à reporter.
error-cron-never = Cette règle cron ne se déclenche jamais.

## Cohorts and rooms.

cmd-cohort-usage = !cohorte [lier NOM]
cmd-cohort-summary = la cohorte que suit ce salon ; lier NOM pour relier le salon à une cohorte (facilitateur·rices de cette cohorte)
cohort-current = Ce salon suit la cohorte « { $title } » ({ $name }).
cohort-linked = C'est fait : ce salon suit désormais la cohorte « { $title } ». Tapez !programme pour voir le cycle.
error-link-in-dm = Un salon se relie depuis le salon lui-même, pas en message privé.
error-link-forbidden = Je ne connais aucune cohorte « { $name } » dont vous êtes facilitateur·rice. Vérifiez son nom court, celui du fichier de programme.
error-relink-forbidden = Ce salon suit déjà la cohorte « { $current } » : seul·es ses facilitateur·rices peuvent le relier à une autre cohorte.
job-atelier-moved = 📅 Changement de date : l'atelier { $number } « { $title } » aura lieu le { $when }, et non plus le { $old }.
job-atelier-reinstated = 📅 L'atelier { $number } « { $title } » aura bien lieu, le { $when }.
job-atelier-cancelled = ❌ Annulation : l'atelier { $number } « { $title } », prévu le { $old }, n'aura pas lieu. Les rappels qui le concernaient ne seront pas envoyés.
job-atelier-change-reason = Raison : { $reason }
