//! Small groups for exercises: `!profil` (where one comes from), `!groupes N --taille 4` (a
//! draft, balanced on the profiles), `!groupes N confirmer` (announced in the room, each member
//! told privately with their group and the exercise), `!groupe deplacer @membre 2`.

use std::collections::HashMap;

use sqlx::SqliteConnection;

use super::context::{Ctx, mentioned_member};
use super::info::find_atelier;
use super::{HandlerResult, Reply};
use crate::command::GroupsAction;
use crate::domain::{Atelier, Cohort, Member};
use crate::error::UserError;
use crate::groups::{GroupError, Mode, Profile, StructureKind};
use crate::i18n::Msg;
use crate::ids::MemberId;
use crate::store::{self, Destination, groups::SetState};

/// `!groupes …` and `!groupe deplacer …`.
pub(crate) async fn handle(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    action: GroupsAction,
) -> HandlerResult {
    match action {
        GroupsAction::Show { atelier } => show(conn, ctx, atelier).await,
        GroupsAction::Form {
            atelier,
            sizing,
            random,
        } => form(conn, ctx, atelier, sizing, random).await,
        GroupsAction::Confirm { atelier } => confirm(conn, ctx, atelier).await,
        GroupsAction::Move {
            atelier,
            member,
            group,
        } => move_member(conn, ctx, atelier, &member, group).await,
    }
}

/// `!profil`, `!profil structure "…" type …`.
pub(crate) async fn profile(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    structure: Option<String>,
    kind: Option<String>,
) -> HandlerResult {
    let (_, member) = ctx.membership()?;
    let kind = match kind.as_deref() {
        None => None,
        Some(word) => Some(
            StructureKind::parse(word)
                .ok_or_else(|| UserError(Msg::new("profile-bad-kind").arg("word", word)))?,
        ),
    };
    if let Some(s) = &structure {
        crate::limits::Limits::check_chars(s, crate::text::MAX_NAME_CHARS)?;
    }
    let structure = structure.map(|s| crate::text::clean_display_name(&s, ""));
    if structure.is_some() || kind.is_some() {
        let structure = structure.as_deref().filter(|s| !s.is_empty());
        store::groups::set_profile(conn, member.id, structure, kind, ctx.now).await?;
    }
    let p = store::groups::profile(conn, member.id).await?;
    let mut out = vec![ctx.reply_private(profile_msg(&p))];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

fn profile_msg(p: &Profile) -> Msg {
    let structure = match &p.structure {
        Some(name) => Msg::new("profile-structure").arg("name", name.as_str()),
        None => Msg::new("profile-structure-none"),
    };
    Msg::new("profile-shown")
        .arg("structure", crate::i18n::Arg::Msg(Box::new(structure)))
        .arg("kind", p.kind.map(StructureKind::as_str).unwrap_or("none"))
}

async fn show(conn: &mut SqliteConnection, ctx: &Ctx<'_>, atelier: Option<u32>) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let number = match atelier {
        Some(n) => n,
        None => store::groups::latest(conn, cohort.id)
            .await?
            .ok_or_else(|| UserError::new("groups-none-yet"))?,
    };
    let a = find_atelier(conn, cohort, number).await?;
    let Some(set) = store::groups::group_set(conn, a.id).await? else {
        return Err(UserError(Msg::new("groups-none").arg("number", number)).into());
    };
    // A draft is the facilitators' business until it is confirmed.
    if set.state == SetState::Draft
        && ctx
            .member
            .as_ref()
            .is_none_or(|m| m.role < crate::domain::Role::Facilitator)
    {
        return Err(UserError(Msg::new("groups-none").arg("number", number)).into());
    }
    let names = names(conn, cohort).await?;
    Ok(vec![ctx.reply(listing(&a, &set.groups, set.state, &names))])
}

