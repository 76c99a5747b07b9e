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

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("unexpected mail failure: {0}")]
    Unexpected(String),
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: OutgoingEmail) -> Result<(), MailError>;
}
