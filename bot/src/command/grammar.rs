//! Text → [`Command`].

use super::PREFIX;
use super::spec::{COMMANDS, CommandName, CommandSpec};
use super::tokenize::{Tokens, tokenize_spanned};
use crate::domain::Lang;
use crate::text::fold;

/// A command, its arguments checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// List the commands, or explain one.
    Help {
        /// The command to explain.
        topic: Option<CommandName>,
    },
    /// The whole cycle.
    Programme,
    /// One atelier in detail.
    Atelier {
        /// Its number.
        number: u32,
    },
    /// The next atelier and the next deadline, with a countdown.
    Next,
    /// Preparatory references.
    References {
        /// Of this atelier; of the next one when absent.
        atelier: Option<u32>,
    },
    /// Show or set the member's language.
    Language {
        /// The language to switch to; show the current one when absent.
        lang: Option<Lang>,
    },
    /// Schedule a reminder.
    Remind {
        /// `@name` of the one member it goes to, if any.
        member: Option<String>,
        /// When, and what.
        spec: ReminderSpec,
    },
    /// List reminders, turn one's reminder DMs on or off, or cancel a reminder.
    Reminders(RemindersAction),
    /// See the last reminder again later.
    Later {
        /// How much later (default: one hour).
        delay: Option<chrono::Duration>,
    },
    /// The cycle as an iCalendar file.
    Calendar,
    /// Which cohort this room belongs to.
    CohortShow,
    /// Link this room to the cohort named `name` (facilitators of that cohort).
    CohortLink {
        /// The cohort's short name, as in its programme file.
        name: String,
    },
    /// Hand in the deliverable of an atelier (text, links; files come as attachments).
    Submit {
        /// The atelier's number.
        atelier: u32,
        /// Everything after the number, exactly as typed (line breaks kept).
        text: String,
    },
    /// One's own deliverables.
    MyDeliverables,
    /// Who handed in the deliverable of an atelier.
    Deliverables {
        /// The atelier's number.
        atelier: u32,
    },
    /// One member's deliverable in full.
    Deliverable {
        /// The atelier's number.
        atelier: u32,
        /// The member, as mentioned.
        member: String,
    },
    /// Feedback on a member's deliverable, by DM, with a review status.
    Feedback {
        /// The atelier's number.
        atelier: u32,
        /// The member, as mentioned.
        member: String,
        /// The new status (default: reviewed).
        status: Option<crate::domain::SubmissionStatus>,
        /// The feedback, exactly as typed.
        text: String,
    },
    /// Remind everyone who has not handed in.
    Chase {
        /// The atelier's number.
        atelier: u32,
    },
    /// Everything stored about oneself, as a JSON file.
    MyData,
    /// Erase one's personal data (asks for confirmation first).
    ForgetMe {
        /// The confirmation.
        confirm: bool,
    },
    /// Open a poll.
    Poll(super::poll_args::PollArgs),
    /// Vote in a poll.
    Vote {
        /// The poll's number; the latest open poll when absent.
        poll: Option<u32>,
        /// What the vote says.
        vote: super::poll_args::VoteArgs,
    },
    /// Close a poll now.
    ClosePoll {
        /// The poll's number.
        poll: u32,
    },
    /// The open polls.
    Polls,
    /// Ready for an atelier.
    Ready {
        /// The atelier's number.
        atelier: u32,
    },
    /// Not ready yet for an atelier.
    NotYet {
        /// The atelier's number.
        atelier: u32,
    },
    /// A question about an atelier's preparatory work, for the facilitators.
    Ask {
        /// The atelier's number.
        atelier: u32,
        /// The question, exactly as typed.
        text: String,
    },
    /// Who is ready for an atelier, who is not, who has not said, and the questions.
    Preparation {
        /// The atelier's number.
        atelier: u32,
    },
    /// A facilitator's answer to a preparation question, sent privately to who asked.
    AnswerQuestion {
        /// The question's number, as the digest shows it.
        question: i64,
        /// The answer, exactly as typed.
        text: String,
    },
    /// Confirms one's presence at the session open now.
    Present {
        /// On site or remote, when said.
        mode: Option<crate::domain::AttendanceMode>,
    },
    /// A participant's rating of an atelier.
    Evaluate {
        /// The atelier's number.
        atelier: u32,
        /// Overall satisfaction, 1–5.
        satisfaction: u8,
        /// How far the atelier's aims were reached, 1–5.
        aims: u8,
        /// What to keep.
        keep: Option<String>,
        /// What to change.
        change: Option<String>,
    },
    /// A participant's self-assessment against the cohort's objectives: (before, after), 1–5,
    /// one pair per objective in order.
    SelfAssess {
        /// The pairs.
        pairs: Vec<(u8, u8)>,
    },
    /// The results of an atelier's evaluation (`None`: of the self-assessment).
    Evaluation {
        /// The atelier's number.
        atelier: Option<u32>,
    },
    /// One's own time zone: shown (`None`), set, or cleared (`Some("")`).
    TimeZone {
        /// The zone as typed; empty to go back to the cohort's.
        zone: Option<String>,
    },
    /// A deadline extension: asked for, granted or refused.
    Extension(ExtensionAction),
    /// Where each participant stands, or one person's whole path.
    FollowUp {
        /// `@name` of the one member to show, if any.
        member: Option<String>,
    },
    /// The attendance sheet of an atelier, or a facilitator's correction of it.
    Attendance {
        /// The atelier's number.
        atelier: u32,
        /// The correction, if any.
        mark: Option<AttendanceMark>,
    },
    /// A facilitator moves an atelier to another date.
    MoveAtelier {
        /// The atelier's number.
        atelier: u32,
        /// The words of the new date, then the reason (read by the engine, which knows "now").
        words: Vec<String>,
    },
    /// Small groups of an atelier: shown, formed, confirmed, adjusted.
    Groups(GroupsAction),
    /// The pool of resources: post, withdraw, search, one's own, put in touch.
    Resource(ResourceAction),
    /// Decisions: opened, shown, listed; proposals and amendments.
    Decision(DecisionAction),
    /// A peer review given: `!avis N CODE critère=note … commentaire`.
    GiveReview {
        /// The atelier's number.
        atelier: u32,
        /// The assignment's code.
        code: String,
        /// The scores, then the comment.
        words: Vec<String>,
    },
    /// Who reviewed, for facilitators.
    ReviewProgress {
        /// The atelier's number.
        atelier: u32,
    },
    /// One's own profile (structure and its kind), shown (both `None`) or set.
    Profile {
        /// The structure's name.
        structure: Option<String>,
        /// Its kind, as typed.
        kind: Option<String>,
    },
    /// One person, two platforms: ask for a one-time code (`None`), or type it on the other
    /// platform.
    LinkAccount {
        /// The code, as typed.
        code: Option<String>,
    },
    /// A sign-in link to the web space by private message, or every web session closed.
    Web {
        /// `!web deconnecter`: close every session and withdraw unused links.
        sign_out: bool,
    },
    /// A facilitator cancels an atelier.
    CancelAtelier {
        /// The atelier's number.
        atelier: u32,
        /// Why, told to the cohort.
        reason: String,
    },
}

