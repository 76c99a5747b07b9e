//! Adapters for the conversation domain's storage ports: conversations with their
//! timeline, and each workspace's assistant settings.

#[cfg(test)]
mod corrupt_rows;
mod errors;
pub(crate) mod events;
mod repository;
pub(crate) mod rows;
mod settings;

pub use repository::SeaOrmConversationRepository;
pub use settings::SeaOrmAssistantSettingsRepository;
