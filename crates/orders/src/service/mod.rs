//! Order use cases. Handlers and the assistant call these with validated values and an
//! `OrderScope` built from the authenticated workspace; who may call which use case is
//! checked by the caller with identity's `Principal`.

mod errors;
mod manage;
mod place;

use std::sync::Arc;

use catalog::CatalogScope;
use chrono::{DateTime, Utc};
use kernel::{Clock, Currency, WorkspaceId};

use crate::ports::{OrderRepository, PriceQuoter};

pub use errors::{OrderError, PlaceOrderError};
pub use manage::{LATEST_ORDERS_DEFAULT, LATEST_ORDERS_MAX};
pub use place::{PlaceOrder, QuotedCart};

/// The workspace an order use case acts in, and the currency it sells in. The server
/// builds it from the workspace's profile, never from request input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderScope {
    pub workspace_id: WorkspaceId,
    pub currency: Currency,
}

impl OrderScope {
    pub fn new(workspace_id: WorkspaceId, currency: Currency) -> Self {
        Self {
            workspace_id,
            currency,
        }
    }

    fn catalog(&self) -> CatalogScope {
        CatalogScope::new(self.workspace_id, self.currency)
    }
}

/// Every port the order use cases use.
#[derive(Clone)]
pub struct OrderPorts {
    pub orders: Arc<dyn OrderRepository>,
    /// `catalog::CatalogService` in the server (it implements `PriceQuoter`).
    pub prices: Arc<dyn PriceQuoter>,
    pub clock: Arc<dyn Clock>,
}

#[derive(Clone)]
pub struct OrderService {
    ports: OrderPorts,
}

impl OrderService {
    pub fn new(ports: OrderPorts) -> Self {
        Self { ports }
    }

    fn now(&self) -> DateTime<Utc> {
        self.ports.clock.now()
    }
}

#[cfg(test)]
mod tests;
