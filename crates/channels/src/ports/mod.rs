//! What the channels domain needs from the outside: the platforms (`ChannelGateway`,
//! `WebhookVerifier`, adapters in `crates/meta`), a cipher for tokens at rest
//! (`SecretCipher`, implemented by `crypto::DataCipher`), and storage (adapters in
//! `crates/store`).
//!
//! Repository methods that read tenant data take the workspace, except the two that
//! run before the workspace is known: routing a webhook by platform account, and
//! status updates keyed by the channel the webhook was routed to.

mod cipher;
mod gateway;
mod repositories;
mod webhook;

pub use cipher::*;
pub use gateway::*;
pub use repositories::*;
pub use webhook::*;
