//! FAQs, documents and their chunks, and the ports for embedding and vector search.
//!
//! - `models`: validated values and entities (`Faq`, `Document` with its status
//!   machine, `Chunk`, `SourceRef`, `EmbedderSpec`, `QueryLogEntry`);
//! - `ports`: `Embedder`, `VectorIndex`, `TextExtractor`, `KnowledgeRepository`;
//! - pure rules: `chunking` (documents into chunks), `faq_import` (CSV rows into FAQs,
//!   duplicates reported), `ranking` (hybrid vector + lexical scores in 0..1), `gaps`
//!   (weak queries grouped into patterns), `collections` (one vector collection per
//!   embedder), and `text` (folding and word matching they all share).
//!
//! Domain crate: depends only on the kernel and plain-data libraries, never on
//! adapters (enforced by the architecture test in `tests/`).

pub mod chunking;
pub mod collections;
pub mod faq_import;
pub mod gaps;
pub mod models;
pub mod ports;
pub mod ranking;
pub mod service;
pub mod text;

pub use chunking::{
    ChunkDraft, ChunkingOptions, ChunkingOptionsError, chunk_text, estimate_tokens,
};
pub use collections::{CollectionPlan, plan_collections};
pub use faq_import::{
    DuplicateOf, FaqDuplicate, FaqRowError, FaqSheet, ParsedFaq, parse_faq_sheet,
};
pub use gaps::{GapPattern, LOW_CONFIDENCE_BELOW, gap_patterns};
pub use models::*;
pub use ports::*;
pub use ranking::{ExactMatch, RankCandidate, RankRequest, RankedHit, hybrid_rank};
pub use service::{KnowledgePorts, KnowledgeService, KnowledgeSettings};
