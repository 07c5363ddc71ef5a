# Discord adapter: slash command options, poll buttons, closed DMs.

discord-option-atelier = the session's number
discord-option-arguments = the rest of the command, as after the command's name typed with !
discord-option-file = a file to attach (deliverable)
discord-atelier-choice = { $number }. { $title }
discord-vote-button = Vote
discord-checkin-ready = ✅ Ready
discord-present-on-site = 📍 Here on site
discord-present-remote = 💻 Here remotely
discord-checkin-ask = ❓ A question
discord-checkin-not-yet = ⏳ Not yet
discord-vote-submit = Send my vote
discord-grade-placeholder = { $option }: your grade
discord-choices-placeholder = Your choices ({ $max } at most)
discord-dm-closed = { $mention }, I cannot send you private messages. Allow direct messages from this server (server privacy settings) to get my reminders and answers.
discord-dm-closed-facilitators = I could not write privately to { $name } (direct messages closed); I told them in the channel.
discord-event-name = Session { $number } — { $title }
discord-ballot-page = { $question } (page { $page } of { $pages })
discord-ballot-next = Next
discord-ballot-previous = Previous
