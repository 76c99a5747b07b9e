//! Conversations, their lifecycle, and the assistant turn.
//!
//! Domain crate: depends only on the kernel and plain-data libraries, never on
//! adapters (enforced by the architecture test in `tests/`).
