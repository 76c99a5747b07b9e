//! `DigestSource` on sea-orm: the workspaces, one workspace's week counted in a few
//! indexed COUNT/SUM queries, and whether a week's digest exists.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use identity::Timezone;
use kernel::{Currency, WorkspaceId};
use notifications::NotificationKind;
use notifications::digest::{DigestSource, DigestSourceError, DigestWorkspace, WeekNumbers};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::entities::notifications as rows;
use crate::entities::{conversation_events, conversations, messages, orders, workspaces};
use crate::timestamps::stored;

pub struct SeaOrmDigestSource {
    db: DatabaseConnection,
}

impl SeaOrmDigestSource {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn unexpected(error: impl std::fmt::Display) -> DigestSourceError {
    DigestSourceError::Unexpected(error.to_string())
}

#[async_trait]
impl DigestSource for SeaOrmDigestSource {
    #[tracing::instrument(skip_all)]
    async fn workspaces(&self) -> Result<Vec<DigestWorkspace>, DigestSourceError> {
        let rows = workspaces::Entity::find()
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                // A row the identity store would refuse is skipped, not fatal for all.
                let timezone = Timezone::parse(&row.timezone).ok()?.tz();
                let currency = Currency::parse(&row.currency).ok()?;
                Some(DigestWorkspace {
                    id: WorkspaceId::from_uuid(row.id),
                    business_name: row.business_name,
                    timezone,
                    currency,
                    created_at: row.created_at,
                })
            })
            .collect())
    }

    #[tracing::instrument(skip_all)]
    async fn numbers(
        &self,
        workspace: &DigestWorkspace,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<WeekNumbers, DigestSourceError> {
        let id = workspace.id.as_uuid();
        let (from, to) = (stored(from), stored(to));
        let conversations = conversations::Entity::find()
            .filter(conversations::Column::WorkspaceId.eq(id))
            .filter(conversations::Column::CreatedAt.gte(from))
            .filter(conversations::Column::CreatedAt.lt(to))
            .count(&self.db)
            .await
            .map_err(unexpected)?;
        let messages = messages::Entity::find()
            .filter(messages::Column::WorkspaceId.eq(id))
            .filter(messages::Column::CreatedAt.gte(from))
            .filter(messages::Column::CreatedAt.lt(to))
            .count(&self.db)
            .await
            .map_err(unexpected)?;
        let week_orders = || {
            orders::Entity::find()
                .filter(orders::Column::WorkspaceId.eq(id))
                .filter(orders::Column::CreatedAt.gte(from))
                .filter(orders::Column::CreatedAt.lt(to))
        };
        let orders_count = week_orders().count(&self.db).await.map_err(unexpected)?;
        // A week's orders of one workspace are few enough to add up here, which
        // spares SUM's differing result types on the two backends.
        let totals: Vec<i64> = week_orders()
            .filter(orders::Column::Status.ne("cancelled"))
            .filter(orders::Column::Currency.eq(workspace.currency.code()))
            .select_only()
            .column(orders::Column::TotalMinor)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        let revenue_minor = (!totals.is_empty()).then(|| totals.iter().sum::<i64>());
        let handoffs = conversation_events::Entity::find()
            .filter(conversation_events::Column::WorkspaceId.eq(id))
            .filter(conversation_events::Column::Kind.eq("escalated"))
            .filter(conversation_events::Column::At.gte(from))
            .filter(conversation_events::Column::At.lt(to))
            .count(&self.db)
            .await
            .map_err(unexpected)?;
        let escalated = Query::select()
            .column(conversation_events::Column::ConversationId)
            .from(conversation_events::Entity)
            .and_where(Expr::col(conversation_events::Column::WorkspaceId).eq(id))
            .and_where(Expr::col(conversation_events::Column::Kind).eq("escalated"))
            .to_owned();
        let assistant_only = conversations::Entity::find()
            .filter(conversations::Column::WorkspaceId.eq(id))
            .filter(conversations::Column::CreatedAt.gte(from))
            .filter(conversations::Column::CreatedAt.lt(to))
            .filter(conversations::Column::Id.not_in_subquery(escalated))
            .count(&self.db)
            .await
            .map_err(unexpected)?;
        let revenue = match revenue_minor {
            Some(minor) => Some(
                crate::catalog::money::from_minor(minor, workspace.currency).map_err(unexpected)?,
            ),
            None => None,
        };
        Ok(WeekNumbers {
            conversations,
            messages,
            orders: orders_count,
            revenue,
            handoffs,
            assistant_only,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn sent(
        &self,
        workspace_id: WorkspaceId,
        subject_id: Uuid,
    ) -> Result<bool, DigestSourceError> {
        let found = rows::Entity::find()
            .filter(rows::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(rows::Column::Kind.eq(NotificationKind::WeeklyDigest.as_str()))
            .filter(rows::Column::SubjectId.eq(subject_id))
            .count(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(found > 0)
    }
}
