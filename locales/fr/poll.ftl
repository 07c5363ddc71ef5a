## Sondages et jugement majoritaire

# Les mentions du jugement majoritaire, de la meilleure à la pire.
poll-grade-excellent = Excellent
poll-grade-tres-bien = Très bien
poll-grade-bien = Bien
poll-grade-assez-bien = Assez bien
poll-grade-passable = Passable
poll-grade-insuffisant = Insuffisant
poll-grade-a-rejeter = À rejeter

# Bulletins refusés ; les options sont numérotées à partir de 1.
poll-ballot-empty = Choisissez au moins une option.
poll-ballot-out-of-range = Il n'y a pas d'option { $choice } : choisissez un numéro entre 1 et { $options }.
poll-ballot-single-choice = Ce sondage n'accepte qu'un seul choix, et vous en avez donné { $chosen }.
poll-ballot-too-many = Vous avez choisi { $chosen } options, mais ce sondage en accepte { $max ->
        [one] une seule
       *[other] { $max } au plus
    }.

# Graphiques
poll-chart-voters = { $voters ->
        [one] { $voters } votant·e
       *[other] { $voters } votant·es
    }
poll-chart-count = { $count } ({ $percent } %)
poll-chart-answers = { $count ->
        [one] { $count } réponse
       *[other] { $count } réponses
    }
poll-chart-percent = { $percent } %
poll-chart-no-votes = Aucun vote pour l'instant.
poll-chart-median = Mention majoritaire : { $grade }
poll-chart-half = 50 %
