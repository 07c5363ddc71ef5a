# Pooling resources and skills.

cmd-offer-usage = !offer "What you offer" --kind place|equipment|skill|funding|other [--where "where"] | !offer withdraw N
cmd-offer-summary = offer a resource or a skill to the cohort (needs it answers are pointed out to both people)
cmd-need-usage = !need "What you need" --kind place|equipment|skill|funding|other [--where "where"] | !need withdraw N
cmd-need-summary = say what you lack; offers that answer it are pointed out to you and to their authors
cmd-resources-usage = !resources [words]
cmd-resources-summary = the cohort's offers and needs, or those containing these words
cmd-my-offers-usage = !my-offers
cmd-my-offers-summary = your offers and needs, with who you were put in touch with
cmd-connect-usage = !connect OFFER NEED
cmd-connect-summary = facilitators: put offer OFFER and need NEED in touch (both people are told privately)

resource-bad-kind = I do not know the kind "{ $word }": write place, equipment, skill, funding or other.
resource-too-many = You already have { $max } open offers and needs: withdraw one (!offer withdraw N, !need withdraw N) before adding another.
resource-line = #{ $number } { $side ->
        [offer] 🎁 offer
       *[need] 🔎 need
    } ({ $kind ->
        [lieu] place
        [materiel] equipment
        [competence] skill
        [financement] funding
       *[autre] other
    }): { $title } — { $name }
resource-line-at = #{ $number } { $side ->
        [offer] 🎁 offer
       *[need] 🔎 need
    } ({ $kind ->
        [lieu] place
        [materiel] equipment
        [competence] skill
        [financement] funding
       *[autre] other
    }): { $title }, { $place } — { $name }
resource-offer-posted = Offer recorded: { $line }
resource-need-posted = Need recorded: { $line }
resource-matches-found = This may match: { $numbers } (the people concerned are told privately; see !resources).
resource-match-told = 🤝 Your { $side ->
        [offer] need
       *[need] offer
    } #{ $mine } "{ $mine_title }" may match { $side ->
        [offer] the offer
       *[need] the need
    } #{ $theirs } by { $name }: "{ $title }". Write to them about it!
resource-not-yours = You have no offer or need number { $number } to withdraw (see !my-offers).
resource-already-withdrawn = Number { $number } is already withdrawn.
resource-withdrawn = Number { $number } withdrawn from the pool.
resources-header = **The cohort's pool** — { $count } offer(s) and need(s)
resources-header-search = **The cohort's pool** — { $count } result(s) for "{ $query }"
resources-more = … and { $count } more: narrow the search (!resources words).
resources-mine-header = **Your offers and needs**
resources-mine-none = You have neither offered nor asked for anything yet: !offer "…" --kind … or !need "…" --kind …
resource-line-withdrawn = { $line } (withdrawn)
resource-line-matches = ↳ put in touch with { $numbers }
resource-no-offer = No open offer number { $number }.
resource-no-need = No open need number { $number }.
resource-connected = Offer #{ $offer } and need #{ $need } put in touch: both people are told privately.