async fn form(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    number: u32,
    sizing: crate::groups::Sizing,
    random: bool,
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let a = live_atelier(conn, cohort, number).await?;
    if let Some(set) = store::groups::group_set(conn, a.id).await?
        && set.state == SetState::Confirmed
    {
        return Err(UserError(Msg::new("groups-already-confirmed").arg("number", number)).into());
    }
    let candidates = store::groups::candidates(conn, cohort.id).await?;
    let mut seed = [0u8; 8];
    getrandom::fill(&mut seed)
        .map_err(|e| store::StoreError::Corrupt(format!("no randomness: {e}")))?;
    let mode = if random { Mode::Random } else { Mode::Balanced };
    let groups =
        crate::groups::form(&candidates, sizing, mode, u64::from_le_bytes(seed)).map_err(|e| {
            match e {
                GroupError::Nobody => UserError::new("groups-nobody"),
                GroupError::BadSizing(n) => UserError(
                    Msg::new("groups-bad-sizing")
                        .arg("value", n)
                        .arg("participants", candidates.len())
                        .arg("max", crate::groups::MAX_GROUPS),
                ),
            }
        })?;
    store::groups::save_draft(conn, a.id, &groups, ctx.now).await?;
    let names = names(conn, cohort).await?;
    let mut lines = vec![listing(&a, &groups, SetState::Draft, &names)];
    lines.push(Msg::new("groups-draft-next").arg("number", number));
    let mut out = vec![ctx.reply_private(Msg::new("text").arg("text", lines))];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

async fn confirm(conn: &mut SqliteConnection, ctx: &Ctx<'_>, number: u32) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let a = live_atelier(conn, cohort, number).await?;
    if !store::groups::confirm(conn, a.id, ctx.now).await? {
        return Err(UserError(Msg::new("groups-no-draft").arg("number", number)).into());
    }
    let set = store::groups::group_set(conn, a.id)
        .await?
        .ok_or_else(|| UserError(Msg::new("groups-no-draft").arg("number", number)))?;
    let names = names(conn, cohort).await?;
    let announce = listing(&a, &set.groups, SetState::Confirmed, &names);
    let mut out = super::to_cohort_rooms(conn, cohort, &announce).await?;
    for (i, group) in set.groups.iter().enumerate() {
        out.extend(tell_group(conn, cohort, &a, i + 1, group, &names).await?);
        let mut welcome = vec![
            Msg::new("groups-space-welcome")
                .arg("group", i + 1)
                .arg("number", a.number)
                .arg("title", a.title.as_str())
                .arg("names", group_names(group, &names)),
        ];
        if let Some(exercise) = &a.exercise {
            welcome.push(Msg::new("groups-exercise").arg("text", exercise.as_str()));
        }
        let welcome = Msg::new("text").arg("text", welcome);
        out.extend(in_spaces(conn, cohort, &a, i + 1, &welcome).await?);
    }
    if !matches!(ctx.msg.place, super::Place::Room(_)) {
        out.push(ctx.reply(announce));
    }
    Ok(out)
}

async fn move_member(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    atelier: Option<u32>,
    mention: &str,
    group: u32,
) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    let number = match atelier {
        Some(n) => n,
        None => store::groups::latest(conn, cohort.id)
            .await?
            .ok_or_else(|| UserError::new("groups-none-yet"))?,
    };
    let a = live_atelier(conn, cohort, number).await?;
    let set = store::groups::group_set(conn, a.id)
        .await?
        .ok_or_else(|| UserError(Msg::new("groups-none").arg("number", number)))?;
    let member = mentioned_member(conn, ctx, mention).await?;
    let count = u32::try_from(set.groups.len()).unwrap_or(u32::MAX);
    // One more group than there are is allowed: a new group of one to start.
    if group > count.saturating_add(1) || usize::try_from(group).is_err() {
        return Err(UserError(
            Msg::new("groups-no-such-group")
                .arg("group", group)
                .arg("count", count),
        )
        .into());
    }
    let group_index = usize::try_from(group).unwrap_or(usize::MAX);
    store::groups::place(conn, a.id, member.id, group_index).await?;
    let mut out = vec![
        ctx.reply(
            Msg::new("groups-moved")
                .arg("name", member.display_name.as_str())
                .arg("group", group)
                .arg("number", number),
        ),
    ];
    if set.state == SetState::Confirmed {
        let set = store::groups::group_set(conn, a.id).await?.unwrap_or(set);
        let names = names(conn, cohort).await?;
        if let Some(members) = set.groups.get(group_index - 1) {
            let told = tell_group(conn, cohort, &a, group_index, members, &names).await?;
            out.extend(told.into_iter().filter(|r| r.member == Some(member.id)));
        }
        // Posting in the group's space is also what invites the newcomer there.
        let joined = Msg::new("groups-space-joined").arg("name", member.display_name.as_str());
        out.extend(in_spaces(conn, cohort, &a, group_index, &joined).await?);
    }
    Ok(out)
}

