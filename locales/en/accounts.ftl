# One person, one account on each platform.

cmd-link-account-usage = !link-account [CODE]
cmd-link-account-summary = link your Matrix and Discord accounts: ask for a code here, then type !link-account CODE by private message on the other platform

link-account-code =
    🔗 Your code: **{ $code }** (valid { $minutes } minutes, once).
    On the other platform (Matrix or Discord), write to me privately: !link-account { $code }
    Your two accounts then become one: deliverables, votes, attendance and reminders together, one private message each time. Give this code to nobody.
link-account-in-room = This code was written where everyone can read it: it is worth nothing now. Ask for another one (!link-account) and type it in a private message.
link-account-bad-code = I do not know this code, or it has expired (it is valid 10 minutes, once). Ask for a new one with !link-account on your first account.
link-account-same-platform = This code was asked for from this same platform: type it in a private message from your account on the other platform.
link-account-unknown = I do not know you in any cohort: write in your cohort's room first, then ask for the code.
link-account-done =
    🔗 Done: this account is linked to your { $other ->
        [matrix] Matrix
        [discord] Discord
       *[other] { $other }
    } account ({ $cohorts ->
        [one] one cohort
       *[other] { $cohorts } cohorts
    }{ $merged ->
        [0] {""}
       *[other] , data brought together
    }).
    From now on I write to you privately where you last wrote to me, once.
