//! Polls as message components: buttons for single-choice polls, one select menu for
//! multiple-choice polls, a ballot of select menus for majority judgment. Every click becomes
//! a typed poll answer (`bot::engine::PollAnswer`), so the core decides everything (limits,
//! changes of mind).

use bot::command::poll_args::VoteArgs;
use bot::domain::Lang;
use bot::i18n::Msg;
use bot::poll::judgment::Grade;
use bot::store::MessageExtra;
use bot::store::polls::PollKind;
use serenity::all::{
    ButtonStyle, CreateActionRow, CreateButton, CreateSelectMenu, CreateSelectMenuKind,
    CreateSelectMenuOption,
};

use crate::text::truncate;

/// Discord allows five buttons per row and five rows per message.
const PER_ROW: usize = 5;
const MAX_ROWS: usize = 5;
/// A page of a judgment ballot has one select menu per option and a row of buttons; longer
/// polls (the core allows ten options) get several pages.
pub const GRADES_PER_PAGE: usize = MAX_ROWS - 1;
/// Discord allows 25 options in a select menu (the core allows fewer poll options anyway).
const MAX_MENU_OPTIONS: usize = 25;

/// What a component's `custom_id` means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Click {
    /// `vote:<poll>:<option>`: vote for one option (1-based).
    Choice { poll: u32, option: usize },
    /// `votes:<poll>`: the options picked in a multiple-choice menu (its values, 1-based).
    Choices { poll: u32 },
    /// `mj:<poll>`: open the judgment ballot.
    OpenBallot { poll: u32 },
    /// `mjg:<poll>:<option>`: a grade picked for an option (1-based) of the ballot.
    Grade { poll: u32, option: usize },
    /// `mjs:<poll>`: send the ballot.
    Submit { poll: u32 },
    /// `mjp:<poll>:<page>`: show a page (1-based) of the ballot.
    Page { poll: u32, page: usize },
    /// `ready:<atelier>`: ready for the atelier (a check-in message's button).
    Ready { atelier: u32 },
    /// `notyet:<atelier>`: not ready yet.
    NotYet { atelier: u32 },
    /// `ask:<atelier>`: how to ask a question about the preparation.
    Ask { atelier: u32 },
    /// `here:<atelier>:1` (on site) or `here:<atelier>:2` (remote): present at the session
    /// open now (an attendance opening's button).
    Present { atelier: u32, remote: bool },
}

impl Click {
    /// Parses a `custom_id` this adapter wrote; `None` for anything else.
    pub fn parse(custom_id: &str) -> Option<Click> {
        let mut parts = custom_id.split(':');
        let kind = parts.next()?;
        let poll: u32 = parts.next()?.parse().ok()?;
        let option = parts.next().map(str::parse::<usize>);
        if parts.next().is_some() {
            return None;
        }
        Some(match (kind, option) {
            ("vote", Some(Ok(option))) if option > 0 => Click::Choice { poll, option },
            ("votes", None) => Click::Choices { poll },
            ("mj", None) => Click::OpenBallot { poll },
            ("mjg", Some(Ok(option))) if option > 0 => Click::Grade { poll, option },
            ("mjs", None) => Click::Submit { poll },
            ("mjp", Some(Ok(page))) if page > 0 => Click::Page { poll, page },
            ("ready", None) => Click::Ready { atelier: poll },
            ("notyet", None) => Click::NotYet { atelier: poll },
            ("ask", None) => Click::Ask { atelier: poll },
            ("here", Some(Ok(1))) => Click::Present {
                atelier: poll,
                remote: false,
            },
            ("here", Some(Ok(2))) => Click::Present {
                atelier: poll,
                remote: true,
            },
            _ => return None,
        })
    }