impl Command {
    /// Which row of the command table this command belongs to.
    pub fn name(&self) -> CommandName {
        match self {
            Command::Help { .. } => CommandName::Help,
            Command::Programme => CommandName::Programme,
            Command::Atelier { .. } => CommandName::Atelier,
            Command::Next => CommandName::Next,
            Command::References { .. } => CommandName::References,
            Command::Language { .. } => CommandName::Language,
            Command::Remind { .. } => CommandName::Remind,
            Command::Reminders(_) => CommandName::Reminders,
            Command::Later { .. } => CommandName::Later,
            Command::Calendar => CommandName::Calendar,
            Command::CohortShow | Command::CohortLink { .. } => CommandName::Cohort,
            Command::Submit { .. } => CommandName::Submit,
            Command::MyDeliverables => CommandName::MyDeliverables,
            Command::Deliverables { .. } => CommandName::Deliverables,
            Command::Deliverable { .. } => CommandName::Deliverable,
            Command::Feedback { .. } => CommandName::Feedback,
            Command::Chase { .. } => CommandName::Chase,
            Command::MyData => CommandName::MyData,
            Command::ForgetMe { .. } => CommandName::ForgetMe,
            Command::Poll(_) => CommandName::Poll,
            Command::Vote { .. } => CommandName::Vote,
            Command::ClosePoll { .. } => CommandName::ClosePoll,
            Command::Polls => CommandName::Polls,
            Command::Ready { .. } => CommandName::Ready,
            Command::NotYet { .. } => CommandName::NotYet,
            Command::Ask { .. } => CommandName::Ask,
            Command::Preparation { .. } => CommandName::Preparation,
            Command::AnswerQuestion { .. } => CommandName::AnswerQuestion,
            Command::Present { .. } => CommandName::Present,
            Command::Attendance { .. } => CommandName::Attendance,
            Command::Evaluate { .. } => CommandName::Evaluate,
            Command::SelfAssess { .. } => CommandName::SelfAssess,
            Command::Evaluation { .. } => CommandName::Evaluation,
            Command::FollowUp { .. } => CommandName::FollowUp,
            Command::Extension(_) => CommandName::Extension,
            Command::TimeZone { .. } => CommandName::TimeZone,
            Command::MoveAtelier { .. } => CommandName::MoveAtelier,
            Command::CancelAtelier { .. } => CommandName::CancelAtelier,
            Command::LinkAccount { .. } => CommandName::LinkAccount,
            Command::Web { .. } => CommandName::Web,
            Command::Groups(GroupsAction::Move { .. }) => CommandName::GroupMove,
            Command::Groups(_) => CommandName::Groups,
            Command::Profile { .. } => CommandName::Profile,
            Command::Resource(ResourceAction::Post { offer: true, .. })
            | Command::Resource(ResourceAction::Withdraw { offer: true, .. }) => CommandName::Offer,
            Command::Resource(ResourceAction::Post { .. } | ResourceAction::Withdraw { .. }) => {
                CommandName::Need
            }
            Command::Resource(ResourceAction::Search { .. }) => CommandName::Resources,
            Command::Resource(ResourceAction::Mine) => CommandName::MyOffers,
            Command::Resource(ResourceAction::Connect { .. }) => CommandName::Connect,
            Command::GiveReview { .. } => CommandName::GiveReview,
            Command::Decision(DecisionAction::Open { .. } | DecisionAction::Show { .. }) => {
                CommandName::Decision
            }
            Command::Decision(DecisionAction::List) => CommandName::Decisions,
            Command::Decision(DecisionAction::Propose { .. }) => CommandName::Propose,
            Command::Decision(DecisionAction::Amend { .. } | DecisionAction::Settle { .. }) => {
                CommandName::Amend
            }
            Command::ReviewProgress { .. } => CommandName::ReviewProgress,
        }
    }
}

/// What `!decision`, `!decisions`, `!proposition` and `!amendement` do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionAction {
    /// A facilitator opens a decision with its three deadlines (words read by the engine).
    Open {
        /// The question.
        question: String,
        /// The words of the end of the proposals, of the amendments, of the vote.
        until: [Vec<String>; 3],
        /// An open ballot rather than a secret one.
        open_ballot: bool,
    },
    /// One decision in full.
    Show {
        /// Its number.
        number: u32,
    },
    /// Every decision of the cohort.
    List,
    /// A proposal.
    Propose {
        /// The decision's number.
        decision: u32,
        /// Its title (an option of the vote).
        title: String,
        /// Its text.
        text: String,
    },
    /// An amendment to a proposal.
    Amend {
        /// The decision's number.
        decision: u32,
        /// The proposal's number.
        proposal: u32,
        /// What to add.
        text: String,
    },
    /// The proposal's author accepts or refuses an amendment.
    Settle {
        /// The decision's number.
        decision: u32,
        /// The proposal's number.
        proposal: u32,
        /// The amendment's number.
        amendment: u32,
        /// Accepted rather than refused.
        accept: bool,
    },
}

