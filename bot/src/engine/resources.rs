//! The pool of resources and skills: `!offre`, `!besoin` (posted for the cohort to see, and
//! matched against the other side at once: both people told privately), `!ressources [mots]`,
//! `!mes-offres`, `!offre retirer N`, and `!relier O B` for facilitators.

use sqlx::SqliteConnection;

use super::context::Ctx;
use super::{HandlerResult, Reply};
use crate::command::ResourceAction;
use crate::domain::{Cohort, Member, Role};
use crate::error::UserError;
use crate::i18n::Msg;
use crate::resources::{ResourceKind, answers, found};
use crate::store::{
    self,
    resources::{NewResource, Resource, Side},
};

/// Longest title and place of a resource, in characters.
const TITLE_CHARS: usize = 200;
const PLACE_CHARS: usize = 100;
/// Offers and needs one member may have open at once.
const OPEN_PER_MEMBER: usize = 30;
/// Lines `!ressources` shows at most.
const SHOWN: usize = 40;

pub(crate) async fn handle(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    action: ResourceAction,
) -> HandlerResult {
    match action {
        ResourceAction::Post {
            offer,
            title,
            kind,
            place,
        } => post(conn, ctx, offer, &title, &kind, place.as_deref()).await,
        ResourceAction::Withdraw { offer, number } => withdraw(conn, ctx, offer, number).await,
        ResourceAction::Search { query } => search(conn, ctx, &query).await,
        ResourceAction::Mine => mine(conn, ctx).await,
        ResourceAction::Connect { offer, need } => connect(conn, ctx, offer, need).await,
    }
}

async fn post(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    offer: bool,
    title: &str,
    kind: &str,
    place: Option<&str>,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    let kind = ResourceKind::parse(kind)
        .ok_or_else(|| UserError(Msg::new("resource-bad-kind").arg("word", kind)))?;
    crate::limits::Limits::check_chars(title, TITLE_CHARS)?;
    if let Some(p) = place {
        crate::limits::Limits::check_chars(p, PLACE_CHARS)?;
    }
    let mine = store::resources::of_member(conn, member.id).await?;
    if mine.iter().filter(|r| r.withdrawn_at.is_none()).count() >= OPEN_PER_MEMBER {
        return Err(UserError(Msg::new("resource-too-many").arg("max", OPEN_PER_MEMBER)).into());
    }
    let title = crate::text::clean_display_name(title, "");
    let place = place
        .map(|p| crate::text::clean_display_name(p, ""))
        .filter(|p| !p.is_empty());
    let side = if offer { Side::Offer } else { Side::Need };
    let new = NewResource {
        cohort: cohort.id,
        member: member.id,
        side,
        kind,
        title: &title,
        place: place.as_deref(),
    };
    let posted = store::resources::add(conn, &new, ctx.now).await?;
    let mut out = Vec::new();
    let mut found_numbers = Vec::new();
    for other in store::resources::active(conn, cohort.id).await? {
        if other.side == side || other.member == member.id {
            continue;
        }
        let (o, n) = if offer {
            (&posted, &other)
        } else {
            (&other, &posted)
        };
        if !answers((o.kind, &o.title), (n.kind, &n.title)) {
            continue;
        }
        store::resources::matched(conn, o.id, n.id, None, ctx.now).await?;
        found_numbers.push(other.number);
        // Both people are told privately, each of the other's resource.
        out.extend(tell(conn, cohort, &other, &posted, member).await?);
        if let Some(theirs) = store::members::by_id(conn, other.member).await? {
            out.extend(tell(conn, cohort, &posted, &other, &theirs).await?);
        }
    }
    let posted_id = if offer {
        "resource-offer-posted"
    } else {
        "resource-need-posted"
    };
    let mut lines = vec![Msg::new(posted_id).arg("line", line(&posted, member))];
    if !found_numbers.is_empty() {
        lines.push(Msg::new("resource-matches-found").arg("numbers", numbers(&found_numbers)));
    }
    out.insert(0, ctx.reply(Msg::new("text").arg("text", lines)));
    Ok(out)
}

/// The author of `theirs` told privately that `posted` (by `who`) may answer it.
async fn tell(
    conn: &mut SqliteConnection,
    cohort: &Cohort,
    theirs: &Resource,
    posted: &Resource,
    who: &Member,
) -> Result<Option<Reply>, store::StoreError> {
    let Some(author) = store::members::by_id(conn, theirs.member).await? else {
        return Ok(None);
    };
    let Some(dm) = store::members::dm_identity(conn, author.id).await? else {
        return Ok(None);
    };
    let msg = Msg::new("resource-match-told")
        .arg("mine", theirs.number)
        .arg("mine_title", theirs.title.as_str())
        .arg("theirs", posted.number)
        .arg("title", posted.title.as_str())
        .arg("name", who.display_name.as_str())
        .arg("side", side_word(posted.side));
    Ok(Some(Reply::direct(dm, &author, cohort, msg)))
}