    /// The `custom_id` of this click.
    pub fn custom_id(&self) -> String {
        match self {
            Click::Choice { poll, option } => format!("vote:{poll}:{option}"),
            Click::Choices { poll } => format!("votes:{poll}"),
            Click::OpenBallot { poll } => format!("mj:{poll}"),
            Click::Grade { poll, option } => format!("mjg:{poll}:{option}"),
            Click::Submit { poll } => format!("mjs:{poll}"),
            Click::Page { poll, page } => format!("mjp:{poll}:{page}"),
            Click::Ready { atelier } => format!("ready:{atelier}"),
            Click::NotYet { atelier } => format!("notyet:{atelier}"),
            Click::Ask { atelier } => format!("ask:{atelier}"),
            Click::Present { atelier, remote } => {
                format!("here:{atelier}:{}", if *remote { 2 } else { 1 })
            }
        }
    }
}

/// The answer of a completed judgment ballot, from the grade index chosen in each option's menu;
/// missing grades are left out, so the core answers with its own explanation of how to vote.
pub fn judgment_answer(grades: &[Option<usize>]) -> VoteArgs {
    VoteArgs::Grades(
        grades
            .iter()
            .flatten()
            .filter_map(|g| Grade::from_index(*g))
            .collect(),
    )
}

/// The answer of the options picked in a multiple-choice menu. Values this adapter did not
/// write are dropped; with none left the core explains how to vote.
pub fn choices_answer(values: &[String]) -> VoteArgs {
    VoteArgs::Choices(
        values
            .iter()
            .filter_map(|v| v.parse::<usize>().ok())
            .filter(|n| *n > 0)
            .collect(),
    )
}

/// The components of a poll announcement: one button per option (single choice), one select
/// menu (multiple choice: a click per option would cast a new single-option ballot each time),
/// or a "vote" button that opens a judgment ballot; a check-in message (references, the reminder
/// before an atelier) has "ready" and "not yet" buttons. Other messages have none.
pub fn announcement_components(extra: Option<&MessageExtra>, lang: Lang) -> Vec<CreateActionRow> {
    if let Some(MessageExtra::Attendance { atelier, .. }) = extra {
        let button = |remote: bool, id: &str| {
            let click = Click::Present {
                atelier: *atelier,
                remote,
            };
            CreateButton::new(click.custom_id())
                .label(Msg::new(id.to_owned()).render(lang))
                .style(ButtonStyle::Success)
        };
        return vec![CreateActionRow::Buttons(vec![
            button(false, "discord-present-on-site"),
            button(true, "discord-present-remote"),
        ])];
    }
    if let Some(MessageExtra::CheckIn { atelier }) = extra {
        let button = |click: Click, id: &str, style| {
            CreateButton::new(click.custom_id())
                .label(Msg::new(id.to_owned()).render(lang))
                .style(style)
        };
        return vec![CreateActionRow::Buttons(vec![
            button(
                Click::Ready { atelier: *atelier },
                "discord-checkin-ready",
                ButtonStyle::Success,
            ),
            button(
                Click::NotYet { atelier: *atelier },
                "discord-checkin-not-yet",
                ButtonStyle::Secondary,
            ),
            button(
                Click::Ask { atelier: *atelier },
                "discord-checkin-ask",
                ButtonStyle::Secondary,
            ),
        ])];
    }
    let Some(MessageExtra::Poll {
        number,
        options,
        kind,
        max,
        ..
    }) = extra
    else {
        return Vec::new();
    };
    if *kind == PollKind::Judgment {
        let open = CreateButton::new(Click::OpenBallot { poll: *number }.custom_id())
            .label(Msg::new("discord-vote-button").render(lang))
            .style(ButtonStyle::Primary);
        return vec![CreateActionRow::Buttons(vec![open])];
    }
    if *kind == PollKind::Multiple {
        return vec![choices_menu(*number, options, *max, lang)];
    }
    let buttons: Vec<CreateButton> = options
        .iter()
        .enumerate()
        .take(PER_ROW * MAX_ROWS)
        .map(|(i, text)| {
            CreateButton::new(
                Click::Choice {
                    poll: *number,
                    option: i + 1,
                }
                .custom_id(),
            )
            .label(truncate(&format!("{}. {text}", i + 1), 80))
            .style(ButtonStyle::Secondary)
        })
        .collect();
    buttons
        .chunks(PER_ROW)
        .map(|row| CreateActionRow::Buttons(row.to_vec()))
        .collect()
}

