//! Orders captured in chat: carts, order capture state machine, order lifecycle.
//!
//! Domain crate: depends only on the kernel and plain-data libraries, never on
//! adapters (enforced by the architecture test in `tests/`).
