//! `Embedder` adapters, chosen by configuration (`EmbedderConfig`):
//! - `MiniLmEmbedder`: all-MiniLM-L6-v2 on the CPU with candle, from files that
//!   `make models` takes from a registry package;
//! - `HashingEmbedder`: deterministic word and character n-gram hashing, used when no
//!   model is present, so `make run` works with nothing installed;
//! - `OpenAiEmbeddings`: any OpenAI-compatible `/v1/embeddings` API.
//!
//! Each reports an `EmbedderSpec` (name and dimension); the vector index keeps one
//! collection per spec, so switching embedder re-indexes instead of mixing vectors.

mod hashing;
pub mod minilm;
mod openai;
mod select;

use std::path::PathBuf;

pub use hashing::{HASHING_DIMENSION, HASHING_NAME, HashingDimensionError, HashingEmbedder};
pub use minilm::{MINILM_DIMENSION, MINILM_NAME, MiniLmEmbedder, default_model_dir, model_present};
pub use openai::{OpenAiEmbeddings, OpenAiEmbeddingsConfig};
pub use select::{EmbedderConfig, build_embedder};

/// Why an embedder could not be built at start-up.
#[derive(Debug, thiserror::Error)]
pub enum EmbedderBuildError {
    #[error("the local model is not installed: {file} is missing in {dir}; run `make models`")]
    ModelMissing { dir: PathBuf, file: &'static str },
    #[error("the local model files are unusable: {0}")]
    ModelInvalid(String),
    #[error("invalid embedder configuration: {0}")]
    InvalidConfig(String),
}
