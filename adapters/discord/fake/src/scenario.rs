//! The world the fake serves: application, bot, users, guilds with roles, channels and members.
//!
//! Ids are plain `u64` snowflakes chosen by the test, so assertions can compare them with
//! serenity's ids through `.get()`.

use std::time::Duration;

use serenity::all::Permissions;

/// Everything the fake knows before the bot connects.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub(crate) application_id: u64,
    pub(crate) application_name: String,
    pub(crate) bot: UserSpec,
    pub(crate) users: Vec<UserSpec>,
    pub(crate) guilds: Vec<GuildSpec>,
    pub(crate) heartbeat_interval: Duration,
    pub(crate) interaction_deadline: Duration,
    pub(crate) echo_bot_messages: bool,
    /// The application's flags (`GET /applications/@me`): the message content intent enabled,
    /// as on a bot set up as the README says, unless a test says otherwise.
    pub(crate) application_flags: u64,
}

impl Scenario {
    /// A scenario with an application and its bot user, no guild yet.
    pub fn new(application_id: u64, application_name: &str, bot_id: u64, bot_name: &str) -> Self {
        let mut bot = UserSpec::new(bot_id, bot_name);
        bot.bot = true;
        Self {
            application_id,
            application_name: application_name.to_owned(),
            bot,
            users: Vec::new(),
            guilds: Vec::new(),
            // Short so that serenity's first heartbeat, and a missing ACK, happen within a test.
            heartbeat_interval: Duration::from_millis(1000),
            // Discord rejects a first response that comes later than 3 s after the interaction.
            interaction_deadline: Duration::from_secs(3),
            echo_bot_messages: true,
            application_flags: 1 << 19,
        }
    }

    /// The application's flags as `GET /applications/@me` reports them (0: no privileged
    /// intent enabled in the Developer Portal).
    #[must_use]
    pub fn application_flags(mut self, flags: u64) -> Self {
        self.application_flags = flags;
        self
    }

    /// Adds a person (or another bot) that can be a guild member, write, click and DM.
    #[must_use]
    pub fn user(mut self, user: UserSpec) -> Self {
        self.users.push(user);
        self
    }

    /// Adds a guild; the bot joins it automatically with a managed role.
    #[must_use]
    pub fn guild(mut self, guild: GuildSpec) -> Self {
        self.guilds.push(guild);
        self
    }

    /// The `heartbeat_interval` sent in HELLO (default 1 s).
    #[must_use]
    pub fn heartbeat_interval(mut self, interval: Duration) -> Self {
        self.heartbeat_interval = interval;
        self
    }

    /// How long after an interaction its first callback is still accepted (default 3 s, as on
    /// Discord); later callbacks fail with error 10062 "Unknown interaction".
    #[must_use]
    pub fn interaction_deadline(mut self, deadline: Duration) -> Self {
        self.interaction_deadline = deadline;
        self
    }

    /// Whether messages the bot creates come back to it as MESSAGE_CREATE (default `true`, as on
    /// Discord: a bot that does not ignore its own messages can loop).
    #[must_use]
    pub fn echo_bot_messages(mut self, echo: bool) -> Self {
        self.echo_bot_messages = echo;
        self
    }

    /// The application id.
    pub fn application_id(&self) -> u64 {
        self.application_id
    }

    /// The bot user.
    pub fn bot(&self) -> &UserSpec {
        &self.bot
    }

    pub(crate) fn find_user(&self, id: u64) -> Option<&UserSpec> {
        if id == self.bot.id {
            return Some(&self.bot);
        }
        self.users.iter().find(|u| u.id == id)
    }

    pub(crate) fn find_guild(&self, id: u64) -> Option<&GuildSpec> {
        self.guilds.iter().find(|g| g.id == id)
    }

    /// The guild holding a channel, with the channel.
    pub(crate) fn find_channel(&self, channel_id: u64) -> Option<(&GuildSpec, &ChannelSpec)> {
        self.guilds.iter().find_map(|g| {
            g.channels
                .iter()
                .find(|c| c.id == channel_id)
                .map(|c| (g, c))
        })
    }

