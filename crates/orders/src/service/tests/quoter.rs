//! `PriceQuoter` for the real `CatalogService`, over in-memory catalog ports: order
//! prices come from the catalog's own pricing, offers and availability rules.

use std::sync::Arc;

use async_trait::async_trait;
use catalog::ports::*;
use catalog::*;
use chrono::{DateTime, Utc};
use kernel::{
    Currency, DomainEvent, EventBus, EventBusError, ManualClock, Page, PageRequest, WorkspaceId,
};
use rust_decimal::Decimal;

use crate::models::fixtures::{at, eur, money};
use crate::ports::{PriceQuoter, PriceQuoterError};

struct Products(Vec<Product>);

#[async_trait]
impl ProductRepository for Products {
    async fn create(&self, _: &Product) -> Result<(), ProductRepositoryError> {
        unreachable!("quoting never writes")
    }
    async fn update(&self, _: &Product) -> Result<(), ProductRepositoryError> {
        unreachable!("quoting never writes")
    }
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: ProductId,
    ) -> Result<Option<Product>, ProductRepositoryError> {
        Ok(self
            .0
            .iter()
            .find(|p| p.id() == id && p.workspace_id() == workspace_id)
            .cloned())
    }
    async fn get_many(
        &self,
        _: WorkspaceId,
        _: &[ProductId],
    ) -> Result<Vec<Product>, ProductRepositoryError> {
        unreachable!()
    }
    async fn find_by_variant(
        &self,
        _: WorkspaceId,
        _: VariantId,
    ) -> Result<Option<Product>, ProductRepositoryError> {
        unreachable!()
    }
    async fn list(
        &self,
        _: WorkspaceId,
        _: &ProductFilter,
        _: ProductSort,
        _: PageRequest,
    ) -> Result<Page<Product>, ProductRepositoryError> {
        unreachable!()
    }
    async fn list_all(&self, _: WorkspaceId) -> Result<Vec<Product>, ProductRepositoryError> {
        unreachable!()
    }
    async fn soft_delete(
        &self,
        _: WorkspaceId,
        _: ProductId,
        _: DateTime<Utc>,
    ) -> Result<(), ProductRepositoryError> {
        unreachable!()
    }
    async fn hard_delete(
        &self,
        _: WorkspaceId,
        _: ProductId,
    ) -> Result<(), ProductRepositoryError> {
        unreachable!()
    }
    async fn save_import(&self, _: &ImportBatch) -> Result<(), ProductRepositoryError> {
        unreachable!()
    }
}

struct NoCategories;

#[async_trait]
impl CategoryRepository for NoCategories {
    async fn create(&self, _: &Category) -> Result<(), CategoryRepositoryError> {
        unreachable!()
    }
    async fn update(&self, _: &Category) -> Result<(), CategoryRepositoryError> {
        unreachable!()
    }
    async fn get(
        &self,
        _: WorkspaceId,
        _: CategoryId,
    ) -> Result<Option<Category>, CategoryRepositoryError> {
        Ok(None)
    }
    async fn list(&self, _: WorkspaceId) -> Result<Vec<Category>, CategoryRepositoryError> {
        Ok(Vec::new())
    }
    async fn delete(
        &self,
        _: WorkspaceId,
        _: CategoryId,
    ) -> Result<Vec<ProductId>, CategoryRepositoryError> {
        unreachable!()
    }
}

struct NoSuppliers;

#[async_trait]
impl SupplierRepository for NoSuppliers {
    async fn create(&self, _: &Supplier) -> Result<(), SupplierRepositoryError> {
        unreachable!()
    }
    async fn update(&self, _: &Supplier) -> Result<(), SupplierRepositoryError> {
        unreachable!()
    }
    async fn get(
        &self,
        _: WorkspaceId,
        _: SupplierId,
    ) -> Result<Option<Supplier>, SupplierRepositoryError> {
        unreachable!()
    }
    async fn list(
        &self,
        _: WorkspaceId,
        _: PageRequest,
    ) -> Result<Page<Supplier>, SupplierRepositoryError> {
        unreachable!()
    }
    async fn delete(
        &self,
        _: WorkspaceId,
        _: SupplierId,
    ) -> Result<Vec<ProductId>, SupplierRepositoryError> {
        unreachable!()
    }
}

struct Offers(Vec<Offer>);

#[async_trait]
impl OfferRepository for Offers {
    async fn create(&self, _: &Offer) -> Result<(), OfferRepositoryError> {
        unreachable!()
    }
    async fn update(&self, _: &Offer) -> Result<(), OfferRepositoryError> {
        unreachable!()
    }
    async fn get(&self, _: WorkspaceId, _: OfferId) -> Result<Option<Offer>, OfferRepositoryError> {
        unreachable!()
    }
    async fn list(
        &self,
        _: WorkspaceId,
        _: PageRequest,
    ) -> Result<Page<Offer>, OfferRepositoryError> {
        unreachable!()
    }
    async fn active_at(
        &self,
        _: WorkspaceId,
        at: DateTime<Utc>,
    ) -> Result<Vec<Offer>, OfferRepositoryError> {
        Ok(self
            .0
            .iter()
            .filter(|o| o.is_active_at(at))
            .cloned()
            .collect())
    }
    async fn for_category(
        &self,
        _: WorkspaceId,
        _: CategoryId,
    ) -> Result<Vec<Offer>, OfferRepositoryError> {
        unreachable!()
    }
    async fn delete(&self, _: WorkspaceId, _: OfferId) -> Result<(), OfferRepositoryError> {
        unreachable!()
    }
}

