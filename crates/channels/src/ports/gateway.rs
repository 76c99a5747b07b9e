use async_trait::async_trait;

use crate::models::{
    AccessToken, ContactProfile, OutboundMessage, Platform, PlatformAccountId, PlatformMessageId,
    PlatformUserId, SendFailure, SendMode,
};

/// Who a call is for and with which credentials: one person on one of our accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub platform: Platform,
    pub account_id: PlatformAccountId,
    pub user_id: PlatformUserId,
    pub access_token: AccessToken,
}

/// The platform accepted the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReceipt {
    /// The id status webhooks and echoes will name. `None` when the platform accepted
    /// the message but its answer could not be read: the message went out, so it must
    /// not be retried.
    pub platform_message_id: Option<PlatformMessageId>,
}

/// Talks to a messaging platform on a channel's behalf. Every failure is classified
/// (`SendFailure`), so callers decide retry, give-up and reconnect without knowing
/// the platform's error codes.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait ChannelGateway: Send + Sync {
    /// Sends one message. `mode` comes from the messaging-window rule.
    async fn send(
        &self,
        to: &Recipient,
        message: &OutboundMessage,
        mode: SendMode,
    ) -> Result<SendReceipt, SendFailure>;
    /// Shows the person we have seen their messages up to `last`. WhatsApp marks that
    /// message read; Messenger and Instagram mark the whole thread seen.
    async fn mark_seen(&self, to: &Recipient, last: &PlatformMessageId) -> Result<(), SendFailure>;
    /// Shows or hides the typing indicator while a reply is prepared. WhatsApp ties it
    /// to the message being answered and hides it by itself on reply (or after 25 s).
    async fn typing(
        &self,
        to: &Recipient,
        replying_to: &PlatformMessageId,
        on: bool,
    ) -> Result<(), SendFailure>;
    /// The person's name, picture and locale as the platform shares them. WhatsApp has
    /// no profile API (the name comes with each webhook): an empty profile, no call.
    async fn fetch_profile(&self, of: &Recipient) -> Result<ContactProfile, SendFailure>;
}
