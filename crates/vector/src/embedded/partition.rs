//! One workspace's points in one collection. Each tenant has its own partition, so a
//! search reads only that tenant's vectors: 100,000 chunks over 20 workspaces cost a
//! search 5,000 dot products, and another tenant's points cannot leak into its results.

use std::collections::{BTreeMap, HashMap};

use knowledge::{SearchFilter, SourceRef, SourceType, VectorHit};
use uuid::Uuid;

use super::topk::{COARSE_ERROR, TopK, coarse_dot, dot, narrow};

/// Everything about a point but its vector (which lives in the partition's flat array).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StoredPoint {
    pub(crate) source: SourceRef,
    pub(crate) text: String,
    pub(crate) available: bool,
    pub(crate) metadata: BTreeMap<String, String>,
}

impl StoredPoint {
    pub(crate) fn id(&self) -> Uuid {
        self.source.point_id()
    }
}

/// Filter bits kept beside the vectors, so a filtered scan never touches the payloads.
const AVAILABLE: u8 = 0b1000;

fn type_bit(source_type: SourceType) -> u8 {
    match source_type {
        SourceType::Product => 0b001,
        SourceType::Faq => 0b010,
        SourceType::Document => 0b100,
    }
}

fn flags_of(point: &StoredPoint) -> u8 {
    type_bit(point.source.source_type) | if point.available { AVAILABLE } else { 0 }
}

/// Slot `i` is `vectors[i * dimension..][..dimension]` (and the same range of `coarse`),
/// `flags[i]` and `points[i]`. Deleting swaps the last slot into the hole, so the arrays
/// stay dense: no tombstones to skip while scanning and nothing to compact in memory.
pub(crate) struct Partition {
    dimension: usize,
    /// The unit vectors, as stored and as scored in results.
    vectors: Vec<f32>,
    /// The same vectors in bfloat16: what a search scans first (half the memory traffic).
    coarse: Vec<u16>,
    flags: Vec<u8>,
    points: Vec<StoredPoint>,
    slots: HashMap<Uuid, usize>,
}

