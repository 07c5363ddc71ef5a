# Évaluations : avis sur chaque atelier, auto-positionnement sur les objectifs.

cmd-evaluate-usage = !evaluer N satisfaction objectifs-atteints [| à garder [| à changer]]
cmd-evaluate-summary = donner votre avis sur l'atelier N, en message privé (notes de 1 à 5), par exemple !evaluer 2 4 5 | les cas pratiques | plus de pauses
cmd-self-assess-usage = !objectifs avant>après …
cmd-self-assess-summary = vous situer sur chaque objectif de la formation, avant et après (de 1 à 5), en message privé, par exemple !objectifs 2>4 1>3 3>4 2>5
cmd-evaluation-usage = !evaluation N | !evaluation objectifs
cmd-evaluation-summary = les résultats de l'évaluation de l'atelier N, ou de l'auto-positionnement sur les objectifs

evaluation-off = Cette cohorte n'utilise pas les évaluations (le programme les a désactivées).
evaluation-not-open = { $number ->
    [0] L'auto-positionnement sur les objectifs n'est pas encore ouvert : il arrive en message privé à la fin du dernier atelier.
   *[other] L'évaluation de l'atelier { $number } n'est pas encore ouverte : elle arrive en message privé à la fin de l'atelier.
}
evaluation-in-private = Répondez en message privé : ici, tout le monde verrait votre réponse. Rien n'a été enregistré.
evaluation-closed = { $number ->
    [0] L'auto-positionnement est clos : il ne prend plus de réponse.
   *[other] L'évaluation de l'atelier { $number } est close : elle ne prend plus de réponse.
}
evaluation-thanks = Merci, { $again ->
    [yes] votre réponse remplace la précédente
   *[no] votre réponse est enregistrée
}{ $anonymous ->
    [yes] {""} — anonymement : personne, pas même les animateur·rices, ne peut la relier à vous.
   *[no] .
}
evaluation-no-objectives = Le programme de cette cohorte ne liste pas d'objectifs à évaluer.
evaluation-wrong-pairs = Il faut une paire avant>après pour chacun des { $count } objectifs, dans l'ordre (vous en avez donné { $given }). Par exemple : !objectifs 2>4 1>3 …
evaluation-results-header = {"**"}{ $number ->
    [0] Auto-positionnement sur les objectifs
   *[other] Évaluation de l'atelier { $number }
}** — { $answers } réponse(s) sur { $expected } { $anonymous ->
    [yes] (anonyme)
   *[no] (nominative)
}{ $open ->
    [yes] , en cours
   *[no] , close
}
evaluation-results-satisfaction = Satisfaction : { $average } / 5 — { $spread }
evaluation-results-aims = Objectifs de l'atelier atteints : { $average } / 5 — { $spread }
evaluation-results-keep = À garder :
evaluation-results-change = À changer :
evaluation-results-comment = • { $text }
evaluation-results-objective = { $number }. { $text } — avant : { $before } / 5, après : { $after } / 5
evaluation-chart-title = Notes données (nombre de réponses)
evaluation-chart-satisfaction = Satisfaction { $score }/5
evaluation-chart-aims = Objectifs atteints { $score }/5
evaluation-objective-line = { $number }. { $text }
job-evaluation-atelier =
    📝 { $remind ->
        [yes] Rappel : votre avis sur l'atelier { $number } « { $title } » compte, il ne prend qu'une minute.
       *[no] Votre avis sur l'atelier { $number } « { $title } » ?
    } { $anonymous ->
        [yes] Il est anonyme.
       *[no] {""}
    }
    Répondez ici : !evaluer { $number } satisfaction objectifs-atteints | à garder | à changer
    (notes de 1 à 5 ; les deux commentaires sont facultatifs), par exemple : !evaluer { $number } 4 5 | les échanges en petits groupes | plus de temps pour les cas pratiques
    Ouvert jusqu'au { $closes }.
job-evaluation-objectives =
    🎯 { $remind ->
        [yes] Rappel : où en êtes-vous sur les objectifs de la formation ?
       *[no] Le cycle s'achève : où en êtes-vous sur ses objectifs ?
    } Pour chacun, donnez une note de 1 à 5 avant la formation et une maintenant. { $anonymous ->
        [yes] C'est anonyme.
       *[no] {""}
    }
    { $objectives }
    Répondez ici : !objectifs avant>après pour chacun des { $count } objectifs, dans l'ordre, par exemple !objectifs 2>4 1>3 …
    Ouvert jusqu'au { $closes }.
job-evaluation-closed = { $number ->
    [0] L'auto-positionnement sur les objectifs est clos
   *[other] L'évaluation de l'atelier { $number } est close
} : { $answers } réponse(s) sur { $expected }. Résultats : !evaluation { $number ->
    [0] objectifs
   *[other] { $number }
}