    /// Roles of a user in a guild: their member roles, the managed role for the bot.
    pub(crate) fn member_roles(&self, guild: &GuildSpec, user_id: u64) -> Option<Vec<u64>> {
        if user_id == self.bot.id {
            return Some(vec![guild.bot_role_id()]);
        }
        guild
            .members
            .iter()
            .find(|m| m.user_id == user_id)
            .map(|m| m.roles.clone())
    }

    /// Discord's permission computation: owner, @everyone and roles, ADMINISTRATOR, then the
    /// channel overwrites for @everyone, the member's roles and the member.
    pub(crate) fn permissions(
        &self,
        guild: &GuildSpec,
        channel: Option<&ChannelSpec>,
        user_id: u64,
    ) -> Permissions {
        if guild.owner_id() == user_id {
            return Permissions::all();
        }
        let roles = self.member_roles(guild, user_id).unwrap_or_default();
        let mut perms = guild.everyone_permissions;
        for role in &roles {
            if let Some(r) = guild.all_roles().iter().find(|r| r.id == *role) {
                perms |= r.permissions;
            }
        }
        if perms.contains(Permissions::ADMINISTRATOR) {
            return Permissions::all();
        }
        let Some(channel) = channel else { return perms };
        let overwrites = &channel.overwrites;
        if let Some(o) = overwrites.iter().find(|o| o.id == guild.id && !o.member) {
            perms = (perms & !o.deny) | o.allow;
        }
        let (mut allow, mut deny) = (Permissions::empty(), Permissions::empty());
        for o in overwrites
            .iter()
            .filter(|o| !o.member && roles.contains(&o.id))
        {
            allow |= o.allow;
            deny |= o.deny;
        }
        perms = (perms & !deny) | allow;
        if let Some(o) = overwrites.iter().find(|o| o.member && o.id == user_id) {
            perms = (perms & !o.deny) | o.allow;
        }
        perms
    }
}

/// A Discord user.
#[derive(Clone, Debug)]
pub struct UserSpec {
    /// Snowflake id.
    pub id: u64,
    /// `username`.
    pub name: String,
    /// Display name (`global_name`).
    pub global_name: Option<String>,
    /// Client locale sent with the user's interactions (`fr`, `en-US`…).
    pub locale: String,
    /// Whether the user blocks DMs from the bot (sends to their DM fail with 50007).
    pub dms_closed: bool,
    /// Whether this user is a bot account.
    pub bot: bool,
}

impl UserSpec {
    /// A user with locale `fr` and open DMs.
    pub fn new(id: u64, name: &str) -> Self {
        Self {
            id,
            name: name.to_owned(),
            global_name: None,
            locale: "fr".to_owned(),
            dms_closed: false,
            bot: false,
        }
    }

    /// Sets the display name.
    #[must_use]
    pub fn global_name(mut self, name: &str) -> Self {
        self.global_name = Some(name.to_owned());
        self
    }

    /// Sets the client locale used in interactions.
    #[must_use]
    pub fn locale(mut self, locale: &str) -> Self {
        self.locale = locale.to_owned();
        self
    }

    /// Makes DMs from the bot fail with error 50007.
    #[must_use]
    pub fn dms_closed(mut self) -> Self {
        self.dms_closed = true;
        self
    }
}

/// A guild (a Discord "server").
#[derive(Clone, Debug)]
pub struct GuildSpec {
    /// Snowflake id; also the id of its @everyone role.
    pub id: u64,
    /// Name.
    pub name: String,
    pub(crate) owner_id: Option<u64>,
    pub(crate) preferred_locale: String,
    pub(crate) everyone_permissions: Permissions,
    pub(crate) bot_permissions: Permissions,
    pub(crate) bot_role_id: Option<u64>,
    pub(crate) roles: Vec<RoleSpec>,
    pub(crate) channels: Vec<ChannelSpec>,
    pub(crate) members: Vec<MemberSpec>,
}

