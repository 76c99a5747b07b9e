//! What the identity domain needs from the outside world. Adapters live in
//! `crates/store` (sea-orm) and `crates/crypto` (argon2, JWT, random tokens).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::{Email, Page, PageRequest, WorkspaceId};

use crate::models::*;

/// Failures of the identity repositories. `Duplicate` names the uniqueness rule broken.
#[derive(Debug, thiserror::Error)]
pub enum RepositoryError {
    #[error("duplicate {0}")]
    Duplicate(&'static str),
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait UserRepository: Send + Sync {
    /// Creates the user, their workspace and the owner membership in one transaction.
    async fn create_account(
        &self,
        user: &User,
        workspace: &Workspace,
        owner: &Member,
    ) -> Result<(), RepositoryError>;
    /// Creates a user who joins an existing workspace, in one transaction.
    async fn create_member_account(
        &self,
        user: &User,
        member: &Member,
    ) -> Result<(), RepositoryError>;
    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, RepositoryError>;
    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, RepositoryError>;
    async fn set_password(&self, id: UserId, hash: &PasswordHash) -> Result<(), RepositoryError>;
    async fn mark_email_verified(
        &self,
        id: UserId,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError>;
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait WorkspaceRepository: Send + Sync {
    async fn get(&self, id: WorkspaceId) -> Result<Option<Workspace>, RepositoryError>;
    async fn update(&self, workspace: &Workspace) -> Result<(), RepositoryError>;
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait MemberRepository: Send + Sync {
    /// Adds a membership; `Duplicate("membership")` when the user is already a member.
    async fn add(&self, member: &Member) -> Result<(), RepositoryError>;
    async fn find(
        &self,
        workspace_id: WorkspaceId,
        user_id: UserId,
    ) -> Result<Option<Member>, RepositoryError>;
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: MemberId,
    ) -> Result<Option<MemberProfile>, RepositoryError>;
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<MemberProfile>, RepositoryError>;
    /// Every membership of a user, oldest first (the first is their default workspace).
    async fn memberships_of(&self, user_id: UserId) -> Result<Vec<Member>, RepositoryError>;
    async fn find_by_email(
        &self,
        workspace_id: WorkspaceId,
        email: &Email,
    ) -> Result<Option<Member>, RepositoryError>;
    async fn set_role(
        &self,
        workspace_id: WorkspaceId,
        id: MemberId,
        role: Role,
    ) -> Result<(), RepositoryError>;
    async fn remove(&self, workspace_id: WorkspaceId, id: MemberId) -> Result<(), RepositoryError>;
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait SessionRepository: Send + Sync {
    async fn create(&self, session: &Session, first: &RefreshToken) -> Result<(), RepositoryError>;
    async fn add_token(&self, token: &RefreshToken) -> Result<(), RepositoryError>;
    async fn find_token(
        &self,
        hash: &TokenHash,
    ) -> Result<Option<(RefreshToken, Session)>, RepositoryError>;
    async fn find_session(&self, id: SessionId) -> Result<Option<Session>, RepositoryError>;
    /// Marks the token used unless it already was; returns whether this call marked it,
    /// so two concurrent refreshes with one token cannot both succeed.
    async fn mark_used(
        &self,
        id: RefreshTokenId,
        at: DateTime<Utc>,
    ) -> Result<bool, RepositoryError>;
    async fn revoke(&self, id: SessionId, at: DateTime<Utc>) -> Result<(), RepositoryError>;
    async fn revoke_all_for_user(
        &self,
        user_id: UserId,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError>;
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait OneTimeTokenRepository: Send + Sync {
    async fn create(&self, token: &OneTimeToken) -> Result<(), RepositoryError>;
    async fn find(
        &self,
        hash: &TokenHash,
        purpose: TokenPurpose,
    ) -> Result<Option<OneTimeToken>, RepositoryError>;
    /// Marks the token used unless it already was; returns whether this call marked it.
    async fn mark_used(
        &self,
        id: OneTimeTokenId,
        at: DateTime<Utc>,
    ) -> Result<bool, RepositoryError>;
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait InvitationRepository: Send + Sync {
    async fn create(&self, invitation: &Invitation) -> Result<(), RepositoryError>;
    async fn find_by_hash(&self, hash: &TokenHash) -> Result<Option<Invitation>, RepositoryError>;
    /// Pending (not accepted, not expired at `now`) invitations, newest first.
    async fn list_pending(
        &self,
        workspace_id: WorkspaceId,
        now: DateTime<Utc>,
        page: PageRequest,
    ) -> Result<Page<Invitation>, RepositoryError>;
    /// Marks the invitation accepted unless it already was; returns whether this call did.
    async fn mark_accepted(
        &self,
        id: InvitationId,
        at: DateTime<Utc>,
    ) -> Result<bool, RepositoryError>;
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait ApiKeyRepository: Send + Sync {
    async fn create(&self, key: &ApiKey) -> Result<(), RepositoryError>;
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<ApiKey>, RepositoryError>;
    async fn find_by_hash(&self, hash: &TokenHash) -> Result<Option<ApiKey>, RepositoryError>;
    /// Revokes a key of this workspace; returns false when there is no such live key.
    async fn revoke(
        &self,
        workspace_id: WorkspaceId,
        id: ApiKeyId,
        at: DateTime<Utc>,
    ) -> Result<bool, RepositoryError>;
    /// Records a use; skipped when the last recorded use is under a minute old.
    async fn touch(&self, id: ApiKeyId, at: DateTime<Utc>) -> Result<(), RepositoryError>;
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait AuditLog: Send + Sync {
    async fn record(&self, event: &AuditEvent) -> Result<(), RepositoryError>;
    /// A workspace's events, newest first.
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<AuditEvent>, RepositoryError>;
}

#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    #[error("unexpected credentials failure: {0}")]
    Unexpected(String),
}

/// Password hashing and opaque secret tokens.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait Credentials: Send + Sync {
    async fn hash_password(&self, password: &Password) -> Result<PasswordHash, CredentialsError>;
    /// Checks a password; with no hash it spends the same time and answers false, so
    /// an unknown email cannot be told apart from a wrong password by timing.
    async fn verify_password<'a>(&self, candidate: &str, hash: Option<&'a PasswordHash>) -> bool;
    /// A new random secret (shown once) and the digest to store.
    fn new_secret(&self, prefix: &str) -> (String, TokenHash);
    fn digest(&self, secret: &str) -> TokenHash;
}

/// What a short-lived access token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessClaims {
    pub user_id: UserId,
    pub workspace_id: WorkspaceId,
    pub session_id: SessionId,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessTokenError {
    #[error("access token expired")]
    Expired,
    #[error("access token is not valid")]
    Invalid,
    #[error("unexpected access token failure: {0}")]
    Unexpected(String),
}

#[cfg_attr(test, mockall::automock)]
pub trait AccessTokens: Send + Sync {
    fn issue(&self, claims: &AccessClaims) -> Result<String, AccessTokenError>;
    fn verify(&self, token: &str) -> Result<AccessClaims, AccessTokenError>;
}
