use chrono::{DateTime, Utc};
use kernel::WorkspaceId;

use crate::UserId;

kernel::typed_id!(
    /// A signed-in session: one family of rotated refresh tokens.
    SessionId
);

kernel::typed_id!(RefreshTokenId);

/// A session groups every refresh token rotated from one login. Revoking the
/// session revokes the family, which is what a reused refresh token triggers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: SessionId,
    pub user_id: UserId,
    pub workspace_id: WorkspaceId,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshToken {
    pub id: RefreshTokenId,
    pub session_id: SessionId,
    pub token_hash: TokenHash,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// The stored digest of an opaque secret token (refresh, reset, invitation, API key).
/// The plaintext is shown once and never kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

impl TokenHash {
    pub fn from_hex(hex: String) -> Self {
        Self(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a one-time email token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::ResetPassword => "reset_password",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [TokenPurpose::VerifyEmail, TokenPurpose::ResetPassword]
            .into_iter()
            .find(|p| p.as_str() == raw)
    }
}

kernel::typed_id!(OneTimeTokenId);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneTimeToken {
    pub id: OneTimeTokenId,
    pub user_id: UserId,
    pub purpose: TokenPurpose,
    pub token_hash: TokenHash,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}
