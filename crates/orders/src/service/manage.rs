//! Reading orders, moving them through their lifecycle, notes, and "where is my order".

use kernel::{Page, PageRequest};

use super::{OrderError, OrderScope, OrderService};
use crate::models::{
    AuthorId, CustomerId, NoteText, Order, OrderFilter, OrderId, OrderNote, OrderNumber,
    OrderStatus,
};

/// How many of a customer's orders "where is my order?" looks at by default: enough
/// for the usual "the one from last week", few enough for one chat message.
pub const LATEST_ORDERS_DEFAULT: u32 = 3;
pub const LATEST_ORDERS_MAX: u32 = 10;

impl OrderService {
    pub async fn get_order(&self, scope: &OrderScope, id: OrderId) -> Result<Order, OrderError> {
        self.ports
            .orders
            .get(scope.workspace_id, id)
            .await?
            .ok_or(OrderError::NotFound)
    }

    pub async fn list_orders(
        &self,
        scope: &OrderScope,
        filter: &OrderFilter,
        page: PageRequest,
    ) -> Result<Page<Order>, OrderError> {
        Ok(self
            .ports
            .orders
            .list(scope.workspace_id, filter, page)
            .await?)
    }

    /// Moves the order to `to` if the lifecycle allows it. Asking for the status the
    /// order already has succeeds without writing (a retried PATCH is harmless).
    pub async fn change_status(
        &self,
        scope: &OrderScope,
        id: OrderId,
        to: OrderStatus,
    ) -> Result<Order, OrderError> {
        let mut order = self.get_order(scope, id).await?;
        let from = order.status();
        if !order.change_status(to, self.now())? {
            return Ok(order);
        }
        // Conditional on the status read above, so two operators clicking "complete"
        // and "cancel" at once cannot both win.
        self.ports
            .orders
            .update_status(scope.workspace_id, id, from, to, order.updated_at())
            .await?;
        Ok(order)
    }

    pub async fn add_note(
        &self,
        scope: &OrderScope,
        id: OrderId,
        text: NoteText,
        author_id: Option<AuthorId>,
    ) -> Result<Order, OrderError> {
        let mut order = self.get_order(scope, id).await?;
        let note = OrderNote::new(text, author_id, self.now());
        order.add_note(note.clone())?;
        self.ports
            .orders
            .add_note(scope.workspace_id, id, &note)
            .await?;
        Ok(order)
    }

    /// "Where is my order?": the customer's own latest orders, newest first. `limit`
    /// is clamped to 1..=`LATEST_ORDERS_MAX`.
    pub async fn customer_orders(
        &self,
        scope: &OrderScope,
        customer_id: CustomerId,
        limit: u32,
    ) -> Result<Vec<Order>, OrderError> {
        let limit = limit.clamp(1, LATEST_ORDERS_MAX);
        Ok(self
            .ports
            .orders
            .latest_for_customer(scope.workspace_id, customer_id, limit)
            .await?)
    }

    /// "What about order #1042?": only if it is this customer's. Another customer's
    /// order is reported exactly like a missing one, so a guessed number reveals nothing.
    pub async fn customer_order_by_number(
        &self,
        scope: &OrderScope,
        customer_id: CustomerId,
        number: OrderNumber,
    ) -> Result<Order, OrderError> {
        self.ports
            .orders
            .get_by_number(scope.workspace_id, number)
            .await?
            .filter(|order| order.customer_id() == customer_id)
            .ok_or(OrderError::NumberNotFound(number))
    }
}
