//! The `ProcessDocument` task: extract, chunk, embed, index, each stage recorded on the
//! document with its progress, every failure recorded with a precise reason.
//!
//! Nothing is half-indexed: vectors are computed for every chunk before any is written,
//! a failed write removes what it wrote, and a re-upload (a newer document with the
//! same file name) replaces the older one only once all its own chunks are indexed.

use std::collections::BTreeMap;

use kernel::{JobProgress, WorkspaceId};

use super::KnowledgeService;
use super::errors::IndexError;
use crate::{
    Chunk, Document, DocumentFailure, DocumentId, DocumentStatus, ExtractError,
    KnowledgeRepositoryError, SourceRef, SourceType, VectorPoint, chunk_text,
};

/// How a run ended early.
enum Stop {
    /// For good: recorded on the document.
    Failed(DocumentFailure),
    /// Worth another attempt.
    Retry(String),
    /// The document was deleted while processing.
    Gone,
}

impl From<KnowledgeRepositoryError> for Stop {
    fn from(e: KnowledgeRepositoryError) -> Self {
        match e {
            KnowledgeRepositoryError::DocumentNotFound => Stop::Gone,
            other => Stop::Retry(other.to_string()),
        }
    }
}

impl KnowledgeService {
    /// Processes an uploaded document. `final_attempt` says the job will not be tried
    /// again, so a transient failure must be recorded as the document's failure rather
    /// than leave it processing forever.
    pub async fn process_document(
        &self,
        workspace_id: WorkspaceId,
        id: DocumentId,
        final_attempt: bool,
        progress: &dyn JobProgress,
    ) -> Result<(), IndexError> {
        let Some(mut document) = self.ports.repository.get_document(workspace_id, id).await? else {
            let _ = self.ports.files.remove(workspace_id, id).await;
            return Ok(());
        };
        if document.status().is_terminal() {
            // An earlier attempt finished but the job's outcome was not recorded.
            return Ok(());
        }
        let failure = match self.run_pipeline(&mut document, progress).await {
            Ok(()) => {
                self.finish(&document).await;
                return Ok(());
            }
            Err(Stop::Gone) => {
                self.delete_points(workspace_id, SourceType::Document, id.as_uuid())
                    .await?;
                let _ = self.ports.files.remove(workspace_id, id).await;
                return Ok(());
            }
            Err(Stop::Retry(reason)) if !final_attempt => {
                return Err(IndexError::Transient(reason));
            }
            Err(Stop::Retry(reason)) => DocumentFailure::new(
                "indexing_failed",
                &format!("indexing failed after several attempts: {reason}"),
            ),
            Err(Stop::Failed(failure)) => failure,
        };
        // Whatever an attempt managed to write goes, so a failed document has no
        // searchable chunks.
        self.delete_points(workspace_id, SourceType::Document, id.as_uuid())
            .await?;
        if document.fail(failure, self.now()).is_ok() {
            match self.ports.repository.update_document(&document).await {
                Ok(()) | Err(KnowledgeRepositoryError::DocumentNotFound) => {}
                Err(other) => return Err(other.into()),
            }
        }
        progress.report(document.progress(), "failed").await;
        let _ = self.ports.files.remove(workspace_id, id).await;
        Ok(())
    }

    async fn run_pipeline(
        &self,
        document: &mut Document,
        progress: &dyn JobProgress,
    ) -> Result<(), Stop> {
        let workspace_id = document.workspace_id();
        let id = document.id();

        self.enter(document, DocumentStatus::Extracting, progress)
            .await?;
        let bytes = self
            .ports
            .files
            .load(workspace_id, id)
            .await
            .map_err(|e| Stop::Retry(e.to_string()))?
            .ok_or_else(|| {
                Stop::Failed(DocumentFailure::new(
                    "file_missing",
                    "the uploaded file is no longer stored; upload it again",
                ))
            })?;
        let text = self
            .ports
            .extractor
            .extract(&bytes, document.format())
            .await
            .map_err(|e| Stop::Failed(e.to_failure()))?;
        drop(bytes);
        if text.is_blank() {
            return Err(Stop::Failed(ExtractError::Empty.to_failure()));
        }

        self.enter(document, DocumentStatus::Chunking, progress)
            .await?;
        let chunks: Vec<Chunk> = chunk_text(&text, &self.settings.chunking)
            .into_iter()
            .map(|draft| draft.into_chunk(workspace_id, id))
            .collect();
        if chunks.is_empty() {
            return Err(Stop::Failed(ExtractError::Empty.to_failure()));
        }

        self.enter(document, DocumentStatus::Embedding, progress)
            .await?;
        let texts: Vec<String> = chunks.iter().map(|c| c.text.clone()).collect();
        let vectors = self.embed_document(document, &texts, progress).await?;
        let points: Vec<VectorPoint> = chunks
            .iter()
            .zip(vectors)
            .map(|(chunk, vector)| chunk_point(document, chunk, vector))
            .collect();
        if let Err(error) = self.upsert_points(&points).await {
            // Earlier batches may be in: take them out so no half document is
            // searchable while the retry waits (if the index is down for this too, the
            // retry overwrites them, as point ids are stable per chunk).
            let _ = self
                .delete_points(workspace_id, SourceType::Document, id.as_uuid())
                .await;
            return Err(match error {
                IndexError::Transient(reason) => Stop::Retry(reason),
                IndexError::Permanent(reason) => {
                    Stop::Failed(DocumentFailure::new("indexing_failed", &reason))
                }
            });
        }
        self.ports
            .repository
            .replace_chunks(workspace_id, id, &chunks)
            .await?;
        // Older uploads of the same file go before this one reads as completed, so a
        // search never sees both once the new one is done.
        self.replace_older(document).await;
        let count = u32::try_from(chunks.len()).unwrap_or(u32::MAX);
        if document.complete(count, self.now()).is_ok() {
            self.ports.repository.update_document(document).await?;
        }
        progress
            .report(100, &format!("indexed {count} chunks"))
            .await;
        Ok(())
    }

