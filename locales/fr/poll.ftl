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

## Polls in chat.

cmd-poll-usage = !sondage "Question ?" "Option 1" "Option 2" [--multiple] [--max 2] [--anonyme] [--jugement] [--durée 2h | --jusqu-a 2027-03-12 18:00] [--resultats fin|direct]
cmd-poll-summary = ouvrir un sondage (un ou plusieurs choix, anonyme ou non) ou une décision au jugement majoritaire
cmd-vote-usage = !vote [#N] 2, !vote 1 3, !vote très-bien bien passable, ou !vote retirer
cmd-vote-summary = voter (ou changer son vote, ou le retirer) dans le dernier sondage ouvert, ou dans le sondage n° N
cmd-close-poll-usage = !clore N
cmd-close-poll-summary = clore le sondage n° N maintenant et publier les résultats
cmd-polls-usage = !sondages
cmd-polls-summary = les sondages ouverts

poll-announce = 📊 {"**"}Sondage n° { $number } : { $question }**
poll-option = { $index }. { $option }
poll-how = { $kind ->
    [multiple] Votez pour une ou plusieurs options (au plus { $max }) : !vote #{ $number } 1 3
    [judgment] Jugement majoritaire : donnez une mention à chaque option, dans l'ordre (Excellent, Très bien, Bien, Assez bien, Passable, Insuffisant, À rejeter), par exemple !vote #{ $number } très-bien passable bien, de préférence en message privé au bot
   *[single] Votez pour une option : !vote #{ $number } 2
}
poll-anonymous = Vote anonyme : personne, pas même l'équipe d'animation, ne saura qui a voté quoi. Pour plus de discrétion, votez en message privé.
poll-closes = Clôture le { $when }.
poll-closes-manually = Clôture par l'équipe d'animation (!clore { $number }).
poll-results-when = { $live ->
    [yes] Résultats en direct.
   *[no] Résultats à la clôture.
}
poll-live-header = {"**"}Résultats provisoires**
poll-voters = { $voters ->
    [0] Aucun vote.
    [one] 1 votant·e.
   *[other] { $voters } votant·es.
}
poll-result-line = { $winner ->
    [yes] 🏆 { $option } : { $count } ({ $percent } %)
   *[no] { $option } : { $count } ({ $percent } %)
}
poll-no-grade = sans mention
poll-mj-line = { $rank }. { $option } — mention majoritaire : { $grade }{ $winner ->
    [yes] {" "}🏆
   *[no] {""}
}
poll-results = 📊 {"**"}Résultats du sondage n° { $number } : { $question }**
poll-list =
    {"**"}Sondages ouverts**
    { $lines }
poll-list-line = n° { $number } « { $question } » — { $voters } vote(s), clôture { $closes }
poll-list-no-deadline = par l'équipe d'animation
poll-vote-recorded =
    Vote enregistré pour le sondage n° { $number } « { $question } » :
    { $choices }
poll-vote-changed =
    Vote modifié pour le sondage n° { $number } « { $question } » :
    { $choices }
poll-vote-recorded-anonymous = Vote enregistré pour le sondage anonyme n° { $number } « { $question } ». Votre choix n'est conservé nulle part sous votre nom, pas même dans ce message.
poll-vote-changed-anonymous = Vote modifié pour le sondage anonyme n° { $number } « { $question } ». Votre choix n'est conservé nulle part sous votre nom, pas même dans ce message.
poll-vote-choice = • { $option }
poll-vote-grade = • { $option } : { $grade }
poll-vote-withdrawn = Votre vote au sondage n° { $number } est retiré.
poll-vote-nothing-to-withdraw = Vous n'aviez pas voté au sondage n° { $number } : rien à retirer.
poll-error-no-such = Il n'y a pas de sondage n° { $number }. Tapez !sondages pour voir ceux qui sont ouverts.
poll-error-none-open = Aucun sondage n'est ouvert.
poll-error-closed = Le sondage n° { $number } est clos : les votes ne sont plus acceptés.
poll-error-grades = Ce sondage est un jugement majoritaire : donnez une mention à chacune des { $count } options, dans l'ordre, par exemple !vote #{ $number } très-bien bien passable.
poll-error-numbers = Ce sondage se vote avec les numéros des options, par exemple !vote #{ $number } 2.
poll-error-too-long = Un sondage reste ouvert 60 jours au plus.
poll-error-anonymous-live = Un sondage anonyme ne peut pas afficher ses résultats en direct : chaque mise à jour révélerait le vote qui vient d'arriver. Retirez --resultats direct (les résultats seront donnés à la clôture).
poll-error-empty-question = La question du sondage est vide.
poll-error-too-few = Il faut au moins deux options, par exemple !sondage "Quel jour ?" "Mardi" "Jeudi".
poll-error-too-many = { $count } options, c'est trop : { $max } au plus.
poll-error-empty-option = Une des options est vide.
poll-error-duplicate = L'option « { $option } » apparaît deux fois.
poll-error-judgment-choices = Un jugement majoritaire ne se combine pas avec --multiple ni --max : chaque votant·e note toutes les options.
poll-error-max-needs-multiple = --max n'a de sens qu'avec --multiple.
poll-error-max-too-big = --max { $max } dépasse le nombre d'options ({ $count }).
