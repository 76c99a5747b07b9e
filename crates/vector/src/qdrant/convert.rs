//! Between the port's types and Qdrant's: payloads, filters, hits, collection metadata,
//! point ids and errors. Pure functions, tested without a server.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use knowledge::{
    EmbedderSpec, SearchFilter, SourceRef, SourceType, VectorHit, VectorIndexError, VectorPoint,
};
use qdrant_client::qdrant::{Condition, Filter, PointStruct, ScoredPoint, Value};
use qdrant_client::{Payload, QdrantError};
use tonic::Code;
use uuid::{Builder, Uuid};

pub(crate) const WORKSPACE_ID: &str = "workspace_id";
pub(crate) const SOURCE_TYPE: &str = "source_type";
pub(crate) const SOURCE_ID: &str = "source_id";
pub(crate) const AVAILABLE: &str = "available";
const POSITION: &str = "position";
const TEXT: &str = "text";
const METADATA: &str = "metadata";

/// Collection metadata keys: the spec cannot be read back from the collection name
/// (`collection_name` folds `.`, `:` and `/` into `_`), so it is stored beside it.
const META_EMBEDDER: &str = "chatdesk_embedder";
const META_DIMENSION: &str = "chatdesk_dimension";
const META_CREATED_AT: &str = "chatdesk_created_at";

/// The Qdrant id of a point: `SourceRef::point_id()` mixed with the workspace. Qdrant ids
/// are unique per collection, not per tenant; without the workspace, two workspaces
/// indexing the same source id (seeded demo data, an imported backup) would overwrite
/// each other's points.
pub(crate) fn point_id(workspace_id: WorkspaceId, source: &SourceRef) -> Uuid {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(workspace_id.as_uuid().as_bytes());
    bytes[16..].copy_from_slice(source.point_id().as_bytes());
    let fnv = |basis: u64| {
        bytes.iter().fold(basis, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&fnv(0xcbf2_9ce4_8422_2325).to_be_bytes());
    id[8..].copy_from_slice(&fnv(0x6c62_272e_07bb_0142).to_be_bytes());
    Builder::from_custom_bytes(id).into_uuid()
}

pub(crate) fn to_point(point: &VectorPoint) -> PointStruct {
    let mut metadata = Payload::new();
    for (key, value) in &point.metadata {
        metadata.insert(key, value.as_str());
    }
    let mut payload = Payload::new();
    payload.insert(WORKSPACE_ID, point.workspace_id.to_string());
    payload.insert(SOURCE_TYPE, point.source.source_type.as_str());
    payload.insert(SOURCE_ID, point.source.source_id.to_string());
    payload.insert(POSITION, i64::from(point.source.position));
    payload.insert(TEXT, point.text.as_str());
    payload.insert(AVAILABLE, point.available);
    payload.insert(METADATA, Value::from(metadata));
    PointStruct::new(
        point_id(point.workspace_id, &point.source).to_string(),
        point.vector.clone(),
        payload,
    )
}

/// Every point of one source in one workspace.
pub(crate) fn source_filter(
    workspace_id: WorkspaceId,
    source_type: SourceType,
    source_id: Uuid,
) -> Filter {
    Filter::must([
        Condition::matches(WORKSPACE_ID, workspace_id.to_string()),
        Condition::matches(SOURCE_TYPE, source_type.as_str().to_owned()),
        Condition::matches(SOURCE_ID, source_id.to_string()),
    ])
}

/// The workspace condition is always there: it is what keeps tenants apart.
pub(crate) fn search_filter(workspace_id: WorkspaceId, filter: &SearchFilter) -> Filter {
    let mut conditions = vec![Condition::matches(WORKSPACE_ID, workspace_id.to_string())];
    if !filter.source_types.is_empty() {
        let types: Vec<String> = filter
            .source_types
            .iter()
            .map(|t| t.as_str().to_owned())
            .collect();
        conditions.push(Condition::matches(SOURCE_TYPE, types));
    }
    if filter.available_only {
        conditions.push(Condition::matches(AVAILABLE, true));
    }
    Filter::must(conditions)
}

/// `None` for a point whose payload we did not write (it is skipped, not guessed at).
pub(crate) fn to_hit(point: &ScoredPoint) -> Option<VectorHit> {
    let payload = &point.payload;
    let text_of = |key: &str| payload.get(key).and_then(Value::as_str);
    let source = SourceRef {
        source_type: SourceType::parse(text_of(SOURCE_TYPE)?)?,
        source_id: Uuid::parse_str(text_of(SOURCE_ID)?).ok()?,
        position: u32::try_from(payload.get(POSITION)?.as_integer()?).ok()?,
    };
    let metadata: BTreeMap<String, String> = match payload.get(METADATA).and_then(Value::as_struct)
    {
        Some(fields) => fields
            .fields
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.clone())))
            .collect(),
        None => BTreeMap::new(),
    };
    Some(VectorHit {
        source,
        text: text_of(TEXT)?.clone(),
        available: payload.get(AVAILABLE)?.as_bool()?,
        metadata,
        score: point.score.clamp(-1.0, 1.0),
    })
}