impl GuildSpec {
    /// A guild whose @everyone can view, read history and send messages, and whose bot role can
    /// also embed, attach, add reactions, create and manage events and use threads.
    pub fn new(id: u64, name: &str) -> Self {
        Self {
            id,
            name: name.to_owned(),
            owner_id: None,
            preferred_locale: "fr".to_owned(),
            everyone_permissions: Permissions::VIEW_CHANNEL
                | Permissions::SEND_MESSAGES
                | Permissions::READ_MESSAGE_HISTORY
                | Permissions::ADD_REACTIONS
                | Permissions::USE_APPLICATION_COMMANDS
                | Permissions::ATTACH_FILES
                | Permissions::EMBED_LINKS,
            bot_permissions: Permissions::VIEW_CHANNEL
                | Permissions::SEND_MESSAGES
                | Permissions::SEND_MESSAGES_IN_THREADS
                | Permissions::CREATE_PUBLIC_THREADS
                | Permissions::READ_MESSAGE_HISTORY
                | Permissions::EMBED_LINKS
                | Permissions::ATTACH_FILES
                | Permissions::ADD_REACTIONS
                | Permissions::MENTION_EVERYONE
                | Permissions::MANAGE_EVENTS
                // serenity 0.12.5 checks CREATE_EVENTS (not MANAGE_EVENTS) before creating one.
                | Permissions::CREATE_EVENTS
                | Permissions::MANAGE_MESSAGES,
            bot_role_id: None,
            roles: Vec::new(),
            channels: Vec::new(),
            members: Vec::new(),
        }
    }

    /// The owner (has every permission). Defaults to the first member added.
    #[must_use]
    pub fn owner(mut self, user_id: u64) -> Self {
        self.owner_id = Some(user_id);
        self
    }

    /// `preferred_locale`, sent as `guild_locale` in interactions (default `fr`).
    #[must_use]
    pub fn preferred_locale(mut self, locale: &str) -> Self {
        self.preferred_locale = locale.to_owned();
        self
    }

    /// Permissions of the @everyone role.
    #[must_use]
    pub fn everyone_permissions(mut self, permissions: Permissions) -> Self {
        self.everyone_permissions = permissions;
        self
    }

    /// Permissions of the bot's managed role (the role Discord creates when the bot joins).
    #[must_use]
    pub fn bot_permissions(mut self, permissions: Permissions) -> Self {
        self.bot_permissions = permissions;
        self
    }

    /// Adds a role.
    #[must_use]
    pub fn role(mut self, role: RoleSpec) -> Self {
        self.roles.push(role);
        self
    }

    /// Adds a channel.
    #[must_use]
    pub fn channel(mut self, channel: ChannelSpec) -> Self {
        self.channels.push(channel);
        self
    }

    /// Adds a member: a user of the scenario with role ids of this guild.
    #[must_use]
    pub fn member(mut self, user_id: u64, roles: &[u64]) -> Self {
        self.members.push(MemberSpec {
            user_id,
            roles: roles.to_vec(),
            nick: None,
        });
        self
    }

    /// The id of the bot's managed role (known once the fake has started).
    pub fn bot_role_id(&self) -> u64 {
        self.bot_role_id.unwrap_or(self.id)
    }

    pub(crate) fn owner_id(&self) -> u64 {
        self.owner_id
            .or_else(|| self.members.first().map(|m| m.user_id))
            .unwrap_or(self.id)
    }

    /// @everyone, the declared roles and the bot's managed role.
    pub(crate) fn all_roles(&self) -> Vec<RoleSpec> {
        let mut roles =
            vec![RoleSpec::new(self.id, "@everyone").permissions(self.everyone_permissions)];
        roles.extend(self.roles.iter().cloned());
        if let Some(id) = self.bot_role_id {
            let mut bot = RoleSpec::new(id, "compagnon").permissions(self.bot_permissions);
            bot.managed = true;
            roles.push(bot);
        }
        roles
    }
}

