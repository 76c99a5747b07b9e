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

/// An order in `status` with one line for the product, placed through the orders
/// adapter. Returns the order id.
pub async fn order_for(
    stores: &Stores,
    workspace_id: WorkspaceId,
    product_id: ProductId,
    status: &str,
) -> uuid::Uuid {
    use super::order_fixtures::{line, new_order_at, source};
    use orders::ports::OrderRepository;
    let order = new_order_at(
        workspace_id,
        &format!("mid.{}", uuid::Uuid::now_v7().simple()),
        source(orders::SalesChannel::Messenger),
        vec![line(product_id, "Glow Serum", None, "45", 1)],
        now(),
    );
    let repository = store::SeaOrmOrderRepository::new(stores.db.clone());
    repository.create(&order).await.unwrap();
    let status = orders::OrderStatus::parse(status).unwrap();
    if status != orders::OrderStatus::Captured {
        repository
            .update_status(
                workspace_id,
                order.id,
                orders::OrderStatus::Captured,
                status,
                now(),
            )
            .await
            .unwrap();
    }
    order.id.as_uuid()
}

/// Moves an order to another status behind the orders domain's back (its use case
/// would refuse some moves), stamping it as the orders adapter does.
pub async fn set_order_status(stores: &Stores, order_id: uuid::Uuid, status: &str) {
    let mut update = Query::update();
    update
        .table(Alias::new("orders"))
        .value(Alias::new("status"), status)
        .and_where(Expr::col(Alias::new("id")).eq(order_id));
    if status != "captured" {
        update.value(Alias::new(format!("{status}_at")), now());
    }
    stores.db.execute(&update).await.unwrap();
}
