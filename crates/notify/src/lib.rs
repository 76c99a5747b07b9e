//! Sending notifications and email: adapters for the kernel [`Mailer`](kernel::Mailer)
//! port and for the notifications domain's [`Notifier`](notifications::ports::Notifier).
//!
//! - [`FileOutboxMailer`] writes every email as an `.eml` file into a folder (by default
//!   `./data/outbox`), so sign-up, verification and reset flows work with nothing to
//!   install, and tests can read exactly what a user would have received.
//! - [`SmtpMailer`] hands them to an SMTP relay (plain, STARTTLS or TLS); switching is
//!   a configuration matter (`[mail] transport`).
//! - [`EmailNotifier`] sends email deliveries through whichever `Mailer` is configured.
//! - [`WhatsAppNotifier`] sends WhatsApp deliveries to the member's number from the
//!   workspace's connected WhatsApp channel, through the channels' gateway.

mod email_notifier;
mod message;
mod outbox;
mod smtp;
mod whatsapp_notifier;

pub use email_notifier::EmailNotifier;
pub use outbox::{FileOutboxMailer, OutboxError};
pub use smtp::{SmtpConfig, SmtpMailer, SmtpSetupError, SmtpTls};
pub use whatsapp_notifier::WhatsAppNotifier;
