//! What the channels domain needs from the outside: the platforms (`ChannelGateway`,
//! `WebhookVerifier`, adapters in `crates/meta`), a cipher for tokens at rest
//! (`SecretCipher`, implemented by `crypto::DataCipher`), storage (adapters in
//! `crates/store`), connecting accounts (`PlatformAccounts`), and two seams the server
//! fills: who answers a customer (`Responder`) and who hears that a channel broke
//! (`ChannelAlerts`).
//!
//! Repository methods that read tenant data take the workspace, except the two that
//! run before the workspace is known: routing a webhook by platform account, and
//! status updates keyed by the channel the webhook was routed to.

mod accounts;
mod alerts;
mod cipher;
mod gateway;
mod repositories;
mod responder;
mod stats;
mod webhook;

pub use accounts::*;
pub use alerts::*;
pub use cipher::*;
pub use gateway::*;
pub use repositories::*;
pub use responder::*;
pub use stats::*;
pub use webhook::*;
