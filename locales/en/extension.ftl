# Extensions: asking for more time on a deliverable, granting or refusing it.

cmd-extension-usage = !extension N reason | !extension grant N @member DATE | !extension refuse N @member reason
cmd-extension-summary = ask for more time on the deliverable of session N (privately, preferably); facilitators: grant one person a new deadline, or refuse

extension-requested = Passed on to the facilitators: you ask for more time on the deliverable of session { $number } (current deadline: { $due }). Their answer will come by private message.
extension-requested-facilitators =
    ⏳ { $name } asks for more time on the deliverable “{ $title }” of session { $number } (current deadline: { $due }):
    “{ $reason }”
    To answer: !extension grant { $number } @{ $mention } DATE (for example 2027-03-20 18:00, or monday 6pm), or !extension refuse { $number } @{ $mention } reason
extension-granted = ✅ Extension granted for the deliverable “{ $title }” of session { $number }: your new deadline is { $due }. Reminders will follow that date.
extension-granted-facilitator = Extension granted to { $name } for session { $number }: new deadline { $due } (told privately, reminders scheduled).
extension-refused = Your request for more time on session { $number } was not accepted: “{ $reason }”. The deadline stays { $due }.
extension-refused-facilitator = Refusal sent to { $name } for session { $number }.
extension-bad-date = I did not understand the end of the date: “{ $words }”. Write for example 2027-03-20 18:00 or monday 6pm.
extension-date-out-of-range = The new deadline must be in the future, after the cohort's deadline ({ $due }) and at most { $days } days after it.
job-deadline-extended = With an extension granted: { $names }.
