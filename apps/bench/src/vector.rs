//! The embedded vector index, in this process (no server): indexing throughput, query
//! latency and recall against a brute-force scan, at 10,000 and 100,000 chunks, spread
//! over 20 workspaces (each search sees 1/20 of the points) and all in one workspace (the
//! worst case: a search scans everything).
//!
//! Vectors are random unit vectors from a fixed seed, so runs are comparable. Indexing
//! goes through the `VectorIndex` port in batches, each fsynced like in production.

use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use kernel::WorkspaceId;
use knowledge::{EmbedderSpec, SearchFilter, SourceRef, VectorIndex, VectorPoint};
use uuid::Uuid;
use vector::EmbeddedIndex;

const DIMENSION: usize = 384;
const SEED: u64 = 0x5eed_c4a7_de5c_0f0f;
const TOP_K: usize = 10;
/// Points per `upsert`: what a large document or a catalog import sends at once.
const BATCH: usize = 1_000;
const QUERIES: usize = 1_000;
/// Queries checked against a brute-force scan written here, independently of the index.
const RECALL_QUERIES: usize = 100;
/// Searchers running at once for the throughput column (the machine has 2 cores).
const PARALLEL: usize = 2;

struct Layout {
    points: usize,
    workspaces: usize,
}

struct Row {
    index_per_second: f64,
    reopen_seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
    parallel_per_second: f64,
    recall: f64,
}

/// SplitMix64: tiny, seedable, and good enough for benchmark data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    fn next_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }

    fn unit_vector(&mut self) -> Vec<f32> {
        let v: Vec<f32> = (0..DIMENSION).map(|_| self.next_f32()).collect();
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.into_iter().map(|x| x / norm).collect()
    }
}

pub async fn bench() -> Result<(), String> {
    println!(
        "Embedded vector index: {DIMENSION}-d random unit vectors (seed {SEED:#x}), exact top-{TOP_K}, \
         upserts of {BATCH}, {QUERIES} queries one at a time"
    );
    println!(
        "| {:>7} | {:>10} | {:>11} | {:>8} | {:>7} | {:>7} | {:>14} | {:>9} |",
        "points",
        "workspaces",
        "index pts/s",
        "reopen s",
        "p50 ms",
        "p99 ms",
        "q/s, 2 at once",
        "recall@10"
    );
    println!(
        "|{:->9}|{:->12}|{:->13}|{:->10}|{:->9}|{:->9}|{:->16}|{:->11}|",
        "", "", "", "", "", "", "", ""
    );
    for layout in [
        Layout {
            points: 10_000,
            workspaces: 20,
        },
        Layout {
            points: 10_000,
            workspaces: 1,
        },
        Layout {
            points: 100_000,
            workspaces: 20,
        },
        Layout {
            points: 100_000,
            workspaces: 1,
        },
    ] {
        let row = run(&layout).await?;
        println!(
            "| {:>7} | {:>10} | {:>11.0} | {:>8.2} | {:>7.2} | {:>7.2} | {:>14.0} | {:>9.3} |",
            layout.points,
            layout.workspaces,
            row.index_per_second,
            row.reopen_seconds,
            row.p50_ms,
            row.p99_ms,
            row.parallel_per_second,
            row.recall
        );
    }
    Ok(())
}

