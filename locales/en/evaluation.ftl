# Evaluations: ratings of each atelier, self-assessment against the objectives.

cmd-evaluate-usage = !rate N satisfaction aims-reached [| to keep [| to change]]
cmd-evaluate-summary = rate session N by private message (scores 1 to 5), for example !rate 2 4 5 | the case studies | more breaks
cmd-self-assess-usage = !objectives before>after …
cmd-self-assess-summary = place yourself on each objective of the training, before and after (1 to 5), by private message, for example !objectives 2>4 1>3 3>4 2>5
cmd-evaluation-usage = !ratings N | !ratings objectives
cmd-evaluation-summary = the results of the evaluation of session N, or of the self-assessment against the objectives

evaluation-off = This cohort does not use evaluations (its programme turned them off).
evaluation-not-open = { $number ->
    [0] The self-assessment against the objectives is not open yet: it comes by private message when the last session ends.
   *[other] The evaluation of session { $number } is not open yet: it comes by private message when the session ends.
}
evaluation-in-private = Answer by private message: here everyone would see your answer. Nothing was recorded.
evaluation-closed = { $number ->
    [0] The self-assessment is closed: it takes no more answers.
   *[other] The evaluation of session { $number } is closed: it takes no more answers.
}
evaluation-thanks = Thank you, { $again ->
    [yes] your answer replaces the previous one
   *[no] your answer is recorded
}{ $anonymous ->
    [yes] {""} — anonymously: nobody, not even the facilitators, can link it to you.
   *[no] .
}
evaluation-no-objectives = This cohort's programme lists no objectives to assess.
evaluation-wrong-pairs = Give one before>after pair for each of the { $count } objectives, in order (you gave { $given }). For example: !objectives 2>4 1>3 …
evaluation-results-header = {"**"}{ $number ->
    [0] Self-assessment against the objectives
   *[other] Evaluation of session { $number }
}** — { $answers } answer(s) of { $expected } { $anonymous ->
    [yes] (anonymous)
   *[no] (named)
}{ $open ->
    [yes] , open
   *[no] , closed
}
evaluation-results-satisfaction = Satisfaction: { $average } / 5 — { $spread }
evaluation-results-aims = Aims of the session reached: { $average } / 5 — { $spread }
evaluation-results-keep = To keep:
evaluation-results-change = To change:
evaluation-results-comment = • { $text }
evaluation-results-objective = { $number }. { $text } — before: { $before } / 5, after: { $after } / 5
evaluation-chart-title = Scores given (number of answers)
evaluation-chart-satisfaction = Satisfaction { $score }/5
evaluation-chart-aims = Aims reached { $score }/5
evaluation-objective-line = { $number }. { $text }
job-evaluation-atelier =
    📝 { $remind ->
        [yes] Reminder: your view of session { $number } “{ $title }” matters, it takes a minute.
       *[no] How was session { $number } “{ $title }”?
    } { $anonymous ->
        [yes] It is anonymous.
       *[no] {""}
    }
    Answer here: !rate { $number } satisfaction aims-reached | to keep | to change
    (scores 1 to 5; both comments optional), for example: !rate { $number } 4 5 | the small-group talks | more time for case studies
    Open until { $closes }.
job-evaluation-objectives =
    🎯 { $remind ->
        [yes] Reminder: where are you on the objectives of the training?
       *[no] The cycle ends: where are you on its objectives?
    } For each, give a score from 1 to 5 before the training and one now. { $anonymous ->
        [yes] It is anonymous.
       *[no] {""}
    }
    { $objectives }
    Answer here: !objectives before>after for each of the { $count } objectives, in order, for example !objectives 2>4 1>3 …
    Open until { $closes }.
job-evaluation-closed = { $number ->
    [0] The self-assessment against the objectives is closed
   *[other] The evaluation of session { $number } is closed
}: { $answers } answer(s) of { $expected }. Results: !ratings { $number ->
    [0] objectives
   *[other] { $number }
}
