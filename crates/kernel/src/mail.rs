//! The `Mailer` port: how the domain sends email without knowing about SMTP.

use async_trait::async_trait;

use crate::Email;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Why an email did not go out. Callers that retry (the notification sender) read
/// `is_permanent`: trying a refused message again cannot help.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The mail server refused this message for good (an SMTP 5xx: unknown mailbox,
    /// relaying denied), or the message cannot be addressed at all.
    #[error("the mail server refused the message: {0}")]
    Rejected(String),
    /// The mail server could not take it now (unreachable, timed out, an SMTP 4xx).
    #[error("the mail server is unavailable: {0}")]
    Unavailable(String),
    #[error("unexpected mail failure: {0}")]
    Unexpected(String),
}

impl MailError {
    pub fn is_permanent(&self) -> bool {
        matches!(self, MailError::Rejected(_))
    }
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: OutgoingEmail) -> Result<(), MailError>;
}
