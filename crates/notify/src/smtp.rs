//! `SmtpMailer`: real delivery through an SMTP relay (lettre's async transport on
//! Tokio, TLS by rustls with the webpki roots, so nothing is read from the system).

use std::time::Duration;

use async_trait::async_trait;
use kernel::{MailError, Mailer, OutgoingEmail};
use lettre::message::{Body, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::message::compose;

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain text all the way: a relay on the same machine or network only.
    None,
    /// Connects in plain text, then requires `STARTTLS` before anything else is sent
    /// (usually port 587); a relay that does not offer it is refused.
    StartTls,
    /// TLS from the first byte ("SMTPS", usually port 465).
    Tls,
}

/// Where the relay is and how to sign in to it.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    /// Empty: no `AUTH` (a relay that trusts our address).
    pub username: String,
    pub password: String,
    /// For connecting and for each SMTP command.
    pub timeout: Duration,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Why an [`SmtpMailer`] could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SmtpSetupError {
    #[error("invalid sender address {0:?}")]
    InvalidFrom(String),
    #[error("the SMTP host is required")]
    MissingHost,
    #[error("cannot prepare TLS for {host}: {reason}")]
    Tls { host: String, reason: String },
}

/// Sends every email to one SMTP relay, a new connection per email (notifications and
/// account emails are few; a pool would hold connections the relay may drop anyway).
pub struct SmtpMailer {
    from: Mailbox,
    host: String,
    port: u16,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl SmtpMailer {
    /// Nothing is contacted here: an unreachable relay shows in the first send's
    /// error, and the server starts anyway.
    pub fn new(config: SmtpConfig, from: &str) -> Result<Self, SmtpSetupError> {
        let from = from
            .parse::<Mailbox>()
            .map_err(|_| SmtpSetupError::InvalidFrom(from.to_owned()))?;
        let host = config.host.trim();
        if host.is_empty() {
            return Err(SmtpSetupError::MissingHost);
        }
        let tls_error = |error: lettre::transport::smtp::Error| SmtpSetupError::Tls {
            host: host.to_owned(),
            reason: error.to_string(),
        };
        let builder = match config.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            SmtpTls::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(tls_error)?
            }
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(tls_error)?,
        };
        let mut builder = builder
            .port(config.port)
            .timeout(Some(config.timeout.max(Duration::from_secs(1))));
        if !config.username.is_empty() {
            builder = builder.credentials(Credentials::new(config.username, config.password));
        }
        Ok(Self {
            from,
            host: host.to_owned(),
            port: config.port,
            transport: builder.build(),
        })
    }
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from.to_string())
            .finish()
    }
}

/// A 5xx reply is the relay's final word on this message; everything else (a 4xx,
/// no connection, a timeout, a TLS handshake that failed) may work on a later try.
fn classify(error: lettre::transport::smtp::Error) -> MailError {
    if error.is_permanent() {
        MailError::Rejected(error.to_string())
    } else if error.is_client() {
        MailError::Unexpected(error.to_string())
    } else {
        MailError::Unavailable(error.to_string())
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    #[tracing::instrument(skip_all, fields(host = %self.host, port = self.port))]
    async fn send(&self, email: OutgoingEmail) -> Result<(), MailError> {
        // lettre picks 7bit, quoted-printable or base64 per body, which every relay
        // accepts (8bit would need the 8BITMIME extension).
        let message = compose(&self.from, email, Body::new::<String>)?;
        let response = self.transport.send(message).await.map_err(classify)?;
        tracing::info!(code = %response.code(), "email handed to the SMTP relay");
        Ok(())
    }
}
