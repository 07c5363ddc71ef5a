## Problems found in a programme file, shown to the facilitator who wrote it.

# A problem with its position: "line 12, column 3: …".
programme-problem-at = line { $line }, column { $column }: { $message }

programme-syntax = the file is not valid TOML: { $detail }

## Where a key lives, slotted into other messages as $place.
programme-place-root = at the top level of the file
programme-place-table = in { $table }

## Value types, slotted into programme-wrong-type as $expected and $found.
programme-type-text = quoted text
programme-type-integer = a whole number
programme-type-float = a decimal number
programme-type-boolean = true or false
programme-type-datetime = a date and time
programme-type-date = a date
programme-type-time = a time of day
programme-type-array = a list
programme-type-table = a table
programme-type-list-of-tables = a list of tables (written with [[…]])
programme-type-text-or-list = a name or a list of names

programme-wrong-type = "{ $key }" must be { $expected }, not { $found }
programme-unknown-key = unknown key "{ $key }" { $place }
programme-unknown-key-suggest = unknown key "{ $key }" { $place }; did you mean "{ $suggestion }"?
programme-missing-key = missing key "{ $key }" { $place }
programme-empty-text = "{ $key }" is empty { $place }; write something in it, or remove the line if it is optional
programme-number-too-large = the number given for "{ $key }" is far too large
programme-bad-url = invalid link for "{ $key }": "{ $value }"; write a full address starting with https:// or http://
programme-time-offset = "{ $key }" must not carry a UTC offset: write the local time, the zone is set in [cohort] with "timezone"
programme-bad-datetime = invalid date and time for "{ $key }": "{ $value }"; write for example "2027-02-11 09:30"
programme-bad-date = invalid date for "{ $key }": "{ $value }"; write for example "2027-02-01"
programme-bad-time = invalid time for "{ $key }": "{ $value }"; write for example "09:00"

## [cohort]
programme-bad-cohort-name = invalid cohort name: "{ $value }"; use only lowercase letters without accents, digits and dashes, for example "bvm-printemps-2027"
programme-bad-timezone = unknown time zone: "{ $value }"; write an IANA zone name, for example "Europe/Paris"
programme-bad-timezone-suggest = unknown time zone: "{ $value }"; did you mean "{ $suggestion }"?
programme-bad-language = unknown language: "{ $value }"; write "fr" or "en"

## [[atelier]]
programme-no-atelier = the programme has no atelier; add at least one [[atelier]] section
programme-atelier-number-invalid = invalid atelier number: { $number }; ateliers are numbered from 1
programme-atelier-duplicate = atelier { $number } is already defined on line { $line }
programme-atelier-missing = atelier { $number } is missing: ateliers must be numbered 1, 2, 3… without gaps
programme-atelier-missing-range = ateliers { $first } to { $last } are missing: ateliers must be numbered 1, 2, 3… without gaps
programme-end-before-start = the atelier's end ({ $end }) must fall after its start ({ $start })
programme-deadline-before-end = the deadline of atelier { $number }'s deliverable ({ $due }) must fall after the atelier ends ({ $end })
programme-bad-deliverable-by = "by" is "person" (one deliverable per person, the default) or "group" (one per small group), not "{ $value }"
programme-due-twice = give either "due" (a date) or "due_after" (a duration after the atelier ends, for example "7d"), not both
programme-reference-empty = this reference has neither "url" nor "text"; give at least one of them
programme-bad-reference-kind = unknown reference kind: "{ $value }"; choose among lecture, video, audio, site, exercice

## [[rule]] and [[recurring]]
programme-bad-rule-kind = unknown reminder kind: "{ $value }"; choose among references, atelier-reminder, deadline-chase, deadline-summary
programme-before-and-after = a reminder cannot have both "before" and "after"; keep only one
programme-before-or-after-missing = "before" or "after" is missing to say when to send this reminder
programme-bad-duration = invalid duration for "{ $key }": "{ $value }"; write for example "7d", "2h", "1d12h" or "30m" (d = days, h = hours, m = minutes)
programme-at-needs-days = with "at", the duration must be whole days: "{ $value }" has hours or minutes
programme-empty-target = the list of recipients is empty; choose among room, participants, facilitators
programme-bad-target = unknown recipient: "{ $value }"; choose among room, participants, facilitators
programme-bad-cron = invalid cron rule: "{ $value }" ({ $detail }); write five fields minute hour day month weekday, for example "0 9 * * MON"
programme-cron-too-often = the rule "{ $value }" would send a reminder more than once an hour; leave at least { $minutes } minutes between two sends
programme-until-before-from = the recurring reminder's "until" date ({ $until }) falls before its "from" date ({ $from })
programme-bad-minutes = "{ $key }" must be a number of minutes between 0 and { $max }
programme-too-many-sessions = an atelier may have at most { $max } attendance sessions
programme-session-ends-first = this session ends before it starts
programme-session-overlaps = this session starts before the previous one ends: list them in order, without overlap
programme-session-outside = this session falls outside the atelier's days
programme-too-many-objectives = a programme may list at most { $max } objectives
programme-objective-too-long = an objective fits in { $max } characters at most
programme-bad-days = "{ $key }" must be a number of days between 1 and { $max }
programme-bad-hours = "{ $key }" must be a number of hours between 0 and { $max }
programme-review-out-of-range = "{ $key }" must be a whole number from { $min } to { $max }
programme-bad-criterion = each criterion is a text of 1 to { $max } characters
programme-criteria-count = give 1 to { $max } criteria
programme-type-list-of-texts = a list of texts, for example ["Clarity", "Feasibility"]
