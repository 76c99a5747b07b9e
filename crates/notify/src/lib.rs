//! Adapters for the kernel [`Mailer`](kernel::Mailer) port.
//!
//! [`FileOutboxMailer`] writes every email as an `.eml` file into a folder (by default
//! `./data/outbox`), so sign-up, verification and reset flows work with nothing to
//! install, and tests can read exactly what a user would have received.
//!
//! An `SmtpMailer` for real delivery comes in a later change; it will implement the same
//! port, so switching is a configuration matter.

mod outbox;

pub use outbox::{FileOutboxMailer, OutboxError};
