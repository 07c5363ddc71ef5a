## Deliverables.

cmd-submit-usage = !rendre N [texte ou lien], avec vos fichiers joints au même message
cmd-submit-summary = rendre le livrable de l'atelier N (texte, lien, fichiers) ; un nouvel envoi crée une nouvelle version
cmd-my-deliverables-usage = !mes-livrables
cmd-my-deliverables-summary = ce que vous avez rendu, atelier par atelier, avec versions et statut
cmd-deliverables-usage = !livrables N
cmd-deliverables-summary = qui a rendu le livrable de l'atelier N (dans les temps, en retard) et qui ne l'a pas encore fait
cmd-deliverable-usage = !livrable N @membre
cmd-deliverable-summary = le livrable d'un membre en entier, toutes versions et retours
cmd-feedback-usage = !retour N @membre [relu|validé|à-reprendre] texte
cmd-feedback-summary = envoyer un retour en privé sur un livrable et changer son statut
cmd-chase-usage = !relancer N
cmd-chase-summary = relancer en privé les participant·es qui n'ont pas rendu le livrable de l'atelier N
cmd-my-data-usage = !mes-donnees
cmd-my-data-summary = recevoir en privé tout ce que je garde sur vous (fichier JSON)
cmd-forget-me-usage = !oublier-moi [confirmer]
cmd-forget-me-summary = effacer vos données personnelles et vos livrables (après confirmation)

sent-privately = Je vous ai répondu en message privé.
deliverable-on-time = dans les temps
deliverable-late = en retard de { $by }
deliverable-status = { $status ->
    [reviewed] relu
    [validated] validé
    [rework] à reprendre
   *[received] reçu
}
deliverable-receipt = 📥 Livrable reçu : atelier { $number } « { $title } », version { $version }, le { $when } ({ $timeliness }).
deliverable-receipt-text = Texte : { $chars ->
    [one] 1 caractère
   *[other] { $chars } caractères
}
deliverable-receipt-link = Lien : { $link }
deliverable-file-line = Fichier : { $name } ({ $kind }, { $size }, empreinte { $hash })
deliverable-receipt-kept = Les versions précédentes (jusqu'à la version { $previous }) sont conservées.
deliverable-received-room = Livrable de { $name } pour l'atelier { $number } bien reçu (accusé de réception envoyé en privé).
deliverable-identical = Ce livrable est identique à votre version { $version } de l'atelier { $number } : je ne crée pas de nouvelle version.
my-deliverables =
    {"**"}Vos livrables**
    { $lines }
my-deliverables-line = Atelier { $number } « { $title } » : version { $version } du { $when } ({ $timeliness }) — { $status }
my-deliverables-missing = Atelier { $number } « { $title } » : pas encore rendu (!rendre { $number })
deliverables-overview =
    {"**"}Livrables de l'atelier { $number } « { $title } »** : { $handed } rendu(s) sur { $expected } attendu(s)
    Dans les temps :
    { $on_time }
    En retard :
    { $late }
    Pas encore rendu : { $missing }
deliverables-entry = • { $name } — version { $version }, { $status } ({ $timeliness })
deliverable-show-header = {"**"}{ $name } — atelier { $number } « { $title } »** ({ $versions ->
    [one] 1 version
   *[other] { $versions } versions
})
deliverable-show-version = Version { $version } du { $when } ({ $timeliness }) — { $status }
deliverable-show-feedback = Retour ({ $status }, le { $when }) : { $text }
feedback-to-member =
    💬 Retour de { $from } sur votre livrable de l'atelier { $number } « { $title } » (version { $version }) — statut : { $status }
    { $text }
feedback-sent = Retour envoyé en privé à { $name } ; statut : { $status }.
chase-after-deadline = 📝 Le livrable « { $title } » de l'atelier { $number } était à rendre avant le { $when } : il est encore temps de l'envoyer avec !rendre { $number }.
chase-done = { $count ->
    [0] Tout le monde a rendu : personne à relancer.
    [one] Relance envoyée en privé à 1 participant·e : { $names }.
   *[other] Relance envoyée en privé à { $count } participant·es : { $names }.
}
error-no-deliverable = L'atelier { $number } n'a pas de livrable à rendre.
error-deliverable-closed = Le dépôt du livrable de l'atelier { $number } est fermé (échéance : { $due }). Voyez avec l'équipe d'animation.
error-empty-submission = Votre envoi est vide : ajoutez un texte, un lien ou un fichier joint, par exemple !rendre { $number } https://…
error-too-many-versions = Vous avez déjà rendu { $max } versions de ce livrable, le maximum. Si vous devez encore le modifier, écrivez à l'équipe d'animation.
error-member-quota = Vos fichiers rendus occupent déjà { $used } ; la limite par personne est de { $max }. Envoyez plutôt un lien vers le document.
error-cohort-quota = La cohorte a atteint sa limite de { $max } de fichiers rendus. Envoyez plutôt un lien vers le document et prévenez l'équipe d'animation.
error-nothing-handed-in = { $name } n'a encore rien rendu pour l'atelier { $number }.

## Personal data.

my-data-sent = Voici tout ce que je garde sur vous, en JSON : identités, préférences, livrables (textes, fichiers, retours), rappels et votes des sondages non anonymes.
error-my-data-too-soon = Je vous ai déjà envoyé vos données il y a peu : une exportation par { $minutes } minutes au plus.
forget-confirm = Vous demandez l'effacement de vos données : vos identités, préférences, livrables (textes et fichiers) et les messages privés que je vous ai envoyés seront supprimés, définitivement. Les facilitateur·rices en seront informé·es. Pour confirmer, tapez !oublier-moi confirmer dans les 10 minutes.
forget-done = C'est fait : vos données personnelles ont été effacées ({ $submissions } livrable(s), { $files } fichier(s)). Au revoir et merci pour votre participation.
forget-facilitators = { $name } a exercé son droit à l'effacement : ses données et ses { $submissions } livrable(s) ont été supprimés. Seul le nombre de livrables effacés est conservé, sans nom.
error-forget-not-requested = Il n'y a pas de demande d'effacement en attente (ou elle a plus de 10 minutes). Tapez d'abord !oublier-moi.
deliverable-no-group = Le livrable de l'atelier { $number } se rend par petit groupe, et vous n'êtes dans aucun groupe confirmé de cet atelier : demandez aux animateur·rices (!groupes { $number }).
deliverable-group-receipt = 📥 { $name } a rendu le livrable « { $title } » de l'atelier { $number } pour votre groupe { $group } (version { $version }). Vous pouvez tous le voir avec !mes-livrables, et en rendre une nouvelle version.
deliverables-group-name = groupe { $group } (rendu par { $name })
