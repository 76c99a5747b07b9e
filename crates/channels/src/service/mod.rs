//! The message path's use cases: storing webhook events (`ingest`), processing one
//! stored event (`process_inbound`), delivering one outbound message (`deliver`).
//! The webhook handler and the two job handlers call these and nothing else.

mod deliver;
mod errors;
mod ingest;
mod jobs;
mod process;

use std::collections::HashMap;
use std::sync::Arc;

use kernel::Clock;

use crate::models::Platform;
use crate::ports::*;

pub use deliver::DeliveryOutcome;
pub use errors::{IngestError, JobError};
pub use ingest::{IngestReport, UnroutedAccount};
pub use jobs::*;
pub use process::Processed;

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
    pub gateways: Gateways,
    pub cipher: Arc<dyn SecretCipher>,
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

    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.ports.clock.now()
    }
}

#[cfg(test)]
mod tests;