    /// Moves to a later stage (a retried run re-enters stages it already passed, which
    /// leaves status and progress as they are) and records it.
    async fn enter(
        &self,
        document: &mut Document,
        stage: DocumentStatus,
        progress: &dyn JobProgress,
    ) -> Result<(), Stop> {
        if stage >= document.status() && document.advance(stage, self.now()).is_ok() {
            self.ports.repository.update_document(document).await?;
        }
        progress.report(document.progress(), stage.as_str()).await;
        Ok(())
    }

    /// Embeds the chunks batch by batch, recording progress on the document and the
    /// job after each batch.
    async fn embed_document(
        &self,
        document: &mut Document,
        texts: &[String],
        progress: &dyn JobProgress,
    ) -> Result<Vec<Vec<f32>>, Stop> {
        let total = texts.len();
        let mut vectors = Vec::with_capacity(total);
        for batch in texts.chunks(self.settings.embed_batch.max(1)) {
            let embedded = self.embed_checked(batch).await.map_err(|e| {
                if e.is_transient() {
                    Stop::Retry(e.to_string())
                } else {
                    Stop::Failed(DocumentFailure::new("embedding_failed", &e.to_string()))
                }
            })?;
            vectors.extend(embedded);
            let done = vectors.len();
            let percent = DocumentStatus::Embedding.progress_at(done as u64, total as u64);
            if percent > document.progress()
                && document.report_progress(percent, self.now()).is_ok()
            {
                self.ports.repository.update_document(document).await?;
            }
            progress
                .report(
                    document.progress(),
                    &format!("embedded {done} of {total} chunks"),
                )
                .await;
        }
        Ok(vectors)
    }

    /// After completion the original bytes are no longer needed.
    async fn finish(&self, document: &Document) {
        let _ = self
            .ports
            .files
            .remove(document.workspace_id(), document.id())
            .await;
    }

    /// Once this document's chunks are all indexed, older uploads of the same file name
    /// are replaced by it. Failures here leave an extra document the seller can delete,
    /// never missing knowledge, so they do not fail the document.
    async fn replace_older(&self, document: &Document) {
        let workspace_id = document.workspace_id();
        if let Ok(all) = self.all_documents(workspace_id).await {
            let name = document.file_name().as_str().to_lowercase();
            for older in all.iter().filter(|other| {
                other.id() != document.id()
                    && other.file_name().as_str().to_lowercase() == name
                    && (other.created_at(), other.id()) < (document.created_at(), document.id())
            }) {
                let _ = self.delete_replaced(workspace_id, older.id()).await;
            }
        }
    }
}

pub(super) fn chunk_point(document: &Document, chunk: &Chunk, vector: Vec<f32>) -> VectorPoint {
    let mut metadata = BTreeMap::from([
        (
            "file_name".to_owned(),
            document.file_name().as_str().to_owned(),
        ),
        ("chunk".to_owned(), chunk.position.to_string()),
    ]);
    if let Some(page) = chunk.page {
        metadata.insert("page".to_owned(), page.to_string());
    }
    if let Some(section) = &chunk.section {
        metadata.insert("section".to_owned(), section.clone());
    }
    VectorPoint {
        workspace_id: document.workspace_id(),
        source: SourceRef::document_chunk(document.id(), chunk.position),
        text: chunk.text.clone(),
        available: true,
        metadata,
        vector,
    }
}
