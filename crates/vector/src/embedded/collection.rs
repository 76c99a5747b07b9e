//! One collection on disk and in memory.
//!
//! Folder layout: `collection.json` (the spec), `snapshot.bin` (every point at the last
//! compaction), `log.bin` (every operation since) and, after a crash, `log.dropped` (the
//! torn tail last cut off the log). Opening replays the snapshot, then the log.
//!
//! Writers are serialised by the log's mutex and append + fsync before touching memory;
//! the in-memory state sits behind its own `RwLock`, taken for writing only for the
//! moment an operation is applied, so searches run in parallel and never wait on a disk
//! flush.

use std::collections::HashMap;
use std::fs;
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use knowledge::{
    CollectionInfo, EmbedderSpec, SearchFilter, SourceType, VectorHit, VectorIndexError,
};
use uuid::Uuid;

use super::EmbeddedOptions;
use super::codec::{self, Entry, Op};
use super::file::{self, LOG_MAGIC, LogFile, SNAPSHOT_MAGIC, frame_into};
use super::meta;
use super::partition::Partition;

const LOG_FILE: &str = "log.bin";
const SNAPSHOT_FILE: &str = "snapshot.bin";
const DROPPED_TAIL_FILE: &str = "log.dropped";
/// Upserts are cut into records of about this size, keeping each record (and the memory
/// to read it back) small whatever the batch.
const RECORD_TARGET: usize = 4 << 20;

/// Every point, per workspace.
struct State {
    dimension: usize,
    partitions: HashMap<WorkspaceId, Partition>,
}

impl State {
    fn apply(&mut self, op: Op) {
        match op {
            Op::Upsert(entries) => {
                for entry in entries {
                    self.partitions
                        .entry(entry.workspace_id)
                        .or_insert_with(|| Partition::new(self.dimension))
                        .upsert(entry.point, &entry.vector);
                }
            }
            Op::DeleteSource {
                workspace_id,
                source_type,
                source_id,
            } => {
                if let Some(partition) = self.partitions.get_mut(&workspace_id) {
                    partition.delete_source(source_type, source_id);
                    if partition.is_empty() {
                        self.partitions.remove(&workspace_id);
                    }
                }
            }
            Op::End { .. } => {}
        }
    }

    fn points(&self) -> u64 {
        self.partitions.values().map(|p| p.len() as u64).sum()
    }
}

struct Writer {
    log: LogFile,
    snapshot_len: u64,
    /// Set by `drop_collection`: a caller still holding this collection must not write
    /// into a folder that is being deleted.
    dropped: bool,
}

pub(crate) struct Collection {
    spec: EmbedderSpec,
    created_at: DateTime<Utc>,
    dir: PathBuf,
    compact_after_bytes: u64,
    writer: Mutex<Writer>,
    state: RwLock<State>,
}

pub(crate) fn unexpected(context: &str, error: impl std::fmt::Display) -> VectorIndexError {
    VectorIndexError::Unexpected(format!("{context}: {error}"))
}

fn invalid(message: String) -> io::Error {
    io::Error::new(ErrorKind::InvalidData, message)
}

/// Copies the bytes after `from` to `to`, replacing an older copy.
fn keep_dropped_tail(log: &Path, from: u64, to: &Path) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = fs::File::open(log)?;
    file.seek(SeekFrom::Start(from))?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail)?;
    fs::write(to, tail)
}

/// Applies one record read back from disk, refusing what this collection cannot hold.
fn replay(
    state: &mut State,
    spec: &EmbedderSpec,
    dir: &Path,
    bytes: &[u8],
    ended: &mut Option<u64>,
) -> io::Result<()> {
    let op = codec::decode(bytes).map_err(|e| invalid(format!("{}: {}", dir.display(), e.0)))?;
    if let Op::Upsert(entries) = &op
        && let Some(bad) = entries.iter().find(|e| e.vector.len() != spec.dimension())
    {
        return Err(invalid(format!(
            "{}: a {}-dimensional vector in a {spec} collection",
            dir.display(),
            bad.vector.len()
        )));
    }
    if ended.is_some() {
        return Err(invalid(format!("{}: records after the end", dir.display())));
    }
    if let Op::End { points } = op {
        *ended = Some(points);
    }
    state.apply(op);
    Ok(())
}

impl Collection {
    /// Creates the folder for `spec` under `root`, replacing any unfinished one.
    pub(crate) fn create(
        root: &Path,
        spec: &EmbedderSpec,
        created_at: DateTime<Utc>,
        options: &EmbeddedOptions,
    ) -> io::Result<Self> {
        let dir = root.join(spec.collection_name());
        fs::create_dir_all(&dir)?;
        // Leftovers of a creation that crashed before its metadata was written.
        if let Err(e) = fs::remove_file(dir.join(SNAPSHOT_FILE))
            && e.kind() != ErrorKind::NotFound
        {
            return Err(e);
        }
        let log = LogFile::open(&dir.join(LOG_FILE), None)?;
        meta::write(&dir, spec, created_at)?;
        file::sync_dir(root)?;
        Ok(Self::assemble(
            spec.clone(),
            created_at,
            dir,
            options,
            log,
            0,
            HashMap::new(),
        ))
    }

