//! Logging in once and restoring the same session (same device, same encryption keys) at every
//! later start.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use matrix_sdk::Client;
use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::ruma::OwnedUserId;

use crate::config::{Credentials, MatrixConfig};

/// The session file in the data folder: the device id and its access token.
fn session_path(data_dir: &Path) -> PathBuf {
    data_dir.join("session.json")
}

/// A logged-in client whose state and crypto stores live in the configured data folder.
///
/// The first start logs in and saves the session; later starts restore it, so the bot keeps
/// one device and can read what was encrypted for it before the restart.
pub async fn connect(config: &MatrixConfig) -> Result<Client> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create {}", config.data_dir.display()))?;
    restrict_permissions(&config.data_dir);
    let user_id: OwnedUserId = config
        .user_id
        .as_str()
        .try_into()
        .with_context(|| format!("user_id {:?} is not a Matrix user id", config.user_id))?;
    let client = Client::builder()
        .homeserver_url(&config.homeserver)
        // No passphrase: the folder's permissions protect the store, and a passphrase would be
        // one more secret to provide at every start.
        .sqlite_store(config.data_dir.join("store"), None)
        .build()
        .await
        .context("cannot set up the Matrix client")?;

    let path = session_path(&config.data_dir);
    if path.exists() {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let session: MatrixSession = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a saved session", path.display()))?;
        if session.meta.user_id != user_id {
            bail!(
                "{} belongs to {}, not {}; move the data folder away to log in afresh",
                path.display(),
                session.meta.user_id,
                user_id
            );
        }
        client
            .restore_session(session)
            .await
            .context("cannot restore the saved Matrix session")?;
        tracing::info!(device = %client.device_id().map(|d| d.to_string()).unwrap_or_default(), "Matrix session restored");
        return Ok(client);
    }

    match config.credentials()? {
        Credentials::Password(password) => {
            client
                .matrix_auth()
                .login_username(&user_id, password.expose())
                .initial_device_display_name(&config.device_name)
                .send()
                .await
                .with_context(|| format!("login as {user_id} failed"))?;
        }
        Credentials::AccessToken(token) => {
            let whoami = whoami(&config.homeserver, token.expose()).await?;
            let session = MatrixSession {
                meta: matrix_sdk::SessionMeta {
                    user_id: user_id.clone(),
                    device_id: whoami.as_str().into(),
                },
                tokens: matrix_sdk::SessionTokens {
                    access_token: token.expose().to_owned(),
                    refresh_token: None,
                },
            };
            client
                .restore_session(session)
                .await
                .context("cannot use the access token")?;
        }
    }
    let session = client
        .matrix_auth()
        .session()
        .context("logged in but the client has no session")?;
    save_session(&path, &session)?;
    tracing::info!(device = %session.meta.device_id, "logged in to Matrix, session saved");
    Ok(client)
}

/// The device an access token belongs to (`/account/whoami`).
async fn whoami(homeserver: &str, token: &str) -> Result<String> {
    let probe = Client::builder()
        .homeserver_url(homeserver)
        .build()
        .await
        .context("cannot set up the Matrix client")?;
    let request = matrix_sdk::ruma::api::client::account::whoami::v3::Request::new();
    let session = MatrixSession {
        meta: matrix_sdk::SessionMeta {
            // Placeholder identity: whoami only needs the token.
            user_id: "@probe:localhost".try_into().expect("valid user id"),
            device_id: "PROBE".into(),
        },
        tokens: matrix_sdk::SessionTokens {
            access_token: token.to_owned(),
            refresh_token: None,
        },
    };
    probe.restore_session(session).await?;
    let response = probe
        .send(request)
        .await
        .context("the access token was refused")?;
    response
        .device_id
        .map(|d| d.to_string())
        .context("the access token has no device; log in with a password instead")
}

fn save_session(path: &Path, session: &MatrixSession) -> Result<()> {
    let json = serde_json::to_string(session).context("cannot serialise the session")?;
    // Write then rename, so a crash never leaves half a session (and a lost device).
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, json).with_context(|| format!("cannot write {}", tmp.display()))?;
    restrict_permissions(&tmp);
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The session file holds an access token and the store holds encryption keys: owner only.
fn restrict_permissions(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if path.is_dir() { 0o700 } else { 0o600 };
        if let Err(e) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)) {
            tracing::warn!(path = %path.display(), error = %e, "cannot restrict permissions");
        }
    }
}
