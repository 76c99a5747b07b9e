//! Persistence paths the port contract cannot see: compaction, crashes around it,
//! damaged snapshots and half-finished folders. (The shared behaviour is in the contract
//! suite, `tests/suite/vector_contract.rs`.)

use std::collections::BTreeMap;
use std::fs;

use chrono::Utc;
use kernel::WorkspaceId;
use knowledge::{
    EmbedderSpec, SearchFilter, SourceRef, SourceType, VectorIndex, VectorIndexError, VectorPoint,
};
use uuid::Uuid;

use super::{EmbeddedIndex, EmbeddedOptions};

fn spec() -> EmbedderSpec {
    EmbedderSpec::new("test.embedder", 4).unwrap()
}

fn point(
    workspace_id: WorkspaceId,
    source_id: Uuid,
    position: u32,
    vector: [f32; 4],
) -> VectorPoint {
    VectorPoint {
        workspace_id,
        source: SourceRef {
            source_type: SourceType::Document,
            source_id,
            position,
        },
        text: format!("chunk {position}"),
        available: true,
        metadata: BTreeMap::from([("page".into(), position.to_string())]),
        vector: vector.to_vec(),
    }
}

/// Every hit of a workspace, as (text, rounded score).
async fn everything(index: &EmbeddedIndex, workspace_id: WorkspaceId) -> Vec<(String, i32)> {
    let mut hits: Vec<_> = index
        .search(
            &spec(),
            workspace_id,
            &[1.0, 1.0, 1.0, 1.0],
            &SearchFilter::default(),
            100,
        )
        .await
        .unwrap()
        .into_iter()
        .map(|h| (h.text, (h.score * 1000.0).round() as i32))
        .collect();
    hits.sort();
    hits
}

fn tiny_log() -> EmbeddedOptions {
    // Compact after nearly every write.
    EmbeddedOptions {
        compact_after_bytes: 64,
    }
}

#[tokio::test]
async fn compaction_keeps_every_point_and_replays_the_log_written_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let workspace_id = WorkspaceId::new();
    let document = Uuid::now_v7();
    let before = {
        let index = EmbeddedIndex::open_with(dir.path(), tiny_log()).unwrap();
        index.create_collection(&spec(), Utc::now()).await.unwrap();
        for position in 0..5 {
            let v = [position as f32, 1.0, 0.0, 0.5];
            index
                .upsert(&spec(), &[point(workspace_id, document, position, v)])
                .await
                .unwrap();
        }
        index
            .upsert(
                &spec(),
                &[point(workspace_id, document, 2, [0.0, 0.0, 0.0, 1.0])],
            )
            .await
            .unwrap();
        let other = Uuid::now_v7();
        index
            .upsert(&spec(), &[point(workspace_id, other, 9, [1.0; 4])])
            .await
            .unwrap();
        let snapshot = dir
            .path()
            .join(spec().collection_name())
            .join("snapshot.bin");
        assert!(snapshot.exists(), "the log was folded into a snapshot");
        // Small enough to stay in the log: reopening must replay it over the snapshot.
        index
            .delete_source(&spec(), workspace_id, SourceType::Document, other)
            .await
            .unwrap();
        let log = dir.path().join(spec().collection_name()).join("log.bin");
        assert!(
            fs::metadata(log).unwrap().len() > 8,
            "the delete is in the log"
        );
        everything(&index, workspace_id).await
    };
    assert_eq!(before.len(), 5);
    let reopened = EmbeddedIndex::open(dir.path()).unwrap();
    assert_eq!(everything(&reopened, workspace_id).await, before);
    assert_eq!(reopened.list_collections().await.unwrap()[0].points, 5);
}