    /// Loads a collection folder: `Ok(None)` when it never finished being created.
    pub(crate) fn load(dir: &Path, options: &EmbeddedOptions) -> io::Result<Option<Self>> {
        let Some((spec, created_at)) = meta::read(dir)? else {
            return Ok(None);
        };
        if dir.file_name() != Some(spec.collection_name().as_ref()) {
            return Err(invalid(format!(
                "{} holds {spec}, whose folder is {}",
                dir.display(),
                spec.collection_name()
            )));
        }
        let mut state = State {
            dimension: spec.dimension(),
            partitions: HashMap::new(),
        };

        // The snapshot was renamed into place whole: any damage in it is real corruption,
        // and opening refuses it rather than silently serving a partial index.
        let mut ended = None;
        let snapshot = file::scan(&dir.join(SNAPSHOT_FILE), SNAPSHOT_MAGIC, |r| {
            replay(&mut state, &spec, dir, r, &mut ended)
        })?;
        let snapshot_len = match (snapshot, ended) {
            (None, _) => 0,
            (Some(scan), Some(points)) if scan.torn_bytes() == 0 && points == state.points() => {
                scan.file_len
            }
            _ => return Err(invalid(format!("{}: snapshot is damaged", dir.display()))),
        };
        let log_path = dir.join(LOG_FILE);
        let mut log_ended = None;
        let log_scan = file::scan(&log_path, LOG_MAGIC, |r| {
            replay(&mut state, &spec, dir, r, &mut log_ended)
        })?;
        if let Some(scan) = log_scan
            && scan.torn_bytes() > 0
        {
            // A crash tears only the append in progress, whose caller never got an
            // answer. Damage anywhere else (a failing disk) also stops replay here, so the
            // dropped bytes are kept beside the log for a person to look at.
            tracing::warn!(
                collection = %spec,
                dropped_bytes = scan.torn_bytes(),
                "vector log ended in a torn record; dropped it (copy in {DROPPED_TAIL_FILE})"
            );
            keep_dropped_tail(&log_path, scan.valid_len, &dir.join(DROPPED_TAIL_FILE))?;
        }
        let log = LogFile::open(&log_path, log_scan.map(|s| s.valid_len))?;
        Ok(Some(Self::assemble(
            spec,
            created_at,
            dir.to_path_buf(),
            options,
            log,
            snapshot_len,
            state.partitions,
        )))
    }

    fn assemble(
        spec: EmbedderSpec,
        created_at: DateTime<Utc>,
        dir: PathBuf,
        options: &EmbeddedOptions,
        log: LogFile,
        snapshot_len: u64,
        partitions: HashMap<WorkspaceId, Partition>,
    ) -> Self {
        let dimension = spec.dimension();
        Self {
            spec,
            created_at,
            dir,
            compact_after_bytes: options.compact_after_bytes,
            writer: Mutex::new(Writer {
                log,
                snapshot_len,
                dropped: false,
            }),
            state: RwLock::new(State {
                dimension,
                partitions,
            }),
        }
    }

