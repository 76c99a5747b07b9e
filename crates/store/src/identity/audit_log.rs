//! `AuditLog` on sea-orm: an append-only record of security-relevant events.

use std::collections::BTreeMap;

use async_trait::async_trait;
use identity::ports::{AuditLog, RepositoryError};
use identity::{Actor, ApiKeyId, AuditAction, AuditEvent, AuditEventId, UserId};
use kernel::{Page, PageRequest, WorkspaceId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::errors::{corrupt, from_db};
use crate::entities::audit_events;
use crate::timestamps::stored;

const ACTOR_USER: &str = "user";
const ACTOR_API_KEY: &str = "api_key";
const ACTOR_ANONYMOUS: &str = "anonymous";

pub struct SeaOrmAuditLog {
    db: DatabaseConnection,
}

impl SeaOrmAuditLog {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl AuditLog for SeaOrmAuditLog {
    #[tracing::instrument(skip_all)]
    async fn record(&self, event: &AuditEvent) -> Result<(), RepositoryError> {
        audit_events::Entity::insert(event_row(event)?)
            .exec_without_returning(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<AuditEvent>, RepositoryError> {
        let in_workspace = audit_events::Column::WorkspaceId.eq(workspace_id.as_uuid());
        // Newest first; ids are UUIDv7, so they break ties in the same order.
        let pages = audit_events::Entity::find()
            .filter(in_workspace)
            .order_by_desc(audit_events::Column::CreatedAt)
            .order_by_desc(audit_events::Column::Id)
            .paginate(&self.db, u64::from(page.per_page()));
        let total = pages.num_items().await.map_err(from_db)?;
        let items = pages
            .fetch_page(u64::from(page.page() - 1))
            .await
            .map_err(from_db)?
            .into_iter()
            .map(event_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::new(items, total, page))
    }
}

fn event_row(event: &AuditEvent) -> Result<audit_events::ActiveModel, RepositoryError> {
    let (actor_kind, actor_id) = match event.actor {
        Actor::User(id) => (ACTOR_USER, Some(id.as_uuid())),
        Actor::ApiKey(id) => (ACTOR_API_KEY, Some(id.as_uuid())),
        Actor::Anonymous => (ACTOR_ANONYMOUS, None),
    };
    let details = serde_json::to_value(&event.details)
        .map_err(|err| RepositoryError::Unexpected(format!("cannot store audit details: {err}")))?;
    Ok(audit_events::ActiveModel {
        id: Set(event.id.as_uuid()),
        workspace_id: Set(event.workspace_id.map(|id| id.as_uuid())),
        actor_kind: Set(actor_kind.to_owned()),
        actor_id: Set(actor_id),
        action: Set(event.action.as_str().to_owned()),
        ip: Set(event.ip.clone()),
        details: Set(details),
        created_at: Set(stored(event.created_at)),
    })
}

fn event_from_row(row: audit_events::Model) -> Result<AuditEvent, RepositoryError> {
    Ok(AuditEvent {
        id: AuditEventId::from_uuid(row.id),
        workspace_id: row.workspace_id.map(WorkspaceId::from_uuid),
        actor: actor_from_row(&row.actor_kind, row.actor_id)?,
        action: AuditAction::parse(&row.action)
            .ok_or_else(|| corrupt("audit action", &row.action))?,
        ip: row.ip,
        details: serde_json::from_value::<BTreeMap<String, String>>(row.details)
            .map_err(|err| corrupt("audit details", err))?,
        created_at: row.created_at,
    })
}

fn actor_from_row(kind: &str, id: Option<Uuid>) -> Result<Actor, RepositoryError> {
    match (kind, id) {
        (ACTOR_USER, Some(id)) => Ok(Actor::User(UserId::from_uuid(id))),
        (ACTOR_API_KEY, Some(id)) => Ok(Actor::ApiKey(ApiKeyId::from_uuid(id))),
        (ACTOR_ANONYMOUS, None) => Ok(Actor::Anonymous),
        _ => Err(corrupt("audit actor", format!("{kind} {id:?}"))),
    }
}
