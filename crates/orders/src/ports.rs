//! What the orders domain needs from the outside: storage for orders (adapter in
//! `crates/store`) and prices from the catalog (`PriceQuoter`, implemented here for
//! `catalog::CatalogService`, so the server wires the catalog service itself).
//!
//! Every method is scoped by workspace: an adapter never returns or touches another
//! tenant's rows, whatever id it is given.
//!
//! What `OrderRepository` needs from the schema, beyond the catalog migration's
//! minimal `orders`/`order_lines` (money as integer minor units, as in the catalog):
//! - `orders`: `number` BIGINT (unique with `workspace_id`, handed out from a
//!   per-workspace counter in the insert's transaction, so never reused),
//!   `placement_key` (unique with `workspace_id`), `customer_id`, `conversation_id`,
//!   `channel` (checked list of `SalesChannel` names), `channel_id` (nullable),
//!   `shipping_location`, `in_progress_at`/`completed_at`/`cancelled_at` (nullable);
//!   `created_at` is the capture time. Indexes for the list: `(workspace_id,
//!   created_at, id)`, and the same led by `status`, `channel`, `customer_id`.
//! - `order_lines`: `position` (line order), `base_unit_price_minor`,
//!   `line_total_minor`, `offer_id` and `offer_name` (nullable); `quantity` checked
//!   1 to 100.
//! - `order_notes`: `id`, `order_id` (cascade), `workspace_id`, `text`, `author_id`
//!   (nullable), `created_at`; index `(order_id, created_at)`.

use async_trait::async_trait;
use catalog::{CatalogScope, PriceQuote, ProductId, ProductName, VariantId, VariantName};
use chrono::{DateTime, Utc};
use kernel::{Page, PageRequest, WorkspaceId};

use crate::models::*;

#[derive(Debug, thiserror::Error)]
pub enum OrderRepositoryError {
    #[error("order not found")]
    NotFound,
    /// An order with this placement key exists already (the same confirmation
    /// processed twice); it names the order placed the first time.
    #[error("this order was already placed")]
    AlreadyPlaced(OrderId),
    /// The status was no longer the expected one when the update ran: someone else
    /// changed it first. Nothing was written.
    #[error("the order's status changed meanwhile")]
    StatusConflict,
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait OrderRepository: Send + Sync {
    /// Inserts the order with its lines and gives it the workspace's next number
    /// (`OrderNumber::FIRST` for the first), in one transaction. Numbers are unique per
    /// workspace and never reused; placement keys are unique per workspace
    /// (`AlreadyPlaced` names the existing order).
    async fn create(&self, order: &NewOrder) -> Result<OrderNumber, OrderRepositoryError>;
    /// An order with its lines and notes.
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: OrderId,
    ) -> Result<Option<Order>, OrderRepositoryError>;
    async fn get_by_number(
        &self,
        workspace_id: WorkspaceId,
        number: OrderNumber,
    ) -> Result<Option<Order>, OrderRepositoryError>;
    /// One page of orders matching every filter, newest capture first, ties broken by
    /// id so pages never overlap.
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        filter: &OrderFilter,
        page: PageRequest,
    ) -> Result<Page<Order>, OrderRepositoryError>;
    /// The customer's latest orders, newest first, at most `limit`.
    async fn latest_for_customer(
        &self,
        workspace_id: WorkspaceId,
        customer_id: CustomerId,
        limit: u32,
    ) -> Result<Vec<Order>, OrderRepositoryError>;
    /// Writes the new status and its timestamp (`in_progress_at`, `completed_at` or
    /// `cancelled_at`, and `updated_at`) only if the status still is `expected`, in
    /// one conditional UPDATE: `StatusConflict` otherwise, `NotFound` if no such order.
    async fn update_status(
        &self,
        workspace_id: WorkspaceId,
        id: OrderId,
        expected: OrderStatus,
        to: OrderStatus,
        at: DateTime<Utc>,
    ) -> Result<(), OrderRepositoryError>;
    /// Appends a note and sets `updated_at` to its time. `NotFound` if no such order.
    async fn add_note(
        &self,
        workspace_id: WorkspaceId,
        id: OrderId,
        note: &OrderNote,
    ) -> Result<(), OrderRepositoryError>;
}

#[derive(Debug, thiserror::Error)]
pub enum PriceQuoterError {
    #[error("product not found")]
    ProductNotFound,
    #[error("variant not found")]
    VariantNotFound,
    /// The product has variants and none was given: there is no single price.
    #[error("this product comes in variants; one must be chosen")]
    VariantRequired,
    /// Switched off, sold out or deleted: it cannot be ordered.
    #[error("this product or variant is not for sale right now")]
    NotOffered,
    #[error("unexpected failure quoting a price: {0}")]
    Unexpected(String),
}

/// One line's price as the catalog quotes it now, with the names to snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemQuote {
    pub product_name: ProductName,
    pub variant_name: Option<VariantName>,
    /// Base and effective price (offers applied) from `catalog::pricing`.
    pub price: PriceQuote,
    /// Units in stock when counted (the smaller of product and variant counts).
    pub stock: Option<u32>,
}

/// Prices from the catalog: the only source of a price in an order.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait PriceQuoter: Send + Sync {
    async fn quote_item(
        &self,
        scope: &CatalogScope,
        product_id: ProductId,
        variant_id: Option<VariantId>,
    ) -> Result<ItemQuote, PriceQuoterError>;
}