/// `!decision "Q" --propositions DATE --amendements DATE --vote DATE [--ouvert]`, `!decision N`.
pub(super) fn decision(args: &Args<'_>) -> Result<Command, ParseError> {
    let words = args.words();
    if let [n] = words
        && let Ok(number) = n.trim_start_matches('#').parse::<u32>()
    {
        return Ok(Command::Decision(DecisionAction::Show { number }));
    }
    let Some((question, rest)) = words.split_first() else {
        return Err(args.usage());
    };
    let mut until: [Vec<String>; 3] = Default::default();
    let mut open_ballot = false;
    let mut slot: Option<usize> = None;
    for w in rest {
        match w.strip_prefix("--").map(fold).as_deref() {
            Some("propositions" | "proposals") => slot = Some(0),
            Some("amendements" | "amendments") => slot = Some(1),
            Some("vote") => slot = Some(2),
            Some("ouvert" | "open") => {
                open_ballot = true;
                slot = None;
            }
            Some(_) => return Err(args.usage()),
            None => match slot {
                Some(i) => until[i].push((*w).to_owned()),
                None => return Err(args.usage()),
            },
        }
    }
    if question.trim().is_empty() || until.iter().any(Vec::is_empty) {
        return Err(args.usage());
    }
    Ok(Command::Decision(DecisionAction::Open {
        question: (*question).to_owned(),
        until,
        open_ballot,
    }))
}

/// `!decisions`.
pub(super) fn decisions(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::Decision(DecisionAction::List)),
        _ => Err(args.usage()),
    }
}

/// `!proposition D "Titre" texte`.
pub(super) fn propose(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [d, title, ..] if !title.trim().is_empty() => {
            Ok(Command::Decision(DecisionAction::Propose {
                decision: d
                    .trim_start_matches('#')
                    .parse()
                    .map_err(|_| args.usage())?,
                title: (*title).to_owned(),
                text: args.words()[2..].join(" "),
            }))
        }
        _ => Err(args.usage()),
    }
}

/// `!amendement D P texte`, `!amendement accepter|refuser D P A`.
pub(super) fn amend(args: &Args<'_>) -> Result<Command, ParseError> {
    let number = |w: &str| {
        w.trim_start_matches('#')
            .parse::<u32>()
            .ok()
            .filter(|n| *n >= 1)
    };
    let words = args.words();
    let verb = words.first().map(|w| fold(w));
    let action = match (verb.as_deref(), words) {
        (Some("accepter" | "accept" | "refuser" | "refuse"), [v, d, p, a]) => {
            DecisionAction::Settle {
                decision: number(d).ok_or_else(|| args.usage())?,
                proposal: number(p).ok_or_else(|| args.usage())?,
                amendment: number(a).ok_or_else(|| args.usage())?,
                accept: matches!(fold(v).as_str(), "accepter" | "accept"),
            }
        }
        (Some("accepter" | "accept" | "refuser" | "refuse"), _) => return Err(args.usage()),
        (_, [d, p, _, ..]) => DecisionAction::Amend {
            decision: number(d).ok_or_else(|| args.usage())?,
            proposal: number(p).ok_or_else(|| args.usage())?,
            text: words[2..].join(" "),
        },
        _ => return Err(args.usage()),
    };
    Ok(Command::Decision(action))
}

/// What `!offre`, `!besoin`, `!ressources`, `!mes-offres` and `!relier` do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceAction {
    /// A new offer (`offer`) or need.
    Post {
        /// Offered rather than needed.
        offer: bool,
        /// What it is.
        title: String,
        /// Its kind, as typed.
        kind: String,
        /// Where, if said.
        place: Option<String>,
    },
    /// One's own offer or need `#number` withdrawn.
    Withdraw {
        /// From `!offre` rather than `!besoin`.
        offer: bool,
        /// Its number.
        number: u32,
    },
    /// The pool, filtered by words.
    Search {
        /// Words to look for (empty: everything).
        query: String,
    },
    /// One's own offers and needs.
    Mine,
    /// A facilitator puts an offer and a need in touch.
    Connect {
        /// The offer's number.
        offer: u32,
        /// The need's number.
        need: u32,
    },
}

/// What `!groupes` and `!groupe` do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupsAction {
    /// The groups of an atelier (`None`: those formed last).
    Show {
        /// The atelier's number.
        atelier: Option<u32>,
    },
    /// A new draft: groups of about `size`, or `count` groups.
    Form {
        /// The atelier's number.
        atelier: u32,
        /// How many groups.
        sizing: crate::groups::Sizing,
        /// At random rather than balanced on the kinds of structure.
        random: bool,
    },
    /// The draft becomes the groups, announced.
    Confirm {
        /// The atelier's number.
        atelier: u32,
    },
    /// One member to another group.
    Move {
        /// The atelier's number (`None`: the groups formed last).
        atelier: Option<u32>,
        /// `@name` of the member.
        member: String,
        /// The group they go to.
        group: u32,
    },
}

/// What `!delai` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtensionAction {
    /// A participant asks for more time on atelier N's deliverable.
    Request {
        /// The atelier's number.
        atelier: u32,
        /// Why.
        reason: String,
    },
    /// A facilitator gives a member a new deadline.
    Grant {
        /// The atelier's number.
        atelier: u32,
        /// `@name` of the member.
        member: String,
        /// The words of the date (read by the engine, which knows "now").
        when: Vec<String>,
    },
    /// A facilitator refuses.
    Refuse {
        /// The atelier's number.
        atelier: u32,
        /// `@name` of the member.
        member: String,
        /// Why.
        reason: String,
    },
}

