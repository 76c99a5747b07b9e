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
