use ::notifications::batching::{Batch, window};
use ::notifications::ports::{Feed, NotificationRepository, NotificationStoreError};
use ::notifications::templates::MessagePreview;
use ::notifications::{Delivery, DeliveryId, MemberId, Notification, NotificationId, Preferences};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::{Page, PageRequest, WorkspaceId};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, Iterable, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::entities::{
    notification_batch_items as items, notification_deliveries as deliveries,
    notification_preferences as preferences, notifications as feed_rows,
};
use super::rows::{
    delivery_from_row, delivery_row, notification_from_row, notification_row, preferences_from_row,
    preferences_row, unexpected,
};
use crate::timestamps::stored;

pub struct SeaOrmNotificationRepository {
    db: DatabaseConnection,
}

impl SeaOrmNotificationRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl NotificationRepository for SeaOrmNotificationRepository {
    #[tracing::instrument(skip_all)]
    async fn preferences(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
    ) -> Result<Preferences, NotificationStoreError> {
        preferences::Entity::find_by_id((workspace_id.as_uuid(), member_id.as_uuid()))
            .one(&self.db)
            .await
            .map_err(unexpected)?
            .map(preferences_from_row)
            .transpose()
            .map(Option::unwrap_or_default)
    }

    #[tracing::instrument(skip_all)]
    async fn save_preferences(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        saved: &Preferences,
        at: DateTime<Utc>,
    ) -> Result<(), NotificationStoreError> {
        let row = preferences_row(workspace_id, member_id, saved, at)?;
        let every_other_column = preferences::Column::iter().filter(|column| {
            !matches!(
                column,
                preferences::Column::WorkspaceId | preferences::Column::MemberId
            )
        });
        preferences::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    preferences::Column::WorkspaceId,
                    preferences::Column::MemberId,
                ])
                .update_columns(every_other_column)
                .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn record(
        &self,
        notification: &Notification,
        outgoing: &[Delivery],
    ) -> Result<(), NotificationStoreError> {
        let txn = self.db.begin().await.map_err(unexpected)?;
        feed_rows::Entity::insert(notification_row(notification))
            .exec_without_returning(&txn)
            .await
            .map_err(unexpected)?;
        insert_deliveries(&txn, outgoing).await?;
        txn.commit().await.map_err(unexpected)
    }

    #[tracing::instrument(skip_all)]
    async fn feed(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        now: DateTime<Utc>,
        page: PageRequest,
    ) -> Result<Feed, NotificationStoreError> {
        let visible = feed_rows::Entity::find()
            .filter(feed_rows::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(feed_rows::Column::MemberId.eq(member_id.as_uuid()))
            .filter(feed_rows::Column::VisibleAt.lte(stored(now)));
        let total = visible.clone().count(&self.db).await.map_err(unexpected)?;
        let unread = visible
            .clone()
            .filter(feed_rows::Column::ReadAt.is_null())
            .count(&self.db)
            .await
            .map_err(unexpected)?;
        let rows = visible
            .order_by_desc(feed_rows::Column::VisibleAt)
            .order_by_desc(feed_rows::Column::Id)
            .offset(page.offset())
            .limit(u64::from(page.per_page()))
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        let items = rows
            .into_iter()
            .map(notification_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Feed {
            page: Page::new(items, total, page),
            unread,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn mark_read(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        id: NotificationId,
        at: DateTime<Utc>,
    ) -> Result<bool, NotificationStoreError> {
        let mine = feed_rows::Entity::find_by_id(id.as_uuid())
            .filter(feed_rows::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(feed_rows::Column::MemberId.eq(member_id.as_uuid()))
            .one(&self.db)
            .await
            .map_err(unexpected)?;
        let Some(row) = mine else {
            return Ok(false);
        };
        // Reading twice keeps the first instant.
        if row.read_at.is_none() {
            feed_rows::Entity::update_many()
                .col_expr(feed_rows::Column::ReadAt, Expr::value(stored(at)))
                .filter(feed_rows::Column::Id.eq(id.as_uuid()))
                .filter(feed_rows::Column::ReadAt.is_null())
                .exec(&self.db)
                .await
                .map_err(unexpected)?;
        }
        Ok(true)
    }

    #[tracing::instrument(skip_all)]
    async fn mark_all_read(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        at: DateTime<Utc>,
    ) -> Result<u64, NotificationStoreError> {
        let result = feed_rows::Entity::update_many()
            .col_expr(feed_rows::Column::ReadAt, Expr::value(stored(at)))
            .filter(feed_rows::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(feed_rows::Column::MemberId.eq(member_id.as_uuid()))
            .filter(feed_rows::Column::VisibleAt.lte(stored(at)))
            .filter(feed_rows::Column::ReadAt.is_null())
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(result.rows_affected)
    }

    #[tracing::instrument(skip_all)]
    async fn due_deliveries(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Delivery>, NotificationStoreError> {
        deliveries::Entity::find()
            .filter(deliveries::Column::SentAt.is_null())
            .filter(deliveries::Column::AbandonedAt.is_null())
            .filter(deliveries::Column::SendAt.lte(stored(now)))
            .order_by_asc(deliveries::Column::SendAt)
            .order_by_asc(deliveries::Column::Id)
            .limit(u64::from(limit))
            .all(&self.db)
            .await
            .map_err(unexpected)?
            .into_iter()
            .map(delivery_from_row)
            .collect()
    }

    #[tracing::instrument(skip_all)]
    async fn delivery_sent(
        &self,
        id: DeliveryId,
        at: DateTime<Utc>,
    ) -> Result<(), NotificationStoreError> {
        deliveries::Entity::update_many()
            .col_expr(deliveries::Column::SentAt, Expr::value(stored(at)))
            .col_expr(
                deliveries::Column::Attempts,
                Expr::col(deliveries::Column::Attempts).add(1),
            )
            .filter(deliveries::Column::Id.eq(id.as_uuid()))
            .filter(deliveries::Column::SentAt.is_null())
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn delivery_failed(
        &self,
        id: DeliveryId,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<(), NotificationStoreError> {
        let mut update = deliveries::Entity::update_many()
            .col_expr(deliveries::Column::LastError, Expr::value(error.to_owned()))
            .col_expr(
                deliveries::Column::Attempts,
                Expr::col(deliveries::Column::Attempts).add(1),
            );
        update = match retry_at {
            Some(at) => update.col_expr(deliveries::Column::SendAt, Expr::value(stored(at))),
            None => update.col_expr(
                deliveries::Column::AbandonedAt,
                Expr::value(stored(Utc::now())),
            ),
        };
        update
            .filter(deliveries::Column::Id.eq(id.as_uuid()))
            .filter(deliveries::Column::SentAt.is_null())
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(())
    }

    /// Joins the member's batch still open at `now`, else opens one. Read and insert are
    /// separate statements, not one transaction: on SQLite a transaction that reads and
    /// then writes fails at once ("database is locked") when another writer got there
    /// first, and the message would be lost from the summary. Two first messages at the
    /// very same moment may open two batches (two summaries): the price of not locking.
    #[tracing::instrument(skip_all)]
    async fn add_to_batch(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        preview: MessagePreview,
        now: DateTime<Utc>,
    ) -> Result<(), NotificationStoreError> {
        let open = items::Entity::find()
            .filter(items::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(items::Column::MemberId.eq(member_id.as_uuid()))
            .filter(items::Column::DueAt.gt(stored(now)))
            .order_by_asc(items::Column::DueAt)
            .one(&self.db)
            .await
            .map_err(unexpected)?;
        let (opened_at, due_at) = match open {
            Some(row) => (row.opened_at, row.due_at),
            None => (stored(now), stored(now + window())),
        };
        items::Entity::insert(items::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id.as_uuid()),
            member_id: Set(member_id.as_uuid()),
            due_at: Set(due_at),
            opened_at: Set(opened_at),
            conversation_id: Set(preview.conversation_id),
            customer_name: Set(preview.customer_name),
            text: Set(preview.text),
            created_at: Set(stored(now)),
        })
        .exec_without_returning(&self.db)
        .await
        .map_err(unexpected)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn due_batches(&self, now: DateTime<Utc>) -> Result<Vec<Batch>, NotificationStoreError> {
        let rows = items::Entity::find()
            .filter(items::Column::DueAt.lte(stored(now)))
            .order_by_asc(items::Column::DueAt)
            .order_by_asc(items::Column::Id)
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        let mut batches: Vec<Batch> = Vec::new();
        for row in rows {
            let preview = MessagePreview {
                conversation_id: row.conversation_id,
                customer_name: row.customer_name,
                text: row.text,
            };
            let key = (
                WorkspaceId::from_uuid(row.workspace_id),
                MemberId::from_uuid(row.member_id),
                row.due_at,
            );
            match batches
                .iter_mut()
                .find(|b| (b.workspace_id, b.member_id, b.due_at) == key)
            {
                Some(batch) => batch.add(preview),
                None => batches.push(Batch {
                    workspace_id: key.0,
                    member_id: key.1,
                    opened_at: row.opened_at,
                    due_at: row.due_at,
                    count: 1,
                    previews: vec![preview],
                }),
            }
        }
        Ok(batches)
    }

    #[tracing::instrument(skip_all)]
    async fn flush_batch(
        &self,
        batch: &Batch,
        notification: &Notification,
        outgoing: &[Delivery],
    ) -> Result<bool, NotificationStoreError> {
        let txn = self.db.begin().await.map_err(unexpected)?;
        let removed = items::Entity::delete_many()
            .filter(items::Column::WorkspaceId.eq(batch.workspace_id.as_uuid()))
            .filter(items::Column::MemberId.eq(batch.member_id.as_uuid()))
            .filter(items::Column::DueAt.eq(stored(batch.due_at)))
            .exec(&txn)
            .await
            .map_err(unexpected)?;
        if removed.rows_affected == 0 {
            // Another worker flushed it first.
            txn.rollback().await.map_err(unexpected)?;
            return Ok(false);
        }
        feed_rows::Entity::insert(notification_row(notification))
            .exec_without_returning(&txn)
            .await
            .map_err(unexpected)?;
        insert_deliveries(&txn, outgoing).await?;
        txn.commit().await.map_err(unexpected)?;
        Ok(true)
    }
}

async fn insert_deliveries(
    txn: &sea_orm::DatabaseTransaction,
    outgoing: &[Delivery],
) -> Result<(), NotificationStoreError> {
    if outgoing.is_empty() {
        return Ok(());
    }
    let rows = outgoing
        .iter()
        .map(delivery_row)
        .collect::<Result<Vec<_>, _>>()?;
    deliveries::Entity::insert_many(rows)
        .exec_without_returning(txn)
        .await
        .map_err(unexpected)?;
    Ok(())
}