/// The select menu of a multiple-choice poll: at least one option, at most `max` (or all).
fn choices_menu(poll: u32, options: &[String], max: Option<usize>, lang: Lang) -> CreateActionRow {
    let shown = options.len().min(MAX_MENU_OPTIONS);
    let items = options
        .iter()
        .take(shown)
        .enumerate()
        .map(|(i, text)| {
            CreateSelectMenuOption::new(
                truncate(&format!("{}. {text}", i + 1), 100),
                (i + 1).to_string(),
            )
        })
        .collect();
    // Discord refuses a maximum above the number of options, and the core enforces `max` anyway.
    let most = max.unwrap_or(shown).clamp(1, shown.max(1));
    let placeholder = Msg::new("discord-choices-placeholder")
        .arg("max", most)
        .render(lang);
    CreateActionRow::SelectMenu(
        CreateSelectMenu::new(
            Click::Choices { poll }.custom_id(),
            CreateSelectMenuKind::String { options: items },
        )
        .min_values(1)
        .max_values(u8::try_from(most).unwrap_or(u8::MAX))
        .placeholder(truncate(&placeholder, 150)),
    )
}

/// How many pages the ballot of a judgment poll with `options` options has.
pub fn ballot_pages(options: usize) -> usize {
    options.div_ceil(GRADES_PER_PAGE).max(1)
}

