//! The message path's use cases: storing webhook events (`ingest`), processing one
//! stored event (`process_inbound`, which asks the `Responder` for a reply), delivering
//! one outbound message (`deliver`); and around it, connecting channels, the contacts
//! list, the web widget's public side and refreshing expiring tokens.
//! The HTTP handlers and the job handlers call these and nothing else.

mod connect;
mod contacts;
mod deliver;
mod errors;
mod ingest;
mod jobs;
mod oauth;
mod playground;
mod process;
mod refresh;
mod reply;
mod widget;

use std::collections::HashMap;
use std::sync::Arc;

use kernel::{Clock, JobQueue};

use crate::models::Platform;
use crate::ports::*;

pub use connect::{ChannelView, ConnectRequest, Connected};
pub use deliver::DeliveryOutcome;
pub use errors::{ChannelError, ContactError, IngestError, JobError, WidgetError};
pub use ingest::{IngestReport, UnroutedAccount};
pub use jobs::*;
pub use oauth::{OAuthOutcome, OAuthSource, PageChoice};
pub use playground::{PlaygroundMessage, QueueError, playground_user};
pub use process::Processed;
pub use refresh::RefreshOutcome;
pub use reply::ReplyOutcome;
pub use widget::{Widget, WidgetSent};

/// The gateway of each platform a deployment can send on.
#[derive(Clone, Default)]
pub struct Gateways(HashMap<Platform, Arc<dyn ChannelGateway>>);

impl Gateways {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, platform: Platform, gateway: Arc<dyn ChannelGateway>) -> Self {
        self.0.insert(platform, gateway);
        self
    }

    pub fn get(&self, platform: Platform) -> Option<&Arc<dyn ChannelGateway>> {
        self.0.get(&platform)
    }
}

/// Every port the channel use cases use.
#[derive(Clone)]
pub struct ChannelsPorts {
    pub channels: Arc<dyn ChannelRepository>,
    pub contacts: Arc<dyn ContactRepository>,
    pub inbound: Arc<dyn InboundEventRepository>,
    pub messages: Arc<dyn MessageRepository>,
    pub stats: Arc<dyn ChannelStatsQuery>,
    pub gateways: Gateways,
    pub accounts: Arc<dyn PlatformAccounts>,
    pub cipher: Arc<dyn SecretCipher>,
    /// For jobs that are not enqueued with a row (token refreshes).
    pub jobs: Arc<dyn JobQueue>,
    /// Who answers customers; `NoReply` until the assistant plugs in.
    pub responder: Arc<dyn Responder>,
    /// Asked right before the assistant's messages are sent; `AlwaysOpen` without one.
    pub reply_gate: Arc<dyn ReplyGate>,
    pub alerts: Arc<dyn ChannelAlerts>,
    /// Announces stored messages and status moves (dashboards follow them live).
    pub events: Arc<dyn kernel::EventBus>,
    pub clock: Arc<dyn Clock>,
}

#[derive(Debug, Clone, Default)]
pub struct ChannelsSettings {
    /// Our Meta app id: echoes carrying it are our own sends, others were typed in
    /// Meta's inbox by a person.
    pub meta_app_id: Option<String>,
}

#[derive(Clone)]
pub struct ChannelsService {
    ports: ChannelsPorts,
    settings: ChannelsSettings,
}

impl ChannelsService {
    pub fn new(ports: ChannelsPorts, settings: ChannelsSettings) -> Self {
        Self { ports, settings }
    }

    /// Best-effort, after the change is stored (the bus logs its own failures): a lost
    /// event only delays a dashboard, which re-reads on reconnect, while failing the
    /// job would redo work already done.
    async fn announce(&self, event: kernel::DomainEvent) {
        let _ = self.ports.events.publish(event).await;
    }

    /// `message.created` for a row just stored.
    async fn announce_created(&self, message: &crate::models::MessageRecord) {
        let direction = match message.direction {
            crate::models::Direction::Inbound => "inbound",
            crate::models::Direction::Outbound => "outbound",
        };
        self.announce(kernel::DomainEvent::MessageCreated {
            workspace_id: message.workspace_id,
            message_id: message.id.as_uuid(),
            channel_id: message.channel_id.as_uuid(),
            contact_id: message.contact_id.as_uuid(),
            direction: direction.to_owned(),
        })
        .await;
    }

    /// `message.status` for one of our messages that moved.
    async fn announce_status(
        &self,
        workspace_id: kernel::WorkspaceId,
        id: crate::models::MessageId,
        status: crate::models::DeliveryStatus,
    ) {
        self.announce(kernel::DomainEvent::MessageStatusChanged {
            workspace_id,
            message_id: id.as_uuid(),
            status: status.as_str().to_owned(),
        })
        .await;
    }

    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.ports.clock.now()
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_connect;
#[cfg(test)]
mod tests_reply;