/// A facilitator's mark on an attendance sheet: `@membre présent|absent|excusé [mode]
/// [session S]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceMark {
    /// `@name` of the member.
    pub member: String,
    /// Present, absent or excused.
    pub presence: crate::domain::Presence,
    /// On site or remote (present only).
    pub mode: Option<crate::domain::AttendanceMode>,
    /// The session, from 1; every session of the atelier when absent.
    pub session: Option<u32>,
}

/// Whether `text` carries files the bot keeps: a deliverable (`!rendre N …`) or a proposal
/// (`!proposition D …`). Adapters download a file sent in a room only then, since other files
/// are none of the bot's business.
pub fn is_submission(text: &str) -> bool {
    matches!(
        parse(text),
        Some(Ok(
            Command::Submit { .. } | Command::Decision(DecisionAction::Propose { .. })
        ))
    )
}

/// When a reminder fires, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReminderSpec {
    /// Once, at a date phrase followed by the text (split by the engine, which knows "now").
    Once {
        /// The words after the command (and after `@name`).
        words: Vec<String>,
    },
    /// On a standard 5-field cron rule.
    Cron {
        /// The rule.
        rule: String,
        /// The text.
        text: String,
    },
}

/// What `!rappels` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemindersAction {
    /// The list (facilitators) or one's own settings (others).
    List,
    /// Reminder DMs on (`true`) or off.
    Dms(bool),
    /// Cancel reminder number N.
    Cancel(u32),
}

/// Why a command line was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// No such command.
    Unknown {
        /// What was typed, without the prefix.
        word: String,
        /// The closest command, if one is close enough.
        suggestion: Option<CommandName>,
    },
    /// A known command with arguments that do not fit.
    Usage {
        /// Which command.
        command: CommandName,
    },
    /// A quote was left open.
    UnclosedQuote,
}

fn find(word: &str) -> Option<&'static CommandSpec> {
    let word = fold(word);
    COMMANDS
        .iter()
        .find(|spec| spec.names().any(|n| fold(n) == word))
}

fn closest(word: &str) -> Option<CommandName> {
    let word = fold(word);
    let mut best: Option<(f64, CommandName)> = None;
    for spec in COMMANDS {
        for name in spec.names() {
            let name = fold(name);
            let mut score = strsim::jaro_winkler(&word, &name);
            // A typed prefix of a long name ("prog", "ref") is a strong hint.
            if word.len() >= 3 && name.starts_with(&word) {
                score = score.max(0.95);
            }
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, spec.name));
            }
        }
    }
    best.filter(|(score, _)| *score >= 0.8)
        .map(|(_, name)| name)
}

/// The arguments of one command line, after its name: the words, and the line itself for
/// commands that end in free text.
#[derive(Debug)]
pub struct Args<'l> {
    spec: &'static CommandSpec,
    line: &'l str,
    tokens: Tokens,
    words: Vec<&'l str>,
}

impl<'l> Args<'l> {
    /// The words after the command's name, quotes removed.
    pub fn words(&self) -> &[&'l str] {
        &self.words
    }

    /// The line after the first `n` words (the name included), exactly as typed.
    pub fn raw_after(&self, n: usize) -> String {
        self.tokens.rest_after(self.line, n).to_owned()
    }

    /// The refusal that shows this command's usage.
    pub fn usage(&self) -> ParseError {
        ParseError::Usage {
            command: self.spec.name,
        }
    }
}

/// Parses a chat message. `None` when it is not a command (does not start with `!`), so that
/// ordinary conversation is left alone.
pub fn parse(text: &str) -> Option<Result<Command, ParseError>> {
    let rest = text.trim_start().strip_prefix(PREFIX)?;
    // "!" alone or "! text" is punctuation, not a command.
    if rest.is_empty() || rest.starts_with(char::is_whitespace) {
        return None;
    }
    let tokens = tokenize_spanned(rest);
    let Some(first) = tokens.words.first() else {
        return tokens.unclosed_at.map(|_| Err(ParseError::UnclosedQuote));
    };
    let word = first.text.clone();
    let Some(spec) = find(&word) else {
        return Some(Err(ParseError::Unknown {
            suggestion: closest(&word),
            word,
        }));
    };
    Some(parse_arguments(spec, rest, tokens))
}

/// Reads the arguments of a command given by its table row and its line (the name included),
/// through the row's own parser.
fn parse_arguments(
    spec: &'static CommandSpec,
    line: &str,
    tokens: Tokens,
) -> Result<Command, ParseError> {
    // Free text (deliverables, feedback) is taken from the raw line, after the words that come
    // before it, so that line breaks and quotes — even an unbalanced one — survive.
    if tokens.unclosed_at.is_some()
        && tokens.words.len() < spec.free_text_after.unwrap_or(usize::MAX)
    {
        return Err(ParseError::UnclosedQuote);
    }
    let owned: Vec<String> = tokens
        .words
        .iter()
        .skip(1)
        .map(|t| t.text.clone())
        .collect();
    let args = Args {
        spec,
        line,
        tokens,
        words: owned.iter().map(String::as_str).collect(),
    };
    (spec.parse)(&args)
}

/// The command a slash command stands for: the same table row and parser as the text grammar,
/// fed with the options a form-based client collected (`/rendre atelier:2 arguments:mon lien`
/// reads as `!rendre 2 mon lien`). `None` when `name` is not a command's French name.
pub fn from_slash(
    name: &str,
    atelier: Option<i64>,
    arguments: Option<&str>,
) -> Option<Result<Command, ParseError>> {
    let spec = COMMANDS.iter().find(|s| s.canonical(Lang::Fr) == name)?;
    let mut line = spec.canonical(Lang::Fr).to_owned();
    if let Some(n) = atelier {
        line.push_str(&format!(" {n}"));
    }
    if let Some(text) = arguments.map(str::trim).filter(|a| !a.is_empty()) {
        line.push(' ');
        line.push_str(text);
    }
    let tokens = tokenize_spanned(&line);
    Some(parse_arguments(spec, &line, tokens))
}

