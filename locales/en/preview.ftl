## `compagnon programme preview`

preview-header =
    Automated messages of "{ $title }" (local times, { $timezone }): { $count ->
        [0] none
        [one] 1 message
       *[other] { $count } messages
    }
preview-empty = This programme produces no automated message (no reminder rule).
preview-line = { $when } ({ $offset }) · { $what } → { $target }
preview-what = { $kind ->
    [followup] follow-up digest for the facilitators
    [references] references of session { $number }
    [atelier-reminder] reminder of session { $number }
    [preparation-nudge] "are you ready?" nudge for session { $number }
    [questions-digest] preparation questions of session { $number }
    [deadline-chase] deliverable reminder of session { $number }
   *[deadline-summary] deliverable summary of session { $number }
} "{ $title }"
preview-what-attendance = attendance opening, session { $number } part { $session }
preview-what-evaluation = { $step ->
    [evaluation-open] evaluation sent
    [evaluation-remind] evaluation reminder
   *[evaluation-close] evaluation closed
} { $number ->
    [0] for the self-assessment against the objectives
   *[other] for session { $number }
}
preview-what-review = { $step ->
    [review-allocate] deliverables sent out for peer review
    [review-remind] reminder of the peer review
   *[review-release] peer reviews sent to their authors
} of session { $number }
preview-what-recurring = recurring reminder "{ $text }"
preview-target = { $target ->
    [participants] participants (direct message)
    [facilitators] facilitators (direct message)
   *[room] cohort room
}
preview-summary-header = By kind:
preview-summary-line = { $kind ->
    [followup] Follow-up digests
    [references] Reference drops
    [atelier-reminder] Session reminders
    [preparation-nudge] Preparation nudges
    [questions-digest] Question digests
    [evaluation] Evaluation steps
    [attendance] Attendance openings
    [deadline-chase] Deadline reminders
    [deadline-summary] Deadline summaries
   *[recurring] Recurring reminders
}: { $count }
