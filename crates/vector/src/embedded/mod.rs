//! The embedded index: exact cosine search in process, persisted under a data folder.
//!
//! Exact, so results are those of a brute-force scan (recall 1.0) with no index to build
//! or tune. Points are partitioned by workspace, so a search scans only its tenant's
//! vectors. Large partitions are scanned in bfloat16 first and the best candidates scored
//! again in f32 (`partition::Partition::search` shows why that stays exact): at 384
//! dimensions one core searches 100,000 points of one workspace in about 2.5 ms.
//!
//! On disk, per collection: an append-only log of checksummed records, fsynced before a
//! write returns, folded into a snapshot when it grows (see `collection` and `file`).

mod codec;
mod collection;
mod file;
mod meta;
mod partition;
#[cfg(test)]
mod tests;
mod topk;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use knowledge::{
    CollectionInfo, EmbedderSpec, SearchFilter, SourceType, VectorHit, VectorIndex,
    VectorIndexError, VectorPoint,
};
use uuid::Uuid;

use collection::{Collection, unexpected};
use partition::StoredPoint;

/// A search over more floats than this runs on the blocking pool rather than on the async
/// worker thread (about 0.2 ms of scanning, 5,000 points at 384 dimensions).
const INLINE_SEARCH_FLOATS: usize = 2 << 20;
/// Larger texts would make records too large to read back; no chunk, FAQ or product
/// description comes near it.
const MAX_POINT_TEXT_BYTES: usize = 1 << 20;
/// Folders being deleted by `drop_collection` are renamed with this prefix first, so a
/// crash mid-delete leaves something `open` recognises and finishes removing.
const DROPPED_PREFIX: &str = ".dropped-";
const LOCK_FILE: &str = "LOCK";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedOptions {
    /// A collection's log is folded into a new snapshot once it is larger than both this
    /// and the last snapshot, so replay at start-up stays proportional to the data.
    pub compact_after_bytes: u64,
}

impl Default for EmbeddedOptions {
    fn default() -> Self {
        Self {
            compact_after_bytes: 64 << 20,
        }
    }
}

/// The in-process `VectorIndex`. Cheap to clone: clones share the same collections.
#[derive(Clone)]
pub struct EmbeddedIndex {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for EmbeddedIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not derived: it would print every vector.
        f.debug_struct("EmbeddedIndex")
            .field("dir", &self.inner.root)
            .finish_non_exhaustive()
    }
}

struct Inner {
    /// Held for the index's lifetime: a second process writing the same logs would
    /// interleave records and serve state the other never sees.
    _lock: fs::File,
    root: PathBuf,
    options: EmbeddedOptions,
    collections: RwLock<HashMap<EmbedderSpec, Arc<Collection>>>,
}

fn poisoned() -> VectorIndexError {
    VectorIndexError::Unexpected("vector index lock poisoned".into())
}

