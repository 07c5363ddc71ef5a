## Deliverables.

cmd-submit-usage = !submit N [text or link], with your files attached to the same message
cmd-submit-summary = hand in the deliverable of session N (text, link, files); sending again creates a new version
cmd-my-deliverables-usage = !my-deliverables
cmd-my-deliverables-summary = what you handed in, session by session, with versions and status
cmd-deliverables-usage = !deliverables N
cmd-deliverables-summary = who handed in the deliverable of session N (on time, late) and who has not yet
cmd-deliverable-usage = !deliverable N @member
cmd-deliverable-summary = a member's deliverable in full, all versions and feedback
cmd-feedback-usage = !feedback N @member [reviewed|validated|rework] text
cmd-feedback-summary = send private feedback on a deliverable and change its status
cmd-chase-usage = !chase N
cmd-chase-summary = privately remind participants who have not handed in the deliverable of session N
cmd-my-data-usage = !my-data
cmd-my-data-summary = receive privately everything I keep about you (JSON file)
cmd-forget-me-usage = !forget-me [confirm]
cmd-forget-me-summary = erase your personal data and deliverables (after confirmation)

sent-privately = I answered you in a direct message.
deliverable-on-time = on time
deliverable-late = { $by } late
deliverable-status = { $status ->
    [reviewed] reviewed
    [validated] validated
    [rework] to rework
   *[received] received
}
deliverable-receipt = 📥 Deliverable received: session { $number } "{ $title }", version { $version }, on { $when } ({ $timeliness }).
deliverable-receipt-text = Text: { $chars ->
    [one] 1 character
   *[other] { $chars } characters
}
deliverable-receipt-link = Link: { $link }
deliverable-file-line = File: { $name } ({ $kind }, { $size }, fingerprint { $hash })
deliverable-receipt-kept = Earlier versions (up to version { $previous }) are kept.
deliverable-received-room = { $name }'s deliverable for session { $number } received (receipt sent privately).
deliverable-identical = This deliverable is identical to your version { $version } of session { $number }: no new version created.
my-deliverables =
    {"**"}Your deliverables**
    { $lines }
my-deliverables-line = Session { $number } "{ $title }": version { $version } of { $when } ({ $timeliness }) — { $status }
my-deliverables-missing = Session { $number } "{ $title }": not handed in yet (!submit { $number })
deliverables-overview =
    {"**"}Deliverables of session { $number } "{ $title }"**: { $handed } handed in out of { $expected } expected
    On time:
    { $on_time }
    Late:
    { $late }
    Not handed in yet: { $missing }
deliverables-entry = • { $name } — version { $version }, { $status } ({ $timeliness })
deliverable-show-header = {"**"}{ $name } — session { $number } "{ $title }"** ({ $versions ->
    [one] 1 version
   *[other] { $versions } versions
})
deliverable-show-version = Version { $version } of { $when } ({ $timeliness }) — { $status }
deliverable-show-feedback = Feedback ({ $status }, on { $when }): { $text }
feedback-to-member =
    💬 Feedback from { $from } on your deliverable for session { $number } "{ $title }" (version { $version }) — status: { $status }
    { $text }
feedback-sent = Feedback sent privately to { $name }; status: { $status }.
chase-after-deadline = 📝 The deliverable "{ $title }" of session { $number } was due before { $when }: there is still time to send it with !submit { $number }.
chase-done = { $count ->
    [0] Everyone handed in: nobody to chase.
    [one] Reminder sent privately to 1 participant: { $names }.
   *[other] Reminder sent privately to { $count } participants: { $names }.
}
error-no-deliverable = Session { $number } has no deliverable to hand in.
error-deliverable-closed = Handing in the deliverable of session { $number } is closed (deadline: { $due }). Please talk to the facilitators.
error-empty-submission = Your submission is empty: add a text, a link or an attached file, e.g. !submit { $number } https://…
error-too-many-versions = You have already handed in { $max } versions of this deliverable, the most allowed. If you still need to change it, write to the facilitators.
error-member-quota = Your handed-in files already take { $used }; the limit per person is { $max }. Send a link to the document instead.
error-cohort-quota = The cohort has reached its limit of { $max } of handed-in files. Send a link to the document instead and tell the facilitators.
error-nothing-handed-in = { $name } has not handed in anything for session { $number } yet.

## Personal data.

my-data-sent = Here is everything I keep about you, as JSON: identities, preferences, deliverables (texts, files, feedback), reminders and votes in polls that are not anonymous.
error-my-data-too-soon = I sent you your data a short while ago: one export every { $minutes } minutes at most.
forget-confirm = You are asking to erase your data: your identities, preferences, deliverables (texts and files) and the direct messages I sent you will be deleted, for good. The facilitators will be told. To confirm, type !forget-me confirm within 10 minutes.
forget-done = Done: your personal data has been erased ({ $submissions } deliverable(s), { $files } file(s)). Goodbye and thank you for taking part.
forget-facilitators = { $name } exercised their right to erasure: their data and { $submissions } deliverable(s) were deleted. Only the number of erased deliverables is kept, without a name.
error-forget-not-requested = There is no pending erasure request (or it is more than 10 minutes old). Type !forget-me first.
deliverable-no-group = The deliverable of session { $number } is handed in by small group, and you are in no confirmed group of that session: ask the facilitators (!groups { $number }).
deliverable-group-receipt = 📥 { $name } handed in the deliverable “{ $title }” of session { $number } for your group { $group } (version { $version }). You can all see it with !my-deliverables, and hand in a new version.
deliverables-group-name = group { $group } (handed in by { $name })
