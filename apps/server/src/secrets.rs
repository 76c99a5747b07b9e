//! Secrets the server needs but nobody configured: generated once into `{data_dir}/secrets`
//! (mode 0600) and reused on every restart, so sessions survive a restart.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::settings::Settings;

/// The secrets in force, whichever layer they came from.
#[derive(Debug, Clone)]
pub struct ServerSecrets {
    pub jwt_secret: SecretString,
    /// 32 bytes for AES-256-GCM.
    pub data_key: [u8; 32],
}

#[derive(Serialize, Deserialize)]
struct SecretsFile {
    jwt_secret: String,
    data_key: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0} is corrupt; delete it to generate new secrets (signs everyone out)")]
    Corrupt(String),
    #[error("security.data_key must be 32 bytes encoded as base64")]
    BadDataKey,
}

pub fn load_or_generate(settings: &Settings) -> Result<ServerSecrets, SecretsError> {
    let path = settings.data_dir.join("secrets");
    let stored = read_or_create(&path)?;
    let jwt_secret = match settings.auth.jwt_secret.expose_secret() {
        "" => SecretString::from(stored.jwt_secret),
        configured => SecretString::from(configured.to_owned()),
    };
    let data_key_b64 = match settings.security.data_key.expose_secret() {
        "" => stored.data_key,
        configured => configured.to_owned(),
    };
    let data_key = STANDARD
        .decode(data_key_b64.trim())
        .ok()
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .ok_or(SecretsError::BadDataKey)?;
    Ok(ServerSecrets {
        jwt_secret,
        data_key,
    })
}

fn read_or_create(path: &Path) -> Result<SecretsFile, SecretsError> {
    let io = |source| SecretsError::Io {
        path: path.display().to_string(),
        source,
    };
    match fs::read_to_string(path) {
        Ok(text) => {
            // Tighten permissions in case someone copied the file around.
            fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io)?;
            serde_json::from_str(&text)
                .map_err(|_| SecretsError::Corrupt(path.display().to_string()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(io)?;
            }
            let secrets = SecretsFile {
                jwt_secret: random_base64(48),
                data_key: random_base64(32),
            };
            let json = serde_json::to_vec_pretty(&secrets)
                .map_err(|_| SecretsError::Corrupt(path.display().to_string()))?;
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .map_err(io)?;
            file.write_all(&json).map_err(io)?;
            file.sync_all().map_err(io)?;
            Ok(secrets)
        }
        Err(e) => Err(io(e)),
    }
}

fn random_base64(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buffer);
    STANDARD.encode(buffer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings_in(dir: &Path) -> Settings {
        Settings::load_from(
            dir,
            "test",
            vec![("CHATDESK__DATA_DIR".to_owned(), dir.display().to_string())],
        )
        .unwrap()
    }

    #[test]
    fn generates_once_with_owner_only_permissions_and_reuses() {
        let dir = tempfile::tempdir().unwrap();
        let settings = settings_in(dir.path());
        let first = load_or_generate(&settings).unwrap();
        let mode = fs::metadata(dir.path().join("secrets"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let second = load_or_generate(&settings).unwrap();
        assert_eq!(
            first.jwt_secret.expose_secret(),
            second.jwt_secret.expose_secret()
        );
        assert_eq!(first.data_key, second.data_key);
        assert!(first.jwt_secret.expose_secret().len() >= 64);
    }

    #[test]
    fn configured_secrets_win() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = settings_in(dir.path());
        settings.auth.jwt_secret = SecretString::from("configured".to_owned());
        settings.security.data_key = SecretString::from(STANDARD.encode([7u8; 32]));
        let secrets = load_or_generate(&settings).unwrap();
        assert_eq!(secrets.jwt_secret.expose_secret(), "configured");
        assert_eq!(secrets.data_key, [7u8; 32]);
    }

    #[test]
    fn a_wrong_sized_data_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = settings_in(dir.path());
        settings.security.data_key = SecretString::from(STANDARD.encode([7u8; 16]));
        assert!(matches!(
            load_or_generate(&settings),
            Err(SecretsError::BadDataKey)
        ));
    }
}
