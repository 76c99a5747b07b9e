//! `KnowledgeRepository` on sea-orm: FAQs, documents with their chunks, and the query
//! log, one file each. Every statement names the workspace, so no id reaches another
//! tenant's rows.

#[cfg(test)]
mod corrupt_rows;
mod directory;
mod documents;
mod errors;
mod faqs;
mod query_log;

pub use directory::SeaOrmWorkspaceDirectory;

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::{Page, PageRequest, WorkspaceId};
use knowledge::{
    Chunk, Document, DocumentId, Faq, FaqFilter, FaqId, KnowledgeRepository,
    KnowledgeRepositoryError, QueryLogEntry,
};
use sea_orm::DatabaseConnection;

pub struct SeaOrmKnowledgeRepository {
    db: DatabaseConnection,
}

impl SeaOrmKnowledgeRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl KnowledgeRepository for SeaOrmKnowledgeRepository {
    #[tracing::instrument(skip_all)]
    async fn create_faq(&self, faq: &Faq) -> Result<(), KnowledgeRepositoryError> {
        faqs::create(&self.db, faq).await
    }

    /// Every field but the creation time, which never moves.
    #[tracing::instrument(skip_all)]
    async fn update_faq(&self, faq: &Faq) -> Result<(), KnowledgeRepositoryError> {
        faqs::update(&self.db, faq).await
    }

    #[tracing::instrument(skip_all)]
    async fn get_faq(
        &self,
        workspace_id: WorkspaceId,
        id: FaqId,
    ) -> Result<Option<Faq>, KnowledgeRepositoryError> {
        faqs::get(&self.db, workspace_id, id).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_faqs(
        &self,
        workspace_id: WorkspaceId,
        filter: &FaqFilter,
        page: PageRequest,
    ) -> Result<Page<Faq>, KnowledgeRepositoryError> {
        faqs::list(&self.db, workspace_id, filter, page).await
    }

    #[tracing::instrument(skip_all)]
    async fn delete_faq(
        &self,
        workspace_id: WorkspaceId,
        id: FaqId,
    ) -> Result<(), KnowledgeRepositoryError> {
        faqs::delete(&self.db, workspace_id, id).await
    }

    #[tracing::instrument(skip_all)]
    async fn faq_keys(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<HashMap<String, FaqId>, KnowledgeRepositoryError> {
        faqs::keys(&self.db, workspace_id).await
    }

    #[tracing::instrument(skip_all)]
    async fn save_faq_import(
        &self,
        workspace_id: WorkspaceId,
        created: &[Faq],
        updated: &[Faq],
    ) -> Result<(), KnowledgeRepositoryError> {
        faqs::save_import(&self.db, workspace_id, created, updated).await
    }

    #[tracing::instrument(skip_all)]
    async fn create_document(&self, document: &Document) -> Result<(), KnowledgeRepositoryError> {
        documents::create(&self.db, document).await
    }

    #[tracing::instrument(skip_all)]
    async fn update_document(&self, document: &Document) -> Result<(), KnowledgeRepositoryError> {
        documents::update(&self.db, document).await
    }

    #[tracing::instrument(skip_all)]
    async fn get_document(
        &self,
        workspace_id: WorkspaceId,
        id: DocumentId,
    ) -> Result<Option<Document>, KnowledgeRepositoryError> {
        documents::get(&self.db, workspace_id, id).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_documents(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<Document>, KnowledgeRepositoryError> {
        documents::list(&self.db, workspace_id, page).await
    }

    #[tracing::instrument(skip_all)]
    async fn delete_document(
        &self,
        workspace_id: WorkspaceId,
        id: DocumentId,
    ) -> Result<(), KnowledgeRepositoryError> {
        documents::delete(&self.db, workspace_id, id).await
    }

    #[tracing::instrument(skip_all)]
    async fn replace_chunks(
        &self,
        workspace_id: WorkspaceId,
        document_id: DocumentId,
        chunks: &[Chunk],
    ) -> Result<(), KnowledgeRepositoryError> {
        documents::replace_chunks(&self.db, workspace_id, document_id, chunks).await
    }

    #[tracing::instrument(skip_all)]
    async fn list_chunks(
        &self,
        workspace_id: WorkspaceId,
        document_id: DocumentId,
    ) -> Result<Vec<Chunk>, KnowledgeRepositoryError> {
        documents::list_chunks(&self.db, workspace_id, document_id).await
    }

    #[tracing::instrument(skip_all)]
    async fn log_query(&self, entry: &QueryLogEntry) -> Result<(), KnowledgeRepositoryError> {
        query_log::log(&self.db, entry).await
    }

    #[tracing::instrument(skip_all)]
    async fn weak_queries(
        &self,
        workspace_id: WorkspaceId,
        since: DateTime<Utc>,
        below: f32,
        limit: u32,
    ) -> Result<Vec<QueryLogEntry>, KnowledgeRepositoryError> {
        query_log::weak(&self.db, workspace_id, since, below, limit).await
    }
}
