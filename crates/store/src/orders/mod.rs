//! `OrderRepository` on sea-orm: orders with their lines and notes, numbered from a
//! per-workspace counter.
//!
//! Creating an order is one transaction: bump the workspace's counter (`numbering`),
//! insert the order, insert its lines. A placement key stored already rolls all of it
//! back and names the order placed first. Reads load the order rows in one query and
//! the lines and notes of all of them in one query each, never one query per order.
//! Status changes are one conditional UPDATE, so of two concurrent changes from the
//! same status only one is written.

mod errors;
mod filter;
mod numbering;
mod rows;

use ::orders::ports::{OrderRepository, OrderRepositoryError};
use ::orders::{
    CustomerId, MAX_NOTES, NewOrder, Order, OrderFilter, OrderId, OrderNote, OrderNumber,
    OrderStatus,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::{Page, PageRequest, WorkspaceId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use self::errors::{UniqueRule, unexpected, unique_rule};
use self::numbering::next_number;
use self::rows::{line_rows, note_row, order_row, orders_from_rows};
use crate::batch::{IDS_PER_STATEMENT, insert_in_chunks};
use crate::entities::{order_lines, order_notes, orders as orders_table};
use crate::timestamps::stored;

pub struct SeaOrmOrderRepository {
    db: DatabaseConnection,
}

impl SeaOrmOrderRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// The order stored under the new order's placement key, after its insert failed.
    async fn already_placed(&self, order: &NewOrder) -> OrderRepositoryError {
        let existing = orders_table::Entity::find()
            .select_only()
            .column(orders_table::Column::Id)
            .filter(orders_table::Column::WorkspaceId.eq(order.workspace_id.as_uuid()))
            .filter(orders_table::Column::PlacementKey.eq(order.placement_key.as_str()))
            .into_tuple::<Uuid>()
            .one(&self.db)
            .await;
        match existing {
            Ok(Some(id)) => OrderRepositoryError::AlreadyPlaced(OrderId::from_uuid(id)),
            Ok(None) => unexpected("placement key taken, but no order has it"),
            Err(err) => unexpected(err),
        }
    }

    /// The orders of `rows` (in that order), with their lines and notes.
    async fn with_children(
        &self,
        workspace_id: WorkspaceId,
        rows: Vec<orders_table::Model>,
    ) -> Result<Vec<Order>, OrderRepositoryError> {
        let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
        let mut lines = Vec::new();
        let mut notes = Vec::new();
        for chunk in ids.chunks(IDS_PER_STATEMENT) {
            lines.extend(
                order_lines::Entity::find()
                    .filter(order_lines::Column::WorkspaceId.eq(workspace_id.as_uuid()))
                    .filter(order_lines::Column::OrderId.is_in(chunk.iter().copied()))
                    .order_by_asc(order_lines::Column::OrderId)
                    .order_by_asc(order_lines::Column::Position)
                    .all(&self.db)
                    .await
                    .map_err(unexpected)?,
            );
            notes.extend(
                order_notes::Entity::find()
                    .filter(order_notes::Column::WorkspaceId.eq(workspace_id.as_uuid()))
                    .filter(order_notes::Column::OrderId.is_in(chunk.iter().copied()))
                    .order_by_asc(order_notes::Column::OrderId)
                    .order_by_asc(order_notes::Column::CreatedAt)
                    .order_by_asc(order_notes::Column::Id)
                    .all(&self.db)
                    .await
                    .map_err(unexpected)?,
            );
        }
        orders_from_rows(rows, lines, notes)
    }

    async fn exists(
        &self,
        workspace_id: WorkspaceId,
        id: OrderId,
    ) -> Result<bool, OrderRepositoryError> {
        let found = orders_table::Entity::find()
            .filter(orders_table::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(orders_table::Column::Id.eq(id.as_uuid()))
            .count(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(found > 0)
    }
}

#[async_trait]
impl OrderRepository for SeaOrmOrderRepository {
    #[tracing::instrument(skip_all)]
    async fn create(&self, order: &NewOrder) -> Result<OrderNumber, OrderRepositoryError> {
        let lines = line_rows(order)?;
        let txn = self.db.begin().await.map_err(unexpected)?;
        // The counter first: on SQLite the transaction starts by writing, so it waits
        // for the lock instead of failing on a stale snapshot.
        let number = next_number(&txn, order.workspace_id).await?;
        let inserted = orders_table::Entity::insert(order_row(order, number)?)
            .exec_without_returning(&txn)
            .await;
        if let Err(err) = inserted {
            // Gives the number back; on PostgreSQL the failed insert ended the
            // transaction anyway.
            txn.rollback().await.map_err(unexpected)?;
            return Err(match unique_rule(&err) {
                Some(UniqueRule::PlacementKey) => self.already_placed(order).await,
                Some(UniqueRule::Number) => unexpected(format!(
                    "order number {number} is taken: the workspace's counter is behind"
                )),
                _ => unexpected(err),
            });
        }
        insert_in_chunks(&txn, lines, None)
            .await
            .map_err(unexpected)?;
        txn.commit().await.map_err(unexpected)?;
        Ok(number)
    }

    #[tracing::instrument(skip_all)]
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: OrderId,
    ) -> Result<Option<Order>, OrderRepositoryError> {
        let rows = orders_table::Entity::find()
            .filter(orders_table::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(orders_table::Column::Id.eq(id.as_uuid()))
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(self.with_children(workspace_id, rows).await?.pop())
    }

    #[tracing::instrument(skip_all)]
    async fn get_by_number(
        &self,
        workspace_id: WorkspaceId,
        number: OrderNumber,
    ) -> Result<Option<Order>, OrderRepositoryError> {
        // A number beyond the column's range names no stored order.
        let Ok(number) = i64::try_from(number.value()) else {
            return Ok(None);
        };
        let rows = orders_table::Entity::find()
            .filter(orders_table::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(orders_table::Column::Number.eq(number))
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(self.with_children(workspace_id, rows).await?.pop())
    }

    #[tracing::instrument(skip_all)]
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        filter: &OrderFilter,
        page: PageRequest,
    ) -> Result<Page<Order>, OrderRepositoryError> {
        let pages = orders_table::Entity::find()
            .filter(filter::matching(workspace_id, filter))
            .order_by_desc(orders_table::Column::CreatedAt)
            .order_by_desc(orders_table::Column::Id)
            .paginate(&self.db, u64::from(page.per_page()));
        let total = pages.num_items().await.map_err(unexpected)?;
        let rows = pages
            .fetch_page(u64::from(page.page().saturating_sub(1)))
            .await
            .map_err(unexpected)?;
        let items = self.with_children(workspace_id, rows).await?;
        Ok(Page::new(items, total, page))
    }

    #[tracing::instrument(skip_all)]
    async fn latest_for_customer(
        &self,
        workspace_id: WorkspaceId,
        customer_id: CustomerId,
        limit: u32,
    ) -> Result<Vec<Order>, OrderRepositoryError> {
        let rows = orders_table::Entity::find()
            .filter(orders_table::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(orders_table::Column::CustomerId.eq(customer_id.as_uuid()))
            .order_by_desc(orders_table::Column::CreatedAt)
            .order_by_desc(orders_table::Column::Id)
            .limit(u64::from(limit))
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        self.with_children(workspace_id, rows).await
    }

    #[tracing::instrument(skip_all)]
    async fn update_status(
        &self,
        workspace_id: WorkspaceId,
        id: OrderId,
        expected: OrderStatus,
        to: OrderStatus,
        at: DateTime<Utc>,
    ) -> Result<(), OrderRepositoryError> {
        use orders_table::Column;
        let at = stored(at);
        let mut update = orders_table::Entity::update_many()
            .col_expr(Column::Status, Expr::value(to.as_str()))
            .col_expr(Column::UpdatedAt, Expr::value(at));
        let stamp = match to {
            OrderStatus::InProgress => Some(Column::InProgressAt),
            OrderStatus::Completed => Some(Column::CompletedAt),
            OrderStatus::Cancelled => Some(Column::CancelledAt),
            // Nothing moves back to captured; it has no timestamp of its own.
            OrderStatus::Captured => None,
        };
        if let Some(column) = stamp {
            update = update.col_expr(column, Expr::value(at));
        }
        let result = update
            .filter(Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(Column::Id.eq(id.as_uuid()))
            .filter(Column::Status.eq(expected.as_str()))
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        if result.rows_affected > 0 {
            return Ok(());
        }
        if self.exists(workspace_id, id).await? {
            Err(OrderRepositoryError::StatusConflict)
        } else {
            Err(OrderRepositoryError::NotFound)
        }
    }

    #[tracing::instrument(skip_all)]
    async fn add_note(
        &self,
        workspace_id: WorkspaceId,
        id: OrderId,
        note: &OrderNote,
    ) -> Result<(), OrderRepositoryError> {
        let txn = self.db.begin().await.map_err(unexpected)?;
        // Touching the order first finds it in this workspace and, on PostgreSQL,
        // locks it, so concurrent notes are counted one after the other below.
        let touched = orders_table::Entity::update_many()
            .col_expr(
                orders_table::Column::UpdatedAt,
                Expr::value(stored(note.created_at)),
            )
            .filter(orders_table::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(orders_table::Column::Id.eq(id.as_uuid()))
            .exec(&txn)
            .await
            .map_err(unexpected)?;
        if touched.rows_affected == 0 {
            return Err(OrderRepositoryError::NotFound);
        }
        // The service checks the limit on the order it read; this catches notes added
        // in between, which would otherwise leave an order its own rules refuse.
        let notes = order_notes::Entity::find()
            .filter(order_notes::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(order_notes::Column::OrderId.eq(id.as_uuid()))
            .count(&txn)
            .await
            .map_err(unexpected)?;
        if notes >= MAX_NOTES as u64 {
            return Err(unexpected(format!(
                "the order already has {MAX_NOTES} notes"
            )));
        }
        order_notes::Entity::insert(note_row(workspace_id, id, note))
            .exec_without_returning(&txn)
            .await
            .map_err(unexpected)?;
        txn.commit().await.map_err(unexpected)
    }
}
