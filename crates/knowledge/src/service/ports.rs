//! What the knowledge use cases need from the rest of the system besides the storage,
//! embedding, vector and extraction ports of `crate::ports`: the catalog's products
//! (this crate does not depend on the catalog crate, so the server adapts it), the
//! list of workspaces (for a full re-index), a place for uploaded files until they are
//! processed, and a way to schedule background work.

use async_trait::async_trait;
use kernel::WorkspaceId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{DocumentId, FaqId, SourceType};

/// A product as a customer may be told about it now: what is indexed for search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFacts {
    pub workspace_id: WorkspaceId,
    pub product_id: Uuid,
    pub name: String,
    pub sku: Option<String>,
    pub description: String,
    /// The category path, "Skincare > Serums".
    pub category: Option<String>,
    pub tags: Vec<String>,
    /// What a customer pays now (after offers), and the list price when an offer
    /// lowers it, as shown to customers ("45.00 EUR").
    pub price: String,
    pub list_price: Option<String>,
    /// Whether the assistant may offer it (switched on, in stock, a sellable variant).
    pub offered: bool,
    pub variants: Vec<VariantFacts>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantFacts {
    /// "size", "shade"...
    pub kind: String,
    pub name: String,
    /// As shown to customers ("55.00 EUR").
    pub price: String,
    pub offered: bool,
}

/// Why the catalog or the workspace list could not be read. Always worth retrying:
/// the catalog is another part of this system, not user input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read {what}: {detail}")]
pub struct SourceReadError {
    pub what: &'static str,
    pub detail: String,
}

#[async_trait]
pub trait ProductCatalog: Send + Sync {
    /// The live product with its current prices; `None` when it does not exist or is
    /// deleted.
    async fn product(
        &self,
        workspace_id: WorkspaceId,
        product_id: Uuid,
    ) -> Result<Option<ProductFacts>, SourceReadError>;

    /// Every live product of the workspace, priced.
    async fn all_products(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<ProductFacts>, SourceReadError>;

    /// Live products whose name or SKU contains `text` (case-insensitive), at most
    /// `limit`: the lexical lookup that finds a product by SKU even when the embedder
    /// does not rank it among the nearest vectors.
    async fn find(
        &self,
        workspace_id: WorkspaceId,
        text: &str,
        limit: usize,
    ) -> Result<Vec<ProductFacts>, SourceReadError>;
}

#[async_trait]
pub trait WorkspaceDirectory: Send + Sync {
    /// Every workspace, for re-indexing them all after the embedder changed.
    async fn workspace_ids(&self) -> Result<Vec<WorkspaceId>, SourceReadError>;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("document file storage failed: {0}")]
pub struct FileStoreError(pub String);

/// Uploaded files, kept from the upload until processing ends (the text then lives in
/// the stored chunks, and the original is no longer needed).
#[async_trait]
pub trait DocumentFiles: Send + Sync {
    async fn save(
        &self,
        workspace_id: WorkspaceId,
        document_id: DocumentId,
        bytes: &[u8],
    ) -> Result<(), FileStoreError>;
    /// `None` when there is no such file.
    async fn load(
        &self,
        workspace_id: WorkspaceId,
        document_id: DocumentId,
    ) -> Result<Option<Vec<u8>>, FileStoreError>;
    /// Removing a missing file is not an error.
    async fn remove(
        &self,
        workspace_id: WorkspaceId,
        document_id: DocumentId,
    ) -> Result<(), FileStoreError>;
}

/// Background work of the knowledge base. Each task is idempotent: running it twice
/// (a worker died after doing it) leaves the index as running it once does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "task", rename_all = "snake_case")]
pub enum KnowledgeTask {
    /// Extract, chunk, embed and index an uploaded document.
    ProcessDocument {
        workspace_id: WorkspaceId,
        document_id: DocumentId,
    },
    /// Index a product as the catalog has it now (or remove it when it is gone).
    IndexProduct {
        workspace_id: WorkspaceId,
        product_id: Uuid,
    },
    /// Index FAQs (after an import, or when indexing one inline failed).
    IndexFaqs {
        workspace_id: WorkspaceId,
        faq_ids: Vec<FaqId>,
    },
    /// Remove a source from the index, when removing it at once failed.
    RemoveSource {
        workspace_id: WorkspaceId,
        source_type: SourceType,
        source_id: Uuid,
    },
    /// Schedule a `ReindexWorkspace` for every workspace (the embedder changed).
    Reindex,
    /// Index every product, FAQ and document chunk of one workspace again.
    ReindexWorkspace { workspace_id: WorkspaceId },
}

impl KnowledgeTask {
    /// Every job kind, for registering one handler per kind.
    pub const KINDS: [&'static str; 6] = [
        "knowledge.process_document",
        "knowledge.index_product",
        "knowledge.index_faqs",
        "knowledge.remove_source",
        "knowledge.reindex",
        "knowledge.reindex_workspace",
    ];

    pub fn kind(&self) -> &'static str {
        let index = match self {
            KnowledgeTask::ProcessDocument { .. } => 0,
            KnowledgeTask::IndexProduct { .. } => 1,
            KnowledgeTask::IndexFaqs { .. } => 2,
            KnowledgeTask::RemoveSource { .. } => 3,
            KnowledgeTask::Reindex => 4,
            KnowledgeTask::ReindexWorkspace { .. } => 5,
        };
        Self::KINDS[index]
    }

    pub fn workspace_id(&self) -> Option<WorkspaceId> {
        match self {
            KnowledgeTask::ProcessDocument { workspace_id, .. }
            | KnowledgeTask::IndexProduct { workspace_id, .. }
            | KnowledgeTask::IndexFaqs { workspace_id, .. }
            | KnowledgeTask::RemoveSource { workspace_id, .. }
            | KnowledgeTask::ReindexWorkspace { workspace_id } => Some(*workspace_id),
            KnowledgeTask::Reindex => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot schedule knowledge work: {0}")]
pub struct ScheduleError(pub String);

/// Puts a task on the durable job queue (the server adapts `kernel::JobQueue`).
#[async_trait]
pub trait TaskScheduler: Send + Sync {
    async fn schedule(&self, task: KnowledgeTask) -> Result<(), ScheduleError>;
}
