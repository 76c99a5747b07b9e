//! Adapters for the identity domain's ports, one file per port.

mod api_keys;
mod audit_log;
#[cfg(test)]
mod corrupt_rows;
mod errors;
mod invitations;
mod members;
mod one_time_tokens;
mod sessions;
mod users;
mod workspaces;

use std::sync::Arc;

use identity::ports::{
    ApiKeyRepository, AuditLog, InvitationRepository, MemberRepository, OneTimeTokenRepository,
    SessionRepository, UserRepository, WorkspaceRepository,
};
use sea_orm::DatabaseConnection;

pub use api_keys::SeaOrmApiKeyRepository;
pub use audit_log::SeaOrmAuditLog;
pub use invitations::SeaOrmInvitationRepository;
pub use members::SeaOrmMemberRepository;
pub use one_time_tokens::SeaOrmOneTimeTokenRepository;
pub use sessions::SeaOrmSessionRepository;
pub use users::SeaOrmUserRepository;
pub use workspaces::SeaOrmWorkspaceRepository;

/// Every identity port, as the services take them. Cloning shares the adapters.
#[derive(Clone)]
pub struct IdentityRepositories {
    pub users: Arc<dyn UserRepository>,
    pub workspaces: Arc<dyn WorkspaceRepository>,
    pub members: Arc<dyn MemberRepository>,
    pub sessions: Arc<dyn SessionRepository>,
    pub one_time_tokens: Arc<dyn OneTimeTokenRepository>,
    pub invitations: Arc<dyn InvitationRepository>,
    pub api_keys: Arc<dyn ApiKeyRepository>,
    pub audit: Arc<dyn AuditLog>,
}

impl IdentityRepositories {
    /// All adapters over one pool (the connection is a cheap handle to it).
    pub fn sea_orm(db: DatabaseConnection) -> Self {
        Self {
            users: Arc::new(SeaOrmUserRepository::new(db.clone())),
            workspaces: Arc::new(SeaOrmWorkspaceRepository::new(db.clone())),
            members: Arc::new(SeaOrmMemberRepository::new(db.clone())),
            sessions: Arc::new(SeaOrmSessionRepository::new(db.clone())),
            one_time_tokens: Arc::new(SeaOrmOneTimeTokenRepository::new(db.clone())),
            invitations: Arc::new(SeaOrmInvitationRepository::new(db.clone())),
            api_keys: Arc::new(SeaOrmApiKeyRepository::new(db.clone())),
            audit: Arc::new(SeaOrmAuditLog::new(db)),
        }
    }
}
