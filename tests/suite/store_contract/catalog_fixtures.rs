//! What the catalog contract cases run against, and catalog values built through the
//! domain's constructors.

use catalog::{
    Category, CategoryName, Discount, NewOffer, NewProduct, NewSupplier, NewVariant, Offer,
    OfferName, OfferTarget, OfferWindow, Price, PriceModifier, Product, ProductId, ProductName,
    ProductRecord, Sku, Supplier, SupplierContact, SupplierName, VariantKind, VariantName,
};
use chatdesk_tests::db::TestDatabase;
use chrono::{DateTime, Utc};
use kernel::{Currency, Money, WorkspaceId};
use sea_orm::prelude::Decimal;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use store::{CatalogRepositories, IdentityRepositories};

use super::fixtures::{now, sign_up};

/// A migrated database with every adapter over it. Catalog rows need a workspace to
/// belong to, which the identity adapters create.
pub struct Stores {
    pub db: DatabaseConnection,
    pub identity: IdentityRepositories,
    pub catalog: CatalogRepositories,
}

impl Stores {
    pub async fn open(database: &TestDatabase) -> Stores {
        let db = database.connect().await;
        Stores {
            identity: IdentityRepositories::sea_orm(db.clone()),
            catalog: CatalogRepositories::sea_orm(db.clone()),
            db,
        }
    }

    /// A new workspace, owned by a new user.
    pub async fn workspace(&self, label: &str) -> WorkspaceId {
        sign_up(&self.identity, &format!("{label}@example.com"))
            .await
            .workspace
            .id
    }
}

pub fn eur() -> Currency {
    Currency::parse("EUR").unwrap()
}

pub fn money(amount: &str) -> Money {
    Money::new(amount.parse::<Decimal>().unwrap(), eur()).unwrap()
}

pub fn price(amount: &str) -> Price {
    Price::parse(amount, eur()).unwrap()
}

pub fn sku(raw: &str) -> Sku {
    Sku::parse(raw).unwrap()
}

pub fn variant(name: &str, modifier: &str) -> NewVariant {
    NewVariant::new(
        VariantKind::Size,
        VariantName::parse(name).unwrap(),
        PriceModifier::parse(modifier, eur()).unwrap(),
    )
}

/// What a seller fills in for a quick product: a name and a price.
pub fn new_product(name: &str, amount: &str) -> NewProduct {
    NewProduct::new(ProductName::parse(name).unwrap(), price(amount))
}

/// A product created `seconds_from_now` (creation order matters to sorting).
pub fn product_at(workspace_id: WorkspaceId, new: NewProduct, seconds_from_now: i64) -> Product {
    Product::create(workspace_id, new, super::fixtures::at(seconds_from_now)).unwrap()
}

pub fn product(workspace_id: WorkspaceId, name: &str, amount: &str) -> Product {
    product_at(workspace_id, new_product(name, amount), 0)
}

/// The same product, as if it belonged to `workspace_id`: how a caller naming the
/// wrong workspace would present it.
pub fn moved_to(product: &Product, workspace_id: WorkspaceId) -> Product {
    Product::from_record(ProductRecord {
        workspace_id,
        ..product.to_record()
    })
    .unwrap()
}

pub fn category(workspace_id: WorkspaceId, name: &str, parent: Option<&Category>) -> Category {
    Category::new(
        workspace_id,
        CategoryName::parse(name).unwrap(),
        parent,
        now(),
    )
    .unwrap()
}

pub fn supplier(workspace_id: WorkspaceId, name: &str) -> Supplier {
    Supplier::new(
        workspace_id,
        NewSupplier {
            name: SupplierName::parse(name).unwrap(),
            contact: SupplierContact::default(),
        },
        now(),
    )
}

pub fn window(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> OfferWindow {
    OfferWindow::new(starts_at, ends_at).unwrap()
}

pub fn percent_off(percent: &str) -> Discount {
    Discount::percentage(percent.parse::<Decimal>().unwrap()).unwrap()
}

pub fn offer(
    workspace_id: WorkspaceId,
    name: &str,
    target: OfferTarget,
    window: OfferWindow,
) -> Offer {
    Offer::new(
        workspace_id,
        NewOffer {
            name: OfferName::parse(name).unwrap(),
            discount: percent_off("10"),
            target,
            window,
        },
        now(),
    )
}

/// An order in `status` with one line for the product, written the way the orders
/// domain will (its adapter does not exist yet). Returns the order id.
pub async fn order_for(
    stores: &Stores,
    workspace_id: WorkspaceId,
    product_id: ProductId,
    status: &str,
) -> uuid::Uuid {
    let order_id = uuid::Uuid::now_v7();
    let orders = Query::insert()
        .into_table(Alias::new("orders"))
        .columns(
            [
                "id",
                "workspace_id",
                "status",
                "currency",
                "total_minor",
                "created_at",
                "updated_at",
            ]
            .map(Alias::new),
        )
        .values_panic([
            order_id.into(),
            workspace_id.as_uuid().into(),
            status.into(),
            "EUR".into(),
            4500_i64.into(),
            now().into(),
            now().into(),
        ])
        .to_owned();
    stores.db.execute(&orders).await.unwrap();
    let line = Query::insert()
        .into_table(Alias::new("order_lines"))
        .columns(
            [
                "id",
                "order_id",
                "workspace_id",
                "product_id",
                "product_name",
                "unit_price_minor",
                "quantity",
                "created_at",
            ]
            .map(Alias::new),
        )
        .values_panic([
            uuid::Uuid::now_v7().into(),
            order_id.into(),
            workspace_id.as_uuid().into(),
            product_id.as_uuid().into(),
            "Glow Serum".into(),
            4500_i64.into(),
            1_i32.into(),
            now().into(),
        ])
        .to_owned();
    stores.db.execute(&line).await.unwrap();
    order_id
}

/// Moves an order to another status, as the orders domain will.
pub async fn set_order_status(stores: &Stores, order_id: uuid::Uuid, status: &str) {
    let update = Query::update()
        .table(Alias::new("orders"))
        .value(Alias::new("status"), status)
        .and_where(Expr::col(Alias::new("id")).eq(order_id))
        .to_owned();
    stores.db.execute(&update).await.unwrap();
}
