# La mutualisation des ressources et des compétences.

cmd-offer-usage = !offre "Ce que vous proposez" --type lieu|matériel|compétence|financement|autre [--ou "où"] | !offre retirer N
cmd-offer-summary = proposer une ressource ou une compétence à la cohorte (les besoins qui y répondent sont signalés aux deux personnes)
cmd-need-usage = !besoin "Ce qu'il vous faut" --type lieu|matériel|compétence|financement|autre [--ou "où"] | !besoin retirer N
cmd-need-summary = dire ce qui vous manque ; les offres qui y répondent vous sont signalées, et à leurs auteur·rices
cmd-resources-usage = !ressources [mots]
cmd-resources-summary = les offres et besoins de la cohorte, ou ceux qui contiennent ces mots
cmd-my-offers-usage = !mes-offres
cmd-my-offers-summary = vos offres et besoins, avec les mises en relation
cmd-connect-usage = !relier OFFRE BESOIN
cmd-connect-summary = animateur·rices : mettre en relation l'offre n° OFFRE et le besoin n° BESOIN (les deux personnes sont prévenues en privé)

resource-bad-kind = Je ne connais pas le type « { $word } » : écrivez lieu, matériel, compétence, financement ou autre.
resource-too-many = Vous avez déjà { $max } offres et besoins ouverts : retirez-en un (!offre retirer N, !besoin retirer N) avant d'en ajouter.
resource-line = #{ $number } { $side ->
        [offer] 🎁 offre
       *[need] 🔎 besoin
    } ({ $kind ->
        [lieu] lieu
        [materiel] matériel
        [competence] compétence
        [financement] financement
       *[autre] autre
    }) : { $title } — { $name }
resource-line-at = #{ $number } { $side ->
        [offer] 🎁 offre
       *[need] 🔎 besoin
    } ({ $kind ->
        [lieu] lieu
        [materiel] matériel
        [competence] compétence
        [financement] financement
       *[autre] autre
    }) : { $title }, { $place } — { $name }
resource-offer-posted = Offre enregistrée : { $line }
resource-need-posted = Besoin enregistré : { $line }
resource-matches-found = Cela pourrait correspondre à : { $numbers } (les personnes concernées sont prévenues en privé ; voir !ressources).
resource-match-told = 🤝 Votre { $side ->
        [offer] besoin
       *[need] offre
    } #{ $mine } « { $mine_title } » pourrait correspondre { $side ->
        [offer] à l'offre
       *[need] au besoin
    } #{ $theirs } de { $name } : « { $title } ». Écrivez-lui pour en parler !
resource-not-yours = Vous n'avez pas d'offre ou de besoin n° { $number } à retirer (voir !mes-offres).
resource-already-withdrawn = Le n° { $number } est déjà retiré.
resource-withdrawn = N° { $number } retiré de la mutualisation.
resources-header = **Mutualisation de la cohorte** — { $count } offre(s) et besoin(s)
resources-header-search = **Mutualisation de la cohorte** — { $count } résultat(s) pour « { $query } »
resources-more = … et { $count } de plus : précisez la recherche (!ressources mots).
resources-mine-header = **Vos offres et besoins**
resources-mine-none = Vous n'avez encore rien proposé ni demandé : !offre "…" --type … ou !besoin "…" --type …
resource-line-withdrawn = { $line } (retiré)
resource-line-matches = ↳ mis en relation avec { $numbers }
resource-no-offer = Pas d'offre ouverte n° { $number }.
resource-no-need = Pas de besoin ouvert n° { $number }.
resource-connected = Offre #{ $offer } et besoin #{ $need } mis en relation : les deux personnes sont prévenues en privé.