/// Page `page` (1-based) of the ephemeral ballot of a judgment poll: one select menu of grades
/// per option, showing the grades already picked (`draft`), then "previous"/"next" buttons, and
/// "send" on the last page.
pub fn judgment_ballot(
    poll: u32,
    options: &[String],
    page: usize,
    draft: &[Option<usize>],
    lang: Lang,
) -> Vec<CreateActionRow> {
    let pages = ballot_pages(options.len());
    let page = page.clamp(1, pages);
    let first = (page - 1) * GRADES_PER_PAGE;
    let mut rows: Vec<CreateActionRow> = options
        .iter()
        .enumerate()
        .skip(first)
        .take(GRADES_PER_PAGE)
        .map(|(i, option)| {
            let picked = draft.get(i).copied().flatten();
            let grades = Grade::ALL
                .iter()
                .map(|g| {
                    CreateSelectMenuOption::new(g.to_msg().render(lang), g.index().to_string())
                        .default_selection(picked == Some(g.index()))
                })
                .collect();
            let placeholder = Msg::new("discord-grade-placeholder")
                .arg("option", truncate(option, 100))
                .render(lang);
            CreateActionRow::SelectMenu(
                CreateSelectMenu::new(
                    Click::Grade {
                        poll,
                        option: i + 1,
                    }
                    .custom_id(),
                    CreateSelectMenuKind::String { options: grades },
                )
                .placeholder(truncate(&placeholder, 150)),
            )
        })
        .collect();
    let mut buttons = Vec::new();
    if page > 1 {
        buttons.push(
            CreateButton::new(
                Click::Page {
                    poll,
                    page: page - 1,
                }
                .custom_id(),
            )
            .label(Msg::new("discord-ballot-previous").render(lang))
            .style(ButtonStyle::Secondary),
        );
    }
    buttons.push(if page < pages {
        CreateButton::new(
            Click::Page {
                poll,
                page: page + 1,
            }
            .custom_id(),
        )
        .label(Msg::new("discord-ballot-next").render(lang))
        .style(ButtonStyle::Primary)
    } else {
        CreateButton::new(Click::Submit { poll }.custom_id())
            .label(Msg::new("discord-vote-submit").render(lang))
            .style(ButtonStyle::Primary)
    });
    rows.push(CreateActionRow::Buttons(buttons));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip() {
        for c in [
            Click::Choice { poll: 3, option: 2 },
            Click::Choices { poll: 3 },
            Click::OpenBallot { poll: 1 },
            Click::Grade { poll: 1, option: 4 },
            Click::Submit { poll: 12 },
            Click::Page { poll: 2, page: 3 },
            Click::Ready { atelier: 4 },
            Click::NotYet { atelier: 4 },
            Click::Ask { atelier: 4 },
            Click::Present {
                atelier: 2,
                remote: true,
            },
            Click::Present {
                atelier: 2,
                remote: false,
            },
        ] {
            assert_eq!(Click::parse(&c.custom_id()), Some(c));
        }
        for bad in [
            "vote:1",
            "vote:x:1",
            "vote:1:0",
            "mj:1:2",
            "other",
            "vote:1:2:3",
            "votes:1:2",
        ] {
            assert_eq!(Click::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ballots_become_typed_answers() {
        assert_eq!(
            judgment_answer(&[Some(0), None, Some(6), Some(99)]),
            VoteArgs::Grades(vec![Grade::Excellent, Grade::ARejeter])
        );
        assert_eq!(judgment_answer(&[]), VoteArgs::Grades(Vec::new()));
    }

    #[test]
    fn options_become_buttons_five_per_row() {
        let extra = MessageExtra::Poll {
            number: 1,
            question: "Q".into(),
            options: (1..=7).map(|i| format!("option {i}")).collect(),
            kind: PollKind::Single,
            max: None,
            anonymous: false,
        };
        let rows = announcement_components(Some(&extra), Lang::Fr);
        assert_eq!(rows.len(), 2);
        let json = serde_json::to_value(&rows[1]).unwrap();
        assert_eq!(json["components"][1]["custom_id"], "vote:1:7");
    }

    #[test]
    fn a_multiple_choice_poll_is_one_menu_up_to_its_maximum() {
        let extra = MessageExtra::Poll {
            number: 4,
            question: "Q".into(),
            options: (1..=5).map(|i| format!("option {i}")).collect(),
            kind: PollKind::Multiple,
            max: Some(2),
            anonymous: false,
        };
        let rows = announcement_components(Some(&extra), Lang::Fr);
        assert_eq!(rows.len(), 1);
        let json = serde_json::to_value(&rows[0]).unwrap();
        let menu = &json["components"][0];
        assert_eq!(menu["custom_id"], "votes:4");
        assert_eq!(
            (menu["min_values"].as_u64(), menu["max_values"].as_u64()),
            (Some(1), Some(2))
        );
        assert_eq!(menu["options"][4]["value"], "5");
        assert_eq!(
            choices_answer(&["1".into(), "x".into(), "3".into(), "0".into()]),
            VoteArgs::Choices(vec![1, 3])
        );
    }

    #[test]
    fn a_long_judgment_ballot_has_pages_that_remember_the_grades() {
        let options: Vec<String> = (1..=9).map(|i| format!("option {i}")).collect();
        assert_eq!(ballot_pages(options.len()), 3);
        let mut draft = vec![None; 9];
        draft[4] = Some(2);
        let ids = |rows: &[CreateActionRow]| -> Vec<String> {
            let json = serde_json::to_value(rows).unwrap();
            json.as_array()
                .unwrap()
                .iter()
                .flat_map(|r| r["components"].as_array().unwrap().clone())
                .map(|c| c["custom_id"].as_str().unwrap().to_owned())
                .collect()
        };
        let first = judgment_ballot(1, &options, 1, &draft, Lang::Fr);
        assert_eq!(
            ids(&first),
            ["mjg:1:1", "mjg:1:2", "mjg:1:3", "mjg:1:4", "mjp:1:2"]
        );
        let second = judgment_ballot(1, &options, 2, &draft, Lang::Fr);
        assert_eq!(
            ids(&second),
            [
                "mjg:1:5", "mjg:1:6", "mjg:1:7", "mjg:1:8", "mjp:1:1", "mjp:1:3"
            ]
        );
        let json = serde_json::to_value(&second[0]).unwrap();
        assert_eq!(json["components"][0]["options"][2]["default"], true);
        let last = judgment_ballot(1, &options, 3, &draft, Lang::Fr);
        assert_eq!(ids(&last), ["mjg:1:9", "mjp:1:2", "mjs:1"]);
        let single = judgment_ballot(1, &options[..2], 1, &[], Lang::Fr);
        assert_eq!(ids(&single), ["mjg:1:1", "mjg:1:2", "mjs:1"]);
    }
}