/// Atelier `number`, refused when it is cancelled.
async fn live_atelier(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    number: u32,
) -> Result<Atelier, super::Failure> {
    let a = find_atelier(conn, cohort, number).await?;
    if a.cancelled.is_some() {
        return Err(UserError(Msg::new("groups-cancelled").arg("number", number)).into());
    }
    Ok(a)
}

async fn names(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
) -> Result<HashMap<MemberId, Member>, store::StoreError> {
    Ok(store::members::of_cohort(conn, cohort.id)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect())
}

fn group_names(group: &[MemberId], names: &HashMap<MemberId, Member>) -> String {
    let mut list: Vec<&str> = group
        .iter()
        .filter_map(|m| names.get(m).map(|m| m.display_name.as_str()))
        .collect();
    list.sort_by_key(|n| crate::text::comparable(n));
    list.join(", ")
}

/// The groups of `a`, one line each.
fn listing(
    a: &Atelier,
    groups: &[Vec<MemberId>],
    state: SetState,
    names: &HashMap<MemberId, Member>,
) -> Msg {
    let mut lines = vec![
        Msg::new(if state == SetState::Draft {
            "groups-draft-header"
        } else {
            "groups-header"
        })
        .arg("number", a.number)
        .arg("title", a.title.as_str())
        .arg("count", groups.len()),
    ];
    for (i, group) in groups.iter().enumerate() {
        lines.push(
            Msg::new("groups-line")
                .arg("group", i + 1)
                .arg("names", group_names(group, names)),
        );
    }
    Msg::new("text").arg("text", lines)
}

/// `msg` in the space of group `group` on each platform the cohort lives on.
async fn in_spaces(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    a: &Atelier,
    group: usize,
    msg: &Msg,
) -> Result<Vec<Reply>, store::StoreError> {
    let mut platforms: Vec<crate::ids::Platform> = store::cohorts::cohort_rooms(conn, cohort.id)
        .await?
        .into_iter()
        .map(|r| r.platform)
        .collect();
    platforms.sort_by_key(|p| p.as_str());
    platforms.dedup();
    Ok(platforms
        .into_iter()
        .map(|platform| Reply {
            to: Destination::Space(crate::ids::SpaceRef {
                platform,
                cohort: cohort.id,
                atelier: a.number,
                group: u32::try_from(group).unwrap_or(u32::MAX),
            }),
            member: None,
            lang: cohort.language,
            msg: msg.clone(),
            in_reply_to: None,
            attachments: Vec::new(),
            key: None,
            replaces: None,
            extra: None,
        })
        .collect())
}

/// Each member of group `number` told privately: who is with them, and the exercise.
async fn tell_group(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    a: &Atelier,
    number: usize,
    group: &[MemberId],
    names: &HashMap<MemberId, Member>,
) -> Result<Vec<Reply>, store::StoreError> {
    let mut out = Vec::new();
    for id in group {
        let (Some(member), Some(dm)) =
            (names.get(id), store::members::dm_identity(conn, *id).await?)
        else {
            continue;
        };
        let others: Vec<MemberId> = group.iter().copied().filter(|m| m != id).collect();
        let mut lines = vec![
            Msg::new(if others.is_empty() {
                "groups-you-alone"
            } else {
                "groups-you"
            })
            .arg("number", a.number)
            .arg("title", a.title.as_str())
            .arg("group", number)
            .arg("names", group_names(&others, names)),
        ];
        if let Some(exercise) = &a.exercise {
            lines.push(Msg::new("groups-exercise").arg("text", exercise.as_str()));
        }
        out.push(Reply::direct(
            dm,
            member,
            cohort,
            Msg::new("text").arg("text", lines),
        ));
    }
    Ok(out)
}
