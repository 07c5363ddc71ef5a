//! The `[discord]` configuration section and the bot token.

use std::fmt;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// How the Discord adapter starts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordConfig {
    /// Environment variable holding the bot token.
    #[serde(default)]
    pub token_env: Option<String>,
    /// File holding the bot token (read at start; surrounding whitespace ignored).
    #[serde(default)]
    pub token_file: Option<PathBuf>,
    /// Name of the guild role whose members are facilitators (Manage Server also counts).
    #[serde(default = "default_facilitator_role")]
    pub facilitator_role: String,
    /// Channels linked to cohorts at start.
    #[serde(default)]
    pub channels: Vec<ChannelLink>,
    /// REST base replacing `https://discord.com`, for tests against a fake Discord only: it
    /// turns the rate limiter off, which serenity needs to honour the override.
    #[serde(default)]
    pub api_base: Option<String>,
    /// Gateway URL override, for tests only.
    #[serde(default)]
    pub gateway_url: Option<String>,
}

/// One channel followed by a cohort.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelLink {
    /// The channel's id (a snowflake, as text).
    pub channel: String,
    /// The cohort's short name, as in its programme file.
    pub cohort: String,
    /// The guild role that makes someone a facilitator of this cohort; the configuration's
    /// `facilitator_role` when absent. Two cohorts sharing a guild name different roles, so
    /// that leading one gives no rights over the other.
    #[serde(default)]
    pub facilitator_role: Option<String>,
}

fn default_facilitator_role() -> String {
    "Facilitateur".to_owned()
}

impl DiscordConfig {
    /// The name of the role that makes someone a facilitator in `channel`.
    pub fn facilitator_role_for(&self, channel: &str) -> &str {
        self.channels
            .iter()
            .find(|c| c.channel == channel)
            .and_then(|c| c.facilitator_role.as_deref())
            .unwrap_or(&self.facilitator_role)
    }

    /// A configuration reading its token from the environment variable `token_env`.
    pub fn with_token_env(token_env: &str) -> Self {
        DiscordConfig {
            token_env: Some(token_env.to_owned()),
            token_file: None,
            facilitator_role: default_facilitator_role(),
            channels: Vec::new(),
            api_base: None,
            gateway_url: None,
        }
    }

    /// Reads the token from the environment variable or the file the configuration names.
    pub fn token(&self) -> Result<Token> {
        let raw = match (&self.token_env, &self.token_file) {
            (Some(var), _) if std::env::var_os(var).is_some() => std::env::var(var)
                .with_context(|| format!("environment variable {var} is not valid UTF-8"))?,
            (_, Some(path)) => std::fs::read_to_string(path).with_context(|| {
                format!("cannot read the Discord token file {}", path.display())
            })?,
            (Some(var), None) => bail!("environment variable {var} (discord.token_env) is not set"),
            (None, None) => bail!("[discord] needs token_env or token_file"),
        };
        let token = raw.trim();
        if token.is_empty() {
            bail!("the Discord token is empty");
        }
        Ok(Token(token.to_owned()))
    }
}

/// The bot token. Its `Debug` never shows it, so it cannot leak into logs.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// The secret itself, to hand to serenity and nowhere else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_never_shows_in_debug() {
        let t = Token("secret.value".into());
        assert_eq!(format!("{t:?}"), "***");
    }

    #[test]
    fn a_token_file_is_trimmed_and_an_empty_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, " abc.def \n").unwrap();
        let mut c = DiscordConfig::with_token_env("COMPAGNON_TEST_UNSET_VARIABLE");
        c.token_file = Some(path.clone());
        assert_eq!(c.token().unwrap().expose(), "abc.def");
        std::fs::write(&path, "\n").unwrap();
        assert!(c.token().is_err());
    }

    #[test]
    fn each_channel_may_name_its_own_facilitator_role() {
        let c: DiscordConfig = toml::from_str(
            "token_env = \"DISCORD_TOKEN\"\nfacilitator_role = \"Animation\"\nchannels = [\n\
             { channel = \"1\", cohort = \"printemps\", facilitator_role = \"Animation printemps\" },\n\
             { channel = \"2\", cohort = \"automne\" },\n]",
        )
        .unwrap();
        assert_eq!(c.facilitator_role_for("1"), "Animation printemps");
        assert_eq!(c.facilitator_role_for("2"), "Animation");
        assert_eq!(c.facilitator_role_for("3"), "Animation");
    }

    #[test]
    fn the_section_parses_with_defaults() {
        let c: DiscordConfig = toml::from_str(
            "token_env = \"DISCORD_TOKEN\"\nchannels = [{ channel = \"123\", cohort = \"c\" }]",
        )
        .unwrap();
        assert_eq!(c.facilitator_role, "Facilitateur");
        assert_eq!(c.channels[0].channel, "123");
        assert!(c.api_base.is_none());
    }
}