pub(crate) fn collection_metadata(
    spec: &EmbedderSpec,
    at: DateTime<Utc>,
) -> HashMap<String, serde_json::Value> {
    HashMap::from([
        (META_EMBEDDER.to_owned(), spec.name().into()),
        (META_DIMENSION.to_owned(), spec.dimension().into()),
        (META_CREATED_AT.to_owned(), at.to_rfc3339().into()),
    ])
}

/// The spec and creation time a collection was made with, from its metadata.
pub(crate) fn spec_from_metadata(
    metadata: &HashMap<String, Value>,
) -> Option<(EmbedderSpec, Option<DateTime<Utc>>)> {
    let name = metadata.get(META_EMBEDDER)?.as_str()?;
    let dimension = usize::try_from(metadata.get(META_DIMENSION)?.as_integer()?).ok()?;
    let spec = EmbedderSpec::new(name, dimension).ok()?;
    let created_at = metadata
        .get(META_CREATED_AT)
        .and_then(Value::as_str)
        .and_then(|raw| DateTime::parse_from_rfc3339(raw).ok())
        .map(|at| at.with_timezone(&Utc));
    Some((spec, created_at))
}

/// The spec of a collection made by a server too old to keep collection metadata
/// (before Qdrant 1.16): readable from the name when the embedder's name has no
/// punctuation that `collection_name` folds (`all-minilm-l6-v2`, `hashing-v1`). A name
/// ending in `_` and 8 hex digits may be a folded one (`openai:x` is stored as
/// `openai_x_1a2b3c4d`) and is not guessed at: an unrecognised collection is only
/// re-indexed, a misread one could be dropped as obsolete.
pub(crate) fn spec_from_name(collection: &str) -> Option<EmbedderSpec> {
    let (name, dimension) = collection.strip_prefix("knowledge__")?.rsplit_once("__")?;
    let tagged = name
        .rsplit_once('_')
        .is_some_and(|(_, tag)| tag.len() == 8 && tag.bytes().all(|b| b.is_ascii_hexdigit()));
    if tagged {
        return None;
    }
    let spec = EmbedderSpec::new(name, dimension.parse().ok()?).ok()?;
    (spec.collection_name() == collection).then_some(spec)
}

/// Unavailable where a retry can help (server down or restarting, overloaded, timed
/// out); a missing collection for `spec` as the port's own error.
pub(crate) fn map_error(spec: &EmbedderSpec, error: QdrantError) -> VectorIndexError {
    if is_not_found(&error) {
        return VectorIndexError::CollectionMissing(spec.clone());
    }
    map_unscoped(error)
}

/// For calls not about one collection (listing), where "not found" is not expected.
pub(crate) fn map_unscoped(error: QdrantError) -> VectorIndexError {
    match &error {
        QdrantError::ResponseError { status } => match status.code() {
            Code::Unavailable
            | Code::DeadlineExceeded
            | Code::ResourceExhausted
            | Code::Aborted
            | Code::Cancelled => VectorIndexError::Unavailable(error.to_string()),
            _ => VectorIndexError::Unexpected(error.to_string()),
        },
        QdrantError::ResourceExhaustedError { .. } | QdrantError::Io(_) => {
            VectorIndexError::Unavailable(error.to_string())
        }
        _ => VectorIndexError::Unexpected(error.to_string()),
    }
}

/// Whether a create failed only because another replica created it first.
pub(crate) fn is_already_exists(error: &QdrantError) -> bool {
    match error {
        QdrantError::ResponseError { status } => {
            status.code() == Code::AlreadyExists || status.message().contains("already exists")
        }
        _ => false,
    }
}

pub(crate) fn is_not_found(error: &QdrantError) -> bool {
    matches!(error, QdrantError::ResponseError { status } if status.code() == Code::NotFound)
}

#[cfg(test)]
mod tests {
    use qdrant_client::qdrant::condition::ConditionOneOf;
    use qdrant_client::qdrant::r#match::MatchValue;
    use qdrant_client::qdrant::point_id::PointIdOptions;

    use super::*;

    fn vector_point() -> VectorPoint {
        VectorPoint {
            workspace_id: WorkspaceId::new(),
            source: SourceRef {
                source_type: SourceType::Document,
                source_id: Uuid::now_v7(),
                position: 3,
            },
            text: "Returns are free within 30 days".into(),
            available: true,
            metadata: BTreeMap::from([
                ("file".into(), "policy.pdf".into()),
                ("page".into(), "4".into()),
            ]),
            vector: vec![0.1, 0.2, 0.3],
        }
    }

