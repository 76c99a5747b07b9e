//! What to do with the vector collections when the server starts with an embedder:
//! vectors are only ever compared within the collection of the embedder that made
//! them, so a new embedder (or a new dimension) means a new collection and a full
//! re-index, never a mix.

use crate::{CollectionInfo, EmbedderSpec};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionPlan {
    /// The active embedder has no collection yet: create it and index every source
    /// (products, FAQs, document chunks) into it.
    pub reindex: bool,
    /// Collections of other embedders. Searches stop using them at once; they can be
    /// dropped when the re-index has finished (keeping them until then lets an operator
    /// switch back without waiting).
    pub obsolete: Vec<EmbedderSpec>,
}

/// Compares the active embedder with the collections the index holds.
pub fn plan_collections(active: &EmbedderSpec, existing: &[CollectionInfo]) -> CollectionPlan {
    let reindex = !existing.iter().any(|c| &c.spec == active);
    let mut obsolete: Vec<EmbedderSpec> = existing
        .iter()
        .filter(|c| &c.spec != active)
        .map(|c| c.spec.clone())
        .collect();
    obsolete.sort();
    obsolete.dedup();
    CollectionPlan { reindex, obsolete }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    fn info(name: &str, dimension: usize) -> CollectionInfo {
        CollectionInfo {
            spec: EmbedderSpec::new(name, dimension).unwrap(),
            points: 10,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn first_start_creates_and_indexes() {
        let active = EmbedderSpec::new("hashing-v1", 512).unwrap();
        assert_eq!(
            plan_collections(&active, &[]),
            CollectionPlan {
                reindex: true,
                obsolete: vec![]
            }
        );
    }

    #[test]
    fn same_embedder_keeps_its_collection() {
        let active = EmbedderSpec::new("hashing-v1", 512).unwrap();
        let plan = plan_collections(&active, &[info("hashing-v1", 512)]);
        assert!(!plan.reindex);
        assert!(plan.obsolete.is_empty());
    }

    #[test]
    fn switching_embedder_or_dimension_reindexes_and_retires_the_old_collection() {
        let minilm = EmbedderSpec::new("all-minilm-l6-v2", 384).unwrap();
        let plan = plan_collections(&minilm, &[info("hashing-v1", 512)]);
        assert!(plan.reindex);
        assert_eq!(
            plan.obsolete,
            vec![EmbedderSpec::new("hashing-v1", 512).unwrap()]
        );

        let openai_small = EmbedderSpec::new("openai:text-embedding-3-small", 512).unwrap();
        let plan = plan_collections(
            &openai_small,
            &[
                info("openai:text-embedding-3-small", 1536),
                info("hashing-v1", 512),
            ],
        );
        assert!(
            plan.reindex,
            "same model at another dimension is another space"
        );
        assert_eq!(plan.obsolete.len(), 2);
    }
}
