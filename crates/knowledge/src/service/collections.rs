//! The vector collections' life cycle: at start-up, make sure the active embedder has
//! its collection, and when it is new (first start, or the embedder changed) index
//! everything into it again. Vectors of two embedders are never mixed: searches use
//! the active embedder's collection only.

use kernel::{JobProgress, WorkspaceId};

use super::errors::IndexError;
use super::processing::chunk_point;
use super::{KnowledgeService, KnowledgeTask};
use crate::{CollectionPlan, DocumentStatus, FaqFilter, VectorPoint, plan_collections};

impl KnowledgeService {
    /// Compares the active embedder with the index's collections, creates the missing
    /// collection and schedules a full re-index when the collection is new. Old
    /// collections are kept (an operator can switch back without waiting) and returned
    /// in the plan for the caller to report.
    pub async fn prepare_index(&self) -> Result<CollectionPlan, IndexError> {
        let existing = self.ports.index.list_collections().await?;
        let plan = plan_collections(self.embedder_spec(), &existing);
        if plan.reindex {
            self.ports
                .index
                .create_collection(self.embedder_spec(), self.now())
                .await?;
            self.ports.tasks.schedule(KnowledgeTask::Reindex).await?;
        }
        Ok(plan)
    }

    /// The `Reindex` task: one `ReindexWorkspace` per workspace, so each is retried on
    /// its own and none outlives a job's lease.
    pub async fn reindex_all(&self) -> Result<(), IndexError> {
        for workspace_id in self.ports.workspaces.workspace_ids().await? {
            self.ports
                .tasks
                .schedule(KnowledgeTask::ReindexWorkspace { workspace_id })
                .await?;
        }
        Ok(())
    }

    /// The `ReindexWorkspace` task: every live product, every FAQ and the stored
    /// chunks of every completed document, into the active collection. Documents are
    /// not extracted again: their chunks are kept in storage for this.
    pub async fn reindex_workspace(
        &self,
        workspace_id: WorkspaceId,
        progress: &dyn JobProgress,
    ) -> Result<(), IndexError> {
        let products = self.ports.catalog.all_products(workspace_id).await?;
        self.index_products(&products).await?;
        progress.report(30, "products indexed").await;

        let faqs = self.all_faqs(workspace_id).await?;
        for batch in faqs.chunks(self.settings.upsert_batch.max(1)) {
            self.index_faqs(batch).await?;
        }
        progress.report(50, "FAQs indexed").await;

        let documents = self.all_documents(workspace_id).await?;
        let total = documents.len();
        for (done, document) in documents.iter().enumerate() {
            if document.status() == DocumentStatus::Completed {
                self.reindex_chunks(document).await?;
            }
            let percent = 50 + (49 * (done + 1) / total.max(1));
            progress
                .report(
                    u8::try_from(percent).unwrap_or(99),
                    &format!("{} of {total} documents", done + 1),
                )
                .await;
        }
        Ok(())
    }

    async fn reindex_chunks(&self, document: &crate::Document) -> Result<(), IndexError> {
        let chunks = self
            .ports
            .repository
            .list_chunks(document.workspace_id(), document.id())
            .await?;
        let texts: Vec<String> = chunks.iter().map(|c| c.text.clone()).collect();
        let vectors = self.embed_batches(&texts).await?;
        let points: Vec<VectorPoint> = chunks
            .iter()
            .zip(vectors)
            .map(|(chunk, vector)| chunk_point(document, chunk, vector))
            .collect();
        self.upsert_points(&points).await
    }

    async fn all_faqs(&self, workspace_id: WorkspaceId) -> Result<Vec<crate::Faq>, IndexError> {
        let mut all = Vec::new();
        let mut number = 1;
        loop {
            let page = kernel::PageRequest::new(number, kernel::pagination::MAX_PER_PAGE)
                .map_err(|e| IndexError::Permanent(e.to_string()))?;
            let found = self
                .ports
                .repository
                .list_faqs(workspace_id, &FaqFilter::default(), page)
                .await?;
            let done = found.items.is_empty() || u64::from(number) >= found.total_pages();
            all.extend(found.items);
            if done {
                return Ok(all);
            }
            number += 1;
        }
    }
}
