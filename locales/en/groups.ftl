# Small groups for exercises, and the profile they are balanced on.

cmd-groups-usage = !groups [N] | !groups N --size 4 [--random] | !groups N --count 5 | !groups N confirm
cmd-groups-summary = the small groups of session N; facilitators: form them (a draft, balanced on profiles, never two people of one organisation together when it can be avoided), then confirm them
cmd-group-move-usage = !group [N] move @member G
cmd-group-move-summary = facilitators: put someone in group G (of session N, or of the groups formed last)
cmd-profile-usage = !profile [structure "Organisation name"] [kind association|local-authority|social-economy|other]
cmd-profile-summary = say where you come from: your organisation and its kind, for varied groups

profile-bad-kind = I do not know the kind "{ $word }": write association, local-authority, social-economy or other.
profile-shown = Your profile: organisation { $structure }, kind { $kind ->
        [asso] association
        [collectivite] local authority
        [ess] social economy
        [autre] other
       *[none] not given
    }. To change it: !profile structure "Name" kind association|local-authority|social-economy|other
groups-none-yet = No groups have been formed in this cohort yet.
groups-none = No groups for session { $number } for now.
groups-already-confirmed = The groups of session { $number } are already confirmed and announced: move someone with !group { $number } move @member G.
groups-nobody = Nobody to put in groups yet: people become members by writing in the cohort's room.
groups-bad-sizing = No groups can be made with { $value }: { $participants } participants, groups of 2 to { $max } people, or 1 to { $participants } groups.
groups-draft-next = To adjust: !group { $number } move @member G · to start again: !groups { $number } --size S · to announce: !groups { $number } confirm
groups-no-draft = No draft groups to confirm for session { $number }: form them first with !groups { $number } --size S.
groups-no-such-group = There is no group { $group } ({ $count } groups; { $count } + 1 to start a new one).
groups-moved = { $name } is now in group { $group } of session { $number }.
groups-cancelled = Session { $number } is cancelled: no groups.
groups-draft-header = **Draft groups of session { $number } “{ $title }”** ({ $count } groups, seen by facilitators only)
groups-header = 👥 **The groups of session { $number } “{ $title }”** ({ $count } groups)
groups-line = Group { $group }: { $names }
groups-you = 👥 For session { $number } “{ $title }”, you are in group { $group } with { $names }.
groups-you-alone = 👥 For session { $number } “{ $title }”, you are in group { $group }, on your own for now.
profile-structure = "{ $name }"
profile-structure-none = not given
groups-exercise = Instructions for the exercise: { $text }
group-space-name = Session { $number } — group { $group }
groups-space-welcome = 👥 Welcome to the space of group { $group } of session { $number } “{ $title }”: { $names }.
groups-space-joined = 👥 { $name } joins the group.
