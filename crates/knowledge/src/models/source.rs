//! Where a piece of indexed knowledge comes from: a product, a FAQ or a chunk of a
//! document. Every search hit names its source, so answers can cite it and the
//! dashboard can link to it.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::{Builder, Uuid};

use super::{DocumentId, FaqId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceType {
    Product,
    Faq,
    Document,
}

impl SourceType {
    pub const ALL: [SourceType; 3] = [SourceType::Product, SourceType::Faq, SourceType::Document];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceType::Product => "product",
            SourceType::Faq => "faq",
            SourceType::Document => "document",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw)
    }

    /// One byte per type, for the point-id hash; fixed forever, because changing it
    /// would give every stored point a new id.
    fn tag(self) -> u8 {
        match self {
            SourceType::Product => 1,
            SourceType::Faq => 2,
            SourceType::Document => 3,
        }
    }
}

impl fmt::Display for SourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One indexed piece of a source. Products and FAQs are indexed whole (`position` 0);
/// a document is indexed chunk by chunk (`position` is the chunk's, from 0).
///
/// Products belong to the catalog crate, which this crate does not depend on, so
/// `source_id` is a plain UUID; `product`, `faq` and `document_chunk` build the right
/// kind of reference from each id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceRef {
    pub source_type: SourceType,
    pub source_id: Uuid,
    pub position: u32,
}

impl SourceRef {
    pub fn product(product_id: Uuid) -> Self {
        Self {
            source_type: SourceType::Product,
            source_id: product_id,
            position: 0,
        }
    }

    pub fn faq(faq_id: FaqId) -> Self {
        Self {
            source_type: SourceType::Faq,
            source_id: faq_id.as_uuid(),
            position: 0,
        }
    }

    pub fn document_chunk(document_id: DocumentId, position: u32) -> Self {
        Self {
            source_type: SourceType::Document,
            source_id: document_id.as_uuid(),
            position,
        }
    }

    /// The id of this piece's point in a vector index: the same source always gets the
    /// same id, so indexing it again replaces its vector instead of adding a second one
    /// (a retried job cannot double a product in search results).
    pub fn point_id(&self) -> Uuid {
        let mut bytes = Vec::with_capacity(21);
        bytes.push(self.source_type.tag());
        bytes.extend_from_slice(self.source_id.as_bytes());
        bytes.extend_from_slice(&self.position.to_be_bytes());
        // Two independent 64-bit FNV-1a hashes make 128 bits; a UUIDv8 is "custom bytes",
        // which is exactly what this is. Qdrant requires UUID (or integer) point ids.
        let high = fnv1a(&bytes, 0xcbf2_9ce4_8422_2325);
        let low = fnv1a(&bytes, 0x6c62_272e_07bb_0142);
        let mut id = [0u8; 16];
        id[..8].copy_from_slice(&high.to_be_bytes());
        id[8..].copy_from_slice(&low.to_be_bytes());
        Builder::from_custom_bytes(id).into_uuid()
    }
}

fn fnv1a(bytes: &[u8], offset_basis: u64) -> u64 {
    bytes.iter().fold(offset_basis, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_types_round_trip_through_text() {
        for t in SourceType::ALL {
            assert_eq!(SourceType::parse(t.as_str()), Some(t));
        }
        assert_eq!(SourceType::parse("url"), None);
    }

    #[test]
    fn point_ids_are_stable_per_source_and_distinct_across_sources() {
        let document = DocumentId::new();
        let first = SourceRef::document_chunk(document, 0);
        assert_eq!(
            first.point_id(),
            SourceRef::document_chunk(document, 0).point_id()
        );
        assert_ne!(
            first.point_id(),
            SourceRef::document_chunk(document, 1).point_id()
        );
        // The same UUID as a FAQ and as a product is two different points.
        let uuid = Uuid::now_v7();
        assert_ne!(
            SourceRef::faq(FaqId::from_uuid(uuid)).point_id(),
            SourceRef::product(uuid).point_id()
        );
        assert_eq!(first.point_id().get_version_num(), 8);
    }

    #[test]
    fn point_ids_never_change_for_a_known_source() {
        // Stored vectors are addressed by these ids: a change here orphans every point.
        let source = SourceRef::product(Uuid::nil());
        assert_eq!(
            source.point_id().to_string(),
            SourceRef::product(Uuid::nil()).point_id().to_string()
        );
        assert_eq!(source.point_id().to_string(), POINT_ID_OF_NIL_PRODUCT);
    }

    const POINT_ID_OF_NIL_PRODUCT: &str = "0f369ef7-383e-89ec-bcf5-bb8fad35cd29";
}
