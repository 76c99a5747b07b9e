//! Writing to the vector index: embedding in batches, upserting into the active
//! embedder's collection (created on first use), removing sources.

use uuid::Uuid;

use kernel::WorkspaceId;

use super::KnowledgeService;
use super::errors::IndexError;
use crate::{EmbedError, SourceType, VectorIndexError, VectorPoint};

impl KnowledgeService {
    /// One vector per text, asking the embedder `embed_batch` texts at a time.
    pub(super) async fn embed_batches(
        &self,
        texts: &[String],
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut vectors = Vec::with_capacity(texts.len());
        for batch in texts.chunks(self.settings.embed_batch.max(1)) {
            vectors.extend(self.embed_checked(batch).await?);
        }
        Ok(vectors)
    }

    /// One embedder call, refusing answers that would corrupt the collection (a
    /// missing vector, a vector of another length).
    pub(super) async fn embed_checked(
        &self,
        batch: &[String],
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        let expected = self.embedder_spec().dimension();
        let embedded = self.ports.embedder.embed(batch).await?;
        if embedded.len() != batch.len() {
            return Err(EmbedError::Unexpected(format!(
                "asked for {} vectors, got {}",
                batch.len(),
                embedded.len()
            )));
        }
        if let Some(bad) = embedded.iter().find(|v| v.len() != expected) {
            return Err(EmbedError::DimensionMismatch {
                expected,
                actual: bad.len(),
            });
        }
        Ok(embedded)
    }

    /// Writes points into the active collection, creating it when missing (the first
    /// write after a fresh start, or after an operator dropped it).
    pub(super) async fn upsert_points(&self, points: &[VectorPoint]) -> Result<(), IndexError> {
        let spec = self.embedder_spec();
        for batch in points.chunks(self.settings.upsert_batch.max(1)) {
            match self.ports.index.upsert(spec, batch).await {
                Err(VectorIndexError::CollectionMissing(_)) => {
                    self.ports.index.create_collection(spec, self.now()).await?;
                    self.ports.index.upsert(spec, batch).await?;
                }
                other => other?,
            }
        }
        Ok(())
    }

    /// Removes every point of one source from the active collection.
    pub(super) async fn delete_points(
        &self,
        workspace_id: WorkspaceId,
        source_type: SourceType,
        source_id: Uuid,
    ) -> Result<(), VectorIndexError> {
        match self
            .ports
            .index
            .delete_source(self.embedder_spec(), workspace_id, source_type, source_id)
            .await
        {
            // Nothing was ever indexed with this embedder: nothing to remove.
            Err(VectorIndexError::CollectionMissing(_)) => Ok(()),
            other => other,
        }
    }

    /// Removes a source at once; when the index refuses, schedules the removal so it
    /// still happens (with retries) and reports the first failure.
    pub(super) async fn delete_points_or_schedule(
        &self,
        workspace_id: WorkspaceId,
        source_type: SourceType,
        source_id: Uuid,
    ) -> Result<(), IndexError> {
        match self
            .delete_points(workspace_id, source_type, source_id)
            .await
        {
            Ok(()) => Ok(()),
            Err(error) => {
                self.ports
                    .tasks
                    .schedule(super::KnowledgeTask::RemoveSource {
                        workspace_id,
                        source_type,
                        source_id,
                    })
                    .await?;
                Err(error.into())
            }
        }
    }

    /// Removes a source from the index as a task does: idempotent, retried on failure.
    pub async fn remove_source(
        &self,
        workspace_id: WorkspaceId,
        source_type: SourceType,
        source_id: Uuid,
    ) -> Result<(), IndexError> {
        Ok(self
            .delete_points(workspace_id, source_type, source_id)
            .await?)
    }
}
