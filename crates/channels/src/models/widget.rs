//! The website chat widget: its public key, the origins allowed to embed it, the
//! visitors who write through it, and what they write.
//!
//! A web channel has no platform token. What it keeps in its sealed credentials is the
//! widget's configuration (`WidgetConfig`), so a channel row needs no widget-only
//! columns and the configuration is never readable from a database dump either.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::text::char_len;
use super::{Credentials, CredentialsError, PlatformAccountId, PlatformMessageId, WidgetTheme};
use crate::ports::SecretCipher;

/// The widget's public key: what the embed snippet names and what routes the widget's
/// messages to its channel (the web channel's account id). Public by design, so it is
/// random (122 bits) only to be unguessable as a tenant enumerator.
pub fn new_widget_public_key() -> Result<PlatformAccountId, super::ExternalIdError> {
    PlatformAccountId::parse(&format!("wk_{}", Uuid::new_v4().simple()))
}

/// A web origin a widget may be embedded on: `https://shop.example` or
/// `http://localhost:3000`, as browsers send it in the `Origin` header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WidgetOrigin(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WidgetOriginError {
    #[error("an origin is scheme://host[:port], http or https, without a path")]
    Invalid,
}

impl WidgetOrigin {
    pub fn parse(raw: &str) -> Result<Self, WidgetOriginError> {
        let trimmed = raw.trim();
        let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
        let lower = trimmed.to_ascii_lowercase();
        let (scheme, rest) = lower.split_once("://").ok_or(WidgetOriginError::Invalid)?;
        if scheme != "http" && scheme != "https" {
            return Err(WidgetOriginError::Invalid);
        }
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        };
        let host_ok = !host.is_empty()
            && host.len() <= 253
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            && !host.starts_with(['.', '-'])
            && !host.ends_with(['.', '-']);
        let port_ok = port
            .is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()));
        if !host_ok || !port_ok {
            return Err(WidgetOriginError::Invalid);
        }
        Ok(Self(lower))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WidgetOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub const MAX_WIDGET_ORIGINS: usize = 20;

/// How a widget is configured.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WidgetConfig {
    /// Pages allowed to embed the widget. Empty: any page (a new widget before the
    /// workspace says where it lives).
    pub allowed_origins: Vec<WidgetOrigin>,
    /// How it looks; sent to the widget with its start response.
    pub theme: WidgetTheme,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WidgetConfigError {
    #[error("at most {MAX_WIDGET_ORIGINS} allowed origins")]
    TooManyOrigins,
}

/// Why a widget request is refused before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OriginRefusal {
    #[error("this widget only answers pages on its allowed origins")]
    NotAllowed,
}

/// Tells a stored configuration apart from anything else a cipher may hand back. v1 is
/// the origins alone, comma separated (widgets made before themes); v2 is JSON.
const CONFIG_PREFIX_V1: &str = "widget-config:v1:";
const CONFIG_PREFIX: &str = "widget-config:v2:";

/// The stored shape of a v2 configuration.
#[derive(Serialize, Deserialize)]
struct StoredConfig {
    allowed_origins: Vec<String>,
    #[serde(default)]
    theme: WidgetTheme,
}

impl WidgetConfig {
    pub fn new(allowed_origins: Vec<WidgetOrigin>) -> Result<Self, WidgetConfigError> {
        let mut unique: Vec<WidgetOrigin> = Vec::with_capacity(allowed_origins.len());
        for origin in allowed_origins {
            if !unique.contains(&origin) {
                unique.push(origin);
            }
        }
        if unique.len() > MAX_WIDGET_ORIGINS {
            return Err(WidgetConfigError::TooManyOrigins);
        }
        Ok(Self {
            allowed_origins: unique,
            theme: WidgetTheme::default(),
        })
    }

    pub fn with_theme(self, theme: WidgetTheme) -> Self {
        Self { theme, ..self }
    }

    /// Browsers always send `Origin` on the cross-origin calls a widget makes; a call
    /// without one, or from a page not on the list, is refused once a list exists.
    pub fn check_origin(&self, origin: Option<&str>) -> Result<(), OriginRefusal> {
        if self.allowed_origins.is_empty() {
            return Ok(());
        }
        let parsed = origin
            .and_then(|o| WidgetOrigin::parse(o).ok())
            .ok_or(OriginRefusal::NotAllowed)?;
        if self.allowed_origins.contains(&parsed) {
            Ok(())
        } else {
            Err(OriginRefusal::NotAllowed)
        }
    }

    /// The configuration as the web channel's sealed credentials.
    pub fn seal(&self, cipher: &dyn SecretCipher) -> Result<Credentials, CredentialsError> {
        let stored = StoredConfig {
            allowed_origins: self
                .allowed_origins
                .iter()
                .map(|o| o.as_str().to_owned())
                .collect(),
            theme: self.theme.clone(),
        };
        let json = serde_json::to_string(&stored)
            .map_err(|e| CredentialsError::Unexpected(e.to_string()))?;
        Credentials::seal_text(cipher, &format!("{CONFIG_PREFIX}{json}"))
    }

