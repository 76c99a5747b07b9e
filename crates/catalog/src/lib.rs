//! Products, variants, categories, stock, suppliers and offers: what the assistant sells from.
//!
//! Domain crate: depends only on the kernel and plain-data libraries, never on
//! adapters (enforced by the architecture test in `tests/`).
