//! Which embedder produced a set of vectors. Vectors from two embedders (or one
//! embedder at two dimensions) live in different spaces and cannot be compared, so
//! every vector collection is tied to exactly one spec.

use std::fmt;

use serde::Serialize;

pub const EMBEDDER_NAME_MAX: usize = 100;
/// Larger than any embedding model in use (OpenAI's largest is 3072).
pub const EMBEDDING_DIMENSION_MAX: usize = 8192;

/// An embedder's name (with its version where the algorithm may change, such as
/// `hashing-v1`) and the length of its vectors.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EmbedderSpec {
    name: String,
    dimension: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmbedderSpecError {
    #[error("embedder name must be 1-{EMBEDDER_NAME_MAX} characters from a-z 0-9 . _ - : /")]
    InvalidName,
    #[error("embedding dimension must be between 1 and {EMBEDDING_DIMENSION_MAX} (got {0})")]
    InvalidDimension(usize),
}

impl EmbedderSpec {
    /// Names are lower-cased: `All-MiniLM-L6-v2` and `all-minilm-l6-v2` are one model.
    pub fn new(name: &str, dimension: usize) -> Result<Self, EmbedderSpecError> {
        let name = name.trim().to_ascii_lowercase();
        let valid = !name.is_empty()
            && name.len() <= EMBEDDER_NAME_MAX
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':' | '/'));
        if !valid {
            return Err(EmbedderSpecError::InvalidName);
        }
        if dimension == 0 || dimension > EMBEDDING_DIMENSION_MAX {
            return Err(EmbedderSpecError::InvalidDimension(dimension));
        }
        Ok(Self { name, dimension })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// A collection name safe for any vector store (Qdrant allows little punctuation):
    /// `knowledge__all-minilm-l6-v2__384`. Distinct specs give distinct names.
    pub fn collection_name(&self) -> String {
        let name: String = self
            .name
            .chars()
            .map(|c| match c {
                ':' | '/' | '.' => '_',
                other => other,
            })
            .collect();
        // The original punctuation is hashed in, so `a.b` and `a_b` stay apart.
        let tag = self
            .name
            .bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
        if name == self.name {
            format!("knowledge__{name}__{}", self.dimension)
        } else {
            format!("knowledge__{name}_{tag:08x}__{}", self.dimension)
        }
    }
}

impl fmt::Display for EmbedderSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} dimensions)", self.name, self.dimension)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_are_validated_and_names_lower_cased() {
        let spec = EmbedderSpec::new(" All-MiniLM-L6-v2 ", 384).unwrap();
        assert_eq!(spec.name(), "all-minilm-l6-v2");
        assert_eq!(spec.dimension(), 384);
        assert_eq!(spec.to_string(), "all-minilm-l6-v2 (384 dimensions)");
        assert_eq!(
            EmbedderSpec::new("", 384),
            Err(EmbedderSpecError::InvalidName)
        );
        assert_eq!(
            EmbedderSpec::new("a b", 384),
            Err(EmbedderSpecError::InvalidName)
        );
        assert_eq!(
            EmbedderSpec::new("hashing-v1", 0),
            Err(EmbedderSpecError::InvalidDimension(0))
        );
    }

    #[test]
    fn collection_names_are_store_safe_and_distinct_per_spec() {
        let minilm = EmbedderSpec::new("all-minilm-l6-v2", 384).unwrap();
        assert_eq!(minilm.collection_name(), "knowledge__all-minilm-l6-v2__384");
        let openai = EmbedderSpec::new("openai:text-embedding-3-small", 1536).unwrap();
        let name = openai.collection_name();
        assert!(name.starts_with("knowledge__openai_text-embedding-3-small_"));
        assert!(name.ends_with("__1536"));
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        );
        let dotted = EmbedderSpec::new("a.b", 8).unwrap();
        let underscored = EmbedderSpec::new("a_b", 8).unwrap();
        assert_ne!(dotted.collection_name(), underscored.collection_name());
        let smaller = EmbedderSpec::new("all-minilm-l6-v2", 256).unwrap();
        assert_ne!(minilm.collection_name(), smaller.collection_name());
    }
}
