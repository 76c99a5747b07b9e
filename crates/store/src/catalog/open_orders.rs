//! `OpenOrderCheck` on sea-orm, until the orders domain has its own adapter: an order
//! is open while it is captured or in progress.

use async_trait::async_trait;
use catalog::ProductId;
use catalog::ports::{OpenOrderCheck, OpenOrderCheckError};
use kernel::WorkspaceId;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::entities::{order_lines, orders};

/// Orders that are neither completed nor cancelled.
const OPEN_STATUSES: [&str; 2] = ["captured", "in_progress"];

pub struct SeaOrmOpenOrderCheck {
    db: DatabaseConnection,
}

impl SeaOrmOpenOrderCheck {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl OpenOrderCheck for SeaOrmOpenOrderCheck {
    #[tracing::instrument(skip_all)]
    async fn has_open_orders(
        &self,
        workspace_id: WorkspaceId,
        product_id: ProductId,
    ) -> Result<bool, OpenOrderCheckError> {
        let found = self
            .db
            .query_one(
                &open_order_lines(workspace_id, product_id)
                    .limit(1)
                    .to_owned(),
            )
            .await
            .map_err(|err| OpenOrderCheckError::Unexpected(err.to_string()))?;
        Ok(found.is_some())
    }
}

/// Lines of the workspace's open orders that reference the product (`SELECT 1 ...`),
/// for this check and for `hard_delete`'s `NOT EXISTS`.
pub(super) fn open_order_lines(
    workspace_id: WorkspaceId,
    product_id: ProductId,
) -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from(order_lines::Entity)
        .inner_join(
            orders::Entity,
            Expr::col((orders::Entity, orders::Column::Id))
                .equals((order_lines::Entity, order_lines::Column::OrderId)),
        )
        .and_where(
            Expr::col((order_lines::Entity, order_lines::Column::WorkspaceId))
                .eq(workspace_id.as_uuid()),
        )
        .and_where(
            Expr::col((orders::Entity, orders::Column::WorkspaceId)).eq(workspace_id.as_uuid()),
        )
        .and_where(
            Expr::col((order_lines::Entity, order_lines::Column::ProductId))
                .eq(product_id.as_uuid()),
        )
        .and_where(Expr::col((orders::Entity, orders::Column::Status)).is_in(OPEN_STATUSES))
        .to_owned()
}