pub(super) fn help(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::Help { topic: None }),
        [topic] => {
            let topic = topic.trim_start_matches(PREFIX);
            match find(topic) {
                Some(s) => Ok(Command::Help {
                    topic: Some(s.name),
                }),
                None => Err(ParseError::Unknown {
                    word: topic.to_owned(),
                    suggestion: closest(topic),
                }),
            }
        }
        _ => Err(args.usage()),
    }
}

/// A command that takes no argument.
fn bare(args: &Args<'_>, command: Command) -> Result<Command, ParseError> {
    if args.words().is_empty() {
        Ok(command)
    } else {
        Err(args.usage())
    }
}

/// A command that takes exactly an atelier number.
fn with_atelier(args: &Args<'_>, make: fn(u32) -> Command) -> Result<Command, ParseError> {
    match args.words() {
        [n] => atelier_number(n).map(make).ok_or_else(|| args.usage()),
        _ => Err(args.usage()),
    }
}

pub(super) fn programme(args: &Args<'_>) -> Result<Command, ParseError> {
    bare(args, Command::Programme)
}

pub(super) fn next(args: &Args<'_>) -> Result<Command, ParseError> {
    bare(args, Command::Next)
}

pub(super) fn calendar(args: &Args<'_>) -> Result<Command, ParseError> {
    bare(args, Command::Calendar)
}

pub(super) fn my_deliverables(args: &Args<'_>) -> Result<Command, ParseError> {
    bare(args, Command::MyDeliverables)
}

pub(super) fn my_data(args: &Args<'_>) -> Result<Command, ParseError> {
    bare(args, Command::MyData)
}

pub(super) fn polls(args: &Args<'_>) -> Result<Command, ParseError> {
    bare(args, Command::Polls)
}

pub(super) fn atelier(args: &Args<'_>) -> Result<Command, ParseError> {
    with_atelier(args, |number| Command::Atelier { number })
}

pub(super) fn deliverables(args: &Args<'_>) -> Result<Command, ParseError> {
    with_atelier(args, |atelier| Command::Deliverables { atelier })
}

pub(super) fn chase(args: &Args<'_>) -> Result<Command, ParseError> {
    with_atelier(args, |atelier| Command::Chase { atelier })
}

pub(super) fn references(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::References { atelier: None }),
        _ => with_atelier(args, |n| Command::References { atelier: Some(n) }),
    }
}

pub(super) fn language(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::Language { lang: None }),
        [l] => Lang::parse(l)
            .map(|lang| Command::Language { lang: Some(lang) })
            .ok_or_else(|| args.usage()),
        _ => Err(args.usage()),
    }
}

pub(super) fn remind(args: &Args<'_>) -> Result<Command, ParseError> {
    remind_words(args.words()).ok_or_else(|| args.usage())
}

pub(super) fn reminders(args: &Args<'_>) -> Result<Command, ParseError> {
    let action = match args.words() {
        [] => Some(RemindersAction::List),
        [switch] => match fold(switch).as_str() {
            "on" | "oui" | "activer" | "yes" => Some(RemindersAction::Dms(true)),
            "off" | "non" | "desactiver" | "stop" | "no" => Some(RemindersAction::Dms(false)),
            _ => None,
        },
        [verb, n] => match (
            fold(verb).as_str(),
            n.trim_start_matches(['#', 'n', '°']).parse::<u32>(),
        ) {
            ("annuler" | "supprimer" | "suppr" | "cancel" | "delete", Ok(n)) if n > 0 => {
                Some(RemindersAction::Cancel(n))
            }
            _ => None,
        },
        _ => None,
    };
    action.map(Command::Reminders).ok_or_else(|| args.usage())
}

pub(super) fn later(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::Later { delay: None }),
        [d] => crate::duration::parse_duration(d)
            .filter(|d| *d > chrono::Duration::zero() && *d <= chrono::Duration::days(30))
            .map(|d| Command::Later { delay: Some(d) })
            .ok_or_else(|| args.usage()),
        _ => Err(args.usage()),
    }
}

pub(super) fn submit(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [n, ..] => atelier_number(n)
            .map(|atelier| Command::Submit {
                atelier,
                text: args.raw_after(2),
            })
            .ok_or_else(|| args.usage()),
        [] => Err(args.usage()),
    }
}

pub(super) fn deliverable(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [n, who] => atelier_number(n)
            .map(|atelier| Command::Deliverable {
                atelier,
                member: (*who).to_owned(),
            })
            .ok_or_else(|| args.usage()),
        _ => Err(args.usage()),
    }
}

pub(super) fn feedback(args: &Args<'_>) -> Result<Command, ParseError> {
    let [n, who, rest @ ..] = args.words() else {
        return Err(args.usage());
    };
    let status = rest
        .first()
        .and_then(|first| crate::domain::SubmissionStatus::parse(first));
    let text = args.raw_after(if status.is_some() { 4 } else { 3 });
    match atelier_number(n) {
        Some(atelier) if !text.trim().is_empty() => Ok(Command::Feedback {
            atelier,
            member: (*who).to_owned(),
            status,
            text,
        }),
        _ => Err(args.usage()),
    }
}

pub(super) fn forget_me(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::ForgetMe { confirm: false }),
        [c] if matches!(fold(c).as_str(), "confirmer" | "confirm") => {
            Ok(Command::ForgetMe { confirm: true })
        }
        _ => Err(args.usage()),
    }
}

pub(super) fn poll(args: &Args<'_>) -> Result<Command, ParseError> {
    super::poll_args::parse_poll(args.words())
        .map(Command::Poll)
        .ok_or_else(|| args.usage())
}

