//! FAQs, documents and their chunks, and the ports for embedding and vector search.
//!
//! Domain crate: depends only on the kernel and plain-data libraries, never on
//! adapters (enforced by the architecture test in `tests/`).