impl EmbeddedIndex {
    /// Opens (creating if needed) the index kept in `dir`, loading every collection.
    /// Blocking: reads all vectors into memory; call it at start-up.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self, VectorIndexError> {
        Self::open_with(dir, EmbeddedOptions::default())
    }

    pub fn open_with(
        dir: impl AsRef<Path>,
        options: EmbeddedOptions,
    ) -> Result<Self, VectorIndexError> {
        let root = dir.as_ref().to_path_buf();
        let context = |what: &str| format!("{what} {}", root.display());
        fs::create_dir_all(&root).map_err(|e| unexpected(&context("creating"), e))?;
        let lock = lock_folder(&root)?;
        let mut collections = HashMap::new();
        let entries = fs::read_dir(&root).map_err(|e| unexpected(&context("reading"), e))?;
        for entry in entries {
            let entry = entry.map_err(|e| unexpected(&context("reading"), e))?;
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(DROPPED_PREFIX)
            {
                remove_dropped(&path);
                continue;
            }
            match Collection::load(&path, &options) {
                Ok(Some(collection)) => {
                    let info = collection.info()?;
                    tracing::info!(collection = %info.spec, points = info.points, "vector collection loaded");
                    collections.insert(info.spec, Arc::new(collection));
                }
                Ok(None) => {
                    tracing::warn!(folder = %path.display(), "skipping a vector collection that was never fully created");
                }
                Err(e) => return Err(unexpected(&format!("loading {}", path.display()), e)),
            }
        }
        Ok(Self {
            inner: Arc::new(Inner {
                _lock: lock,
                root,
                options,
                collections: RwLock::new(collections),
            }),
        })
    }

    /// The folder this index lives in.
    pub fn dir(&self) -> &Path {
        &self.inner.root
    }

    /// Folds a collection's log into a fresh snapshot now (normally automatic).
    pub async fn compact(&self, spec: &EmbedderSpec) -> Result<(), VectorIndexError> {
        let collection = self.collection(spec)?;
        blocking(move || collection.compact()).await
    }

    fn collection(&self, spec: &EmbedderSpec) -> Result<Arc<Collection>, VectorIndexError> {
        self.inner
            .collections
            .read()
            .map_err(|_| poisoned())?
            .get(spec)
            .cloned()
            .ok_or_else(|| VectorIndexError::CollectionMissing(spec.clone()))
    }
}

/// Takes the folder's lock file, released when the index (every clone) is dropped or
/// the process exits.
fn lock_folder(root: &Path) -> Result<fs::File, VectorIndexError> {
    let path = root.join(LOCK_FILE);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| unexpected(&format!("opening {}", path.display()), e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(VectorIndexError::Unexpected(format!(
            "{} is in use by another process",
            root.display()
        ))),
        Err(fs::TryLockError::Error(e)) => {
            Err(unexpected(&format!("locking {}", path.display()), e))
        }
    }
}

fn remove_dropped(path: &Path) {
    if let Err(e) = fs::remove_dir_all(path) {
        tracing::warn!(folder = %path.display(), error = %e, "could not remove a dropped vector collection");
    }
}

/// Runs disk work (fsync, snapshots) and long scans off the async worker threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, VectorIndexError> + Send + 'static,
) -> Result<T, VectorIndexError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| unexpected("vector index task", e))?
}

fn check_vector(spec: &EmbedderSpec, vector: &[f32]) -> Result<(), VectorIndexError> {
    if vector.len() != spec.dimension() {
        return Err(VectorIndexError::DimensionMismatch {
            expected: spec.dimension(),
            actual: vector.len(),
        });
    }
    if vector.iter().any(|x| !x.is_finite()) {
        // NaN would make every score NaN; the port has no variant for a bad vector.
        return Err(VectorIndexError::Unexpected(
            "vector has a NaN or infinite component".into(),
        ));
    }
    Ok(())
}

impl Inner {
    fn create(
        &self,
        spec: &EmbedderSpec,
        at: DateTime<Utc>,
    ) -> Result<CollectionInfo, VectorIndexError> {
        // The map's write lock is held while the folder is made, so two creators of one
        // spec cannot both write it.
        let mut collections = self.collections.write().map_err(|_| poisoned())?;
        if let Some(existing) = collections.get(spec) {
            return existing.info();
        }
        let collection = Collection::create(&self.root, spec, at, &self.options)
            .map_err(|e| unexpected(&format!("creating the collection for {spec}"), e))?;
        let info = collection.info()?;
        collections.insert(spec.clone(), Arc::new(collection));
        Ok(info)
    }

