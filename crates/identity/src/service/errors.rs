//! One error enum per group of use cases, with business variants and one `Unexpected`.

use crate::ports::{AccessTokenError, CredentialsError, RepositoryError};
use crate::{PasswordRule, Permission};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unauthenticated {
    Missing,
    Expired,
    Invalid,
    /// The session was logged out, or its refresh token was reused.
    Revoked,
    /// The user is no longer a member of the token's workspace.
    NoLongerMember,
}

#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error("authentication required")]
    Unauthenticated(Unauthenticated),
    #[error("your role does not allow this ({0:?})")]
    Forbidden(Permission),
    #[error("unexpected: {0}")]
    Unexpected(String),
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("email or password is incorrect")]
    InvalidCredentials,
    #[error("you are not a member of that workspace")]
    WorkspaceNotFound,
    #[error("refresh token is not valid")]
    InvalidRefreshToken,
    #[error("refresh token expired; sign in again")]
    RefreshTokenExpired,
    #[error("refresh token was already used; the session was revoked for safety")]
    RefreshTokenReused,
    #[error("token is not valid")]
    InvalidToken,
    #[error("token expired")]
    TokenExpired,
    #[error("token was already used")]
    TokenUsed,
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("unexpected: {0}")]
    Unexpected(String),
}

#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("member not found")]
    MemberNotFound,
    #[error("invitation not found")]
    InvitationNotFound,
    #[error("invitation expired")]
    InvitationExpired,
    #[error("invitation was already accepted")]
    InvitationAccepted,
    #[error("that person is already a member of this workspace")]
    AlreadyMember,
    #[error("you cannot grant a role above your own, or the owner role")]
    RoleNotGrantable,
    #[error("the owner cannot be changed or removed")]
    OwnerIsPermanent,
    #[error("you cannot change your own role")]
    OwnRole,
    #[error("email or password is incorrect")]
    InvalidCredentials,
    #[error("{0}")]
    WeakPassword(PasswordRule),
    #[error("api key not found")]
    ApiKeyNotFound,
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("unexpected: {0}")]
    Unexpected(String),
}

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("workspace not found")]
    NotFound,
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("unexpected: {0}")]
    Unexpected(String),
}

macro_rules! unexpected_from {
    ($target:ty) => {
        impl From<RepositoryError> for $target {
            fn from(e: RepositoryError) -> Self {
                Self::Unexpected(e.to_string())
            }
        }
        impl From<CredentialsError> for $target {
            fn from(e: CredentialsError) -> Self {
                Self::Unexpected(e.to_string())
            }
        }
        impl From<kernel::MailError> for $target {
            fn from(e: kernel::MailError) -> Self {
                Self::Unexpected(e.to_string())
            }
        }
    };
}

unexpected_from!(AccessError);
unexpected_from!(AuthError);
unexpected_from!(TeamError);
unexpected_from!(WorkspaceError);

impl From<AccessTokenError> for AccessError {
    fn from(e: AccessTokenError) -> Self {
        match e {
            AccessTokenError::Expired => AccessError::Unauthenticated(Unauthenticated::Expired),
            AccessTokenError::Invalid => AccessError::Unauthenticated(Unauthenticated::Invalid),
            AccessTokenError::Unexpected(m) => AccessError::Unexpected(m),
        }
    }
}

impl From<AccessTokenError> for AuthError {
    fn from(e: AccessTokenError) -> Self {
        AuthError::Unexpected(e.to_string())
    }
}

impl From<AccessTokenError> for TeamError {
    fn from(e: AccessTokenError) -> Self {
        TeamError::Unexpected(e.to_string())
    }
}
