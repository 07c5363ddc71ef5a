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
preparation-question-line = • { $name }: { $text }
