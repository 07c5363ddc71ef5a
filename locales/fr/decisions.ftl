# Décisions : des propositions au relevé public.

cmd-decision-usage = !decision "Question" --propositions DATE --amendements DATE --vote DATE [--ouvert] | !decision N
cmd-decision-summary = animateur·rices : ouvrir une décision en trois temps (propositions, amendements, vote au jugement majoritaire, à bulletin secret sauf --ouvert) ; tout le monde : voir la décision N
cmd-decisions-usage = !decisions
cmd-decisions-summary = les décisions de la cohorte, où elles en sont, et leur résultat
cmd-propose-usage = !proposition D "Titre" texte
cmd-propose-summary = faire une proposition pour la décision D, tant que les propositions sont ouvertes
cmd-amend-usage = !amendement D P texte | !amendement accepter|refuser D P A
cmd-amend-summary = proposer un ajout à la proposition P ; son auteur·rice accepte ou refuse chaque amendement (les versions sont gardées)

decision-bad-dates = Les trois dates doivent se suivre, dans le futur : la fin des propositions, puis celle des amendements, puis celle du vote (par exemple --propositions lundi 18h --amendements mercredi 18h --vote vendredi 18h).
decision-opened =
    🗳️ **Décision n° { $number } : { $question }**
    Propositions jusqu'au { $proposals } (!proposition { $number } "Titre" texte), amendements jusqu'au { $amendments } (!amendement { $number } P texte), vote au jugement majoritaire jusqu'au { $vote }{ $secret ->
        [yes] , à bulletin secret.
       *[no] , à bulletin ouvert.
    }
decision-none = Pas de décision n° { $number } (voir !decisions).
decision-phase-over = Ce n'est pas le moment pour la décision n° { $number } : { $phase ->
        [proposals] les propositions sont closes.
       *[amendments] les amendements ne sont pas ouverts.
    }
decision-too-many = Au plus { $max } propositions par décision.
decision-duplicate = Une proposition s'appelle déjà « { $title } ».
decision-proposed = Proposition { $number } pour la décision n° { $decision } : « { $title } » ({ $name }).
decision-no-proposal = Pas de proposition n° { $number } dans cette décision.
decision-amended = Amendement { $number } à la proposition { $proposal } (décision n° { $decision }) par { $name } : son auteur·rice l'acceptera ou le refusera.
decision-amendment-to-author =
    ✍️ Amendement { $number } à votre proposition { $proposal } « { $title } » (décision n° { $decision }) :
    « { $text } »
    Pour l'intégrer : !amendement accepter { $decision } { $proposal } { $number } · pour le refuser : !amendement refuser { $decision } { $proposal } { $number }
decision-not-your-proposal = La proposition n° { $number } n'est pas la vôtre : seul·e son auteur·rice tranche ses amendements.
decision-no-amendment = Pas d'amendement n° { $number } en attente sur cette proposition.
decision-settled = Amendement { $number } { $accepted ->
        [yes] intégré : la proposition { $proposal } a une nouvelle version.
       *[no] refusé.
    }
decisions-header = **Décisions de la cohorte** ({ $count })
decisions-line = n° { $number } : { $question } — { $phase ->
    [proposals] propositions ouvertes
    [amendments] amendements ouverts
    [vote] vote en cours
    [counting] dépouillement
   *[closed] close
}
decision-header =
    🗳️ **Décision n° { $number } : { $question }** — { $phase ->
        [proposals] propositions ouvertes
        [amendments] amendements ouverts
        [vote] vote en cours
        [counting] dépouillement
       *[closed] close
    }
    Propositions jusqu'au { $proposals }, amendements jusqu'au { $amendments }, vote jusqu'au { $vote }.
decision-proposal-line = • Proposition { $number } « { $title } » ({ $name }, version { $versions }) : { $text }
decision-amendment-line =   ↳ amendement { $number } ({ $name }) : « { $text } » — { $state ->
        [accepted] intégré
        [refused] refusé
       *[pending] en attente
    }
decision-record-line = 📜 Résultat : { $result }
decision-reminder = ⏳ Décision n° { $number } « { $question } » : { $phase ->
        [proposals] les propositions se terminent
        [amendments] les amendements se terminent
       *[vote] le vote se termine
    } le { $until }.
decision-amendments-open = 🗳️ Décision n° { $number } « { $question } » : les propositions sont closes ({ $proposals }). Amendements ouverts jusqu'au { $until } : !amendement { $number } P texte
decision-vote-open = 🗳️ Décision n° { $number } : le vote est ouvert.
decision-result-winner = « { $title } » retenue, mention majoritaire « { $grade } »
decision-result-none = aucune proposition retenue (pas de vote, ou moins de deux propositions)
decision-result-tie = égalité parfaite entre plusieurs propositions
decision-recorded = 📜 **Décision n° { $number } : { $question }** — { $result } ; { $voters } votant·es sur { $eligible } membres. Le relevé complet : !decision { $number }
decision-files =   📎 { $files }
decision-electorate = les { $count } membres de la cohorte à la clôture du vote, participant·es et animateur·rices (les observateur·rices ne votent pas)
