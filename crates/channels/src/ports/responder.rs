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

/// What answers a customer's message, if anything does. Processing asks it once per
/// stored customer message (never for echoes or blocked contacts); the answer becomes an
/// outbound row keyed by the inbound event, so asking again after a crash sends nothing
/// twice. The assistant plugs in here; until then nothing answers (`NoReply`).
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait Responder: Send + Sync {
    async fn reply(&self, request: &ReplyRequest) -> Option<OutboundContent>;
}

/// The default: every message is stored and left for a person to answer.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoReply;

#[async_trait]
impl Responder for NoReply {
    async fn reply(&self, _request: &ReplyRequest) -> Option<OutboundContent> {
        None
    }
}
