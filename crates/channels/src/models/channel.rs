//! A connected messaging account: one Facebook Page, Instagram account, WhatsApp
//! number or web widget, belonging to one workspace.

use std::fmt;

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use serde::{Deserialize, Serialize};

use super::{AccessToken, Credentials, CredentialsError, Platform, PlatformAccountId};
use crate::ports::SecretCipher;

kernel::typed_id!(
    /// A connected channel.
    ChannelId
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelStatus {
    Active,
    /// The platform refused our token (expired, revoked, password changed): messages
    /// still arrive and are kept, but nothing can be sent until someone reconnects.
    ReconnectRequired,
    /// Switched off by the workspace; its webhooks are acknowledged and ignored.
    Disconnected,
}

impl ChannelStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelStatus::Active => "active",
            ChannelStatus::ReconnectRequired => "reconnect_required",
            ChannelStatus::Disconnected => "disconnected",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            ChannelStatus::Active,
            ChannelStatus::ReconnectRequired,
            ChannelStatus::Disconnected,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }

    /// Whether webhook events for this channel are stored and processed. A channel
    /// that needs reconnecting still receives: a customer's message must not be lost
    /// because our token expired.
    pub fn receives(self) -> bool {
        !matches!(self, ChannelStatus::Disconnected)
    }
}

/// What the workspace calls the channel ("Glow Beauty Page", "+39 333 ...").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ChannelName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelNameError {
    #[error("channel name is required")]
    Missing,
    #[error("channel name must be at most {CHANNEL_NAME_MAX} characters")]
    TooLong,
    #[error("channel name must be on one line, without control characters")]
    ControlCharacter,
}

pub const CHANNEL_NAME_MAX: usize = 120;

impl ChannelName {
    pub fn parse(raw: &str) -> Result<Self, ChannelNameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ChannelNameError::Missing);
        }
        if trimmed.chars().any(char::is_control) {
            return Err(ChannelNameError::ControlCharacter);
        }
        if trimmed.chars().count() > CHANNEL_NAME_MAX {
            return Err(ChannelNameError::TooLong);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ChannelName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub id: ChannelId,
    pub workspace_id: WorkspaceId,
    pub platform: Platform,
    /// Page id, Instagram account id or WhatsApp `phone_number_id`; the routing key.
    pub account_id: PlatformAccountId,
    pub display_name: ChannelName,
    pub credentials: Credentials,
    pub status: ChannelStatus,
    /// When the platform said the token expires; `None` for tokens that do not (Page
    /// tokens from a long-lived user token, WhatsApp system-user tokens).
    pub token_expires_at: Option<DateTime<Utc>>,
    pub last_message_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Why a channel cannot send right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChannelUnavailable {
    #[error("the channel needs to be reconnected")]
    ReconnectRequired,
    #[error("the channel is disconnected")]
    Disconnected,
    #[error("the channel's access token has expired")]
    TokenExpired,
}

impl Channel {
    /// The token a gateway call carries. A website widget has no platform token: its
    /// sealed credentials hold its settings (origins, theme), which are not a token, and
    /// its gateway addresses visitors by the public key, which stands in here.
    pub fn access_token(&self, cipher: &dyn SecretCipher) -> Result<AccessToken, CredentialsError> {
        if self.platform == Platform::Web {
            return AccessToken::parse(self.account_id.as_str())
                .map_err(CredentialsError::InvalidToken);
        }
        self.credentials.open(cipher)
    }

    /// A freshly connected channel.
    pub fn connect(
        workspace_id: WorkspaceId,
        platform: Platform,
        account_id: PlatformAccountId,
        display_name: ChannelName,
        credentials: Credentials,
        token_expires_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: ChannelId::new(),
            workspace_id,
            platform,
            account_id,
            display_name,
            credentials,
            status: ChannelStatus::Active,
            token_expires_at,
            last_message_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// Checked right before a send: a known-expired token is not worth a round trip
    /// that can only come back with error 190.
    pub fn check_can_send(&self, now: DateTime<Utc>) -> Result<(), ChannelUnavailable> {
        match self.status {
            ChannelStatus::ReconnectRequired => Err(ChannelUnavailable::ReconnectRequired),
            ChannelStatus::Disconnected => Err(ChannelUnavailable::Disconnected),
            ChannelStatus::Active => match self.token_expires_at {
                Some(expiry) if expiry <= now => Err(ChannelUnavailable::TokenExpired),
                _ => Ok(()),
            },
        }
    }

    /// New credentials after the workspace reconnects: active again.
    pub fn reconnect(
        &mut self,
        credentials: Credentials,
        token_expires_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) {
        self.credentials = credentials;
        self.token_expires_at = token_expires_at;
        self.status = ChannelStatus::Active;
        self.updated_at = now;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::Duration;

    use super::*;

    pub(crate) fn at(hours: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_767_225_600, 0).unwrap() + Duration::hours(hours)
    }

    pub(crate) fn page_channel() -> Channel {
        Channel::connect(
            WorkspaceId::new(),
            Platform::Messenger,
            PlatformAccountId::parse("1234567890").unwrap(),
            ChannelName::parse("Glow Beauty").unwrap(),
            Credentials::from_ciphertext("enc:x".into()),
            Some(at(24 * 60)),
            at(0),
        )
    }

    #[test]
    fn only_active_channels_with_live_tokens_send() {
        let mut channel = page_channel();
        assert_eq!(channel.check_can_send(at(1)), Ok(()));
        assert_eq!(
            channel.check_can_send(at(24 * 60)),
            Err(ChannelUnavailable::TokenExpired)
        );
        channel.status = ChannelStatus::ReconnectRequired;
        assert_eq!(
            channel.check_can_send(at(1)),
            Err(ChannelUnavailable::ReconnectRequired)
        );
        channel.reconnect(Credentials::from_ciphertext("enc:y".into()), None, at(2));
        assert_eq!(channel.status, ChannelStatus::Active);
        assert_eq!(channel.check_can_send(at(24 * 365)), Ok(()));
        channel.status = ChannelStatus::Disconnected;
        assert_eq!(
            channel.check_can_send(at(3)),
            Err(ChannelUnavailable::Disconnected)
        );
    }

    #[test]
    fn statuses_and_names_parse() {
        for s in ["active", "reconnect_required", "disconnected"] {
            assert_eq!(ChannelStatus::parse(s).unwrap().as_str(), s);
        }
        assert!(ChannelStatus::ReconnectRequired.receives());
        assert!(!ChannelStatus::Disconnected.receives());
        assert_eq!(
            ChannelName::parse(" متجر الجمال ✨ ").unwrap().as_str(),
            "متجر الجمال ✨"
        );
        assert_eq!(ChannelName::parse(""), Err(ChannelNameError::Missing));
        assert_eq!(
            ChannelName::parse("a\nb"),
            Err(ChannelNameError::ControlCharacter)
        );
        assert_eq!(
            ChannelName::parse(&"x".repeat(121)),
            Err(ChannelNameError::TooLong)
        );
    }
}