pub(super) fn vote(args: &Args<'_>) -> Result<Command, ParseError> {
    super::poll_args::parse_vote(args.words())
        .map(|(poll, vote)| Command::Vote { poll, vote })
        .ok_or_else(|| args.usage())
}

pub(super) fn close_poll(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [n] => n
            .trim_start_matches('#')
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0)
            .map(|poll| Command::ClosePoll { poll })
            .ok_or_else(|| args.usage()),
        _ => Err(args.usage()),
    }
}

pub(super) fn ready(args: &Args<'_>) -> Result<Command, ParseError> {
    with_atelier(args, |atelier| Command::Ready { atelier })
}

pub(super) fn not_yet(args: &Args<'_>) -> Result<Command, ParseError> {
    with_atelier(args, |atelier| Command::NotYet { atelier })
}

pub(super) fn preparation(args: &Args<'_>) -> Result<Command, ParseError> {
    with_atelier(args, |atelier| Command::Preparation { atelier })
}

pub(super) fn ask(args: &Args<'_>) -> Result<Command, ParseError> {
    let [n, ..] = args.words() else {
        return Err(args.usage());
    };
    let text = args.raw_after(2);
    match atelier_number(n) {
        Some(atelier) if !text.trim().is_empty() => Ok(Command::Ask { atelier, text }),
        _ => Err(args.usage()),
    }
}

pub(super) fn answer_question(args: &Args<'_>) -> Result<Command, ParseError> {
    let [q, ..] = args.words() else {
        return Err(args.usage());
    };
    let text = args.raw_after(2);
    let question = q.trim_start_matches(['#', 'Q', 'q']).parse::<i64>().ok();
    match question {
        Some(question) if question > 0 && !text.trim().is_empty() => {
            Ok(Command::AnswerQuestion { question, text })
        }
        _ => Err(args.usage()),
    }
}

pub(super) fn present(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::Present { mode: None }),
        [mode] => crate::domain::AttendanceMode::parse(mode)
            .map(|mode| Command::Present { mode: Some(mode) })
            .ok_or_else(|| args.usage()),
        _ => Err(args.usage()),
    }
}

pub(super) fn attendance(args: &Args<'_>) -> Result<Command, ParseError> {
    let (n, rest) = match args.words() {
        [n, rest @ ..] => (n, rest),
        [] => return Err(args.usage()),
    };
    let atelier = atelier_number(n).ok_or_else(|| args.usage())?;
    let mark = match rest {
        [] => None,
        [who, presence, more @ ..] => {
            Some(attendance_mark(who, presence, more).ok_or_else(|| args.usage())?)
        }
        _ => return Err(args.usage()),
    };
    Ok(Command::Attendance { atelier, mark })
}

/// `@name présent [sur-place|distance] [session S]`.
fn attendance_mark(who: &str, presence: &str, more: &[&str]) -> Option<AttendanceMark> {
    let presence = crate::domain::Presence::parse(presence)?;
    let mut mark = AttendanceMark {
        member: who.to_owned(),
        presence,
        mode: None,
        session: None,
    };
    let mut words = more.iter();
    while let Some(word) = words.next() {
        if matches!(fold(word).as_str(), "session" | "s") {
            mark.session = Some(words.next()?.parse::<u32>().ok().filter(|s| *s > 0)?);
        } else if let Some(s) = fold(word)
            .strip_prefix('s')
            .and_then(|s| s.parse::<u32>().ok())
        {
            mark.session = Some(s).filter(|s| *s > 0);
            mark.session?;
        } else {
            mark.mode = Some(crate::domain::AttendanceMode::parse(word)?);
        }
    }
    Some(mark)
}

/// A score from 1 to 5 (`4`, `4/5`).
fn score(word: &str) -> Option<u8> {
    let n = word.strip_suffix("/5").unwrap_or(word).parse::<u8>().ok()?;
    (1..=5).contains(&n).then_some(n)
}

/// `!evaluer N S A [| à garder [| à changer]]`.
pub(super) fn evaluate(args: &Args<'_>) -> Result<Command, ParseError> {
    let text = args.raw_after(1);
    let mut parts = text.split('|');
    let head: Vec<&str> = parts.next().unwrap_or("").split_whitespace().collect();
    let comment = |s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let keep = comment(parts.next());
    let change = comment(parts.next());
    if parts.next().is_some() {
        return Err(args.usage());
    }
    match head[..] {
        [n, s, a] => match (atelier_number(n), score(s), score(a)) {
            (Some(atelier), Some(satisfaction), Some(aims)) => Ok(Command::Evaluate {
                atelier,
                satisfaction,
                aims,
                keep,
                change,
            }),
            _ => Err(args.usage()),
        },
        _ => Err(args.usage()),
    }
}

/// `!objectifs 2>4 1>3 …`: before and after, per objective (also `2-4`, `2/4`, `2→4`).
pub(super) fn self_assess(args: &Args<'_>) -> Result<Command, ParseError> {
    let pair = |w: &str| {
        let (before, after) = w.split_once(['>', '-', '/', '→'])?;
        let after = after.trim_start_matches('>');
        Some((score(before)?, score(after)?))
    };
    let pairs: Option<Vec<(u8, u8)>> = args.words().iter().map(|w| pair(w)).collect();
    match pairs {
        Some(pairs) if !pairs.is_empty() => Ok(Command::SelfAssess { pairs }),
        _ => Err(args.usage()),
    }
}

/// `!evaluation N` or `!evaluation objectifs`.
pub(super) fn evaluation(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [w] if matches!(fold(w).as_str(), "objectifs" | "objectives") => {
            Ok(Command::Evaluation { atelier: None })
        }
        [n] => atelier_number(n)
            .map(|n| Command::Evaluation { atelier: Some(n) })
            .ok_or_else(|| args.usage()),
        _ => Err(args.usage()),
    }
}

