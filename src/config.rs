//! `compagnon run --config FILE`: the configuration file (the bot itself is `run_cmd.rs`).
//!
//! Secrets (tokens, passwords) are never in this file's values nor on the command line: the
//! platform sections name an environment variable or a file to read them from.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

/// The configuration file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// SQLite database file.
    #[serde(default = "default_db")]
    pub database: PathBuf,
    /// Where deliverable files and platform sessions live.
    #[serde(default = "default_data_dir")]
    pub data_dir: PathBuf,
    /// Programme files imported (idempotently) at every start.
    #[serde(default)]
    pub programmes: Vec<PathBuf>,
    /// The Matrix account the bot speaks through, if any.
    #[serde(default)]
    pub matrix: Option<compagnon_matrix::MatrixConfig>,
    /// The Discord adapter (`[discord]`), if configured.
    #[serde(default)]
    pub discord: Option<compagnon_discord::DiscordConfig>,
    /// Bounds on what people can push (`[limits]`): lengths, horizons, quotas, rates.
    #[serde(default)]
    pub limits: bot::limits::Limits,
    /// The web space (`[web]`: `listen`, `public_url`), served beside the chat when present.
    #[serde(default)]
    pub web: Option<compagnon_web::WebConfig>,
}

fn default_db() -> PathBuf {
    PathBuf::from("compagnon.db")
}

fn default_data_dir() -> PathBuf {
    PathBuf::from("data")
}

impl Config {
    /// Reads and checks `path`; relative paths in it are relative to the file's folder.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read configuration {}", path.display()))?;
        // Only the line number and the reason: the TOML error's own rendering quotes the line,
        // which could be a secret pasted where it does not belong.
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start].matches('\n').count() + 1)
                .unwrap_or(1);
            anyhow::anyhow!("{}:{line}: {}", path.display(), e.message().trim())
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        config.database = base.join(&config.database);
        config.data_dir = base.join(&config.data_dir);
        for p in &mut config.programmes {
            *p = base.join(&*p);
        }
        if let Some(file) = config.discord.as_mut().and_then(|d| d.token_file.as_mut()) {
            *file = base.join(&*file);
        }
        if let Some(m) = &mut config.matrix {
            m.resolve_paths(base);
        }
        Ok(config)
    }
}
