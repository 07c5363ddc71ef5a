# Peer review of deliverables.

cmd-review-usage = !review N CODE criterion=score … [comment]
cmd-review-summary = review a deliverable given to you to read (its code comes with it), for example !review 3 R2 clarity=4 feasibility=3 Very concrete
cmd-review-progress-usage = !review-progress N
cmd-review-progress-summary = facilitators: who reviewed what for session N

review-allocated =
    🔍 **Peer review — session { $number } “{ $title }”**
    Here is the work to review, before { $due }. Score each criterion: { $criteria }.
    Answer here: !review { $number } CODE criterion=score … then your comment (criteria are named by their start).
review-to-read = • { $code }: { $text }
review-to-read-by = • { $code } ({ $author }): { $text }
review-files = (files: { $files })
review-reminder =
    🔍 Reminder: your reviews for session { $number } are expected before { $due }.
review-reminder-line = • { $code } has no review yet
review-released = 🔍 **The reviews of your deliverable “{ $title }” (session { $number })**
review-given = • { $scores }
review-given-comment =   “{ $comment }”
review-given-by =   — { $by }
review-none = The deliverable of session { $number } is not peer reviewed.
review-not-yours = No review "{ $code }" is given to you (the code comes with the work to review).
review-closed = The reviews of session { $number } are closed.
review-bad-criterion = I do not know which criterion "{ $word }" is: { $criteria }.
review-bad-score = "{ $word }": the score goes from 1 to { $scale }.
review-incomplete = Score each criterion: { $criteria }.
review-recorded = Thank you, your review { $code } is recorded; you can replace it until the deadline.
review-progress-header = **Reviews of session { $number }** ({ $count } reviewers)
review-progress-line = • { $name }: { $done } of { $total }
