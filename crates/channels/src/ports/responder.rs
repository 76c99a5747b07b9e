use async_trait::async_trait;
use kernel::WorkspaceId;

use crate::models::{
    ChannelId, Contact, InboundEventId, InboundMessage, OutboundContent, Platform,
};

/// A customer's message that may deserve an answer, with who sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyRequest {
    pub workspace_id: WorkspaceId,
    pub channel_id: ChannelId,
    pub platform: Platform,
    pub inbound_event_id: InboundEventId,
    pub contact: Contact,
    pub message: InboundMessage,
}

/// The responder could not take the message; the processing job fails and runs again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the responder failed: {0}")]
pub struct ResponderError(pub String);

/// What answers a customer's message, if anything does. Processing asks it once per
/// stored customer message (never for echoes or blocked contacts), and again if the job
/// runs again after a crash. An immediate answer becomes an outbound row keyed by the
/// inbound event, so asking twice sends nothing twice. The assistant answers later
/// (after the burst window, in its own job): it returns `Ok(None)` and queues its reply
/// itself under the same key.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait Responder: Send + Sync {
    async fn reply(
        &self,
        request: &ReplyRequest,
    ) -> Result<Option<OutboundContent>, ResponderError>;
}

/// The default: every message is stored and left for a person to answer.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoReply;

#[async_trait]
impl Responder for NoReply {
    async fn reply(
        &self,
        _request: &ReplyRequest,
    ) -> Result<Option<OutboundContent>, ResponderError> {
        Ok(None)
    }
}

/// Whether the assistant may still talk to this contact on this channel. Asked right
/// before each of its messages goes to the platform: a person may have taken the
/// conversation over (or switched the assistant off) since the reply was composed.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait ReplyGate: Send + Sync {
    async fn assistant_may_send(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: crate::models::ContactId,
    ) -> Result<bool, ResponderError>;
}

/// No conversation layer: the assistant's messages always go.
#[derive(Debug, Clone, Copy, Default)]
pub struct AlwaysOpen;

#[async_trait]
impl ReplyGate for AlwaysOpen {
    async fn assistant_may_send(
        &self,
        _workspace_id: WorkspaceId,
        _channel_id: ChannelId,
        _contact_id: crate::models::ContactId,
    ) -> Result<bool, ResponderError> {
        Ok(true)
    }
}
