## Date phrases at the start of a command (“tomorrow 9am …”): why one is refused.

phrase-examples = For instance: “tomorrow 9am”, “monday 14:30”, “12 March 9:30am”, “2027-03-12 09:00” or “in 2h”.
phrase-missing = The date is missing. { phrase-examples }
phrase-unknown = I cannot read “{ $text }” as a date. { phrase-examples }
phrase-impossible-date = “{ $text }” is not in the calendar: check the day and the month (for instance “28 February” or “2027-02-28”).
phrase-invalid-time = “{ $text }” is not a valid time: hours go from 0 to 23 and minutes from 0 to 59 (for instance “9:30” or “14:00”).
phrase-bad-duration = I cannot read “{ $text }” as a delay. For instance: “in 2h”, “in 1h30”, “in 45 min” or “in 3 days”.
phrase-past = That moment has already passed: { $when }. Choose a date to come, for instance “tomorrow 9am”.
phrase-weekday-mismatch = You wrote { $written }, but that date is { $date }. Fix the day or the date, or write the date alone (for instance “15 March 9am”).
