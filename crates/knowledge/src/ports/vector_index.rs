//! Storing vectors and finding the nearest ones. Adapters (in `crates/vector`): an
//! embedded index persisted under `./data`, and Qdrant.
//!
//! Vectors live in collections, one per `EmbedderSpec`: vectors of different embedders
//! are never mixed, and switching embedder means indexing into a new collection (see
//! `crate::collections::plan_collections`).

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use serde::Serialize;
use uuid::Uuid;

use crate::{EmbedderSpec, SourceRef, SourceType};

/// One indexed piece of knowledge: its vector and the payload searches filter on and
/// return. Its id is `source.point_id()`, so upserting the same source replaces it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VectorPoint {
    pub workspace_id: WorkspaceId,
    pub source: SourceRef,
    /// The text that was embedded, returned with hits so answers can quote it.
    pub text: String,
    /// Whether customers may be offered it now (a product on sale, an active FAQ).
    pub available: bool,
    /// Display data (product name and SKU, document file name and page, FAQ category),
    /// stored and returned as is.
    pub metadata: BTreeMap<String, String>,
    pub vector: Vec<f32>,
}

impl VectorPoint {
    pub fn id(&self) -> Uuid {
        self.source.point_id()
    }
}

/// What a search may return besides "in this workspace".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchFilter {
    /// Empty means every type.
    pub source_types: Vec<SourceType>,
    /// Leave out what customers cannot be offered now.
    pub available_only: bool,
}

/// A point near the query vector, with its raw similarity (cosine, -1..1, higher is
/// closer). Ranking turns raw scores into 0..1 (`crate::ranking`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VectorHit {
    pub source: SourceRef,
    pub text: String,
    pub available: bool,
    pub metadata: BTreeMap<String, String>,
    pub score: f32,
}

/// A collection and the embedder whose vectors it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollectionInfo {
    pub spec: EmbedderSpec,
    pub points: u64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VectorIndexError {
    #[error("no collection for {0}; create it (and index into it) first")]
    CollectionMissing(EmbedderSpec),
    /// A vector whose length is not the collection's dimension: a sign that vectors of
    /// another embedder are about to be mixed in.
    #[error("vector has {actual} dimensions, the collection holds {expected}")]
    DimensionMismatch { expected: usize, actual: usize },
    /// Worth trying again (the Qdrant server is restarting, a timeout).
    #[error("vector index temporarily unavailable: {0}")]
    Unavailable(String),
    #[error("unexpected vector index failure: {0}")]
    Unexpected(String),
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait VectorIndex: Send + Sync {
    /// Every collection the index holds, with the spec that made it.
    async fn list_collections(&self) -> Result<Vec<CollectionInfo>, VectorIndexError>;

    /// Creates the collection for `spec` if it is missing (idempotent), returning it.
    async fn create_collection(
        &self,
        spec: &EmbedderSpec,
        at: DateTime<Utc>,
    ) -> Result<CollectionInfo, VectorIndexError>;

    /// Drops a collection and its points; dropping a missing one is not an error.
    async fn drop_collection(&self, spec: &EmbedderSpec) -> Result<(), VectorIndexError>;

    /// Inserts or replaces points (by `VectorPoint::id`). Every vector must be
    /// `spec.dimension()` long, or nothing is written.
    async fn upsert(
        &self,
        spec: &EmbedderSpec,
        points: &[VectorPoint],
    ) -> Result<(), VectorIndexError>;

    /// Removes every point of one source (all chunks of a document, a product, a FAQ),
    /// in one workspace. Removing nothing is not an error.
    async fn delete_source(
        &self,
        spec: &EmbedderSpec,
        workspace_id: WorkspaceId,
        source_type: SourceType,
        source_id: Uuid,
    ) -> Result<(), VectorIndexError>;

    /// The `top_k` points of `workspace_id` nearest to `vector` that pass `filter`,
    /// closest first. Never returns another workspace's points.
    async fn search(
        &self,
        spec: &EmbedderSpec,
        workspace_id: WorkspaceId,
        vector: &[f32],
        filter: &SearchFilter,
        top_k: usize,
    ) -> Result<Vec<VectorHit>, VectorIndexError>;
}
