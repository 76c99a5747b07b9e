//! Catalog use cases. Handlers call these with validated values and a `CatalogScope`
//! built from the authenticated workspace; who may call which use case (the
//! `EditCatalog` permission) is checked by the caller with identity's `Principal`.
//!
//! Every change to a product is followed by a `ProductChanged` or `ProductDeleted`
//! event once the write succeeded. Publishing is best-effort (see `kernel::EventBus`).

mod categories;
mod errors;
mod import;
mod offers;
mod products;
mod suppliers;
mod variants;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use kernel::{Clock, DomainEvent, EventBus, WorkspaceId};

use crate::ports::*;
use crate::{Category, Offer, PricingContext, ProductId};

pub use errors::{CategoryError, ImportError, OfferError, ProductError, SupplierError};
pub use products::{BULK_MAX, BulkItem, DeleteMode};

/// Every port the catalog use cases use.
#[derive(Clone)]
pub struct CatalogPorts {
    pub products: Arc<dyn ProductRepository>,
    pub categories: Arc<dyn CategoryRepository>,
    pub suppliers: Arc<dyn SupplierRepository>,
    pub offers: Arc<dyn OfferRepository>,
    pub open_orders: Arc<dyn OpenOrderCheck>,
    pub events: Arc<dyn EventBus>,
    pub clock: Arc<dyn Clock>,
}

#[derive(Clone)]
pub struct CatalogService {
    ports: CatalogPorts,
}

/// What pricing needs besides the product, loaded once per request.
struct PricingInputs {
    at: DateTime<Utc>,
    offers: Vec<Offer>,
    categories: Vec<Category>,
}

impl PricingInputs {
    fn context(&self) -> PricingContext<'_> {
        PricingContext {
            at: self.at,
            offers: &self.offers,
            categories: &self.categories,
        }
    }
}

impl CatalogService {
    pub fn new(ports: CatalogPorts) -> Self {
        Self { ports }
    }

    fn now(&self) -> DateTime<Utc> {
        self.ports.clock.now()
    }

    async fn pricing_inputs(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<PricingInputs, ProductError> {
        let at = self.now();
        let offers = self.ports.offers.active_at(workspace_id, at).await?;
        let categories = self.ports.categories.list(workspace_id).await?;
        Ok(PricingInputs {
            at,
            offers,
            categories,
        })
    }

    async fn product_changed(&self, workspace_id: WorkspaceId, product_id: ProductId) {
        self.publish(DomainEvent::ProductChanged {
            workspace_id,
            product_id: product_id.as_uuid(),
        })
        .await;
    }

    async fn product_deleted(&self, workspace_id: WorkspaceId, product_id: ProductId) {
        self.publish(DomainEvent::ProductDeleted {
            workspace_id,
            product_id: product_id.as_uuid(),
        })
        .await;
    }

    async fn publish(&self, event: DomainEvent) {
        // The change is committed; failing the request now would only make the client
        // retry a write that already happened. The adapter logs delivery failures, and
        // dashboards re-read the catalog when they reconnect.
        let _ = self.ports.events.publish(event).await;
    }
}

#[cfg(test)]
mod tests;
