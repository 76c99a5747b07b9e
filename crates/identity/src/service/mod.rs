//! Identity use cases. Handlers call these with validated values and a `Principal`;
//! every rule about who may do what lives here, not in the HTTP layer.

mod access;
mod api_keys;
mod audit;
mod auth;
mod errors;
mod principal;
mod team;
mod workspace;

use std::sync::Arc;

use chrono::Duration;
use kernel::{Clock, Mailer};

use crate::ports::*;

pub use api_keys::CreatedApiKey;
pub use auth::{AcceptInvitation, Account, Registration, TokenPair};
pub use errors::{AccessError, AuthError, TeamError, Unauthenticated, WorkspaceError};
pub use principal::{Principal, PrincipalKind};
pub use team::Me;

/// Lifetimes and links the identity use cases need.
#[derive(Debug, Clone)]
pub struct IdentitySettings {
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub reset_token_ttl: Duration,
    pub verify_token_ttl: Duration,
    pub invitation_ttl: Duration,
    /// Where links in emails point (the dashboard), without a trailing slash.
    pub public_url: String,
    /// Currency a new workspace starts with, until the owner sets theirs.
    pub default_currency: kernel::Currency,
}

/// Every port the identity use cases use.
#[derive(Clone)]
pub struct IdentityPorts {
    pub users: Arc<dyn UserRepository>,
    pub workspaces: Arc<dyn WorkspaceRepository>,
    pub members: Arc<dyn MemberRepository>,
    pub sessions: Arc<dyn SessionRepository>,
    pub one_time_tokens: Arc<dyn OneTimeTokenRepository>,
    pub invitations: Arc<dyn InvitationRepository>,
    pub api_keys: Arc<dyn ApiKeyRepository>,
    pub audit: Arc<dyn AuditLog>,
    pub credentials: Arc<dyn Credentials>,
    pub access_tokens: Arc<dyn AccessTokens>,
    pub mailer: Arc<dyn Mailer>,
    pub clock: Arc<dyn Clock>,
}

#[derive(Clone)]
pub struct IdentityService {
    ports: IdentityPorts,
    settings: IdentitySettings,
}

impl IdentityService {
    pub fn new(ports: IdentityPorts, settings: IdentitySettings) -> Self {
        Self { ports, settings }
    }

    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.ports.clock.now()
    }
}

#[cfg(test)]
mod tests;