    fn drop_collection(&self, spec: &EmbedderSpec) -> Result<(), VectorIndexError> {
        let doomed = {
            let mut collections = self.collections.write().map_err(|_| poisoned())?;
            let Some(collection) = collections.remove(spec) else {
                return Ok(());
            };
            let dir = collection.retire()?;
            // Renamed under the lock: a `create` of the same spec right after must get a
            // fresh folder, not one being deleted.
            let doomed = self
                .root
                .join(format!("{DROPPED_PREFIX}{}", Uuid::now_v7().simple()));
            fs::rename(&dir, &doomed).map_err(|e| unexpected("dropping a vector collection", e))?;
            file::sync_dir(&self.root)
                .map_err(|e| unexpected("dropping a vector collection", e))?;
            doomed
        };
        remove_dropped(&doomed);
        Ok(())
    }
}

#[async_trait]
impl VectorIndex for EmbeddedIndex {
    #[tracing::instrument(skip_all)]
    async fn list_collections(&self) -> Result<Vec<CollectionInfo>, VectorIndexError> {
        let collections: Vec<Arc<Collection>> = self
            .inner
            .collections
            .read()
            .map_err(|_| poisoned())?
            .values()
            .cloned()
            .collect();
        let mut infos = collections
            .iter()
            .map(|c| c.info())
            .collect::<Result<Vec<_>, _>>()?;
        infos.sort_by(|a, b| a.spec.cmp(&b.spec));
        Ok(infos)
    }

    #[tracing::instrument(skip_all, fields(spec = %spec))]
    async fn create_collection(
        &self,
        spec: &EmbedderSpec,
        at: DateTime<Utc>,
    ) -> Result<CollectionInfo, VectorIndexError> {
        let inner = Arc::clone(&self.inner);
        let spec = spec.clone();
        blocking(move || inner.create(&spec, at)).await
    }

    #[tracing::instrument(skip_all, fields(spec = %spec))]
    async fn drop_collection(&self, spec: &EmbedderSpec) -> Result<(), VectorIndexError> {
        let inner = Arc::clone(&self.inner);
        let spec = spec.clone();
        blocking(move || inner.drop_collection(&spec)).await
    }

    #[tracing::instrument(skip_all, fields(spec = %spec, points = points.len()))]
    async fn upsert(
        &self,
        spec: &EmbedderSpec,
        points: &[VectorPoint],
    ) -> Result<(), VectorIndexError> {
        let collection = self.collection(spec)?;
        let mut entries = Vec::with_capacity(points.len());
        for point in points {
            check_vector(spec, &point.vector)?;
            if point.text.len() > MAX_POINT_TEXT_BYTES {
                return Err(VectorIndexError::Unexpected(format!(
                    "point text of {} bytes is over the {MAX_POINT_TEXT_BYTES}-byte limit",
                    point.text.len()
                )));
            }
            entries.push(codec::Entry {
                workspace_id: point.workspace_id,
                point: StoredPoint {
                    source: point.source,
                    text: point.text.clone(),
                    available: point.available,
                    metadata: point.metadata.clone(),
                },
                vector: topk::normalised(&point.vector),
            });
        }
        if entries.is_empty() {
            return Ok(());
        }
        blocking(move || collection.upsert(entries)).await
    }

    #[tracing::instrument(skip_all, fields(spec = %spec))]
    async fn delete_source(
        &self,
        spec: &EmbedderSpec,
        workspace_id: WorkspaceId,
        source_type: SourceType,
        source_id: Uuid,
    ) -> Result<(), VectorIndexError> {
        let collection = self.collection(spec)?;
        blocking(move || collection.delete_source(workspace_id, source_type, source_id)).await
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
        let collection = self.collection(spec)?;
        check_vector(spec, vector)?;
        if top_k == 0 {
            return Ok(Vec::new());
        }
        let query = topk::normalised(vector);
        let floats = collection.workspace_len(workspace_id)? * spec.dimension();
        if floats <= INLINE_SEARCH_FLOATS {
            return collection.search(workspace_id, &query, filter, top_k);
        }
        let filter = filter.clone();
        blocking(move || collection.search(workspace_id, &query, &filter, top_k)).await
    }
}