    #[test]
    fn a_point_payload_reads_back_as_the_same_hit() {
        let point = vector_point();
        let stored = to_point(&point);
        assert_eq!(
            stored.payload.get(WORKSPACE_ID).and_then(Value::as_str),
            Some(&point.workspace_id.to_string())
        );
        let Some(PointIdOptions::Uuid(id)) = stored.id.and_then(|id| id.point_id_options) else {
            panic!("point ids are UUIDs");
        };
        assert_eq!(id, point_id(point.workspace_id, &point.source).to_string());
        let hit = to_hit(&ScoredPoint {
            payload: stored.payload,
            score: 1.000_001,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(hit.source, point.source);
        assert_eq!(hit.text, point.text);
        assert!(hit.available);
        assert_eq!(hit.metadata, point.metadata);
        assert_eq!(hit.score, 1.0);
        assert!(to_hit(&ScoredPoint::default()).is_none());
    }

    #[test]
    fn point_ids_are_stable_and_scoped_to_the_workspace() {
        let point = vector_point();
        let other = WorkspaceId::new();
        assert_eq!(
            point_id(point.workspace_id, &point.source),
            point_id(point.workspace_id, &point.source)
        );
        assert_ne!(
            point_id(point.workspace_id, &point.source),
            point_id(other, &point.source)
        );
        assert_eq!(point_id(other, &point.source).get_version_num(), 8);
    }

    fn keyword_of(condition: &Condition) -> Option<(String, MatchValue)> {
        let Some(ConditionOneOf::Field(field)) = &condition.condition_one_of else {
            return None;
        };
        Some((field.key.clone(), field.r#match.clone()?.match_value?))
    }

    #[test]
    fn every_search_is_scoped_to_its_workspace() {
        let workspace_id = WorkspaceId::new();
        let plain = search_filter(workspace_id, &SearchFilter::default());
        assert_eq!(plain.must.len(), 1);
        assert_eq!(
            keyword_of(&plain.must[0]),
            Some((
                WORKSPACE_ID.into(),
                MatchValue::Keyword(workspace_id.to_string())
            ))
        );
        let narrowed = search_filter(
            workspace_id,
            &SearchFilter {
                source_types: vec![SourceType::Faq, SourceType::Product],
                available_only: true,
            },
        );
        assert_eq!(narrowed.must.len(), 3);
        let Some((key, MatchValue::Keywords(types))) = keyword_of(&narrowed.must[1]) else {
            panic!("source types match any of a list");
        };
        assert_eq!(
            (key.as_str(), types.strings),
            (SOURCE_TYPE, vec!["faq".into(), "product".into()])
        );
        assert_eq!(
            keyword_of(&narrowed.must[2]),
            Some((AVAILABLE.into(), MatchValue::Boolean(true)))
        );
        let delete = source_filter(workspace_id, SourceType::Faq, Uuid::nil());
        assert_eq!(delete.must.len(), 3);
    }

    #[test]
    fn collection_metadata_round_trips_the_spec() {
        let spec = EmbedderSpec::new("openai:text-embedding-3-small", 1536).unwrap();
        let at = DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z")
            .unwrap()
            .with_timezone(&Utc);
        let stored: HashMap<String, Value> = collection_metadata(&spec, at)
            .into_iter()
            .map(|(k, v)| (k, v.into()))
            .collect();
        assert_eq!(spec_from_metadata(&stored), Some((spec, Some(at))));
        assert_eq!(spec_from_metadata(&HashMap::new()), None);
    }

    #[test]
    fn plain_names_are_read_back_from_the_collection_name() {
        let minilm = EmbedderSpec::new("all-minilm-l6-v2", 384).unwrap();
        assert_eq!(spec_from_name(&minilm.collection_name()), Some(minilm));
        let folded = EmbedderSpec::new("openai:text-embedding-3-small", 1536).unwrap();
        assert_eq!(spec_from_name(&folded.collection_name()), None);
        assert_eq!(spec_from_name("products"), None);
        assert_eq!(spec_from_name("knowledge__x__0"), None);
    }

    #[test]
    fn grpc_errors_become_port_errors() {
        let spec = EmbedderSpec::new("hashing-v1", 8).unwrap();
        let error = |code| QdrantError::ResponseError {
            status: tonic::Status::new(code, "boom"),
        };
        assert_eq!(
            map_error(&spec, error(Code::NotFound)),
            VectorIndexError::CollectionMissing(spec.clone())
        );
        assert!(matches!(
            map_error(&spec, error(Code::Unavailable)),
            VectorIndexError::Unavailable(_)
        ));
        assert!(matches!(
            map_error(&spec, error(Code::InvalidArgument)),
            VectorIndexError::Unexpected(_)
        ));
        assert!(is_already_exists(&error(Code::AlreadyExists)));
        assert!(is_not_found(&error(Code::NotFound)));
    }
}
