//! What the knowledge base needs from the outside, one error enum per port.

mod embedder;
mod repository;
mod text_extractor;
mod vector_index;

pub use embedder::*;
pub use repository::*;
pub use text_extractor::*;
pub use vector_index::*;
