//! The query log: one row per knowledge-base lookup, read back as the weak ones of a
//! period for gap reports (`ix_query_log_workspace_created` serves both).

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use knowledge::text::keywords;
use knowledge::{KnowledgeRepositoryError, QueryLogEntry, QueryLogId};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::errors::{corrupt, unexpected};
use crate::entities::query_log;
use crate::timestamps::stored;

pub(super) async fn log(
    db: &DatabaseConnection,
    entry: &QueryLogEntry,
) -> Result<(), KnowledgeRepositoryError> {
    let hit_count = i32::try_from(entry.hit_count).unwrap_or(i32::MAX);
    query_log::Entity::insert(query_log::ActiveModel {
        id: Set(entry.id.as_uuid()),
        workspace_id: Set(entry.workspace_id.as_uuid()),
        query_text: Set(entry.query.clone()),
        normalized: Set(keywords(&entry.query).join(" ")),
        best_score: Set(entry.best_score),
        hit_count: Set(hit_count),
        created_at: Set(stored(entry.asked_at)),
    })
    .exec_without_returning(db)
    .await
    .map_err(unexpected)?;
    Ok(())
}

/// Asked at or after `since`, with no hits, no score or a best score below `below`;
/// newest first (the id breaking ties), at most `limit`.
pub(super) async fn weak(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
    since: DateTime<Utc>,
    below: f32,
    limit: u32,
) -> Result<Vec<QueryLogEntry>, KnowledgeRepositoryError> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let weak = Condition::any()
        .add(query_log::Column::HitCount.eq(0))
        .add(query_log::Column::BestScore.is_null())
        .add(query_log::Column::BestScore.lt(below));
    query_log::Entity::find()
        .filter(query_log::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .filter(query_log::Column::CreatedAt.gte(stored(since)))
        .filter(weak)
        .order_by_desc(query_log::Column::CreatedAt)
        .order_by_desc(query_log::Column::Id)
        .limit(u64::from(limit))
        .all(db)
        .await
        .map_err(unexpected)?
        .into_iter()
        .map(entry_from_row)
        .collect()
}

fn entry_from_row(row: query_log::Model) -> Result<QueryLogEntry, KnowledgeRepositoryError> {
    Ok(QueryLogEntry {
        id: QueryLogId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        query: row.query_text,
        best_score: row.best_score,
        hit_count: u32::try_from(row.hit_count)
            .map_err(|_| corrupt("query hit count", row.hit_count))?,
        asked_at: row.created_at,
    })
}
