//! Order numbers: one counter row per workspace, bumped in the order's transaction.
//!
//! `INSERT ... ON CONFLICT (workspace_id) DO UPDATE SET last_number = last_number + 1
//! RETURNING last_number` is one statement on both databases. On PostgreSQL it takes
//! the counter row's lock until the transaction ends, so a concurrent order of the
//! same workspace waits and then reads the committed value; SQLite has one writer at
//! a time anyway. A transaction that rolls back (a placement key placed already)
//! rolls the bump back too, so numbers are never skipped by retries, and never reused.

use ::orders::OrderNumber;
use ::orders::ports::OrderRepositoryError;
use kernel::WorkspaceId;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction};

use super::errors::{corrupt, unexpected};
use crate::entities::order_counters;

/// The workspace's next order number, `OrderNumber::FIRST` for its first order.
pub(super) async fn next_number(
    txn: &DatabaseTransaction,
    workspace_id: WorkspaceId,
) -> Result<OrderNumber, OrderRepositoryError> {
    let first = i64::try_from(OrderNumber::FIRST.value()).map_err(unexpected)?;
    let mut bump = Query::insert();
    bump.into_table(order_counters::Entity)
        .columns([
            order_counters::Column::WorkspaceId,
            order_counters::Column::LastNumber,
        ])
        .values([workspace_id.as_uuid().into(), first.into()])
        .map_err(unexpected)?;
    bump.on_conflict(
        OnConflict::column(order_counters::Column::WorkspaceId)
            .value(
                order_counters::Column::LastNumber,
                Expr::col((order_counters::Entity, order_counters::Column::LastNumber)).add(1),
            )
            .to_owned(),
    )
    .returning_col(order_counters::Column::LastNumber);
    let row = txn
        .query_one(&bump)
        .await
        .map_err(unexpected)?
        .ok_or_else(|| unexpected("the order counter returned no row"))?;
    let last: i64 = row.try_get("", "last_number").map_err(unexpected)?;
    u64::try_from(last)
        .ok()
        .and_then(|n| OrderNumber::new(n).ok())
        .ok_or_else(|| corrupt("order counter", last))
}
