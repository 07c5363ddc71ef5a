//! Slash command options as a user fills them in, and their `data.resolved` entries.

use serde_json::{Map, Value, json};
use serenity::all::Permissions;

use crate::json;
use crate::state::{FakeFile, State};

/// One option of a slash command as a user filled it in.
#[derive(Clone, Debug)]
pub struct CommandOption {
    /// Option name.
    pub name: String,
    /// Value.
    pub value: OptionValue,
    /// Whether the user is typing in it (autocomplete).
    pub focused: bool,
}

/// Value of a [`CommandOption`].
#[derive(Clone, Debug)]
pub enum OptionValue {
    /// Type 3.
    String(String),
    /// Type 4.
    Integer(i64),
    /// Type 10.
    Number(f64),
    /// Type 5.
    Boolean(bool),
    /// Type 6, resolved into `data.resolved.users` and `members`.
    User(u64),
    /// Type 7, resolved into `data.resolved.channels`.
    Channel(u64),
    /// Type 8, resolved into `data.resolved.roles`.
    Role(u64),
    /// Type 11: the file is stored and served by the fake.
    Attachment(FakeFile),
    /// Type 1.
    SubCommand(Vec<CommandOption>),
    /// Type 2.
    SubCommandGroup(Vec<CommandOption>),
}

impl CommandOption {
    fn new(name: &str, value: OptionValue) -> Self {
        Self {
            name: name.to_owned(),
            value,
            focused: false,
        }
    }

    /// A string option.
    pub fn string(name: &str, value: &str) -> Self {
        Self::new(name, OptionValue::String(value.to_owned()))
    }

    /// An integer option.
    pub fn integer(name: &str, value: i64) -> Self {
        Self::new(name, OptionValue::Integer(value))
    }

    /// A number option.
    pub fn number(name: &str, value: f64) -> Self {
        Self::new(name, OptionValue::Number(value))
    }

    /// A boolean option.
    pub fn boolean(name: &str, value: bool) -> Self {
        Self::new(name, OptionValue::Boolean(value))
    }

    /// A user option.
    pub fn user(name: &str, user_id: u64) -> Self {
        Self::new(name, OptionValue::User(user_id))
    }

    /// A channel option.
    pub fn channel(name: &str, channel_id: u64) -> Self {
        Self::new(name, OptionValue::Channel(channel_id))
    }

    /// A role option.
    pub fn role(name: &str, role_id: u64) -> Self {
        Self::new(name, OptionValue::Role(role_id))
    }

    /// An attachment option.
    pub fn attachment(name: &str, file: FakeFile) -> Self {
        Self::new(name, OptionValue::Attachment(file))
    }

    /// A sub-command with its options.
    pub fn sub_command(name: &str, options: Vec<CommandOption>) -> Self {
        Self::new(name, OptionValue::SubCommand(options))
    }

    /// A sub-command group.
    pub fn sub_command_group(name: &str, options: Vec<CommandOption>) -> Self {
        Self::new(name, OptionValue::SubCommandGroup(options))
    }

    /// Marks the option as the one being typed (its value is then sent as a string).
    #[must_use]
    pub fn focused(mut self) -> Self {
        self.focused = true;
        self
    }
}

/// `data.resolved` being filled while options are converted.
#[derive(Default)]
pub(crate) struct Resolved {
    pub(crate) users: Map<String, Value>,
    pub(crate) members: Map<String, Value>,
    pub(crate) channels: Map<String, Value>,
    pub(crate) roles: Map<String, Value>,
    pub(crate) attachments: Map<String, Value>,
}

/// The option as Discord sends it in `data.options`; users, channels, roles and attachments
/// it refers to are added to `r`.
pub(crate) fn option_json(
    st: &mut State,
    base_url: &str,
    guild: Option<u64>,
    o: &CommandOption,
    r: &mut Resolved,
) -> Value {
    let (kind, value, options) = match &o.value {
        OptionValue::SubCommand(sub) | OptionValue::SubCommandGroup(sub) => {
            let kind = if matches!(o.value, OptionValue::SubCommand(_)) {
                1
            } else {
                2
            };
            let opts: Vec<Value> = sub
                .iter()
                .map(|x| option_json(st, base_url, guild, x, r))
                .collect();
            (kind, None, Some(opts))
        }
        OptionValue::String(s) => (3, Some(json!(s)), None),
        OptionValue::Integer(i) => (4, Some(json!(i)), None),
        OptionValue::Boolean(b) => (5, Some(json!(b)), None),
        OptionValue::Number(n) => (10, Some(json!(n)), None),
        OptionValue::User(u) => (6, Some(resolve_user(st, guild, *u, r)), None),
        OptionValue::Channel(c) => (7, Some(resolve_channel(st, *c, r)), None),
        OptionValue::Role(role) => (8, Some(resolve_role(st, guild, *role, r)), None),
        OptionValue::Attachment(f) => (11, Some(resolve_attachment(st, base_url, f, r)), None),
    };
    let mut v = json!({ "name": o.name, "type": kind });
    if let Some(mut value) = value {
        if o.focused {
            // Discord sends what the user has typed so far, always as a string.
            value = json!(
                value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned)
            );
            v["focused"] = json!(true);
        }
        v["value"] = value;
    }
    if let Some(options) = options {
        v["options"] = Value::Array(options);
    }
    v
}

/// Resolves a user option: the user, and their member in `guild` if they belong to it.
fn resolve_user(st: &State, guild: Option<u64>, u: u64, r: &mut Resolved) -> Value {
    let spec = st
        .scenario
        .find_user(u)
        .unwrap_or_else(|| panic!("unknown user {u}"));
    r.users.insert(u.to_string(), json::user(spec));
    if let Some(g) = guild.and_then(|g| st.scenario.find_guild(g))
        && st.scenario.member_roles(g, u).is_some()
    {
        let member = json::member(&st.scenario, g, u, false, None);
        r.members.insert(u.to_string(), member);
    }
    json::id(u)
}

/// Resolves a channel option as a partial channel.
fn resolve_channel(st: &State, c: u64, r: &mut Resolved) -> Value {
    let (g, ch) = st
        .scenario
        .find_channel(c)
        .unwrap_or_else(|| panic!("unknown channel {c}"));
    r.channels.insert(
        c.to_string(),
        json::partial_channel(ch, g.id, Permissions::all()),
    );
    json::id(c)
}

/// Resolves a role option; roles only exist in a guild.
fn resolve_role(st: &State, guild: Option<u64>, role: u64, r: &mut Resolved) -> Value {
    let g = guild
        .and_then(|g| st.scenario.find_guild(g))
        .expect("role option outside a guild");
    let roles = g.all_roles();
    let i = roles
        .iter()
        .position(|x| x.id == role)
        .unwrap_or_else(|| panic!("unknown role {role}"));
    r.roles.insert(role.to_string(), json::role(&roles[i], i));
    json::id(role)
}

/// Stores the file so the bot can download it, and resolves the option to its attachment id.
fn resolve_attachment(st: &mut State, base_url: &str, f: &FakeFile, r: &mut Resolved) -> Value {
    let a = st.store_files(base_url, vec![f.clone()], &[]).remove(0);
    let id = a["id"].as_str().unwrap_or_default().to_owned();
    r.attachments.insert(id.clone(), a);
    json!(id)
}
