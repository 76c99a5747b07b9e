//! Running a scheduled task: the one entry point job handlers call.

use kernel::{JobFailure, JobProgress};

use super::{KnowledgeService, KnowledgeTask};

/// Where a job's attempt stands, as far as a task needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskAttempt {
    /// No attempt follows this one: a document must record a failure rather than
    /// stay "processing" forever.
    pub final_attempt: bool,
}

impl KnowledgeService {
    pub async fn run_task(
        &self,
        task: KnowledgeTask,
        attempt: TaskAttempt,
        progress: &dyn JobProgress,
    ) -> Result<(), JobFailure> {
        let outcome = match task {
            KnowledgeTask::ProcessDocument {
                workspace_id,
                document_id,
            } => {
                self.process_document(workspace_id, document_id, attempt.final_attempt, progress)
                    .await
            }
            KnowledgeTask::IndexProduct {
                workspace_id,
                product_id,
            } => self.index_product(workspace_id, product_id).await,
            KnowledgeTask::IndexFaqs {
                workspace_id,
                faq_ids,
            } => self.index_faqs_by_id(workspace_id, &faq_ids).await,
            KnowledgeTask::RemoveSource {
                workspace_id,
                source_type,
                source_id,
            } => {
                self.remove_source(workspace_id, source_type, source_id)
                    .await
            }
            KnowledgeTask::Reindex => self.reindex_all().await,
            KnowledgeTask::ReindexWorkspace { workspace_id } => {
                self.reindex_workspace(workspace_id, progress).await
            }
        };
        outcome.map_err(super::errors::IndexError::into_job_failure)
    }
}
