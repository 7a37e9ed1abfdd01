//! The settings a trust sets once for sending records on: the home page of the learners'
//! accounts for xAPI, and the learning record store's key and secret.
//!
//! They come from the environment, else from the settings file: `CANTEEN_SETTINGS` if set, else
//! `settings.ron` in the platform's config folder (`~/.config/canteen/settings.ron` on Linux,
//! `~/Library/Application Support/canteen/settings.ron` on macOS,
//! `%APPDATA%\canteen\config\settings.ron` on Windows). Credentials are never read from the
//! command line, so they stay out of shell history and process lists.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

/// The environment variable naming the settings file.
pub const SETTINGS_ENV: &str = "CANTEEN_SETTINGS";
/// The environment variable for the xAPI account home page.
pub const HOMEPAGE_ENV: &str = "CANTEEN_XAPI_HOMEPAGE";
/// The environment variable for the LRS key (the basic auth user name).
pub const KEY_ENV: &str = "CANTEEN_LRS_KEY";
/// The environment variable for the LRS secret (the basic auth password).
pub const SECRET_ENV: &str = "CANTEEN_LRS_SECRET";
/// The environment variable for the IRI base of course packages' ids.
pub const IRI_BASE_ENV: &str = "CANTEEN_IRI_BASE";

/// What the settings file may hold; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename = "Settings", deny_unknown_fields, default)]
pub struct Settings {
    /// The home page of the system that issues staff numbers, e.g. the trust's ESR address.
    pub xapi_homepage: Option<String>,
    pub lrs_key: Option<String>,
    pub lrs_secret: Option<String>,
    /// The trust's profile (a RON file like assets/trust.ron) naming its messaging tool,
    /// incident system, PALS and so on; `--trust` overrides it.
    pub trust: Option<PathBuf>,
    /// The address under which course packages (`canteen package`) name the course and its
    /// units, e.g. `https://training.example.nhs.uk/canteen`: an address the trust owns, kept
    /// the same for as long as the LMS keeps the course (the LMS knows units by these ids).
    pub iri_base: Option<String>,
}

/// Why the settings file could not be used.
#[derive(Debug, Error)]
pub enum SettingsError {
    #[error("cannot read the settings file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the settings file {path} is not valid: {reason}. It is a RON file like \
         Settings(xapi_homepage: \"https://esr.example.nhs.uk\", lrs_key: \"...\", lrs_secret: \"...\")"
    )]
    Invalid { path: PathBuf, reason: String },
}

/// The LRS key and secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub key: String,
    pub secret: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret, even in a debug dump.
        f.debug_struct("Credentials")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// The settings file's path: `CANTEEN_SETTINGS`, else the platform's config folder.
pub fn settings_path() -> PathBuf {
    if let Some(p) = std::env::var_os(SETTINGS_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("", "", "canteen")
        .map(|d| d.config_dir().join("settings.ron"))
        .unwrap_or_else(|| PathBuf::from(".canteen/settings.ron"))
}

impl Settings {
    /// Reads the settings file; a missing file is empty settings.
    pub fn load(path: &Path) -> Result<Settings, SettingsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(source) => {
                return Err(SettingsError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        parse(&text).map_err(|e| SettingsError::Invalid {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    }

    /// These settings with any set in the environment taking their place.
    pub fn with_env(mut self, var: impl Fn(&str) -> Option<String>) -> Settings {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        if let Some(v) = set(HOMEPAGE_ENV) {
            self.xapi_homepage = Some(v);
        }
        if let Some(v) = set(KEY_ENV) {
            self.lrs_key = Some(v);
        }
        if let Some(v) = set(SECRET_ENV) {
            self.lrs_secret = Some(v);
        }
        if let Some(v) = set(IRI_BASE_ENV) {
            self.iri_base = Some(v);
        }
        self
    }

    /// The LRS credentials, when both the key and the secret are set.
    pub fn credentials(&self) -> Option<Credentials> {
        match (&self.lrs_key, &self.lrs_secret) {
            (Some(key), Some(secret)) if !key.is_empty() && !secret.is_empty() => {
                Some(Credentials {
                    key: key.clone(),
                    secret: secret.clone(),
                })
            }
            _ => None,
        }
    }
}

/// True when the file can be read by other users of the computer (Unix permissions), which a
/// file holding the LRS secret should not be.
pub fn readable_by_others(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Parses settings text; values are written plainly, without `Some(...)`.
fn parse(text: &str) -> Result<Settings, ron::error::SpannedError> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_wins_over_the_file() {
        let file = parse(
            r#"Settings(xapi_homepage: "https://file.example", lrs_key: "k", lrs_secret: "hunter2")"#,
        )
        .unwrap();
        let s = file.with_env(|name| (name == HOMEPAGE_ENV).then(|| "https://env.example".into()));
        assert_eq!(s.xapi_homepage.as_deref(), Some("https://env.example"));
        let c = s.credentials().unwrap();
        assert_eq!((c.key.as_str(), c.secret.as_str()), ("k", "hunter2"));
        assert!(
            !format!("{c:?}").contains("hunter2"),
            "the secret is never printed"
        );
    }

    #[test]
    fn credentials_need_both_halves() {
        let s = Settings::default().with_env(|name| (name == KEY_ENV).then(|| "k".into()));
        assert_eq!(s.credentials(), None);
    }
}