    fn read(&self) -> Result<RwLockReadGuard<'_, State>, VectorIndexError> {
        self.state
            .read()
            .map_err(|_| VectorIndexError::Unexpected("vector collection lock poisoned".into()))
    }

    fn write(&self) -> Result<RwLockWriteGuard<'_, State>, VectorIndexError> {
        self.state
            .write()
            .map_err(|_| VectorIndexError::Unexpected("vector collection lock poisoned".into()))
    }

    fn writer(&self) -> Result<MutexGuard<'_, Writer>, VectorIndexError> {
        let writer = self
            .writer
            .lock()
            .map_err(|_| VectorIndexError::Unexpected("vector log lock poisoned".into()))?;
        if writer.dropped {
            return Err(VectorIndexError::CollectionMissing(self.spec.clone()));
        }
        Ok(writer)
    }

    pub(crate) fn info(&self) -> Result<CollectionInfo, VectorIndexError> {
        Ok(CollectionInfo {
            spec: self.spec.clone(),
            points: self.read()?.points(),
            created_at: self.created_at,
        })
    }

    /// How many points a search of `workspace_id` would scan.
    pub(crate) fn workspace_len(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<usize, VectorIndexError> {
        Ok(self
            .read()?
            .partitions
            .get(&workspace_id)
            .map_or(0, Partition::len))
    }

    /// `query` is unit length and of the collection's dimension.
    pub(crate) fn search(
        &self,
        workspace_id: WorkspaceId,
        query: &[f32],
        filter: &SearchFilter,
        top_k: usize,
    ) -> Result<Vec<VectorHit>, VectorIndexError> {
        let state = self.read()?;
        Ok(state
            .partitions
            .get(&workspace_id)
            .map(|p| p.search(query, filter, top_k))
            .unwrap_or_default())
    }

    /// Logs, then applies. `entries` are validated: right dimension, unit length.
    pub(crate) fn upsert(&self, entries: Vec<Entry>) -> Result<(), VectorIndexError> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut frames = Vec::new();
        let mut payload = Vec::new();
        let mut count = 0;
        for entry in &entries {
            if count == 0 {
                codec::begin_upsert(&mut payload);
            }
            codec::put_entry(
                &mut payload,
                entry.workspace_id,
                &entry.point,
                &entry.vector,
            );
            count += 1;
            if payload.len() >= RECORD_TARGET {
                codec::finish_upsert(&mut payload, count);
                frame_into(&mut frames, &payload);
                payload.clear();
                count = 0;
            }
        }
        if count > 0 {
            codec::finish_upsert(&mut payload, count);
            frame_into(&mut frames, &payload);
        }
        self.commit(&frames, Op::Upsert(entries))
    }

    pub(crate) fn delete_source(
        &self,
        workspace_id: WorkspaceId,
        source_type: SourceType,
        source_id: Uuid,
    ) -> Result<(), VectorIndexError> {
        let mut frames = Vec::new();
        frame_into(
            &mut frames,
            &codec::encode_delete(workspace_id, source_type, source_id),
        );
        self.commit(
            &frames,
            Op::DeleteSource {
                workspace_id,
                source_type,
                source_id,
            },
        )
    }

    /// The one write path: durable in the log first, then visible in memory. The writer
    /// lock is held across both, so memory applies operations in log order.
    fn commit(&self, frames: &[u8], op: Op) -> Result<(), VectorIndexError> {
        let mut writer = self.writer()?;
        writer
            .log
            .append(frames)
            .map_err(|e| unexpected("writing the vector log", e))?;
        self.write()?.apply(op);
        if writer.log.len() > self.compact_after_bytes.max(writer.snapshot_len) {
            // The write is already durable; a failed compaction only leaves a longer log.
            if let Err(e) = self.compact_locked(&mut writer) {
                tracing::warn!(collection = %self.spec, error = %e, "vector snapshot failed");
            }
        }
        Ok(())
    }

    /// Writes a fresh snapshot of every point and empties the log.
    pub(crate) fn compact(&self) -> Result<(), VectorIndexError> {
        let mut writer = self.writer()?;
        self.compact_locked(&mut writer)
            .map_err(|e| unexpected("writing the vector snapshot", e))
    }

    fn compact_locked(&self, writer: &mut Writer) -> io::Result<()> {
        // A read lock: searches go on while the snapshot is written; writers wait on the
        // writer lock the caller holds.
        let state = self
            .state
            .read()
            .map_err(|_| io::Error::other("vector collection lock poisoned"))?;
        let points = state.points();
        let len = file::write_atomically(&self.dir.join(SNAPSHOT_FILE), |out| {
            out.write_all(SNAPSHOT_MAGIC)?;
            let mut payload = Vec::new();
            let mut frame = Vec::new();
            let mut flush = |payload: &mut Vec<u8>, count: usize, out: &mut dyn Write| {
                codec::finish_upsert(payload, count);
                frame.clear();
                frame_into(&mut frame, payload);
                payload.clear();
                out.write_all(&frame)
            };
            let mut count = 0;
            for (workspace_id, partition) in &state.partitions {
                for (point, vector) in partition.iter() {
                    if count == 0 {
                        codec::begin_upsert(&mut payload);
                    }
                    codec::put_entry(&mut payload, *workspace_id, point, vector);
                    count += 1;
                    if payload.len() >= RECORD_TARGET {
                        flush(&mut payload, count, out)?;
                        count = 0;
                    }
                }
            }
            if count > 0 {
                flush(&mut payload, count, out)?;
            }
            let mut end = Vec::new();
            frame_into(&mut end, &codec::encode_end(points));
            out.write_all(&end)
        })?;
        drop(state);
        // A crash between the rename above and this reset replays the old log over the
        // new snapshot: harmless, as every operation sets or removes whole points.
        writer.log.reset()?;
        writer.snapshot_len = len;
        Ok(())
    }

    /// Stops all writes for good, so the folder can be removed. Returns the folder.
    pub(crate) fn retire(&self) -> Result<PathBuf, VectorIndexError> {
        let mut writer = self.writer()?;
        writer.dropped = true;
        Ok(self.dir.clone())
    }
}