#[tokio::test]
async fn a_crash_between_snapshot_and_log_reset_replays_harmlessly() {
    let dir = tempfile::tempdir().unwrap();
    let workspace_id = WorkspaceId::new();
    let (kept, gone) = (Uuid::now_v7(), Uuid::now_v7());
    let folder = dir.path().join(spec().collection_name());
    let expected = {
        let index = EmbeddedIndex::open(dir.path()).unwrap();
        index.create_collection(&spec(), Utc::now()).await.unwrap();
        index
            .upsert(
                &spec(),
                &[point(workspace_id, gone, 0, [1.0, 0.0, 0.0, 0.0])],
            )
            .await
            .unwrap();
        index
            .upsert(
                &spec(),
                &[point(workspace_id, kept, 0, [0.0, 1.0, 0.0, 0.0])],
            )
            .await
            .unwrap();
        index
            .delete_source(&spec(), workspace_id, SourceType::Document, gone)
            .await
            .unwrap();
        index
            .upsert(
                &spec(),
                &[point(workspace_id, kept, 0, [0.0, 0.0, 1.0, 0.0])],
            )
            .await
            .unwrap();
        let log = fs::read(folder.join("log.bin")).unwrap();
        index.compact(&spec()).await.unwrap();
        // As if the process died after renaming the snapshot, before emptying the log.
        fs::write(folder.join("log.bin"), log).unwrap();
        everything(&index, workspace_id).await
    };
    assert_eq!(expected.len(), 1);
    let reopened = EmbeddedIndex::open(dir.path()).unwrap();
    assert_eq!(everything(&reopened, workspace_id).await, expected);
}

#[tokio::test]
async fn a_damaged_snapshot_is_refused_rather_than_served_partially() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = EmbeddedIndex::open(dir.path()).unwrap();
        index.create_collection(&spec(), Utc::now()).await.unwrap();
        index
            .upsert(
                &spec(),
                &[point(WorkspaceId::new(), Uuid::now_v7(), 0, [1.0; 4])],
            )
            .await
            .unwrap();
        index.compact(&spec()).await.unwrap();
    }
    let snapshot = dir
        .path()
        .join(spec().collection_name())
        .join("snapshot.bin");
    let mut bytes = fs::read(&snapshot).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    fs::write(&snapshot, bytes).unwrap();
    assert!(matches!(
        EmbeddedIndex::open(dir.path()),
        Err(VectorIndexError::Unexpected(_))
    ));
}

#[tokio::test]
async fn unfinished_creations_and_drops_are_cleaned_up_on_open() {
    let dir = tempfile::tempdir().unwrap();
    // A creation that died before writing its metadata, and a drop that died mid-delete.
    fs::create_dir_all(dir.path().join("knowledge__half-made__8")).unwrap();
    fs::create_dir_all(dir.path().join(".dropped-0190")).unwrap();
    let index = EmbeddedIndex::open(dir.path()).unwrap();
    assert!(index.list_collections().await.unwrap().is_empty());
    assert!(!dir.path().join(".dropped-0190").exists());

    index.create_collection(&spec(), Utc::now()).await.unwrap();
    index.drop_collection(&spec()).await.unwrap();
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["knowledge__half-made__8".to_owned()]);
    // Dropping again, or what never existed, is fine.
    index.drop_collection(&spec()).await.unwrap();
}

#[tokio::test]
async fn vectors_with_nan_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let index = EmbeddedIndex::open(dir.path()).unwrap();
    index.create_collection(&spec(), Utc::now()).await.unwrap();
    let workspace_id = WorkspaceId::new();
    let good = point(workspace_id, Uuid::now_v7(), 0, [1.0; 4]);
    let bad = point(workspace_id, Uuid::now_v7(), 1, [1.0, f32::NAN, 0.0, 0.0]);
    assert!(index.upsert(&spec(), &[good, bad]).await.is_err());
    assert!(everything(&index, workspace_id).await.is_empty());
}

#[tokio::test]
async fn one_folder_serves_one_index_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let first = EmbeddedIndex::open(dir.path()).unwrap();
    let second = EmbeddedIndex::open(dir.path());
    assert!(
        matches!(&second, Err(VectorIndexError::Unexpected(m)) if m.contains("in use")),
        "{second:?}"
    );
    drop(first);
    EmbeddedIndex::open(dir.path()).unwrap();
}
