//! Use cases against `mockall` mocks of every port. A mock with no expectation set
//! panics when called, so each test also proves what was *not* written or published.

mod categories;
mod import;
mod offers;
mod products;
mod suppliers;
mod variants;

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use kernel::{DomainEvent, EventBus, EventBusError, ManualClock, WorkspaceId};

use super::{CatalogPorts, CatalogService};
use crate::models::fixtures::*;
use crate::ports::*;
use crate::{CatalogScope, Product};

mockall::mock! {
    pub Bus {}
    #[async_trait]
    impl EventBus for Bus {
        async fn publish(&self, event: DomainEvent) -> Result<(), EventBusError>;
    }
}

/// The mocks a test configures, then turns into a service whose clock reads `at(12)`.
pub(super) struct Ports {
    pub products: MockProductRepository,
    pub categories: MockCategoryRepository,
    pub suppliers: MockSupplierRepository,
    pub offers: MockOfferRepository,
    pub open_orders: MockOpenOrderCheck,
    pub events: MockBus,
    published: Arc<Mutex<Vec<DomainEvent>>>,
}

impl Ports {
    pub fn new() -> Self {
        Self {
            products: MockProductRepository::new(),
            categories: MockCategoryRepository::new(),
            suppliers: MockSupplierRepository::new(),
            offers: MockOfferRepository::new(),
            open_orders: MockOpenOrderCheck::new(),
            events: MockBus::new(),
            published: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Records every event published; read them back with `Published::take`.
    pub fn record_events(&mut self) -> Published {
        let published = self.published.clone();
        self.events.expect_publish().returning(move |event| {
            published.lock().unwrap().push(event);
            Ok(())
        });
        Published(self.published.clone())
    }

    pub fn service(self) -> CatalogService {
        CatalogService::new(CatalogPorts {
            products: Arc::new(self.products),
            categories: Arc::new(self.categories),
            suppliers: Arc::new(self.suppliers),
            offers: Arc::new(self.offers),
            open_orders: Arc::new(self.open_orders),
            events: Arc::new(self.events),
            clock: Arc::new(ManualClock::new(at(12))),
        })
    }

    /// `get` returns this product for its id (any number of times).
    pub fn stored(&mut self, product: &Product) {
        let stored = product.clone();
        let id = product.id();
        self.products
            .expect_get()
            .withf(move |_, asked| *asked == id)
            .returning(move |_, _| Ok(Some(stored.clone())));
    }
}

pub(super) struct Published(Arc<Mutex<Vec<DomainEvent>>>);

impl Published {
    pub fn take(&self) -> Vec<DomainEvent> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

pub(super) fn scope(workspace_id: WorkspaceId) -> CatalogScope {
    CatalogScope::new(workspace_id, eur())
}

pub(super) fn changed(product: &Product) -> DomainEvent {
    DomainEvent::ProductChanged {
        workspace_id: product.workspace_id(),
        product_id: product.id().as_uuid(),
    }
}

pub(super) fn deleted(product: &Product) -> DomainEvent {
    DomainEvent::ProductDeleted {
        workspace_id: product.workspace_id(),
        product_id: product.id().as_uuid(),
    }
}
