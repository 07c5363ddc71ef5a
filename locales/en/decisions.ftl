# Decisions: from proposals to a public record.

cmd-decision-usage = !decide "Question" --proposals DATE --amendments DATE --vote DATE [--open] | !decide N
cmd-decision-summary = facilitators: open a decision in three steps (proposals, amendments, majority-judgment vote, secret unless --open); everyone: see decision N
cmd-decisions-usage = !decisions-list
cmd-decisions-summary = the cohort's decisions, where they stand, and their result
cmd-propose-usage = !propose D "Title" text
cmd-propose-summary = make a proposal for decision D while proposals are open
cmd-amend-usage = !amend D P text | !amend accept|refuse D P A
cmd-amend-summary = propose an addition to proposal P; its author accepts or refuses each amendment (versions are kept)

decision-bad-dates = The three dates must follow one another, in the future: the end of proposals, then of amendments, then of the vote (for example --proposals monday 6pm --amendments wednesday 6pm --vote friday 6pm).
decision-opened =
    🗳️ **Decision { $number }: { $question }**
    Proposals until { $proposals } (!propose { $number } "Title" text), amendments until { $amendments } (!amend { $number } P text), majority-judgment vote until { $vote }{ $secret ->
        [yes] , by secret ballot.
       *[no] , by open ballot.
    }
decision-none = No decision { $number } (see !decisions-list).
decision-phase-over = Not the time for decision { $number }: { $phase ->
        [proposals] proposals are closed.
       *[amendments] amendments are not open.
    }
decision-too-many = At most { $max } proposals per decision.
decision-duplicate = A proposal is already called "{ $title }".
decision-proposed = Proposal { $number } for decision { $decision }: "{ $title }" ({ $name }).
decision-no-proposal = No proposal { $number } in this decision.
decision-amended = Amendment { $number } to proposal { $proposal } (decision { $decision }) by { $name }: its author will accept or refuse it.
decision-amendment-to-author =
    ✍️ Amendment { $number } to your proposal { $proposal } "{ $title }" (decision { $decision }):
    "{ $text }"
    To include it: !amend accept { $decision } { $proposal } { $number } · to refuse it: !amend refuse { $decision } { $proposal } { $number }
decision-not-your-proposal = Proposal { $number } is not yours: only its author settles its amendments.
decision-no-amendment = No pending amendment { $number } on this proposal.
decision-settled = Amendment { $number } { $accepted ->
        [yes] included: proposal { $proposal } has a new version.
       *[no] refused.
    }
decisions-header = **The cohort's decisions** ({ $count })
decisions-line = { $number }: { $question } — { $phase ->
    [proposals] proposals open
    [amendments] amendments open
    [vote] vote open
    [counting] counting
   *[closed] closed
}
decision-header =
    🗳️ **Decision { $number }: { $question }** — { $phase ->
        [proposals] proposals open
        [amendments] amendments open
        [vote] vote open
        [counting] counting
       *[closed] closed
    }
    Proposals until { $proposals }, amendments until { $amendments }, vote until { $vote }.
decision-proposal-line = • Proposal { $number } "{ $title }" ({ $name }, version { $versions }): { $text }
decision-amendment-line =   ↳ amendment { $number } ({ $name }): "{ $text }" — { $state ->
        [accepted] included
        [refused] refused
       *[pending] pending
    }
decision-record-line = 📜 Result: { $result }
decision-reminder = ⏳ Decision { $number } "{ $question }": { $phase ->
        [proposals] proposals close
        [amendments] amendments close
       *[vote] the vote closes
    } on { $until }.
decision-amendments-open = 🗳️ Decision { $number } "{ $question }": proposals are closed ({ $proposals }). Amendments open until { $until }: !amend { $number } P text
decision-vote-open = 🗳️ Decision { $number }: the vote is open.
decision-result-winner = "{ $title }" adopted, majority grade "{ $grade }"
decision-result-none = no proposal adopted (no vote, or fewer than two proposals)
decision-result-tie = an exact tie between several proposals
decision-recorded = 📜 **Decision { $number }: { $question }** — { $result }; { $voters } voters of { $eligible } members. The full record: !decide { $number }
decision-files =   📎 { $files }
decision-electorate = the cohort's { $count } members when the vote closed, participants and facilitators (observers do not vote)