async fn withdraw(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    offer: bool,
    number: u32,
) -> HandlerResult {
    let (cohort, member) = ctx.membership()?;
    let side = if offer { Side::Offer } else { Side::Need };
    let r = store::resources::by_number(conn, cohort.id, number)
        .await?
        .filter(|r| r.side == side && (r.member == member.id || member.role == Role::Facilitator))
        .ok_or_else(|| UserError(Msg::new("resource-not-yours").arg("number", number)))?;
    if !store::resources::withdraw(conn, r.id, ctx.now).await? {
        return Err(UserError(Msg::new("resource-already-withdrawn").arg("number", number)).into());
    }
    Ok(vec![ctx.reply(
        Msg::new("resource-withdrawn").arg("number", number),
    )])
}

async fn search(conn: &mut SqliteConnection, ctx: &Ctx<'_>, query: &str) -> HandlerResult {
    let (cohort, _) = ctx.membership()?;
    crate::limits::Limits::check_chars(query, TITLE_CHARS)?;
    let members = store::members::of_cohort(conn, cohort.id).await?;
    let all = store::resources::active(conn, cohort.id).await?;
    let hits: Vec<&Resource> = all
        .iter()
        .filter(|r| {
            let text = format!(
                "{} {} {}",
                r.title,
                r.place.as_deref().unwrap_or(""),
                r.kind.as_str()
            );
            found(&text, query)
        })
        .collect();
    let header = if query.trim().is_empty() {
        "resources-header"
    } else {
        "resources-header-search"
    };
    let mut lines = vec![
        Msg::new(header)
            .arg("count", hits.len())
            .arg("query", query),
    ];
    for r in hits.iter().take(SHOWN) {
        let Some(m) = members.iter().find(|m| m.id == r.member) else {
            continue;
        };
        lines.push(line(r, m));
    }
    if hits.len() > SHOWN {
        lines.push(Msg::new("resources-more").arg("count", hits.len() - SHOWN));
    }
    Ok(vec![ctx.reply(Msg::new("text").arg("text", lines))])
}

async fn mine(conn: &mut SqliteConnection, ctx: &Ctx<'_>) -> HandlerResult {
    let (_, member) = ctx.membership()?;
    let mut lines = vec![Msg::new("resources-mine-header")];
    let mine = store::resources::of_member(conn, member.id).await?;
    for r in &mine {
        let mut l = line(r, member);
        if r.withdrawn_at.is_some() {
            l = Msg::new("resource-line-withdrawn").arg("line", l);
        }
        lines.push(l);
        let matched = store::resources::matches_of(conn, r.id).await?;
        if !matched.is_empty() {
            lines.push(Msg::new("resource-line-matches").arg("numbers", numbers(&matched)));
        }
    }
    if mine.is_empty() {
        lines.push(Msg::new("resources-mine-none"));
    }
    let mut out = vec![ctx.reply_private(Msg::new("text").arg("text", lines))];
    out.extend(ctx.pointer_to_private());
    Ok(out)
}

async fn connect(
    conn: &mut SqliteConnection,
    ctx: &Ctx<'_>,
    offer: u32,
    need: u32,
) -> HandlerResult {
    let (cohort, facilitator) = ctx.membership()?;
    let o = store::resources::by_number(conn, cohort.id, offer)
        .await?
        .filter(|r| r.side == Side::Offer && r.withdrawn_at.is_none())
        .ok_or_else(|| UserError(Msg::new("resource-no-offer").arg("number", offer)))?;
    let n = store::resources::by_number(conn, cohort.id, need)
        .await?
        .filter(|r| r.side == Side::Need && r.withdrawn_at.is_none())
        .ok_or_else(|| UserError(Msg::new("resource-no-need").arg("number", need)))?;
    store::resources::matched(conn, o.id, n.id, Some(facilitator.id), ctx.now).await?;
    let (Some(offerer), Some(needer)) = (
        store::members::by_id(conn, o.member).await?,
        store::members::by_id(conn, n.member).await?,
    ) else {
        return Err(UserError(Msg::new("resource-no-need").arg("number", need)).into());
    };
    let mut out = vec![
        ctx.reply(
            Msg::new("resource-connected")
                .arg("offer", offer)
                .arg("need", need),
        ),
    ];
    out.extend(tell(conn, cohort, &o, &n, &needer).await?);
    out.extend(tell(conn, cohort, &n, &o, &offerer).await?);
    Ok(out)
}

/// `#3 [lieu] Salle de réunion 30 places (Lyon 1er) — Ana`.
fn line(r: &Resource, who: &Member) -> Msg {
    let msg = match &r.place {
        Some(place) => Msg::new("resource-line-at").arg("place", place.as_str()),
        None => Msg::new("resource-line"),
    };
    msg.arg("number", r.number)
        .arg("side", side_word(r.side))
        .arg("kind", r.kind.as_str())
        .arg("title", r.title.as_str())
        .arg("name", who.display_name.as_str())
}

fn numbers(ns: &[u32]) -> String {
    ns.iter()
        .map(|n| format!("#{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn side_word(side: Side) -> &'static str {
    match side {
        Side::Offer => "offer",
        Side::Need => "need",
    }
}
