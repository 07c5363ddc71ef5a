# Preparing the sessions: who is ready, who is not yet, the questions.

cmd-ready-usage = !ready N
cmd-ready-summary = say you have done the preparatory work for session N
cmd-not-yet-usage = !not-yet N
cmd-not-yet-summary = say you have not finished preparing session N yet
cmd-ask-usage = !ask N your question
cmd-ask-summary = ask the facilitators a question about preparing session N
cmd-preparation-usage = !prep N
cmd-preparation-summary = see who is ready for session N, who is not yet, and the questions asked

preparation-ready = ✅ Noted: you are ready for session { $number } “{ $title }”.
preparation-not-yet = ⏳ Noted: not ready yet for session { $number } “{ $title }”. The references are here: !references { $number }
preparation-question-noted = ❓ Your question about session { $number } “{ $title }” is noted: the facilitators see it in the preparation overview.
preparation-too-many-questions = You have already asked { $max } questions about this session, the most allowed. Write to the facilitators directly for more.
preparation-overview =
    {"**"}Preparation for session { $number } “{ $title }”**
    Ready: { $ready }
    Not yet: { $not_yet }
    No answer: { $silent }
    Questions:
    { $questions }
preparation-question-line = • Q{ $id } — { $name }: { $text }{ $answered ->
    [yes] {" "}(answered)
   *[no] {""}
}
preparation-off = This cohort does not use preparation check-ins (its programme turned them off).
cmd-answer-usage = !answer Q your answer
cmd-answer-summary = answer preparation question Q (the answer goes privately to whoever asked)
preparation-no-such-question = I cannot find question Q{ $id } in this cohort. The numbers are in the questions digest and in !prep N.
preparation-answer-to-member =
    💬 { $from } answers your question about session { $number }:
    > { $question }
    { $answer }
preparation-answer-sent = { $again ->
    [yes] The answer to question Q{ $id } was replaced and sent to whoever asked.
   *[no] The answer to question Q{ $id } was sent to whoever asked.
}
preparation-digest-line = • Q{ $id }{ $named ->
    [yes] {" "}— { $name }
   *[no] {""}
}: { $text }
job-questions-digest =
    {"**"}Questions about the preparation of session { $number } “{ $title }”** ({ $count })
    { $questions }
    To answer: !answer Q text (the answer goes privately to whoever asked).
job-preparation-nudge =
    📚 Session { $number } “{ $title }” takes place on { $when }. How is your preparation going?
    Answer !ready { $number } or !not-yet { $number }, or ask a question: !ask { $number } your question.
