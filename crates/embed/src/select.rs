//! Which embedder runs is configuration; this is the one place that turns it into an
//! `Embedder`.

use std::path::PathBuf;
use std::sync::Arc;

use knowledge::Embedder;

use crate::minilm::{MiniLmEmbedder, model_present};
use crate::{EmbedderBuildError, HashingEmbedder, OpenAiEmbeddings, OpenAiEmbeddingsConfig};

#[derive(Debug, Clone)]
pub enum EmbedderConfig {
    /// MiniLM when its files are in `model_dir`, else the hashing embedder: what
    /// `make run` uses, so it works with nothing installed and gets better after
    /// `make models`.
    Auto {
        model_dir: PathBuf,
    },
    Hashing,
    /// MiniLM, and an error if its files are missing (no silent downgrade when the
    /// operator asked for the model).
    MiniLm {
        model_dir: PathBuf,
    },
    OpenAi(OpenAiEmbeddingsConfig),
}

/// Builds the configured embedder. Loading MiniLM reads ~90 MB; call this once at
/// start-up and share the result.
pub fn build_embedder(config: &EmbedderConfig) -> Result<Arc<dyn Embedder>, EmbedderBuildError> {
    let embedder: Arc<dyn Embedder> = match config {
        EmbedderConfig::Auto { model_dir } if model_present(model_dir) => {
            Arc::new(MiniLmEmbedder::load(model_dir)?)
        }
        EmbedderConfig::Auto { model_dir } => {
            tracing::info!(
                dir = %model_dir.display(),
                "no local model; using the hashing embedder (run `make models` for MiniLM)"
            );
            Arc::new(HashingEmbedder::new())
        }
        EmbedderConfig::Hashing => Arc::new(HashingEmbedder::new()),
        EmbedderConfig::MiniLm { model_dir } => Arc::new(MiniLmEmbedder::load(model_dir)?),
        EmbedderConfig::OpenAi(openai) => Arc::new(OpenAiEmbeddings::new(openai.clone())?),
    };
    tracing::info!(embedder = %embedder.spec(), "embedder ready");
    Ok(embedder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_falls_back_to_hashing_without_a_model_and_minilm_insists() {
        let missing = std::env::temp_dir().join("chatdesk-no-such-model");
        let auto = build_embedder(&EmbedderConfig::Auto {
            model_dir: missing.clone(),
        })
        .unwrap();
        assert_eq!(auto.spec().name(), "hashing-v1");
        let Err(error) = build_embedder(&EmbedderConfig::MiniLm { model_dir: missing }) else {
            panic!("MiniLM built without its files")
        };
        assert!(matches!(error, EmbedderBuildError::ModelMissing { .. }));
    }

    #[test]
    fn openai_is_built_from_its_settings() {
        let config = OpenAiEmbeddingsConfig::new("http://127.0.0.1:11434", "nomic-embed-text", 768);
        let embedder = build_embedder(&EmbedderConfig::OpenAi(config)).unwrap();
        assert_eq!(embedder.spec().name(), "openai:nomic-embed-text");
        assert_eq!(embedder.spec().dimension(), 768);
    }
}
