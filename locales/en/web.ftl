# The web space: `!web` in chat, and every sentence of its pages.

cmd-web-usage = !web [logout]
cmd-web-summary = get a private sign-in link to the web space (valid 10 minutes, once); !web logout closes all your sessions

web-link =
    🌐 Your link to the web space (valid { $minutes } minutes, once):
    { $url }
    It opens a session on this device. Do not forward it; !web logout closes all your sessions.
web-signed-out = { $count ->
    [0] No web session was open. Unused links are withdrawn.
    [one] Your web session is closed, and unused links are withdrawn.
   *[other] Your { $count } web sessions are closed, and unused links are withdrawn.
}
web-not-served = The web space is not enabled for this bot: ask whoever hosts it to add a [web] section to its configuration.
web-link-rate = You already asked for { $max } links this hour: use the last one, or try again later.
web-facilitators-only = For the cohort's facilitators only.
web-programme-other-cohort = This programme is cohort “{ $found }”'s: this space can only change “{ $cohort }”.

## Pages

web-datetime = { $when }
web-atelier-when = { $start } – { $end }
web-file-size = { $kib } KiB
web-skip-link = Skip to content
web-nav-label = Menu
web-path-link = My path
web-overview-link = Overview
web-programme-link = Programme
web-home-link = Home
web-back-link = Back
web-sign-out-button = Sign out
web-home-title = compagnon's web space
web-home-intro = This space goes with your training beside the chat: programme, deliverables, calendar and, for facilitators, the follow-up of the whole cohort.
web-home-step-ask = In the chat, write !web to the bot (in the cohort's room or by private message).
web-home-step-open = Open the link it sends you privately: it is valid for 10 minutes, once.
web-enter-title = Sign in
web-enter-intro = This link opens a session on this device. It works only once.
web-enter-button = Sign me in
web-bad-link-title = Link not valid
web-bad-link = This link was already used, has expired (it lasts 10 minutes) or is incomplete. Ask for a new one by writing !web to the bot.
web-sign-in-title = Sign-in needed
web-sign-in-needed = To see this page, sign in: write !web to the bot in the chat, then open the link it sends you privately.
web-signed-out-title = Signed out
web-signed-out-page = Your session on this device is closed. To close all your sessions, write !web logout to the bot.
web-error-title = Error
web-error-internal = Something went wrong on our side; nothing was lost. Try again in a moment, and tell the facilitators if it goes on.
web-not-found-title = Page not found
web-not-found = This page does not exist, or you cannot see it.
web-forbidden-title = Restricted
web-csrf-title = Form expired
web-csrf = This form is no longer valid (the session changed, or it was sent from elsewhere). Reload the page and try again: nothing was changed.
web-refused-title = Not possible
web-answer-title = Answer
web-already-done = This form had already been sent: nothing was done twice.

web-path-title = My path
web-path-intro = { $name }, here is your path in “{ $cohort }”.
web-programme-heading = Programme and references
web-atelier-heading = Atelier { $number } — { $title }
web-atelier-cancelled = Atelier cancelled: { $reason }
web-atelier-join = Join remotely
web-references-heading = References to prepare
web-reference-required = to read before the atelier
web-deliverable-heading = Deliverable: { $title }
web-deliverable-due = Due by { $due }
web-deliverable-extended = extension granted
web-deliverable-none-yet = Nothing handed in yet.
web-version-receipt = Version { $version }, received { $when }
web-version-late = late
web-feedback-line = Facilitators' feedback ({ $status }), { $when }:
web-upload-text-label = Text or links (optional)
web-upload-file-label = Files (optional, { $mib } MiB at most each)
web-upload-button = Hand in the deliverable of atelier { $number }
web-upload-unreadable = The form could not be read (upload interrupted, or too many files). Nothing was saved; try again.
web-upload-no-atelier = The form does not say which atelier: reload the page and try again.
web-feed-heading = My calendar
web-feed-intro = Subscribe your calendar (Google, Apple, Thunderbird…) to the ateliers and your own deadlines: they update themselves, extensions included.
web-feed-since = Your personal calendar address exists since { $since }. It is shown only when made: if you lost it, make a new one (the old one stops working).
web-feed-button = Make my calendar address
web-feed-renew-button = Replace my calendar address
web-feed-revoke-button = Delete my calendar address
web-feed-title = Calendar address
web-feed-made = Here is your personal calendar address. It is shown only once: copy it into your calendar now. Do not share it.
web-feed-url-label = Address to copy
web-feed-webcal = Open in my calendar app
web-feed-google = Google Calendar: “Other calendars” → “+” → “From URL”, then paste the address.
web-feed-apple = Apple Calendar: File → “New Calendar Subscription…”, then paste the address.
web-feed-thunderbird = Thunderbird: New Calendar → “On the Network”, then paste the address.
web-feed-revoked = Your calendar address is deleted: subscribed calendars will receive nothing more.
web-feed-none = You had no calendar address.
web-data-heading = My data
web-data-button = Download my data (JSON)
web-forget-intro = Erase all your data in this cohort: deliverables, named votes, attendance, answers, private messages. This is final.
web-forget-confirm-label = I want to erase my data for good
web-forget-button = Erase my data
web-forget-unconfirmed = Tick the confirmation box to erase your data. Nothing was erased.
web-forgotten-title = Data erased

web-overview-title = Overview
web-overview-intro = Cohort “{ $cohort }”: { $participants ->
    [one] 1 participant
   *[other] { $participants } participants
}.
web-attention-heading = Look here first
web-attention-none = Nobody needs particular attention for now.
web-attention-missing = { $count ->
    [one] 1 missing deliverable
   *[other] { $count } missing deliverables
}
web-attention-absent = { $count ->
    [one] 1 absence or unconfirmed presence
   *[other] { $count } absences or unconfirmed presences
}
web-attention-silent = { $count ->
    [one] 1 preparation not ready or unanswered
   *[other] { $count } preparations not ready or unanswered
}
web-attention-late = { $count ->
    [one] 1 late hand-in
   *[other] { $count } late hand-ins
}
web-attention-questions = { $count ->
    [one] 1 open question
   *[other] { $count } open questions
}
web-grid-heading = Participants and ateliers
web-grid-caption = For each atelier: preparation, attendance, deliverable (version, state) and peer reviews.
web-grid-participant = Participant
web-grid-atelier = { $number }. { $title }
web-grid-cancelled = cancelled
web-grid-preparation = Preparation:
web-grid-attendance = Attendance:
web-cell-ready = ready
web-cell-not-yet = not yet
web-cell-none = —
web-cell-present = { $present }/{ $sessions } half-day(s)
web-cell-not-handed-in = Deliverable: not handed in
web-cell-deliverable = Deliverable v{ $version }: { $status ->
    [reviewed] reviewed
    [validated] validated
    [rework] to rework
   *[received] to read
}{ $late ->
    [yes] , late
   *[no] {""}
}
web-cell-reviews = Peer reviews: { $given }/{ $asked }
web-reader-title = { $author }'s deliverable — atelier { $number }
web-feedback-heading = Answer
web-feedback-status-label = State
web-feedback-text-label = Your feedback (sent privately to the person, as !feedback)
web-feedback-button = Send the feedback

web-programme-title = The cohort's programme
web-programme-intro = The programme file of “{ $cohort }”. Check it: each problem is shown at its line, then the preview shows every automated message before the import.
web-programme-source-label = Programme file (TOML)
web-programme-check-button = Check and preview
web-programme-import-button = Import this programme
web-programme-problems = { $count ->
    [one] 1 problem
   *[other] { $count } problems
} — nothing was imported
web-programme-problem-at = Line { $line }, column { $column }:
web-programme-preview = Preview: { $ateliers } ateliers, every automated message
web-programme-imported-title = Programme imported
web-programme-too-long = This programme is too long to send from here (256 KiB at most).

web-votes-link = Polls and decisions
web-votes-title = Polls and decisions
web-polls-heading = Polls
web-polls-none = No poll yet.
web-poll-heading = Poll #{ $number } — { $question }
web-poll-state = { $open ->
    [yes] open
   *[no] closed
}{ $anonymous ->
    [yes] , anonymous
   *[no] {""}
}
web-poll-chart-alt = Chart of the results: { $question }
web-decisions-heading = Decisions
web-decisions-none = No decision yet.
web-decision-heading = Decision #{ $number } — { $question }
web-decision-phases = Proposals until { $proposals }, amendments until { $amendments }, vote until { $vote }.
web-decision-no-record = The decision's record is written when the vote closes.

web-exports-link = Exports
web-exports-title = Sheets, certificates and exports
web-exports-intro = The same files as the export commands: attendance sheets to print and sign, completion certificates, the deliverables archive with its manifest.
web-exports-none = Exports are not available on this installation.
web-export-attendance-csv = Attendance: one row per person and half-day (CSV)
web-export-attendance-pdf = Attendance sheets to print and sign (PDF)
web-export-certificates = Completion certificates, one per participant (ZIP of PDFs)
web-export-deliverables = Deliverables, the latest version of each, with the manifest (ZIP)
web-export-failed = This file could not be made: { $error }

web-facilitator-stale = For the facilitators' pages and actions, sign in again at least every { $hours } hours: write !web to the bot, which confirms your role. Your path stays open.