impl Partition {
    pub(crate) fn new(dimension: usize) -> Self {
        Self {
            dimension,
            vectors: Vec::new(),
            coarse: Vec::new(),
            flags: Vec::new(),
            points: Vec::new(),
            slots: HashMap::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.points.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Inserts or replaces by point id. `vector` is already unit length and
    /// `dimension` long (checked before anything was logged).
    pub(crate) fn upsert(&mut self, point: StoredPoint, vector: &[f32]) {
        let id = point.id();
        match self.slots.get(&id) {
            Some(&slot) => {
                let start = slot * self.dimension;
                self.vectors[start..start + self.dimension].copy_from_slice(vector);
                for (c, x) in self.coarse[start..start + self.dimension]
                    .iter_mut()
                    .zip(vector)
                {
                    *c = narrow(*x);
                }
                self.flags[slot] = flags_of(&point);
                self.points[slot] = point;
            }
            None => {
                self.slots.insert(id, self.points.len());
                self.vectors.extend_from_slice(vector);
                self.coarse.extend(vector.iter().copied().map(narrow));
                self.flags.push(flags_of(&point));
                self.points.push(point);
            }
        }
    }

    /// Removes every point of one source; returns how many went.
    pub(crate) fn delete_source(&mut self, source_type: SourceType, source_id: Uuid) -> usize {
        let doomed: Vec<Uuid> = self
            .points
            .iter()
            .filter(|p| p.source.source_type == source_type && p.source.source_id == source_id)
            .map(StoredPoint::id)
            .collect();
        for id in &doomed {
            self.remove(*id);
        }
        doomed.len()
    }

    fn remove(&mut self, id: Uuid) {
        let Some(slot) = self.slots.remove(&id) else {
            return;
        };
        let last = self.points.len() - 1;
        if slot != last {
            let d = self.dimension;
            self.vectors.copy_within(last * d..(last + 1) * d, slot * d);
            self.coarse.copy_within(last * d..(last + 1) * d, slot * d);
        }
        self.vectors.truncate(last * self.dimension);
        self.coarse.truncate(last * self.dimension);
        self.flags.swap_remove(slot);
        self.points.swap_remove(slot);
        if let Some(moved) = self.points.get(slot) {
            self.slots.insert(moved.id(), slot);
        }
    }

    /// Exact top-`k` by dot product (`query` is unit length, so this is cosine).
    ///
    /// Two steps: a scan of the bfloat16 copies keeps a pool of the best candidates, then
    /// the pool is scored again in f32. Coarse scores are within `COARSE_ERROR` of the
    /// true ones, so every true top-`k` point scores at least `T - 2 * COARSE_ERROR`
    /// coarsely, `T` being the `k`-th best coarse score. When the pool reaches below that
    /// line it holds all of them and the result is exact; when it does not (more
    /// near-ties than the pool holds), a second coarse pass collects everything above it.
    pub(crate) fn search(&self, query: &[f32], filter: &SearchFilter, k: usize) -> Vec<VectorHit> {
        let k = k.min(self.len());
        if k == 0 {
            return Vec::new();
        }
        let type_mask = if filter.source_types.is_empty() {
            0b111
        } else {
            filter.source_types.iter().fold(0, |m, t| m | type_bit(*t))
        };
        let need = if filter.available_only { AVAILABLE } else { 0 };
        let wanted = |flags: u8| flags & type_mask != 0 && flags & need == need;
        let rows = || {
            self.coarse
                .chunks_exact(self.dimension)
                .zip(&self.flags)
                .enumerate()
        };

        let pool_size = k * 8 + 64;
        if self.len() <= pool_size * 8 {
            // Too few points for the coarse pass to pay for its pool: score them all.
            let mut top = TopK::new(k);
            let rows = self.vectors.chunks_exact(self.dimension).zip(&self.flags);
            for (slot, (row, &flags)) in rows.enumerate() {
                if wanted(flags) {
                    top.push(dot(row, query), slot);
                }
            }
            return self.hits(top);
        }
        let mut pool = TopK::new(pool_size);
        for (slot, (row, &flags)) in rows() {
            if wanted(flags) {
                pool.push(coarse_dot(row, query), slot);
            }
        }
        let pool = pool.into_sorted();
        // Below this coarse score no point can be in the true top k.
        let line = pool
            .get(k - 1)
            .map_or(f32::NEG_INFINITY, |&(kth, _)| kth - 2.0 * COARSE_ERROR);
        let complete =
            pool.len() < pool_size || pool.last().is_some_and(|&(worst, _)| worst < line);
        let candidates: Vec<usize> = if complete {
            pool.iter().map(|&(_, slot)| slot).collect()
        } else {
            rows()
                .filter(|(_, (row, flags))| wanted(**flags) && coarse_dot(row, query) >= line)
                .map(|(slot, _)| slot)
                .collect()
        };

        let mut top = TopK::new(k);
        for slot in candidates {
            let start = slot * self.dimension;
            top.push(
                dot(&self.vectors[start..start + self.dimension], query),
                slot,
            );
        }
        self.hits(top)
    }

    fn hits(&self, top: TopK) -> Vec<VectorHit> {
        top.into_sorted()
            .into_iter()
            .map(|(score, slot)| {
                let point = &self.points[slot];
                VectorHit {
                    source: point.source,
                    text: point.text.clone(),
                    available: point.available,
                    metadata: point.metadata.clone(),
                    // Rounding can push a unit vector's self-similarity past 1; the port
                    // promises -1..1.
                    score: score.clamp(-1.0, 1.0),
                }
            })
            .collect()
    }

    /// Every point with its vector, for snapshots.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&StoredPoint, &[f32])> {
        self.points
            .iter()
            .zip(self.vectors.chunks_exact(self.dimension))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(source_type: SourceType, source_id: Uuid, position: u32) -> StoredPoint {
        StoredPoint {
            source: SourceRef {
                source_type,
                source_id,
                position,
            },
            text: format!("{source_type} {position}"),
            available: position.is_multiple_of(2),
            metadata: BTreeMap::new(),
        }
    }

    fn unit(i: usize, d: usize) -> Vec<f32> {
        let mut v = vec![0.0; d];
        v[i % d] = 1.0;
        v
    }

    #[test]
    fn swap_remove_keeps_every_slot_pointing_at_its_own_vector() {
        let mut partition = Partition::new(4);
        let doc = Uuid::now_v7();
        let faq = Uuid::now_v7();
        for position in 0..3 {
            partition.upsert(
                point(SourceType::Document, doc, position),
                &unit(position as usize, 4),
            );
        }
        partition.upsert(point(SourceType::Faq, faq, 0), &unit(3, 4));
        assert_eq!(partition.delete_source(SourceType::Document, doc), 3);
        assert_eq!(partition.len(), 1);
        let hits = partition.search(&unit(3, 4), &SearchFilter::default(), 5);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].source.source_id, faq);
        assert!((hits[0].score - 1.0).abs() < 1e-6);
    }

