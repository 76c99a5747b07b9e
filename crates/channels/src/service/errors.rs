//! One error enum per use case, with business variants and one `Unexpected`.

use crate::ports::*;

/// Storing a webhook's events.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// Nothing was stored: the webhook must not be acknowledged, so the platform retries.
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl From<ChannelRepositoryError> for IngestError {
    fn from(error: ChannelRepositoryError) -> Self {
        IngestError::Unexpected(error.to_string())
    }
}

impl From<InboundEventRepositoryError> for IngestError {
    fn from(error: InboundEventRepositoryError) -> Self {
        IngestError::Unexpected(error.to_string())
    }
}

/// Processing a stored event, or delivering a stored message (the two jobs).
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The row the job names is gone (its workspace or channel was deleted).
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl JobError {
    /// What the job runner should do: a missing row will not appear by retrying.
    pub fn to_job_failure(&self) -> kernel::JobFailure {
        match self {
            JobError::NotFound(_) => kernel::JobFailure::Permanent(self.to_string()),
            JobError::Unexpected(_) => kernel::JobFailure::Transient(self.to_string()),
        }
    }
}

macro_rules! unexpected_from {
    ($($error:ty),*) => {$(
        impl From<$error> for JobError {
            fn from(error: $error) -> Self {
                JobError::Unexpected(error.to_string())
            }
        }
    )*};
}

unexpected_from!(
    ChannelRepositoryError,
    ContactRepositoryError,
    InboundEventRepositoryError,
    MessageRepositoryError
);

/// Connecting, reading, refreshing or disconnecting a channel.
#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    #[error("channel not found")]
    NotFound,
    /// Another workspace's live channel holds this account: routing must find one.
    #[error("this {0} account is already connected to another workspace")]
    AccountTaken(crate::models::Platform),
    /// The platform refused the token (expired, revoked, missing permissions).
    #[error("the platform refused the access token: {0}")]
    InvalidToken(String),
    /// The platform refused the request (no such account, not an admin of it...).
    #[error("the platform refused: {0}")]
    PlatformRefused(String),
    /// The platform did not answer usefully; trying again later may work.
    #[error("the platform is unavailable: {0}")]
    PlatformUnavailable(String),
    /// The OAuth user manages no Page we could connect (or not the one named).
    #[error("{0}")]
    PageNotManaged(String),
    /// The OAuth page selection expired or was tampered with.
    #[error("the page selection expired; sign in with Facebook again")]
    SelectionExpired,
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl From<crate::models::SendFailure> for ChannelError {
    fn from(failure: crate::models::SendFailure) -> Self {
        use crate::models::SendFailure;
        let reason = failure.reason().to_string();
        match failure {
            SendFailure::InvalidToken { .. } => ChannelError::InvalidToken(reason),
            SendFailure::Transient { .. } => ChannelError::PlatformUnavailable(reason),
            SendFailure::OutsideWindow { .. }
            | SendFailure::UserBlocked { .. }
            | SendFailure::Permanent { .. } => ChannelError::PlatformRefused(reason),
        }
    }
}

impl From<ChannelRepositoryError> for ChannelError {
    fn from(error: ChannelRepositoryError) -> Self {
        match error {
            ChannelRepositoryError::NotFound => ChannelError::NotFound,
            ChannelRepositoryError::AccountTaken(platform) => ChannelError::AccountTaken(platform),
            ChannelRepositoryError::Unexpected(m) => ChannelError::Unexpected(m),
        }
    }
}

impl From<crate::models::CredentialsError> for ChannelError {
    fn from(error: crate::models::CredentialsError) -> Self {
        ChannelError::Unexpected(error.to_string())
    }
}

impl From<MessageRepositoryError> for ChannelError {
    fn from(error: MessageRepositoryError) -> Self {
        ChannelError::Unexpected(error.to_string())
    }
}

impl From<kernel::JobQueueError> for ChannelError {
    fn from(error: kernel::JobQueueError) -> Self {
        ChannelError::Unexpected(error.to_string())
    }
}

/// Reading or editing contacts.
#[derive(Debug, thiserror::Error)]
pub enum ContactError {
    #[error("contact not found")]
    NotFound,
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl From<ContactRepositoryError> for ContactError {
    fn from(error: ContactRepositoryError) -> Self {
        match error {
            ContactRepositoryError::NotFound => ContactError::NotFound,
            ContactRepositoryError::Unexpected(m) => ContactError::Unexpected(m),
        }
    }
}

/// The web widget's public API.
#[derive(Debug, thiserror::Error)]
pub enum WidgetError {
    /// No live widget has this public key.
    #[error("widget not found")]
    NotFound,
    #[error(transparent)]
    Origin(#[from] crate::models::OriginRefusal),
    #[error("unexpected: {0}")]
    Unexpected(String),
}

macro_rules! widget_unexpected_from {
    ($($error:ty),*) => {$(
        impl From<$error> for WidgetError {
            fn from(error: $error) -> Self {
                WidgetError::Unexpected(error.to_string())
            }
        }
    )*};
}

widget_unexpected_from!(
    ChannelRepositoryError,
    ContactRepositoryError,
    MessageRepositoryError,
    IngestError,
    crate::models::ExternalIdError
);

impl From<kernel::JobQueueError> for JobError {
    fn from(error: kernel::JobQueueError) -> Self {
        JobError::Unexpected(error.to_string())
    }
}