    pub fn open(
        credentials: &Credentials,
        cipher: &dyn SecretCipher,
    ) -> Result<Self, CredentialsError> {
        let text = credentials.open_text(cipher)?;
        if let Some(json) = text.strip_prefix(CONFIG_PREFIX) {
            let stored: StoredConfig =
                serde_json::from_str(json).map_err(|_| CredentialsError::Undecryptable)?;
            let allowed_origins = parse_origins(stored.allowed_origins.iter().map(String::as_str))?;
            return Ok(Self {
                allowed_origins,
                theme: stored.theme,
            });
        }
        let list = text
            .strip_prefix(CONFIG_PREFIX_V1)
            .ok_or(CredentialsError::Undecryptable)?;
        Ok(Self {
            allowed_origins: parse_origins(list.split(',').filter(|o| !o.is_empty()))?,
            theme: WidgetTheme::default(),
        })
    }
}

fn parse_origins<'a>(
    raw: impl Iterator<Item = &'a str>,
) -> Result<Vec<WidgetOrigin>, CredentialsError> {
    raw.map(WidgetOrigin::parse)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| CredentialsError::Undecryptable)
}

/// A website visitor, as the widget script names them: a random id it generates once
/// and keeps in the browser. It is the visitor's only credential, so it must be long
/// enough not to be guessed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VisitorId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VisitorIdError {
    #[error("a visitor id is {VISITOR_ID_MIN} to {VISITOR_ID_MAX} letters, digits, '-' or '_'")]
    Invalid,
}

pub const VISITOR_ID_MIN: usize = 16;
pub const VISITOR_ID_MAX: usize = 128;

impl VisitorId {
    pub fn parse(raw: &str) -> Result<Self, VisitorIdError> {
        let ok = (VISITOR_ID_MIN..=VISITOR_ID_MAX).contains(&raw.len())
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(VisitorIdError::Invalid)
        }
    }

    /// A fresh random visitor id, for a widget that did not bring one.
    pub fn generate() -> Self {
        Self(format!("v_{}", Uuid::new_v4().simple()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The visitor as a contact's platform user id.
    pub fn user_id(&self) -> Result<super::PlatformUserId, super::ExternalIdError> {
        super::PlatformUserId::parse(&self.0)
    }
}

/// The widget's own id for a message it sends, so a retried POST is stored once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientMessageId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientMessageIdError {
    #[error("a client message id is 1 to 64 letters, digits, '-' or '_'")]
    Invalid,
}

impl ClientMessageId {
    pub fn parse(raw: &str) -> Result<Self, ClientMessageIdError> {
        let ok = (1..=64).contains(&raw.len())
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(ClientMessageIdError::Invalid)
        }
    }

    pub fn generate() -> Self {
        Self(Uuid::now_v7().simple().to_string())
    }

    /// The message's platform id: scoped by visitor, so two visitors choosing the same
    /// client id never collide on the channel's unique message id.
    pub fn platform_message_id(
        &self,
        visitor: &VisitorId,
    ) -> Result<PlatformMessageId, super::ExternalIdError> {
        PlatformMessageId::parse(&format!("web.{}.{}", visitor.as_str(), self.0))
    }
}

pub const WIDGET_TEXT_MAX: usize = 4_096;

/// What a visitor typed: any script, line breaks allowed, not blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetText(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WidgetTextError {
    #[error("the message is empty")]
    Empty,
    #[error("the message must be at most {WIDGET_TEXT_MAX} characters")]
    TooLong,
    #[error("the message must not contain control characters")]
    ControlCharacter,
}