/// A guild role with a real permission bitfield.
#[derive(Clone, Debug)]
pub struct RoleSpec {
    /// Snowflake id.
    pub id: u64,
    /// Name, e.g. "Facilitateur".
    pub name: String,
    /// Permissions granted by the role.
    pub permissions: Permissions,
    /// Primary colour (0 = none).
    pub color: u32,
    /// Shown separately in the member list.
    pub hoist: bool,
    /// Anyone may mention it.
    pub mentionable: bool,
    pub(crate) managed: bool,
}

impl RoleSpec {
    /// A role with no permissions.
    pub fn new(id: u64, name: &str) -> Self {
        Self {
            id,
            name: name.to_owned(),
            permissions: Permissions::empty(),
            color: 0,
            hoist: false,
            mentionable: true,
            managed: false,
        }
    }

    /// Sets the permissions.
    #[must_use]
    pub fn permissions(mut self, permissions: Permissions) -> Self {
        self.permissions = permissions;
        self
    }

    /// Sets the colour.
    #[must_use]
    pub fn color(mut self, color: u32) -> Self {
        self.color = color;
        self
    }
}

/// Kinds of guild channel the fake models.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelKind {
    /// A text channel (type 0).
    Text,
    /// A voice channel (type 2).
    Voice,
    /// A category (type 4).
    Category,
    /// A forum (type 15).
    Forum,
}

impl ChannelKind {
    pub(crate) fn code(self) -> u8 {
        match self {
            Self::Text => 0,
            Self::Voice => 2,
            Self::Category => 4,
            Self::Forum => 15,
        }
    }
}

/// A guild channel with its permission overwrites.
#[derive(Clone, Debug)]
pub struct ChannelSpec {
    /// Snowflake id.
    pub id: u64,
    /// Name, e.g. "général".
    pub name: String,
    /// Channel type.
    pub kind: ChannelKind,
    /// Category.
    pub parent_id: Option<u64>,
    /// Topic.
    pub topic: Option<String>,
    pub(crate) overwrites: Vec<Overwrite>,
}

/// One permission overwrite of a channel, for a role or a member.
#[derive(Clone, Debug)]
pub struct Overwrite {
    /// Role id (the guild id for @everyone) or user id.
    pub id: u64,
    /// `true` for a member overwrite, `false` for a role.
    pub member: bool,
    /// Permissions explicitly allowed.
    pub allow: Permissions,
    /// Permissions explicitly denied.
    pub deny: Permissions,
}

impl ChannelSpec {
    /// A text channel without overwrites.
    pub fn text(id: u64, name: &str) -> Self {
        Self {
            id,
            name: name.to_owned(),
            kind: ChannelKind::Text,
            parent_id: None,
            topic: None,
            overwrites: Vec::new(),
        }
    }

    /// Changes the channel type.
    #[must_use]
    pub fn kind(mut self, kind: ChannelKind) -> Self {
        self.kind = kind;
        self
    }

    /// Sets the topic.
    #[must_use]
    pub fn topic(mut self, topic: &str) -> Self {
        self.topic = Some(topic.to_owned());
        self
    }

    /// Puts the channel in a category.
    #[must_use]
    pub fn parent(mut self, category_id: u64) -> Self {
        self.parent_id = Some(category_id);
        self
    }

    /// Adds a role overwrite (use the guild id for @everyone).
    #[must_use]
    pub fn role_overwrite(mut self, role_id: u64, allow: Permissions, deny: Permissions) -> Self {
        self.overwrites.push(Overwrite {
            id: role_id,
            member: false,
            allow,
            deny,
        });
        self
    }

    /// Adds a member overwrite.
    #[must_use]
    pub fn member_overwrite(mut self, user_id: u64, allow: Permissions, deny: Permissions) -> Self {
        self.overwrites.push(Overwrite {
            id: user_id,
            member: true,
            allow,
            deny,
        });
        self
    }
}

/// A user's membership in a guild.
#[derive(Clone, Debug)]
pub struct MemberSpec {
    /// The user's id.
    pub user_id: u64,
    /// Role ids (without @everyone).
    pub roles: Vec<u64>,
    /// Guild nickname.
    pub nick: Option<String>,
}