async fn run(layout: &Layout) -> Result<Row, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let spec = EmbedderSpec::new("bench-random", DIMENSION).map_err(|e| e.to_string())?;
    let workspaces: Vec<WorkspaceId> = (0..layout.workspaces)
        .map(|i| WorkspaceId::from_uuid(Uuid::from_u128(i as u128 + 1)))
        .collect();
    let mut rng = Rng(SEED);
    let points: Vec<VectorPoint> = (0..layout.points)
        .map(|i| VectorPoint {
            workspace_id: workspaces[i % workspaces.len()],
            source: SourceRef::product(Uuid::from_u128(i as u128 + 1)),
            // About the size of a real chunk's text, so the log is realistically large.
            text: format!("chunk {i}: {}", "lorem ipsum dolor sit amet ".repeat(8)),
            available: true,
            metadata: Default::default(),
            vector: rng.unit_vector(),
        })
        .collect();

    let index = EmbeddedIndex::open(dir.path()).map_err(|e| e.to_string())?;
    index
        .create_collection(&spec, Utc::now())
        .await
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    for batch in points.chunks(BATCH) {
        index
            .upsert(&spec, batch)
            .await
            .map_err(|e| e.to_string())?;
    }
    let index_per_second = points.len() as f64 / started.elapsed().as_secs_f64();
    drop(index);

    let started = Instant::now();
    let index = Arc::new(EmbeddedIndex::open(dir.path()).map_err(|e| e.to_string())?);
    let reopen_seconds = started.elapsed().as_secs_f64();

    let queries: Arc<Vec<(WorkspaceId, Vec<f32>)>> = Arc::new(
        (0..QUERIES)
            .map(|q| (workspaces[q % workspaces.len()], rng.unit_vector()))
            .collect(),
    );
    let filter = SearchFilter::default();
    for (workspace_id, query) in queries.iter().take(20) {
        index
            .search(&spec, *workspace_id, query, &filter, TOP_K)
            .await
            .map_err(|e| e.to_string())?;
    }
    let mut latencies = Vec::with_capacity(QUERIES);
    let mut found = Vec::with_capacity(RECALL_QUERIES);
    for (n, (workspace_id, query)) in queries.iter().enumerate() {
        let sent = Instant::now();
        let hits = index
            .search(&spec, *workspace_id, query, &filter, TOP_K)
            .await
            .map_err(|e| e.to_string())?;
        latencies.push(sent.elapsed());
        if n < RECALL_QUERIES {
            found.push(hits.iter().map(|h| h.source.source_id).collect::<Vec<_>>());
        }
    }
    latencies.sort();
    let percentile = |p: f64| {
        let at = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies.get(at).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };

    let parallel_per_second = parallel(&index, &spec, &queries).await?;
    let recall = recall(&points, &queries[..RECALL_QUERIES], &found);
    Ok(Row {
        index_per_second,
        reopen_seconds,
        p50_ms: percentile(0.50),
        p99_ms: percentile(0.99),
        parallel_per_second,
        recall,
    })
}

/// Queries per second with `PARALLEL` searchers sharing the query list.
async fn parallel(
    index: &Arc<EmbeddedIndex>,
    spec: &EmbedderSpec,
    queries: &Arc<Vec<(WorkspaceId, Vec<f32>)>>,
) -> Result<f64, String> {
    let started = Instant::now();
    let workers: Vec<_> = (0..PARALLEL)
        .map(|w| {
            let (index, spec, queries) = (Arc::clone(index), spec.clone(), Arc::clone(queries));
            tokio::spawn(async move {
                for (workspace_id, query) in queries.iter().skip(w).step_by(PARALLEL) {
                    index
                        .search(&spec, *workspace_id, query, &SearchFilter::default(), TOP_K)
                        .await
                        .map_err(|e| e.to_string())?;
                }
                Ok::<(), String>(())
            })
        })
        .collect();
    for worker in workers {
        worker.await.map_err(|e| e.to_string())??;
    }
    Ok(queries.len() as f64 / started.elapsed().as_secs_f64().max(f64::EPSILON))
}

/// Mean share of the true top-k (a plain f64 scan of the workspace) that the index found.
fn recall(points: &[VectorPoint], queries: &[(WorkspaceId, Vec<f32>)], found: &[Vec<Uuid>]) -> f64 {
    let mut total = 0.0;
    for ((workspace_id, query), found) in queries.iter().zip(found) {
        let mut scored: Vec<(f64, Uuid)> = points
            .iter()
            .filter(|p| p.workspace_id == *workspace_id)
            .map(|p| {
                let score: f64 = p
                    .vector
                    .iter()
                    .zip(query)
                    .map(|(a, b)| f64::from(*a) * f64::from(*b))
                    .sum();
                (score, p.source.source_id)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let truth: Vec<Uuid> = scored.iter().take(TOP_K).map(|(_, id)| *id).collect();
        let hits = truth.iter().filter(|id| found.contains(id)).count();
        total += hits as f64 / truth.len().max(1) as f64;
    }
    total / queries.len().max(1) as f64
}
