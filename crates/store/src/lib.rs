//! The relational store: sea-orm adapters for the domain ports, on a SQLite file by
//! default or PostgreSQL at scale. The same migrations and the same adapters serve
//! both; the store contract suite in `tests/` runs every port against each.
//!
//! This is the only crate that speaks SQL. Rows are private (`entities`) and become
//! domain values through the domain's validating constructors.

mod batch;
pub mod catalog;
pub mod channels;
mod connection;
pub mod conversations;
mod entities;
mod error;
pub mod identity;
pub mod inbox;
mod jobs;
pub mod knowledge;
pub mod notes;
pub mod notifications;
pub mod orders;
mod timestamps;

pub use catalog::{
    CatalogRepositories, SeaOrmCategoryRepository, SeaOrmOfferRepository, SeaOrmOpenOrderCheck,
    SeaOrmProductRepository, SeaOrmSupplierRepository,
};
pub use channels::{
    ChannelRepositories, SeaOrmChannelRepository, SeaOrmChannelStats, SeaOrmContactRepository,
    SeaOrmInboundEventRepository, SeaOrmMessageRepository,
};
pub use connection::{connect, migrate, ping};
pub use conversations::{SeaOrmAssistantSettingsRepository, SeaOrmConversationRepository};
pub use error::StoreError;
pub use identity::{
    IdentityRepositories, SeaOrmApiKeyRepository, SeaOrmAuditLog, SeaOrmInvitationRepository,
    SeaOrmMemberRepository, SeaOrmOneTimeTokenRepository, SeaOrmSessionRepository,
    SeaOrmUserRepository, SeaOrmWorkspaceRepository,
};
pub use inbox::SeaOrmInboxRepository;
pub use jobs::SeaOrmJobQueue;
pub use knowledge::{SeaOrmKnowledgeRepository, SeaOrmWorkspaceDirectory};
pub use notes::SeaOrmNoteRepository;
pub use notifications::{SeaOrmDigestSource, SeaOrmNotificationRepository};
pub use orders::SeaOrmOrderRepository;
pub use sea_orm::DatabaseConnection;