/// `!delai N raison`, `!delai accorder N @membre DATE`, `!delai refuser N @membre raison`.
pub(super) fn extension(args: &Args<'_>) -> Result<Command, ParseError> {
    let words = args.words();
    let verb = words.first().map(|w| fold(w));
    let action = match (verb.as_deref(), words) {
        (Some("accorder" | "grant"), [_, n, who, when @ ..]) if !when.is_empty() => {
            ExtensionAction::Grant {
                atelier: atelier_number(n).ok_or_else(|| args.usage())?,
                member: (*who).to_owned(),
                when: when.iter().map(|w| (*w).to_owned()).collect(),
            }
        }
        (Some("refuser" | "refuse"), [_, n, who, _, ..]) => ExtensionAction::Refuse {
            atelier: atelier_number(n).ok_or_else(|| args.usage())?,
            member: (*who).to_owned(),
            reason: args.raw_after(4).trim().to_owned(),
        },
        (Some("accorder" | "grant" | "refuser" | "refuse"), _) => return Err(args.usage()),
        (_, [n, _, ..]) => ExtensionAction::Request {
            atelier: atelier_number(n).ok_or_else(|| args.usage())?,
            reason: args.raw_after(2).trim().to_owned(),
        },
        _ => return Err(args.usage()),
    };
    Ok(Command::Extension(action))
}

/// `!atelier-deplacer N DATE [raison]`.
pub(super) fn move_atelier(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [n, when @ ..] if !when.is_empty() => Ok(Command::MoveAtelier {
            atelier: atelier_number(n).ok_or_else(|| args.usage())?,
            words: when.iter().map(|w| (*w).to_owned()).collect(),
        }),
        _ => Err(args.usage()),
    }
}

/// `!atelier-annuler N raison`.
pub(super) fn cancel_atelier(args: &Args<'_>) -> Result<Command, ParseError> {
    let [n, ..] = args.words() else {
        return Err(args.usage());
    };
    let reason = args.raw_after(2).trim().to_owned();
    match atelier_number(n) {
        Some(atelier) if !reason.is_empty() => Ok(Command::CancelAtelier { atelier, reason }),
        _ => Err(args.usage()),
    }
}

/// `!groupes [N]`, `!groupes N --taille 4|--nombre 5 [--hasard]`, `!groupes N confirmer`.
pub(super) fn groups(args: &Args<'_>) -> Result<Command, ParseError> {
    let words = args.words();
    let Some((first, rest)) = words.split_first() else {
        return Ok(Command::Groups(GroupsAction::Show { atelier: None }));
    };
    let atelier = atelier_number(first).ok_or_else(|| args.usage())?;
    let number = |w: Option<&&str>| w.and_then(|w| w.parse::<usize>().ok());
    let mut sizing = None;
    let mut random = false;
    let mut i = 0;
    while let Some(word) = rest.get(i) {
        match fold(word).trim_start_matches('-') {
            "taille" | "size" => sizing = number(rest.get(i + 1)).map(crate::groups::Sizing::Size),
            "nombre" | "count" => {
                sizing = number(rest.get(i + 1)).map(crate::groups::Sizing::Count)
            }
            "hasard" | "random" => {
                random = true;
                i += 1;
                continue;
            }
            "confirmer" | "confirm" if rest.len() == 1 => {
                return Ok(Command::Groups(GroupsAction::Confirm { atelier }));
            }
            _ => return Err(args.usage()),
        }
        if sizing.is_none() {
            return Err(args.usage());
        }
        i += 2;
    }
    Ok(Command::Groups(match sizing {
        Some(sizing) => GroupsAction::Form {
            atelier,
            sizing,
            random,
        },
        None if !random => GroupsAction::Show {
            atelier: Some(atelier),
        },
        None => return Err(args.usage()),
    }))
}

/// `!groupe [N] deplacer @membre G`.
pub(super) fn group_move(args: &Args<'_>) -> Result<Command, ParseError> {
    let words = args.words();
    let (atelier, words) = match words.split_first() {
        Some((n, rest)) if atelier_number(n).is_some() => (atelier_number(n), rest),
        _ => (None, words),
    };
    match words {
        [verb, who, group] if matches!(fold(verb).as_str(), "deplacer" | "move") => {
            Ok(Command::Groups(GroupsAction::Move {
                atelier,
                member: (*who).to_owned(),
                group: group
                    .parse()
                    .ok()
                    .filter(|g| *g >= 1)
                    .ok_or_else(|| args.usage())?,
            }))
        }
        _ => Err(args.usage()),
    }
}

/// `!profil`, `!profil structure "Nom" [type K]`, `!profil type K`.
pub(super) fn profile(args: &Args<'_>) -> Result<Command, ParseError> {
    let mut structure = None;
    let mut kind = None;
    let mut words = args.words().iter();
    while let Some(key) = words.next() {
        let value = words.next().ok_or_else(|| args.usage())?;
        match fold(key).as_str() {
            "structure" => structure = Some((*value).to_owned()),
            "type" | "kind" => kind = Some((*value).to_owned()),
            _ => return Err(args.usage()),
        }
    }
    Ok(Command::Profile { structure, kind })
}

/// `!avis N CODE critère=note … commentaire`.
pub(super) fn give_review(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [n, code, rest @ ..] if !rest.is_empty() => Ok(Command::GiveReview {
            atelier: atelier_number(n).ok_or_else(|| args.usage())?,
            code: (*code).to_owned(),
            words: rest.iter().map(|w| (*w).to_owned()).collect(),
        }),
        _ => Err(args.usage()),
    }
}

/// `!avis-suivi N`.
pub(super) fn review_progress(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [n] => Ok(Command::ReviewProgress {
            atelier: atelier_number(n).ok_or_else(|| args.usage())?,
        }),
        _ => Err(args.usage()),
    }
}

/// A resource number as typed: `3` or `#3`.
fn resource_number(word: &str) -> Option<u32> {
    word.trim_start_matches('#')
        .parse()
        .ok()
        .filter(|n| *n >= 1)
}

