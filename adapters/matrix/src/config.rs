//! The `[matrix]` configuration section and the secret it points to.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// How the bot reaches and identifies itself on a Matrix homeserver.
///
/// The password or access token is never a value here: the section names an environment
/// variable or a file to read it from, so the file can be shared and committed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixConfig {
    /// The homeserver's client-server API base URL, e.g. `https://matrix.example.org`.
    pub homeserver: String,
    /// The bot's account, e.g. `@compagnon:example.org`.
    pub user_id: String,
    /// Environment variable holding the account password.
    #[serde(default)]
    pub password_env: Option<String>,
    /// File holding the account password (surrounding whitespace ignored).
    #[serde(default)]
    pub password_file: Option<PathBuf>,
    /// Environment variable holding an access token (used instead of a password login).
    #[serde(default)]
    pub access_token_env: Option<String>,
    /// Shown to people looking at the bot's devices.
    #[serde(default = "default_device_name")]
    pub device_name: String,
    /// Session, encryption keys and Matrix state; keep it: losing it means a new device and
    /// unreadable encrypted history. Relative paths are relative to the configuration file.
    #[serde(default = "default_data_dir")]
    pub data_dir: PathBuf,
    /// Room power level from which a sender counts as a facilitator (Matrix moderators: 50).
    #[serde(default = "default_facilitator_power_level")]
    pub facilitator_power_level: i64,
    /// Rooms linked to cohorts at every start; the bot also accepts invitations to them.
    #[serde(default)]
    pub rooms: Vec<RoomLink>,
}

/// A room and the cohort it belongs to.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RoomLink {
    /// The room id (`!abc:example.org`).
    pub room: String,
    /// The cohort's name, as in its programme file.
    pub cohort: String,
}

fn default_device_name() -> String {
    "compagnon".to_owned()
}

fn default_data_dir() -> PathBuf {
    PathBuf::from("data/matrix")
}

fn default_facilitator_power_level() -> i64 {
    50
}

/// A password or token. Its `Debug` never shows it, so it cannot leak into logs by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one call that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How the bot proves who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// Log in with the account password (once; the session is then restored).
    Password(Secret),
    /// Use an existing access token.
    AccessToken(Secret),
}

impl MatrixConfig {
    /// Makes relative paths relative to `base` (the configuration file's folder).
    pub fn resolve_paths(&mut self, base: &Path) {
        self.data_dir = base.join(&self.data_dir);
        if let Some(p) = &mut self.password_file {
            *p = base.join(&*p);
        }
    }

    /// Reads the secret from where the configuration points. Only needed for a first login or
    /// when the saved session is gone.
    pub fn credentials(&self) -> Result<Credentials> {
        let from_env = |var: &str| -> Result<Secret> {
            let v = std::env::var(var)
                .with_context(|| format!("environment variable {var} is not set"))?;
            if v.trim().is_empty() {
                bail!("environment variable {var} is empty");
            }
            Ok(Secret::new(v.trim()))
        };
        match (
            &self.password_env,
            &self.password_file,
            &self.access_token_env,
        ) {
            (Some(var), None, None) => Ok(Credentials::Password(from_env(var)?)),
            (None, Some(path), None) => {
                let v = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read password file {}", path.display()))?;
                if v.trim().is_empty() {
                    bail!("password file {} is empty", path.display());
                }
                Ok(Credentials::Password(Secret::new(v.trim())))
            }
            (None, None, Some(var)) => Ok(Credentials::AccessToken(from_env(var)?)),
            (None, None, None) => bail!(
                "[matrix] needs one of password_env, password_file or access_token_env \
                 (secrets are never written in the configuration itself)"
            ),
            _ => {
                bail!("[matrix]: give only one of password_env, password_file or access_token_env")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(extra: &str) -> MatrixConfig {
        toml::from_str(&format!(
            "homeserver = \"http://127.0.0.1:8448\"\nuser_id = \"@bot:localhost\"\n{extra}"
        ))
        .unwrap()
    }

    #[test]
    fn defaults_apply() {
        let c = parse("password_env = \"X\"");
        assert_eq!(c.facilitator_power_level, 50);
        assert_eq!(c.device_name, "compagnon");
        assert!(c.rooms.is_empty());
    }

    #[test]
    fn the_secret_never_shows_in_debug_output() {
        let s = Credentials::Password(Secret::new("hunter2"));
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(format!("{s:?}").contains("***"));
    }

    #[test]
    fn exactly_one_secret_source_is_required() {
        assert!(parse("").credentials().is_err());
        let both = parse("password_env = \"A\"\naccess_token_env = \"B\"");
        assert!(both.credentials().is_err());
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "  s3cret\n").unwrap();
        let mut c = parse("password_file = \"pw\"");
        c.resolve_paths(dir.path());
        assert_eq!(
            c.credentials().unwrap(),
            Credentials::Password(Secret::new("s3cret"))
        );
    }

    #[test]
    fn a_secret_value_in_the_file_is_refused() {
        let r: Result<MatrixConfig, _> =
            toml::from_str("homeserver = \"http://h\"\nuser_id = \"@b:h\"\npassword = \"hunter2\"");
        assert!(r.is_err());
    }
}
