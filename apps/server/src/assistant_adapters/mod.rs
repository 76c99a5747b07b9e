//! The assistant's ports over the other domains' services and the store, and its job.

mod catalog;
mod gate;
mod knowledge;
mod late;
mod messages;
mod outbox;
mod playground;
mod shop;
mod turn_job;

pub use catalog::CachedCatalogSnapshots;
pub use gate::ConversationReplyGate;
pub use knowledge::KnowledgeSearch;
pub use late::LateResponder;
pub use messages::{ChannelCustomers, ChannelMessageLog};
pub use outbox::ChannelReplyOutbox;
pub use playground::PlaygroundGateway;
pub use shop::WorkspaceShopProfiles;
pub use turn_job::AssistantTurnHandler;
