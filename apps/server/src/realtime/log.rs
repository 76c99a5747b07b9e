//! The replay log, `realtime_events`: every envelope is written here before it is fanned
//! out, which gives it its id, lets a reconnecting dashboard catch up (`since`) and lets
//! another replica read an event it only heard the id of (NOTIFY).

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::NotSet, QueryOrder, QuerySelect, Set};

use super::envelope::{Draft, Envelope};

/// The most a reconnecting client is sent; older gaps mean "reload", which a day-old
/// dashboard does anyway.
pub const REPLAY_LIMIT: u64 = 1000;

#[derive(Debug, thiserror::Error)]
pub enum EventLogError {
    #[error("unexpected event log failure: {0}")]
    Unexpected(String),
}

impl From<DbErr> for EventLogError {
    fn from(error: DbErr) -> Self {
        Self::Unexpected(error.to_string())
    }
}

#[derive(Debug, Clone)]
pub struct EventLog {
    db: DatabaseConnection,
}

impl EventLog {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Stores the draft and returns it as an envelope with its id.
    #[tracing::instrument(skip_all, fields(kind = draft.kind))]
    pub async fn append(&self, draft: Draft, at: DateTime<Utc>) -> Result<Envelope, EventLogError> {
        let row = ActiveModel {
            id: NotSet,
            workspace_id: Set(draft.workspace_id.as_uuid()),
            kind: Set(draft.kind.to_owned()),
            payload: Set(draft.data.to_string()),
            at: Set(at),
            member_id: Set(draft.member_id),
        };
        let id = Entity::insert(row).exec(&self.db).await?.last_insert_id;
        Ok(Envelope {
            id,
            kind: draft.kind.to_owned(),
            workspace_id: draft.workspace_id,
            data: draft.data,
            at,
            member_id: draft.member_id,
        })
    }

    /// One event by id (what another replica announced).
    #[tracing::instrument(skip_all)]
    pub async fn get(&self, id: i64) -> Result<Option<Envelope>, EventLogError> {
        Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(envelope)
            .transpose()
    }

    /// The workspace's events after `after` that `member_id` may receive (the whole
    /// workspace's and their own), oldest first, at most `REPLAY_LIMIT`.
    #[tracing::instrument(skip_all)]
    pub async fn since(
        &self,
        workspace_id: WorkspaceId,
        member_id: Uuid,
        after: i64,
    ) -> Result<Vec<Envelope>, EventLogError> {
        Entity::find()
            .filter(Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(
                sea_orm::Condition::any()
                    .add(Column::MemberId.is_null())
                    .add(Column::MemberId.eq(member_id)),
            )
            .filter(Column::Id.gt(after))
            .order_by_asc(Column::Id)
            .limit(REPLAY_LIMIT)
            .all(&self.db)
            .await?
            .into_iter()
            .map(envelope)
            .collect()
    }

    /// Deletes events older than `before`; returns how many went.
    #[tracing::instrument(skip_all)]
    pub async fn prune(&self, before: DateTime<Utc>) -> Result<u64, EventLogError> {
        Ok(Entity::delete_many()
            .filter(Column::At.lt(before))
            .exec(&self.db)
            .await?
            .rows_affected)
    }
}

fn envelope(row: Model) -> Result<Envelope, EventLogError> {
    let data = serde_json::from_str(&row.payload)
        .map_err(|e| EventLogError::Unexpected(format!("event {} payload: {e}", row.id)))?;
    Ok(Envelope {
        id: row.id,
        kind: row.kind,
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        data,
        at: row.at,
        member_id: row.member_id,
    })
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "realtime_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub workspace_id: Uuid,
    pub kind: String,
    pub payload: String,
    pub at: DateTimeUtc,
    /// The one member (user id) the event is for; `None`: every member.
    pub member_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