impl WidgetText {
    pub fn parse(raw: &str) -> Result<Self, WidgetTextError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(WidgetTextError::Empty);
        }
        if super::text::has_control_except_whitespace(trimmed) {
            return Err(WidgetTextError::ControlCharacter);
        }
        if char_len(trimmed) > WIDGET_TEXT_MAX {
            return Err(WidgetTextError::TooLong);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::fixtures::ReversingCipher;
    use crate::models::{AccessToken, WidgetAvatarUrl, WidgetColor, WidgetPosition};

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            WidgetOrigin::parse(" https://Shop.Example/ ")
                .unwrap()
                .as_str(),
            "https://shop.example"
        );
        assert!(WidgetOrigin::parse("http://localhost:3000").is_ok());
        for bad in [
            "shop.example",
            "ftp://shop.example",
            "https://shop.example/path",
            "https://",
            "https://shop.example:99999x",
            "https://-shop.example",
            "javascript:alert(1)",
        ] {
            assert!(WidgetOrigin::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_config_round_trips_through_the_cipher_and_checks_origins() {
        let config = WidgetConfig::new(vec![
            WidgetOrigin::parse("https://shop.example").unwrap(),
            WidgetOrigin::parse("https://shop.example").unwrap(),
            WidgetOrigin::parse("http://localhost:3000").unwrap(),
        ])
        .unwrap();
        assert_eq!(config.allowed_origins.len(), 2, "duplicates are dropped");
        let sealed = config.seal(&ReversingCipher).unwrap();
        assert_eq!(
            WidgetConfig::open(&sealed, &ReversingCipher).unwrap(),
            config
        );

        assert_eq!(config.check_origin(Some("https://shop.example")), Ok(()));
        assert_eq!(config.check_origin(Some("https://SHOP.example/")), Ok(()));
        assert_eq!(
            config.check_origin(Some("https://evil.example")),
            Err(OriginRefusal::NotAllowed)
        );
        assert_eq!(config.check_origin(None), Err(OriginRefusal::NotAllowed));
        assert_eq!(
            config.check_origin(Some("null")),
            Err(OriginRefusal::NotAllowed)
        );

        let open = WidgetConfig::default();
        assert_eq!(open.check_origin(None), Ok(()));
        let sealed = open.seal(&ReversingCipher).unwrap();
        assert_eq!(WidgetConfig::open(&sealed, &ReversingCipher).unwrap(), open);

        // A page token is not a widget configuration.
        let page =
            Credentials::seal(&ReversingCipher, &AccessToken::parse("EAAG").unwrap()).unwrap();
        assert!(WidgetConfig::open(&page, &ReversingCipher).is_err());
        let many = (0..=MAX_WIDGET_ORIGINS)
            .map(|i| WidgetOrigin::parse(&format!("https://s{i}.example")).unwrap())
            .collect();
        assert_eq!(
            WidgetConfig::new(many),
            Err(WidgetConfigError::TooManyOrigins)
        );
    }

    #[test]
    fn the_theme_is_sealed_with_the_origins_and_old_configs_still_open() {
        let theme = WidgetTheme {
            position: WidgetPosition::Left,
            color: Some(WidgetColor::parse("#0E7490").unwrap()),
            button_text: Some("Chat with us, 24/7".into()),
            avatar_url: Some(WidgetAvatarUrl::parse("https://cdn.glow.example/ana.png").unwrap()),
            title: Some("Glow Beauty".into()),
            greeting: Some("Ciao!\nHow can we help?".into()),
        };
        let config = WidgetConfig::new(vec![WidgetOrigin::parse("https://shop.example").unwrap()])
            .unwrap()
            .with_theme(theme.clone());
        let sealed = config.seal(&ReversingCipher).unwrap();
        assert!(!sealed.ciphertext().contains("Glow Beauty"));
        let opened = WidgetConfig::open(&sealed, &ReversingCipher).unwrap();
        assert_eq!(opened, config);
        assert_eq!(opened.theme, theme);

        // A widget made before themes keeps its origins and gets the default look.
        let v1 = ReversingCipher
            .encrypt("widget-config:v1:https://shop.example,http://localhost:3000")
            .unwrap();
        let old = WidgetConfig::open(&Credentials::from_ciphertext(v1), &ReversingCipher).unwrap();
        assert_eq!(old.allowed_origins.len(), 2);
        assert_eq!(old.theme, WidgetTheme::default());

        // A stored colour that no longer validates does not open as a theme.
        let tampered = ReversingCipher
            .encrypt(r##"widget-config:v2:{"allowed_origins":[],"theme":{"color":"red"}}"##)
            .unwrap();
        assert!(
            WidgetConfig::open(&Credentials::from_ciphertext(tampered), &ReversingCipher).is_err()
        );
    }

    #[test]
    fn visitors_messages_and_keys_are_checked() {
        assert!(VisitorId::parse("v_0123456789abcdef").is_ok());
        assert!(VisitorId::parse("short").is_err());
        assert!(VisitorId::parse("v_0123456789abcdef/..").is_err());
        let generated = VisitorId::generate();
        assert!(VisitorId::parse(generated.as_str()).is_ok());
        assert!(generated.user_id().is_ok());

        let client = ClientMessageId::parse("m-1").unwrap();
        assert_eq!(
            client.platform_message_id(&generated).unwrap().as_str(),
            format!("web.{}.m-1", generated.as_str())
        );
        assert!(ClientMessageId::parse("").is_err());
        assert!(ClientMessageId::parse("a b").is_err());

        assert_eq!(
            WidgetText::parse("  مرحبا 👋\nשלום ").unwrap().as_str(),
            "مرحبا 👋\nשלום"
        );
        assert_eq!(WidgetText::parse(" \n "), Err(WidgetTextError::Empty));
        assert_eq!(
            WidgetText::parse("a\u{0007}"),
            Err(WidgetTextError::ControlCharacter)
        );
        assert_eq!(
            WidgetText::parse(&"ü".repeat(WIDGET_TEXT_MAX + 1)),
            Err(WidgetTextError::TooLong)
        );

        let key = new_widget_public_key().unwrap();
        assert!(key.as_str().starts_with("wk_"));
        assert_ne!(key, new_widget_public_key().unwrap());
    }
}
