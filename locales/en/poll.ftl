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

## Polls in chat.

cmd-poll-usage = !poll "Question?" "Option 1" "Option 2" [--multiple] [--max 2] [--anonymous] [--judgment] [--duration 2h | --until 2027-03-12 18:00] [--results end|live]
cmd-poll-summary = open a poll (one or several choices, anonymous or not) or a majority-judgment decision
cmd-vote-usage = !vote [#N] 2, !vote 1 3, !vote very-good good passable, or !vote withdraw
cmd-vote-summary = vote (or change or withdraw your vote) in the latest open poll, or in poll no. N
cmd-close-poll-usage = !close N
cmd-close-poll-summary = close poll no. N now and publish the results
cmd-polls-usage = !polls
cmd-polls-summary = the open polls

poll-announce = 📊 {"**"}Poll no. { $number }: { $question }**
poll-option = { $index }. { $option }
poll-how = { $kind ->
    [multiple] Vote for one or several options (at most { $max }): !vote #{ $number } 1 3
    [judgment] Majority judgment: grade every option, in order (Excellent, Very good, Good, Fair, Passable, Insufficient, Reject), e.g. !vote #{ $number } very-good passable good, preferably in a direct message to the bot
   *[single] Vote for one option: !vote #{ $number } 2
}
poll-anonymous = Anonymous vote: nobody, not even the facilitators, will know who voted what. For more discretion, vote in a direct message.
poll-closes = Closes on { $when }.
poll-closes-manually = Closed by the facilitators (!close { $number }).
poll-results-when = { $live ->
    [yes] Live results.
   *[no] Results when it closes.
}
poll-live-header = {"**"}Provisional results**
poll-voters = { $voters ->
    [0] No vote.
    [one] 1 voter.
   *[other] { $voters } voters.
}
poll-result-line = { $winner ->
    [yes] 🏆 { $option }: { $count } ({ $percent } %)
   *[no] { $option }: { $count } ({ $percent } %)
}
poll-no-grade = no grade
poll-mj-line = { $rank }. { $option } — majority grade: { $grade }{ $winner ->
    [yes] {" "}🏆
   *[no] {""}
}
poll-results = 📊 {"**"}Results of poll no. { $number }: { $question }**
poll-list =
    {"**"}Open polls**
    { $lines }
poll-list-line = no. { $number } "{ $question }" — { $voters } vote(s), closes { $closes }
poll-list-no-deadline = by the facilitators
poll-vote-recorded =
    Vote recorded for poll no. { $number } "{ $question }":
    { $choices }
poll-vote-changed =
    Vote changed for poll no. { $number } "{ $question }":
    { $choices }
poll-vote-recorded-anonymous = Vote recorded for anonymous poll no. { $number } "{ $question }". Your choice is kept nowhere under your name, not even in this message.
poll-vote-changed-anonymous = Vote changed for anonymous poll no. { $number } "{ $question }". Your choice is kept nowhere under your name, not even in this message.
poll-vote-choice = • { $option }
poll-vote-grade = • { $option }: { $grade }
poll-vote-withdrawn = Your vote in poll no. { $number } is withdrawn.
poll-vote-nothing-to-withdraw = You had not voted in poll no. { $number }: nothing to withdraw.
poll-error-no-such = There is no poll no. { $number }. Type !polls to see the open ones.
poll-error-none-open = No poll is open.
poll-error-closed = Poll no. { $number } is closed: votes are no longer accepted.
poll-error-grades = This poll is a majority judgment: grade each of the { $count } options, in order, e.g. !vote #{ $number } very-good good passable.
poll-error-numbers = This poll is voted with option numbers, e.g. !vote #{ $number } 2.
poll-error-too-long = A poll stays open 60 days at most.
poll-error-anonymous-live = An anonymous poll cannot show live results: each update would reveal the vote that just came in. Drop --results live (results are shown when it closes).
poll-error-empty-question = The poll's question is empty.
poll-error-too-few = A poll needs at least two options, e.g. !poll "Which day?" "Tuesday" "Thursday".
poll-error-too-many = { $count } options is too many: { $max } at most.
poll-error-empty-option = One of the options is empty.
poll-error-duplicate = The option "{ $option }" appears twice.
poll-error-judgment-choices = A majority judgment does not go with --multiple or --max: every voter grades every option.
poll-error-max-needs-multiple = --max only makes sense with --multiple.
poll-error-max-too-big = --max { $max } is more than the number of options ({ $count }).
