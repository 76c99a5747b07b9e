//! Adapters for the conversation domain's storage ports: conversations with their
//! timeline, and each workspace's assistant settings.

mod repository;
mod errors;
mod events;
mod rows;
mod settings;

pub use repository::SeaOrmConversationRepository;
pub use settings::SeaOrmAssistantSettingsRepository;
