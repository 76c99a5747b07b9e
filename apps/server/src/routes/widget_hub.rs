//! The web widget's side of the message path: `WidgetGateway` is the `ChannelGateway`
//! for `Platform::Web`, and "sending" to a visitor is pushing to their open widget
//! sockets through `WidgetHub`.
//!
//! The reply is stored before it is pushed (the send job runs on a stored row), so a
//! visitor with no socket open still finds it in their history. Pushes are
//! per process: with several replicas, a visitor connected to one replica sees replies
//! sent by another on their next history fetch, until the hub moves onto the
//! cross-replica event bus.

use async_trait::async_trait;
use channels::ports::{ChannelGateway, Recipient, SendReceipt};
use channels::{
    ContactProfile, OutboundContent, OutboundMessage, PlatformMessageId, SendFailure, SendMode,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::broadcast;

/// Pushes kept for a slow socket before the oldest are dropped.
const CAPACITY: usize = 1024;

/// What a widget socket receives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WidgetPush {
    /// A reply from the business.
    Message {
        message_id: String,
        /// A one-line rendering, for widgets that show only text.
        text: String,
        content: OutboundContent,
        sent_at: DateTime<Utc>,
    },
    /// The business is (or stopped) writing.
    Typing { on: bool },
}

/// One push, addressed to a visitor of one widget.
#[derive(Debug, Clone)]
pub struct Addressed {
    pub public_key: String,
    pub visitor_id: String,
    pub push: WidgetPush,
}

#[derive(Debug)]
pub struct WidgetHub {
    sender: broadcast::Sender<Addressed>,
}

impl WidgetHub {
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(CAPACITY);
        Self { sender }
    }

    /// Every push from now on; a socket keeps those addressed to its visitor.
    pub fn subscribe(&self) -> broadcast::Receiver<Addressed> {
        self.sender.subscribe()
    }

    pub fn publish(&self, public_key: &str, visitor_id: &str, push: WidgetPush) {
        // Nobody listening is normal (the visitor closed the page): the reply is stored.
        let _ = self.sender.send(Addressed {
            public_key: public_key.to_owned(),
            visitor_id: visitor_id.to_owned(),
            push,
        });
    }
}

impl Default for WidgetHub {
    fn default() -> Self {
        Self::new()
    }
}

/// `ChannelGateway` for web widget channels.
pub struct WidgetGateway {
    hub: std::sync::Arc<WidgetHub>,
}

impl WidgetGateway {
    pub fn new(hub: std::sync::Arc<WidgetHub>) -> Self {
        Self { hub }
    }
}

#[async_trait]
impl ChannelGateway for WidgetGateway {
    async fn send(
        &self,
        to: &Recipient,
        message: &OutboundMessage,
        _mode: SendMode,
    ) -> Result<SendReceipt, SendFailure> {
        let id = PlatformMessageId::parse(&format!("web.out.{}", uuid::Uuid::now_v7().simple()))
            .map_err(|e| SendFailure::Permanent {
                reason: channels::FailureReason::new(e.to_string()),
            })?;
        self.hub.publish(
            to.account_id.as_str(),
            to.user_id.as_str(),
            WidgetPush::Message {
                message_id: id.as_str().to_owned(),
                text: message.content().preview().to_owned(),
                content: message.content().clone(),
                sent_at: Utc::now(),
            },
        );
        Ok(SendReceipt {
            platform_message_id: Some(id),
        })
    }

    async fn mark_seen(
        &self,
        _to: &Recipient,
        _last: &PlatformMessageId,
    ) -> Result<(), SendFailure> {
        Ok(())
    }

    async fn typing(
        &self,
        to: &Recipient,
        _replying_to: &PlatformMessageId,
        on: bool,
    ) -> Result<(), SendFailure> {
        self.hub.publish(
            to.account_id.as_str(),
            to.user_id.as_str(),
            WidgetPush::Typing { on },
        );
        Ok(())
    }

    async fn fetch_profile(&self, _of: &Recipient) -> Result<ContactProfile, SendFailure> {
        // A visitor is anonymous until they say who they are.
        Ok(ContactProfile::default())
    }
}
