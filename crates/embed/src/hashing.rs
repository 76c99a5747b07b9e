//! The embedder that needs nothing installed: words and character n-grams hashed into
//! a fixed-size vector. It knows no synonyms ("lipstick" is not "rouge"), but it is
//! deterministic, instant, and forgiving of case, accents and typos, which is what a
//! product catalog search mostly needs; `make models` brings the real model.

use async_trait::async_trait;
use knowledge::text::keywords;
use knowledge::{EmbedError, Embedder, EmbedderSpec};

/// Part of the spec name: changing the features or the hash changes every vector, so it
/// must change the name too (and with it the collection, forcing a re-index).
pub const HASHING_NAME: &str = "hashing-v1";
pub const HASHING_DIMENSION: usize = 512;

/// How much each kind of feature counts. Whole words carry meaning; bigrams reward the
/// same phrase ("glow serum"); character n-grams make "serun" land near "serum". Each
/// n-gram weighs little, but a word has many of them, so a word's n-grams together
/// weigh about as much as the word.
const WORD_WEIGHT: f32 = 1.0;
const BIGRAM_WEIGHT: f32 = 0.5;
const CHAR_GRAM_WEIGHT: f32 = 0.3;
const CHAR_GRAM_SIZES: std::ops::RangeInclusive<usize> = 3..=5;

#[derive(Debug, Clone)]
pub struct HashingEmbedder {
    spec: EmbedderSpec,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("hashing dimension must be between 64 and 8192 (got {0})")]
pub struct HashingDimensionError(usize);

impl HashingEmbedder {
    /// The default: 512 dimensions, few enough collisions for a shop's vocabulary.
    pub fn new() -> Self {
        Self {
            spec: hashing_spec(HASHING_DIMENSION),
        }
    }

    pub fn with_dimension(dimension: usize) -> Result<Self, HashingDimensionError> {
        if !(64..=8192).contains(&dimension) {
            return Err(HashingDimensionError(dimension));
        }
        Ok(Self {
            spec: hashing_spec(dimension),
        })
    }

    /// One text's vector, L2-normalised. A text without words (punctuation, emoji)
    /// gets a fixed unit vector of its own, because a zero vector has no direction and
    /// vector stores reject it.
    pub fn embed_one(&self, text: &str) -> Vec<f32> {
        let dimension = self.spec.dimension();
        let mut vector = vec![0f32; dimension];
        let words = keywords(text);
        if words.is_empty() {
            add(&mut vector, b"\0empty", 1.0);
            return vector;
        }
        for word in &words {
            add_feature(&mut vector, b'w', word, WORD_WEIGHT);
            let padded: Vec<char> = format!("<{word}>").chars().collect();
            for n in CHAR_GRAM_SIZES {
                for gram in padded.windows(n) {
                    let gram: String = gram.iter().collect();
                    add_feature(&mut vector, b'c', &gram, CHAR_GRAM_WEIGHT);
                }
            }
        }
        for pair in words.windows(2) {
            add_feature(
                &mut vector,
                b'b',
                &format!("{} {}", pair[0], pair[1]),
                BIGRAM_WEIGHT,
            );
        }
        normalise(&mut vector);
        vector
    }
}

impl Default for HashingEmbedder {
    fn default() -> Self {
        Self::new()
    }
}

fn hashing_spec(dimension: usize) -> EmbedderSpec {
    match EmbedderSpec::new(HASHING_NAME, dimension) {
        Ok(spec) => spec,
        // The name is a valid constant and callers keep the dimension in range (both
        // covered by tests), so this arm is never taken.
        Err(error) => unreachable!("hashing embedder spec: {error}"),
    }
}

/// Features of different kinds never collide by construction: the kind is hashed in.
fn add_feature(vector: &mut [f32], kind: u8, feature: &str, weight: f32) {
    let mut bytes = Vec::with_capacity(feature.len() + 1);
    bytes.push(kind);
    bytes.extend_from_slice(feature.as_bytes());
    add(vector, &bytes, weight);
}