    /// A deterministic pseudo-random unit vector.
    fn random_unit(seed: u64, d: usize) -> Vec<f32> {
        let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let raw: Vec<f32> = (0..d)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 40) as f32 / (1u64 << 23) as f32 - 1.0
            })
            .collect();
        super::super::topk::normalised(&raw)
    }

    /// Top-k by a plain f32 scan, as (slot order independent) source positions.
    fn brute_force(partition: &Partition, query: &[f32], k: usize) -> Vec<(u32, f32)> {
        let mut all: Vec<(u32, f32)> = partition
            .iter()
            .map(|(p, v)| (p.source.position, dot(v, query)))
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(k);
        all
    }

    fn found(partition: &Partition, query: &[f32], k: usize) -> Vec<(u32, f32)> {
        partition
            .search(query, &SearchFilter::default(), k)
            .into_iter()
            .map(|h| (h.source.position, h.score))
            .collect()
    }

    #[test]
    fn results_equal_a_brute_force_scan_even_among_near_duplicates() {
        let d = 64;
        let mut partition = Partition::new(d);
        let doc = Uuid::now_v7();
        for i in 0..3000u32 {
            partition.upsert(
                point(SourceType::Document, doc, i),
                &random_unit(u64::from(i), d),
            );
        }
        // 500 near-copies of one vector: far more near-ties than the candidate pool
        // holds, so the second pass must run.
        let centre = random_unit(99_999, d);
        for i in 3000..3500u32 {
            let jitter = random_unit(u64::from(i) + 7, d);
            let v: Vec<f32> = centre
                .iter()
                .zip(&jitter)
                .map(|(c, j)| c + j * 1e-3)
                .collect();
            partition.upsert(
                point(SourceType::Document, doc, i),
                &super::super::topk::normalised(&v),
            );
        }
        for (seed, k) in [(1, 10), (2, 1), (3, 50)] {
            let query = random_unit(seed * 1_000_003, d);
            assert_eq!(
                found(&partition, &query, k),
                brute_force(&partition, &query, k)
            );
        }
        assert_eq!(
            found(&partition, &centre, 10),
            brute_force(&partition, &centre, 10)
        );
    }

    #[test]
    fn upsert_replaces_in_place_and_filters_use_the_new_flags() {
        let mut partition = Partition::new(2);
        let product = Uuid::now_v7();
        let mut p = point(SourceType::Product, product, 0);
        partition.upsert(p.clone(), &[1.0, 0.0]);
        p.available = false;
        partition.upsert(p, &[0.0, 1.0]);
        assert_eq!(partition.len(), 1);
        let only_available = SearchFilter {
            source_types: vec![],
            available_only: true,
        };
        assert!(partition.search(&[0.0, 1.0], &only_available, 3).is_empty());
        let hits = partition.search(&[0.0, 1.0], &SearchFilter::default(), 3);
        assert!((hits[0].score - 1.0).abs() < 1e-6);
    }
}
