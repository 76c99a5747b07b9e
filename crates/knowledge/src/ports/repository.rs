//! Storage for the knowledge base's own records: FAQs, documents and their chunks, and
//! the query log. Adapters live in `crates/store`.
//!
//! Every method is scoped by workspace: an adapter never returns or touches another
//! tenant's rows, whatever id it is given.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::{Page, PageRequest, WorkspaceId};

use crate::{Chunk, Document, DocumentId, Faq, FaqId, QueryLogEntry};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KnowledgeRepositoryError {
    #[error("FAQ not found")]
    FaqNotFound,
    /// Adapters keep `Faq::dedupe_key` unique per workspace, so two imports (or two
    /// sellers) racing cannot store the same question twice.
    #[error("a FAQ with the same question already exists")]
    DuplicateFaq(FaqId),
    #[error("document not found")]
    DocumentNotFound,
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

/// Which FAQs a list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FaqFilter {
    /// Case-insensitive match on category.
    pub category: Option<String>,
    pub active: Option<bool>,
    /// Words to find in the question or answer.
    pub search: Option<String>,
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait KnowledgeRepository: Send + Sync {
    /// `DuplicateFaq` when the workspace already has a FAQ with the same dedupe key.
    async fn create_faq(&self, faq: &Faq) -> Result<(), KnowledgeRepositoryError>;
    /// Overwrites every field. `FaqNotFound` when gone; `DuplicateFaq` when the new
    /// question collides with another FAQ's.
    async fn update_faq(&self, faq: &Faq) -> Result<(), KnowledgeRepositoryError>;
    async fn get_faq(
        &self,
        workspace_id: WorkspaceId,
        id: FaqId,
    ) -> Result<Option<Faq>, KnowledgeRepositoryError>;
    /// Newest first; ties break by id so pages never overlap.
    async fn list_faqs(
        &self,
        workspace_id: WorkspaceId,
        filter: &FaqFilter,
        page: PageRequest,
    ) -> Result<Page<Faq>, KnowledgeRepositoryError>;
    /// `FaqNotFound` when there is no such FAQ.
    async fn delete_faq(
        &self,
        workspace_id: WorkspaceId,
        id: FaqId,
    ) -> Result<(), KnowledgeRepositoryError>;
    /// Every FAQ's dedupe key and id, so an import can report duplicates before
    /// writing anything.
    async fn faq_keys(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<HashMap<String, FaqId>, KnowledgeRepositoryError>;
    /// Inserts `created` and overwrites `updated` in one transaction: all or nothing.
    async fn save_faq_import(
        &self,
        workspace_id: WorkspaceId,
        created: &[Faq],
        updated: &[Faq],
    ) -> Result<(), KnowledgeRepositoryError>;

    async fn create_document(&self, document: &Document) -> Result<(), KnowledgeRepositoryError>;
    /// Writes status, progress, failure and chunk count. `DocumentNotFound` when gone
    /// (deleted while processing: the worker then stops).
    async fn update_document(&self, document: &Document) -> Result<(), KnowledgeRepositoryError>;
    async fn get_document(
        &self,
        workspace_id: WorkspaceId,
        id: DocumentId,
    ) -> Result<Option<Document>, KnowledgeRepositoryError>;
    /// Newest first.
    async fn list_documents(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<Document>, KnowledgeRepositoryError>;
    /// Deletes the document and its chunks. `DocumentNotFound` when there is none.
    async fn delete_document(
        &self,
        workspace_id: WorkspaceId,
        id: DocumentId,
    ) -> Result<(), KnowledgeRepositoryError>;

    /// Replaces all chunks of a document in one transaction (a re-run never leaves a
    /// mix of old and new chunks).
    async fn replace_chunks(
        &self,
        workspace_id: WorkspaceId,
        document_id: DocumentId,
        chunks: &[Chunk],
    ) -> Result<(), KnowledgeRepositoryError>;
    /// In position order.
    async fn list_chunks(
        &self,
        workspace_id: WorkspaceId,
        document_id: DocumentId,
    ) -> Result<Vec<Chunk>, KnowledgeRepositoryError>;

    async fn log_query(&self, entry: &QueryLogEntry) -> Result<(), KnowledgeRepositoryError>;
    /// Queries asked since `since` whose best score is below `below` or that found
    /// nothing, newest first, at most `limit`: the input of `crate::gaps`.
    async fn weak_queries(
        &self,
        workspace_id: WorkspaceId,
        since: DateTime<Utc>,
        below: f32,
        limit: u32,
    ) -> Result<Vec<QueryLogEntry>, KnowledgeRepositoryError>;
}