/// `!offre "Titre" --type lieu [--ou "…"]`, `!offre retirer N` (and `!besoin` alike).
fn post_or_withdraw(args: &Args<'_>, offer: bool) -> Result<Command, ParseError> {
    let words = args.words();
    if let [verb, n] = words
        && matches!(fold(verb).as_str(), "retirer" | "withdraw")
    {
        let number = resource_number(n).ok_or_else(|| args.usage())?;
        return Ok(Command::Resource(ResourceAction::Withdraw {
            offer,
            number,
        }));
    }
    let mut title = Vec::new();
    let (mut kind, mut place) = (None, None);
    let mut i = 0;
    while let Some(word) = words.get(i) {
        let flag = word.strip_prefix("--").map(fold);
        match flag.as_deref() {
            Some("type" | "kind") => kind = words.get(i + 1).map(|w| (*w).to_owned()),
            Some("ou" | "where") => place = words.get(i + 1).map(|w| (*w).to_owned()),
            Some(_) => return Err(args.usage()),
            None => {
                title.push(*word);
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    match (title.join(" "), kind) {
        (title, Some(kind)) if !title.trim().is_empty() => {
            Ok(Command::Resource(ResourceAction::Post {
                offer,
                title,
                kind,
                place,
            }))
        }
        _ => Err(args.usage()),
    }
}

/// `!offre …`.
pub(super) fn offer(args: &Args<'_>) -> Result<Command, ParseError> {
    post_or_withdraw(args, true)
}

/// `!besoin …`.
pub(super) fn need(args: &Args<'_>) -> Result<Command, ParseError> {
    post_or_withdraw(args, false)
}

/// `!ressources [mots]`.
pub(super) fn resources(args: &Args<'_>) -> Result<Command, ParseError> {
    Ok(Command::Resource(ResourceAction::Search {
        query: args.words().join(" "),
    }))
}

/// `!mes-offres`.
pub(super) fn my_offers(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::Resource(ResourceAction::Mine)),
        _ => Err(args.usage()),
    }
}

/// `!relier O B`: offer number, then need number.
pub(super) fn connect(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [o, b] => Ok(Command::Resource(ResourceAction::Connect {
            offer: resource_number(o).ok_or_else(|| args.usage())?,
            need: resource_number(b).ok_or_else(|| args.usage())?,
        })),
        _ => Err(args.usage()),
    }
}

/// `!lier-compte` or `!lier-compte CODE` (a code may be typed with a space: `K7QF 3MXP`).
pub(super) fn link_account(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::LinkAccount { code: None }),
        words if words.len() <= 2 => Ok(Command::LinkAccount {
            code: Some(words.concat()),
        }),
        _ => Err(args.usage()),
    }
}

/// `!web` or `!web deconnecter` (`logout`, `sign-out`).
pub(super) fn web(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::Web { sign_out: false }),
        [w] if matches!(
            fold(w).as_str(),
            "deconnecter" | "deconnexion" | "logout" | "sign-out" | "signout"
        ) =>
        {
            Ok(Command::Web { sign_out: true })
        }
        _ => Err(args.usage()),
    }
}

/// `!fuseau`, `!fuseau America/Guadeloupe`, `!fuseau aucun`.
pub(super) fn timezone(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::TimeZone { zone: None }),
        [w] if matches!(
            fold(w).as_str(),
            "aucun" | "none" | "off" | "cohorte" | "cohort"
        ) =>
        {
            Ok(Command::TimeZone {
                zone: Some(String::new()),
            })
        }
        [w] => Ok(Command::TimeZone {
            zone: Some((*w).to_owned()),
        }),
        _ => Err(args.usage()),
    }
}

/// `!suivi` or `!suivi @membre`.
pub(super) fn followup(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::FollowUp { member: None }),
        [who] => Ok(Command::FollowUp {
            member: Some((*who).to_owned()),
        }),
        _ => Err(args.usage()),
    }
}

pub(super) fn cohort(args: &Args<'_>) -> Result<Command, ParseError> {
    match args.words() {
        [] => Ok(Command::CohortShow),
        [verb, name] if matches!(fold(verb).as_str(), "lier" | "link") => Ok(Command::CohortLink {
            name: (*name).to_owned(),
        }),
        _ => Err(args.usage()),
    }
}

/// `!rappel [@name] (cron "RULE" | WHEN) text…`
fn remind_words(args: &[&str]) -> Option<Command> {
    let (member, rest) = match args.split_first() {
        Some((first, rest)) if first.starts_with('@') || first.starts_with("<@") => {
            (Some((*first).to_owned()), rest)
        }
        _ => (None, args),
    };
    let spec = match rest.split_first() {
        Some((word, rest)) if matches!(fold(word).as_str(), "cron" | "chaque" | "every") => {
            // The rule is one quoted token, or its five fields typed without quotes.
            let (rule, text) = if rest
                .first()
                .is_some_and(|r| r.split_whitespace().count() >= 5)
            {
                (rest[0].to_owned(), &rest[1..])
            } else if rest.len() > 5 {
                (rest[..5].join(" "), &rest[5..])
            } else {
                return None;
            };
            if text.is_empty() {
                return None;
            }
            ReminderSpec::Cron {
                rule,
                text: text.join(" "),
            }
        }
        // At least a date word and a word of text.
        _ if rest.len() >= 2 => ReminderSpec::Once {
            words: rest.iter().map(|w| (*w).to_owned()).collect(),
        },
        _ => return None,
    };
    Some(Command::Remind { member, spec })
}

/// An atelier number as people write it: `3`, `#3`, `n°3`.
fn atelier_number(s: &str) -> Option<u32> {
    let s = s
        .trim_start_matches('#')
        .trim_start_matches("n°")
        .trim_start_matches("no");
    s.parse::<u32>().ok().filter(|n| *n > 0)
}

#[cfg(test)]
#[path = "grammar_tests.rs"]
mod tests;
