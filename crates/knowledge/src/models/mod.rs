//! Validated values and the knowledge base's entities.

mod chunk;
mod document;
mod embedder_spec;
mod faq;
mod query_log;
mod source;

pub use chunk::*;
pub use document::*;
pub use embedder_spec::*;
pub use faq::*;
pub use query_log::*;
pub use source::*;
