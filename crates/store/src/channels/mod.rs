//! Adapters for the channels domain's ports, one file (or folder) per port.

mod channel;
mod contacts;
#[cfg(test)]
mod corrupt_rows;
mod errors;
mod inbound;
mod jobs;
mod messages;
mod stats;
mod storable;

use std::sync::Arc;

use channels::ports::{
    ChannelRepository, ContactRepository, InboundEventRepository, MessageRepository,
};
use sea_orm::DatabaseConnection;

pub use channel::SeaOrmChannelRepository;
pub use contacts::SeaOrmContactRepository;
pub use inbound::SeaOrmInboundEventRepository;
pub use messages::SeaOrmMessageRepository;
pub(crate) use messages::rows::message_from_row;
pub use stats::SeaOrmChannelStats;

/// Every channels storage port, as `ChannelsPorts` takes them. Cloning shares the
/// adapters.
#[derive(Clone)]
pub struct ChannelRepositories {
    pub channels: Arc<dyn ChannelRepository>,
    pub contacts: Arc<dyn ContactRepository>,
    pub inbound: Arc<dyn InboundEventRepository>,
    pub messages: Arc<dyn MessageRepository>,
}

impl ChannelRepositories {
    /// All adapters over one pool (the connection is a cheap handle to it).
    pub fn sea_orm(db: DatabaseConnection) -> Self {
        Self {
            channels: Arc::new(SeaOrmChannelRepository::new(db.clone())),
            contacts: Arc::new(SeaOrmContactRepository::new(db.clone())),
            inbound: Arc::new(SeaOrmInboundEventRepository::new(db.clone())),
            messages: Arc::new(SeaOrmMessageRepository::new(db)),
        }
    }
}
