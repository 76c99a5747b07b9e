//! The arithmetic of exact search: normalising, dot products and a bounded heap.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// Lanes of independent partial sums. Floating-point addition is not associative, so the
/// compiler only vectorises a dot product whose sums we split ourselves; 16 lanes keep
/// SSE2 (the x86-64 baseline, no `target-cpu` needed) and AVX units busy.
const LANES: usize = 16;

/// The dot product of two equally long slices.
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut sums = [0f32; LANES];
    let chunks_a = a.chunks_exact(LANES);
    let chunks_b = b.chunks_exact(LANES);
    let tail: f32 = chunks_a
        .remainder()
        .iter()
        .zip(chunks_b.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in chunks_a.zip(chunks_b) {
        for lane in 0..LANES {
            sums[lane] += x[lane] * y[lane];
        }
    }
    sums.iter().sum::<f32>() + tail
}

/// The same sum with the first vector in bfloat16 (the top half of an f32's bits): half
/// the bytes to stream from memory, which is what bounds a scan of many vectors.
pub(crate) fn coarse_dot(a: &[u16], b: &[f32]) -> f32 {
    let mut sums = [0f32; LANES];
    let chunks_a = a.chunks_exact(LANES);
    let chunks_b = b.chunks_exact(LANES);
    let tail: f32 = chunks_a
        .remainder()
        .iter()
        .zip(chunks_b.remainder())
        .map(|(x, y)| widen(*x) * y)
        .sum();
    for (x, y) in chunks_a.zip(chunks_b) {
        for lane in 0..LANES {
            sums[lane] += widen(x[lane]) * y[lane];
        }
    }
    sums.iter().sum::<f32>() + tail
}

/// bfloat16 keeps 8 significant bits, so rounding moves each component by at most 2^-8
/// of itself, and a dot product of two unit vectors by at most 2^-8 in total
/// (Cauchy-Schwarz); the rest covers the two sums rounding differently.
pub(crate) const COARSE_ERROR: f32 = 1.0 / 256.0 + 1e-4;

/// Rounds to the nearest bfloat16 (ties away from zero, within the bound above).
pub(crate) fn narrow(x: f32) -> u16 {
    (x.to_bits().wrapping_add(0x8000) >> 16) as u16
}

fn widen(x: u16) -> f32 {
    f32::from_bits(u32::from(x) << 16)
}

/// `vector` scaled to length 1, so a dot product with another unit vector is their cosine.
/// A zero vector stays zero (it is similar to nothing, score 0) rather than becoming NaN.
pub(crate) fn normalised(vector: &[f32]) -> Vec<f32> {
    let norm = dot(vector, vector).sqrt();
    if norm > 0.0 && norm.is_finite() {
        vector.iter().map(|x| x / norm).collect()
    } else {
        vec![0.0; vector.len()]
    }
}

/// A score and the slot it belongs to, ordered by score; equal scores prefer the lower
/// slot, so results are deterministic.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: f32,
    slot: usize,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.slot.cmp(&self.slot))
    }
}

/// The `k` best candidates seen so far. A min-heap of size `k`: each new candidate costs
/// one comparison against the worst kept one, and a push only when it is better.
pub(crate) struct TopK {
    k: usize,
    heap: BinaryHeap<Reverse<Candidate>>,
}

impl TopK {
    pub(crate) fn new(k: usize) -> Self {
        Self {
            k,
            heap: BinaryHeap::with_capacity(k.saturating_add(1).min(4096)),
        }
    }

    pub(crate) fn push(&mut self, score: f32, slot: usize) {
        if self.k == 0 {
            return;
        }
        let candidate = Candidate { score, slot };
        if self.heap.len() < self.k {
            self.heap.push(Reverse(candidate));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && candidate > worst.0
        {
            *worst = Reverse(candidate);
        }
    }

    /// `(score, slot)`, best first.
    pub(crate) fn into_sorted(self) -> Vec<(f32, usize)> {
        // `into_sorted_vec` is ascending in `Reverse`, which is descending in score.
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse(c)| (c.score, c.slot))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_the_naive_sum_for_every_tail_length() {
        for len in [0, 1, 15, 16, 17, 384, 385] {
            let a: Vec<f32> = (0..len).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..len).map(|i| (i as f32 * 0.11).cos()).collect();
            let naive: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - naive).abs() < 1e-4, "len {len}");
        }
    }

    #[test]
    fn coarse_dot_stays_within_its_error_bound() {
        let a = normalised(
            &(0..384)
                .map(|i| (i as f32 * 0.37).sin())
                .collect::<Vec<_>>(),
        );
        let b = normalised(
            &(0..384)
                .map(|i| (i as f32 * 0.11).cos())
                .collect::<Vec<_>>(),
        );
        let coarse: Vec<u16> = a.iter().copied().map(narrow).collect();
        assert!((coarse_dot(&coarse, &b) - dot(&a, &b)).abs() <= COARSE_ERROR);
        assert!((coarse_dot(&coarse, &a) - 1.0).abs() <= COARSE_ERROR);
        assert_eq!(widen(narrow(0.5)), 0.5);
        assert_eq!(widen(narrow(-1.0)), -1.0);
    }

    #[test]
    fn normalising_gives_unit_length_and_keeps_zero_vectors_zero() {
        let unit = normalised(&[3.0, 4.0]);
        assert_eq!(unit, vec![0.6, 0.8]);
        assert_eq!(normalised(&[0.0, 0.0]), vec![0.0, 0.0]);
    }

    #[test]
    fn top_k_keeps_the_best_in_descending_order() {
        let mut top = TopK::new(3);
        for (slot, score) in [0.1, 0.9, -0.5, 0.7, 0.3, 0.9].into_iter().enumerate() {
            top.push(score, slot);
        }
        // Equal scores: the lower slot first.
        assert_eq!(top.into_sorted(), vec![(0.9, 1), (0.9, 5), (0.7, 3)]);
        let mut none = TopK::new(0);
        none.push(1.0, 0);
        assert!(none.into_sorted().is_empty());
    }
}
