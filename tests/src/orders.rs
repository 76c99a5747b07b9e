//! Orders placed the way the assistant places them, for the API tests.
//!
//! No public endpoint creates orders (the assistant does, inside a conversation), so
//! `OrderDesk` builds `orders::OrderService` over the store's adapters, connected to
//! the spawned app's own database, and places orders through the real use case: the
//! capture machine turns the customer's words into a confirmed cart, the catalog prices
//! it, the store numbers and writes it. Products come from the API beforehand.

use std::str::FromStr;
use std::sync::{Arc, Mutex};

use catalog::{CatalogPorts, CatalogScope, CatalogService, ProductId};
use chatdesk_server::events::BroadcastEventBus;
use chrono::{DateTime, Utc};
use kernel::{Clock, Currency, SystemClock, WorkspaceId};
use orders::{
    CaptureInput, ChannelId, ConversationId, CustomerId, ItemMention, Order, OrderCapture,
    OrderPorts, OrderScope, OrderService, OrderSource, PlaceOrder, PlacementKey, ProductChoice,
    Reply, SalesChannel, ShippingLocation, VariantPick,
};
use sea_orm::DatabaseConnection;

use crate::app::TestApp;

/// What the customer asks for: a product (its id as the API gave it), the variant by
/// name when it has variants, and how many.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub product_id: &'a str,
    pub variant: Option<&'a str>,
    pub quantity: u32,
}

impl<'a> Item<'a> {
    pub fn new(product_id: &'a str, quantity: u32) -> Self {
        Self {
            product_id,
            variant: None,
            quantity,
        }
    }

    pub fn variant(product_id: &'a str, variant: &'a str, quantity: u32) -> Self {
        Self {
            product_id,
            variant: Some(variant),
            quantity,
        }
    }
}

/// A customer writing in a conversation of their own on `channel`.
pub fn customer_on(channel: SalesChannel) -> OrderSource {
    OrderSource {
        customer_id: CustomerId::new(),
        conversation_id: ConversationId::new(),
        channel,
        channel_id: (channel != SalesChannel::Playground).then(ChannelId::new),
    }
}

/// The time orders are captured at; set by the test, so date filters are exact.
struct CaptureClock(Mutex<DateTime<Utc>>);

impl Clock for CaptureClock {
    fn now(&self) -> DateTime<Utc> {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub struct OrderDesk {
    service: OrderService,
    catalog: CatalogService,
    db: DatabaseConnection,
    clock: Arc<CaptureClock>,
}

impl OrderDesk {
    /// The use case over the spawned app's database (SQLite file or PostgreSQL).
    pub async fn open(app: &TestApp) -> OrderDesk {
        let db = store::connect(&app.database_url())
            .await
            .expect("the app's database");
        let repositories = store::CatalogRepositories::sea_orm(db.clone());
        // Quoting prices reads products and offers; it publishes nothing.
        let catalog = CatalogService::new(CatalogPorts {
            products: repositories.products,
            categories: repositories.categories,
            suppliers: repositories.suppliers,
            offers: repositories.offers,
            open_orders: repositories.open_orders,
            events: Arc::new(BroadcastEventBus::new()),
            clock: Arc::new(SystemClock),
        });
        let clock = Arc::new(CaptureClock(Mutex::new(SystemClock.now())));
        let service = OrderService::new(OrderPorts {
            orders: Arc::new(store::SeaOrmOrderRepository::new(db.clone())),
            prices: Arc::new(catalog.clone()),
            clock: clock.clone(),
        });
        OrderDesk {
            service,
            catalog,
            db,
            clock,
        }
    }

    /// Orders placed from now on are captured at `at`.
    pub fn capture_at(&self, at: DateTime<Utc>) {
        *self
            .clock
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = at;
    }

    /// `customer` orders `items` in one message, shipped to `location`, then says yes
    /// to the summary; the order is placed as the assistant would place it.
    pub async fn place(
        &self,
        workspace_id: &str,
        customer: OrderSource,
        items: &[Item<'_>],
        location: &str,
    ) -> Order {
        let workspace_id = WorkspaceId::from_str(workspace_id).expect("workspace id");
        let currency = self.currency(workspace_id).await;
        let scope = OrderScope::new(workspace_id, currency);
        let catalog_scope = CatalogScope::new(workspace_id, currency);
        let mut mentions = Vec::with_capacity(items.len());
        for item in items {
            let product_id = ProductId::from_str(item.product_id).expect("product id");
            let priced = self
                .catalog
                .get_product(&catalog_scope, product_id)
                .await
                .unwrap_or_else(|e| panic!("product {product_id}: {e}"));
            mentions.push(ItemMention {
                product: Some(ProductChoice::from_product(&priced.product)),
                variant: item.variant.map(|v| VariantPick::Named(v.to_owned())),
                quantity: Some(item.quantity),
            });
        }
        let mut capture = OrderCapture::new();
        capture.apply(CaptureInput {
            wants_to_order: true,
            items: mentions,
            location: Some(ShippingLocation::parse(location).expect("location")),
            ..CaptureInput::default()
        });
        capture.apply(CaptureInput {
            reply: Some(Reply::Yes),
            ..CaptureInput::default()
        });
        let confirmed = capture
            .confirmed()
            .unwrap_or_else(|| panic!("the cart was not confirmed: {:?}", capture.next_step()));
        let key = format!("test.{}", uuid::Uuid::now_v7().simple());
        self.service
            .place_order(
                &scope,
                PlaceOrder {
                    confirmed,
                    source: customer,
                    placement_key: PlacementKey::parse(&key).expect("key"),
                    shown_total: None,
                },
            )
            .await
            .unwrap_or_else(|e| panic!("placing the order: {e}"))
    }

    /// The workspace's selling currency, as the server reads it for a scope.
    async fn currency(&self, workspace_id: WorkspaceId) -> Currency {
        store::IdentityRepositories::sea_orm(self.db.clone())
            .workspaces
            .get(workspace_id)
            .await
            .expect("workspace")
            .expect("the workspace exists")
            .profile
            .currency
    }
}
