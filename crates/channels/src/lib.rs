//! Messaging channels (Messenger, Instagram, WhatsApp, web widget), contacts and
//! inbound/outbound messages.
//!
//! `models` holds validated values, entities and the platform rules as pure functions
//! (messaging window, forward-only delivery status, outbound limits, failure
//! classification); `ports` what this domain needs from platforms, storage and a
//! cipher; `service` the message path's use cases (ingest a webhook, process an
//! event, deliver a message).
//!
//! Domain crate: depends only on the kernel and plain-data libraries, never on
//! adapters (enforced by the architecture test in `tests/`).

pub mod models;
pub mod ports;
pub mod service;

pub use models::*;
pub use service::*;