/// The signed hashing trick: one bucket per feature, and a sign from another bit of
/// the hash, so colliding features cancel out on average instead of adding up.
fn add(vector: &mut [f32], bytes: &[u8], weight: f32) {
    let hash = fnv1a(bytes);
    let bucket = (hash % vector.len() as u64) as usize;
    let sign = if hash >> 63 == 0 { 1.0 } else { -1.0 };
    vector[bucket] += sign * weight;
}

/// FNV-1a: fixed forever (std's hasher is seeded per process, which would make vectors
/// differ between runs).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

pub(crate) fn normalise(vector: &mut [f32]) {
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > f32::EPSILON {
        vector.iter_mut().for_each(|x| *x /= norm);
    }
}

#[async_trait]
impl Embedder for HashingEmbedder {
    fn spec(&self) -> &EmbedderSpec {
        &self.spec
    }

    #[tracing::instrument(skip_all, fields(texts = texts.len()))]
    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        Ok(texts.iter().map(|t| self.embed_one(t)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cosine(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    fn similarity(a: &str, b: &str) -> f32 {
        let embedder = HashingEmbedder::new();
        cosine(&embedder.embed_one(a), &embedder.embed_one(b))
    }

    #[test]
    fn vectors_are_deterministic_normalised_and_sized() {
        let embedder = HashingEmbedder::new();
        let a = embedder.embed_one("Glow Serum 50ml");
        assert_eq!(a, HashingEmbedder::new().embed_one("Glow Serum 50ml"));
        assert_eq!(a.len(), 512);
        let norm: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5);
        let empty = embedder.embed_one("?!");
        assert!((empty.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-5);
        assert_eq!(embedder.spec().name(), "hashing-v1");
    }

    #[test]
    fn vectors_do_not_change_between_releases() {
        // Stored vectors were made with these exact features and hashes; a change here
        // must come with a new HASHING_NAME so collections are rebuilt.
        let v = HashingEmbedder::new().embed_one("glow serum");
        let nonzero: Vec<usize> = v
            .iter()
            .enumerate()
            .filter(|(_, x)| x.abs() > 1e-6)
            .map(|(i, _)| i)
            .take(5)
            .collect();
        assert_eq!(nonzero, FIRST_BUCKETS_OF_GLOW_SERUM);
    }

    const FIRST_BUCKETS_OF_GLOW_SERUM: [usize; 5] = [10, 15, 22, 42, 66];

    #[test]
    fn case_and_accents_do_not_matter() {
        assert!(similarity("Sérum à la Rose", "serum a la rose") > 0.999);
        assert!(similarity("CRÈME BRÛLÉE", "creme brulee") > 0.999);
    }

    #[test]
    fn similar_texts_score_higher_than_unrelated_ones() {
        let related = similarity("glow serum 50ml", "Glow Serum hyaluronic 50 ml");
        let unrelated = similarity("glow serum 50ml", "shipping to Milan takes two days");
        assert!(related > 0.4, "related {related}");
        assert!(unrelated < 0.1, "unrelated {unrelated}");
    }

    #[test]
    fn typos_still_overlap_through_character_ngrams() {
        let typo = similarity("moisturizing cream", "moisturising creme");
        let other = similarity("moisturizing cream", "shipping policy");
        assert!(typo > 0.3, "typo {typo}");
        assert!(typo > other + 0.25);
        let misspelt = similarity("lipstik", "lipstick");
        assert!(misspelt > 0.4, "misspelt {misspelt}");
        assert!(misspelt > similarity("lipstik", "lip balm") + 0.2);
    }

    #[test]
    fn dimension_is_configurable_within_bounds() {
        assert_eq!(
            HashingEmbedder::with_dimension(384)
                .unwrap()
                .spec()
                .dimension(),
            384
        );
        assert_eq!(
            HashingEmbedder::with_dimension(8).unwrap_err(),
            HashingDimensionError(8)
        );
    }

    #[tokio::test]
    async fn the_port_embeds_every_text_in_order() {
        let embedder = HashingEmbedder::new();
        let texts = vec!["red lipstick".to_owned(), "shipping".to_owned()];
        let vectors = embedder.embed(&texts).await.unwrap();
        assert_eq!(
            vectors,
            vec![
                embedder.embed_one("red lipstick"),
                embedder.embed_one("shipping")
            ]
        );
        assert!(embedder.embed(&[]).await.unwrap().is_empty());
    }
}
