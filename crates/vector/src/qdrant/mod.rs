//! The Qdrant server adapter, over gRPC (port 6334).
//!
//! One collection per `EmbedderSpec`, named `EmbedderSpec::collection_name()`, cosine
//! distance, with the spec in the collection's metadata and keyword payload indexes on
//! `workspace_id` (as the tenant key), `source_type`, `source_id` and `available`. Writes
//! wait for the server to apply them, so a point is searchable as soon as `upsert`
//! returns, and gone as soon as `delete_source` returns.

mod convert;

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use knowledge::{
    CollectionInfo, EmbedderSpec, SearchFilter, SourceType, VectorHit, VectorIndex,
    VectorIndexError, VectorPoint,
};
use qdrant_client::Qdrant;
use qdrant_client::qdrant::{
    CountPointsBuilder, CreateCollectionBuilder, CreateFieldIndexCollectionBuilder,
    DeletePointsBuilder, Distance, FieldType, KeywordIndexParamsBuilder, QueryPointsBuilder,
    UpsertPointsBuilder, VectorParamsBuilder,
};
use uuid::Uuid;

use convert::{AVAILABLE, SOURCE_ID, SOURCE_TYPE, WORKSPACE_ID, map_error};

/// Points per upsert request: keeps each gRPC message far below size limits even at
/// 8,192 dimensions.
const UPSERT_BATCH: usize = 128;

/// A `VectorIndex` on a Qdrant server. Cheap to clone (the gRPC channel is shared).
#[derive(Clone)]
pub struct QdrantIndex {
    client: Qdrant,
}

impl std::fmt::Debug for QdrantIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The client's config holds the API key: never print it.
        f.debug_struct("QdrantIndex").finish_non_exhaustive()
    }
}

impl QdrantIndex {
    /// A client for the server at `url` (gRPC, e.g. `http://localhost:6334`). Connects
    /// lazily: an unreachable server shows up as `Unavailable` on the first call.
    pub fn connect(url: &str, api_key: Option<String>) -> Result<Self, VectorIndexError> {
        let client = Qdrant::from_url(url)
            .api_key(api_key)
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(5))
            // The version check blocks on a request and prints to stdout.
            .skip_compatibility_check()
            .build()
            .map_err(|e| VectorIndexError::Unexpected(format!("Qdrant client for {url}: {e}")))?;
        Ok(Self { client })
    }

    async fn info(&self, spec: &EmbedderSpec) -> Result<CollectionInfo, VectorIndexError> {
        let name = spec.collection_name();
        let described = self
            .client
            .collection_info(&name)
            .await
            .map_err(|e| map_error(spec, e))?
            .result
            .ok_or_else(|| VectorIndexError::CollectionMissing(spec.clone()))?;
        let metadata = described.config.map(|c| c.metadata).unwrap_or_default();
        let created_at = convert::spec_from_metadata(&metadata)
            .and_then(|(_, at)| at)
            .or_else(|| {
                described.created_at.and_then(|t| {
                    DateTime::from_timestamp(t.seconds, u32::try_from(t.nanos).unwrap_or(0))
                })
            })
            .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
        // `points_count` in the collection info is approximate; the port promises a count.
        let points = self
            .client
            .count(CountPointsBuilder::new(&name).exact(true))
            .await
            .map_err(|e| map_error(spec, e))?
            .result
            .map_or(0, |r| r.count);
        Ok(CollectionInfo {
            spec: spec.clone(),
            points,
            created_at,
        })
    }

    /// Payload indexes make filtered search fast; `workspace_id` is flagged as the
    /// tenant key so Qdrant keeps each tenant's points together. Creating an index that
    /// exists is a no-op for Qdrant, so this also repairs a creation cut short.
    async fn ensure_payload_indexes(&self, spec: &EmbedderSpec) -> Result<(), VectorIndexError> {
        let name = spec.collection_name();
        let tenant =
            CreateFieldIndexCollectionBuilder::new(&name, WORKSPACE_ID, FieldType::Keyword)
                .field_index_params(KeywordIndexParamsBuilder::default().is_tenant(true))
                .wait(true);
        self.client
            .create_field_index(tenant)
            .await
            .map_err(|e| map_error(spec, e))?;
        for (field, kind) in [
            (SOURCE_TYPE, FieldType::Keyword),
            (SOURCE_ID, FieldType::Keyword),
            (AVAILABLE, FieldType::Bool),
        ] {
            self.client
                .create_field_index(
                    CreateFieldIndexCollectionBuilder::new(&name, field, kind).wait(true),
                )
                .await
                .map_err(|e| map_error(spec, e))?;
        }
        Ok(())
    }
}

fn check_dimension(spec: &EmbedderSpec, vector: &[f32]) -> Result<(), VectorIndexError> {
    if vector.len() == spec.dimension() {
        Ok(())
    } else {
        Err(VectorIndexError::DimensionMismatch {
            expected: spec.dimension(),
            actual: vector.len(),
        })
    }
}

