//! Messaging channels (Messenger, Instagram, WhatsApp, web widget), contacts and inbound/outbound messages.
//!
//! Domain crate: depends only on the kernel and plain-data libraries, never on
//! adapters (enforced by the architecture test in `tests/`).
