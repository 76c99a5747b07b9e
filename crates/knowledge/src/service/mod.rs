//! The knowledge use cases: FAQs (CRUD and CSV import), documents (upload, background
//! processing, delete), product indexing, retrieval with query logging, gaps, and the
//! vector collections' life cycle.
//!
//! Handlers and job runners call these with validated values. Who may call what
//! (`Permission::EditKnowledge`) is checked by the caller. Every read and write is
//! scoped by workspace, and every search filters by it, so no tenant sees another's
//! knowledge.
//!
//! What is indexed when:
//! - FAQs inline, in the create/update call: one short text embeds in milliseconds, so
//!   a FAQ is searchable the moment the API answers; if the embedder or index is down,
//!   the FAQ is saved anyway and an `IndexFaqs` task retries with backoff.
//! - Documents and imports through tasks (the jobs table): extraction and embedding of
//!   a large file take seconds to minutes and must survive restarts.
//! - Products through an `IndexProduct` task per change (the server schedules it on
//!   `ProductChanged`); a deleted product is removed from the index at once.

mod collections;
mod documents;
mod errors;
mod faqs;
mod indexing;
mod ports;
mod processing;
mod products;
mod retrieval;
mod tasks;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use kernel::Clock;

use crate::{
    ChunkingOptions, Embedder, EmbedderSpec, KnowledgeRepository, TextExtractor, VectorIndex,
};

pub use documents::UploadedFile;
pub use errors::{DocumentError, FaqError, FaqImportError, IndexError, SearchError};
pub use faqs::{FaqImport, FaqPatch};
pub use ports::{
    DocumentFiles, FileStoreError, KnowledgeTask, ProductCatalog, ProductFacts, ScheduleError,
    SourceReadError, TaskScheduler, VariantFacts, WorkspaceDirectory,
};
pub use products::{product_meaning, product_text};
pub use retrieval::{
    GapPeriod, GapPeriodError, GapReport, KnowledgeQuery, KnowledgeQueryError, SearchResult,
    TOP_K_MAX, TopK, TopKError,
};
pub use tasks::TaskAttempt;

/// Every port the knowledge use cases use.
#[derive(Clone)]
pub struct KnowledgePorts {
    pub repository: Arc<dyn KnowledgeRepository>,
    pub embedder: Arc<dyn Embedder>,
    pub index: Arc<dyn VectorIndex>,
    pub extractor: Arc<dyn TextExtractor>,
    pub files: Arc<dyn DocumentFiles>,
    pub catalog: Arc<dyn ProductCatalog>,
    pub workspaces: Arc<dyn WorkspaceDirectory>,
    pub tasks: Arc<dyn TaskScheduler>,
    pub clock: Arc<dyn Clock>,
}

/// How documents are cut and how much is sent to the embedder and the index at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnowledgeSettings {
    pub chunking: ChunkingOptions,
    /// Texts per embedder call: one progress step of a document.
    pub embed_batch: usize,
    /// Points per index write (Qdrant limits the size of one request).
    pub upsert_batch: usize,
}

/// Embedders whose model reads at most ~256 word pieces and cuts the rest away.
const SHORT_INPUT_EMBEDDERS: &[&str] = &["all-minilm-l6-v2", "all-minilm-l12-v2"];

impl KnowledgeSettings {
    /// The chunk size suits the embedder: MiniLM truncates its input at 256 word
    /// pieces, and Spanish or Italian words often split into two, so its chunks hold
    /// 120-180 estimated tokens (one per word) with 30 of overlap; anything the model
    /// would not read is never indexed. Other embedders read the 500-800-token chunks
    /// the product spec asks for.
    pub fn for_embedder(spec: &EmbedderSpec) -> Self {
        let short = SHORT_INPUT_EMBEDDERS.contains(&spec.name());
        let chunking = if short {
            ChunkingOptions::new(120, 180, 30).unwrap_or_default()
        } else {
            ChunkingOptions::default()
        };
        Self {
            chunking,
            embed_batch: 32,
            upsert_batch: 256,
        }
    }
}

#[derive(Clone)]
pub struct KnowledgeService {
    ports: KnowledgePorts,
    settings: KnowledgeSettings,
}

impl KnowledgeService {
    pub fn new(ports: KnowledgePorts, settings: KnowledgeSettings) -> Self {
        Self { ports, settings }
    }

    /// With the settings that suit the configured embedder.
    pub fn with_default_settings(ports: KnowledgePorts) -> Self {
        let settings = KnowledgeSettings::for_embedder(ports.embedder.spec());
        Self::new(ports, settings)
    }

    /// Which embedder (and so which vector collection) this service searches.
    pub fn embedder_spec(&self) -> &EmbedderSpec {
        self.ports.embedder.spec()
    }

    pub fn settings(&self) -> &KnowledgeSettings {
        &self.settings
    }

    fn now(&self) -> DateTime<Utc> {
        self.ports.clock.now()
    }
}
