//! Handoff to a human as a structured decision, with its reasons and policy.
//!
//! Domain crate: depends only on the kernel and plain-data libraries, never on
//! adapters (enforced by the architecture test in `tests/`).