#[async_trait]
impl VectorIndex for QdrantIndex {
    #[tracing::instrument(skip_all)]
    async fn list_collections(&self) -> Result<Vec<CollectionInfo>, VectorIndexError> {
        let listed = self
            .client
            .list_collections()
            .await
            .map_err(convert::map_unscoped)?;
        let mut infos = Vec::new();
        for description in listed.collections {
            if !description.name.starts_with("knowledge__") {
                continue;
            }
            let described = match self.client.collection_info(&description.name).await {
                Ok(described) => described,
                // Dropped between the listing and now.
                Err(e) if convert::is_not_found(&e) => continue,
                Err(e) => return Err(convert::map_unscoped(e)),
            };
            let metadata = described
                .result
                .and_then(|r| r.config)
                .map(|c| c.metadata)
                .unwrap_or_default();
            let spec = convert::spec_from_metadata(&metadata)
                .map(|(spec, _)| spec)
                .or_else(|| convert::spec_from_name(&description.name));
            match spec {
                Some(spec) if spec.collection_name() == description.name => {
                    match self.info(&spec).await {
                        Ok(info) => infos.push(info),
                        Err(VectorIndexError::CollectionMissing(_)) => continue,
                        Err(e) => return Err(e),
                    }
                }
                _ => tracing::warn!(
                    collection = %description.name,
                    "Qdrant collection whose embedder cannot be told; ignored"
                ),
            }
        }
        infos.sort_by(|a, b| a.spec.cmp(&b.spec));
        Ok(infos)
    }

    #[tracing::instrument(skip_all, fields(spec = %spec))]
    async fn create_collection(
        &self,
        spec: &EmbedderSpec,
        at: DateTime<Utc>,
    ) -> Result<CollectionInfo, VectorIndexError> {
        let name = spec.collection_name();
        let exists = self
            .client
            .collection_exists(&name)
            .await
            .map_err(|e| map_error(spec, e))?;
        if !exists {
            let dimension = u64::try_from(spec.dimension())
                .map_err(|e| VectorIndexError::Unexpected(e.to_string()))?;
            let create = CreateCollectionBuilder::new(&name)
                .vectors_config(VectorParamsBuilder::new(dimension, Distance::Cosine))
                .metadata(convert::collection_metadata(spec, at));
            match self.client.create_collection(create).await {
                Ok(_) => {}
                // Another replica won the race: its collection is the same.
                Err(e) if convert::is_already_exists(&e) => {}
                Err(e) => return Err(map_error(spec, e)),
            }
        }
        self.ensure_payload_indexes(spec).await?;
        self.info(spec).await
    }

    #[tracing::instrument(skip_all, fields(spec = %spec))]
    async fn drop_collection(&self, spec: &EmbedderSpec) -> Result<(), VectorIndexError> {
        match self.client.delete_collection(spec.collection_name()).await {
            Ok(_) => Ok(()),
            Err(e) if convert::is_not_found(&e) => Ok(()),
            Err(e) => Err(map_error(spec, e)),
        }
    }

    #[tracing::instrument(skip_all, fields(spec = %spec, points = points.len()))]
    async fn upsert(
        &self,
        spec: &EmbedderSpec,
        points: &[VectorPoint],
    ) -> Result<(), VectorIndexError> {
        // Every vector is checked before the first request: a bad batch writes nothing.
        for point in points {
            check_dimension(spec, &point.vector)?;
        }
        let name = spec.collection_name();
        for batch in points.chunks(UPSERT_BATCH) {
            let structs: Vec<_> = batch.iter().map(convert::to_point).collect();
            self.client
                .upsert_points(UpsertPointsBuilder::new(&name, structs).wait(true))
                .await
                .map_err(|e| map_error(spec, e))?;
        }
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(spec = %spec))]
    async fn delete_source(
        &self,
        spec: &EmbedderSpec,
        workspace_id: WorkspaceId,
        source_type: SourceType,
        source_id: Uuid,
    ) -> Result<(), VectorIndexError> {
        let delete = DeletePointsBuilder::new(spec.collection_name())
            .points(convert::source_filter(workspace_id, source_type, source_id))
            .wait(true);
        self.client
            .delete_points(delete)
            .await
            .map_err(|e| map_error(spec, e))?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(spec = %spec, top_k = top_k))]
    async fn search(
        &self,
        spec: &EmbedderSpec,
        workspace_id: WorkspaceId,
        vector: &[f32],
        filter: &SearchFilter,
        top_k: usize,
    ) -> Result<Vec<VectorHit>, VectorIndexError> {
        check_dimension(spec, vector)?;
        if top_k == 0 {
            return Ok(Vec::new());
        }
        let query = QueryPointsBuilder::new(spec.collection_name())
            .query(vector.to_vec())
            .filter(convert::search_filter(workspace_id, filter))
            .limit(u64::try_from(top_k).unwrap_or(u64::MAX))
            .with_payload(true);
        let found = self
            .client
            .query(query)
            .await
            .map_err(|e| map_error(spec, e))?;
        Ok(found
            .result
            .iter()
            .filter_map(|point| {
                let hit = convert::to_hit(point);
                if hit.is_none() {
                    tracing::warn!(point = ?point.id, "Qdrant point without a ChatDesk payload; skipped");
                }
                hit
            })
            .collect())
    }
}
