## Polls and majority judgment

# The grades of majority judgment, best first.
poll-grade-excellent = Excellent
poll-grade-tres-bien = Very good
poll-grade-bien = Good
poll-grade-assez-bien = Fair
poll-grade-passable = Passable
poll-grade-insuffisant = Insufficient
poll-grade-a-rejeter = Reject

# Refused ballots; options are numbered from 1.
poll-ballot-empty = Choose at least one option.
poll-ballot-out-of-range = There is no option { $choice }: choose a number between 1 and { $options }.
poll-ballot-single-choice = This poll takes a single choice, and you gave { $chosen }.
poll-ballot-too-many = You chose { $chosen } options, but this poll takes { $max ->
        [one] only one
       *[other] at most { $max }
    }.

# Charts
poll-chart-voters = { $voters ->
        [one] { $voters } voter
       *[other] { $voters } voters
    }
poll-chart-count = { $count } ({ $percent }%)
poll-chart-answers = { $count ->
        [one] { $count } answer
       *[other] { $count } answers
    }
poll-chart-percent = { $percent }%
poll-chart-no-votes = No votes yet.
poll-chart-median = Majority grade: { $grade }
poll-chart-half = 50%