struct NoOpenOrders;

#[async_trait]
impl OpenOrderCheck for NoOpenOrders {
    async fn has_open_orders(
        &self,
        _: WorkspaceId,
        _: ProductId,
    ) -> Result<bool, OpenOrderCheckError> {
        unreachable!()
    }
}

struct Silent;

#[async_trait]
impl EventBus for Silent {
    async fn publish(&self, _: DomainEvent) -> Result<(), EventBusError> {
        Ok(())
    }
}

fn modifier(amount: &str) -> PriceModifier {
    PriceModifier::parse(amount, eur()).unwrap()
}

struct Shop {
    catalog: CatalogService,
    scope: CatalogScope,
    serum: Product,
    balm: Product,
}

/// Glow Serum 45 EUR (9 counted): 30ml sold out, 50ml +10 with 4 left, 10% off
/// until `at(20)`. Lip Balm 8 EUR, switched off.
fn shop() -> Shop {
    let ws = WorkspaceId::new();
    let mut new = NewProduct::new(
        ProductName::parse("Glow Serum").unwrap(),
        Price::parse("45", eur()).unwrap(),
    );
    new.stock = StockLevel::Tracked(9);
    let mut thirty = NewVariant::new(
        VariantKind::Size,
        VariantName::parse("30ml").unwrap(),
        modifier("0"),
    );
    thirty.stock = StockLevel::Tracked(0);
    let mut fifty = NewVariant::new(
        VariantKind::Size,
        VariantName::parse("50ml").unwrap(),
        modifier("10"),
    );
    fifty.stock = StockLevel::Tracked(4);
    new.variants = vec![thirty, fifty];
    let serum = Product::create(ws, new, at(8)).unwrap();
    let mut new = NewProduct::new(
        ProductName::parse("Lip Balm").unwrap(),
        Price::parse("8", eur()).unwrap(),
    );
    new.available = false;
    let balm = Product::create(ws, new, at(8)).unwrap();
    let offer = Offer::new(
        ws,
        NewOffer {
            name: OfferName::parse("Spring ten").unwrap(),
            discount: Discount::percentage(Decimal::from(10)).unwrap(),
            target: OfferTarget::Products(ProductSet::new(vec![serum.id()]).unwrap()),
            window: OfferWindow::new(at(0), at(20)).unwrap(),
        },
        at(0),
    );
    let catalog = CatalogService::new(CatalogPorts {
        products: Arc::new(Products(vec![serum.clone(), balm.clone()])),
        categories: Arc::new(NoCategories),
        suppliers: Arc::new(NoSuppliers),
        offers: Arc::new(Offers(vec![offer])),
        open_orders: Arc::new(NoOpenOrders),
        events: Arc::new(Silent),
        clock: Arc::new(ManualClock::new(at(12))),
    });
    Shop {
        catalog,
        scope: CatalogScope::new(ws, eur()),
        serum,
        balm,
    }
}

#[tokio::test]
async fn the_catalog_quotes_the_effective_price_names_and_stock() {
    let shop = shop();
    let fifty = shop.serum.variants()[1].id;
    let quote = shop
        .catalog
        .quote_item(&shop.scope, shop.serum.id(), Some(fifty))
        .await
        .unwrap();
    assert_eq!(quote.product_name.as_str(), "Glow Serum");
    assert_eq!(quote.variant_name.unwrap().as_str(), "50ml");
    assert_eq!(quote.price.base, money("55"));
    assert_eq!(quote.price.effective, money("49.5"));
    assert_eq!(quote.price.offer.unwrap().name.as_str(), "Spring ten");
    assert_eq!(
        quote.stock,
        Some(4),
        "the smaller of product and variant counts"
    );
}

#[tokio::test]
async fn what_cannot_be_sold_is_not_quoted() {
    let shop = shop();
    let thirty = shop.serum.variants()[0].id;
    let quoted = |product: ProductId, variant: Option<VariantId>| {
        let catalog = shop.catalog.clone();
        let scope = shop.scope;
        async move { catalog.quote_item(&scope, product, variant).await }
    };
    assert!(matches!(
        quoted(shop.serum.id(), Some(thirty)).await,
        Err(PriceQuoterError::NotOffered)
    ));
    assert!(matches!(
        quoted(shop.serum.id(), None).await,
        Err(PriceQuoterError::VariantRequired)
    ));
    assert!(matches!(
        quoted(shop.serum.id(), Some(VariantId::new())).await,
        Err(PriceQuoterError::VariantNotFound)
    ));
    assert!(matches!(
        quoted(shop.balm.id(), None).await,
        Err(PriceQuoterError::NotOffered)
    ));
    assert!(matches!(
        quoted(ProductId::new(), None).await,
        Err(PriceQuoterError::ProductNotFound)
    ));
    let other_workspace = CatalogScope::new(WorkspaceId::new(), Currency::parse("EUR").unwrap());
    assert!(matches!(
        shop.catalog
            .quote_item(&other_workspace, shop.serum.id(), None)
            .await,
        Err(PriceQuoterError::ProductNotFound)
    ));
}
