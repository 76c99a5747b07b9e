//! `OpenOrderCheck`, and how open orders hold back `hard_delete`.

use catalog::ports::ProductRepositoryError;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, QueryResult};

use super::catalog_fixtures::*;
use super::fixtures::at;

pub async fn captured_and_in_progress_orders_are_open(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    for (status, open) in [
        ("captured", true),
        ("in_progress", true),
        ("completed", false),
        ("cancelled", false),
    ] {
        let product = product(ws, &format!("Product {status}"), "10");
        let unordered = self::product(ws, &format!("Unordered {status}"), "10");
        stores.catalog.products.create(&product).await.unwrap();
        stores.catalog.products.create(&unordered).await.unwrap();
        order_for(stores, ws, product.id(), status).await;

        let check = &stores.catalog.open_orders;
        assert_eq!(
            check.has_open_orders(ws, product.id()).await.unwrap(),
            open,
            "{status}"
        );
        assert!(!check.has_open_orders(ws, unordered.id()).await.unwrap());
    }
}

pub async fn orders_of_another_workspace_do_not_count(stores: &Stores) {
    let a = stores.workspace("ana").await;
    let b = stores.workspace("bea").await;
    let product = product(a, "Glow Serum", "45");
    stores.catalog.products.create(&product).await.unwrap();
    order_for(stores, a, product.id(), "captured").await;

    let check = &stores.catalog.open_orders;
    assert!(check.has_open_orders(a, product.id()).await.unwrap());
    assert!(!check.has_open_orders(b, product.id()).await.unwrap());
}

async fn line_of(stores: &Stores, order_id: uuid::Uuid) -> QueryResult {
    let query = Query::select()
        .columns(["product_id", "product_name"].map(Alias::new))
        .from(Alias::new("order_lines"))
        .and_where(Expr::col(Alias::new("order_id")).eq(order_id))
        .to_owned();
    stores.db.query_one(&query).await.unwrap().unwrap()
}

pub async fn open_orders_hold_back_a_hard_delete_and_closed_ones_keep_their_snapshot(
    stores: &Stores,
) {
    let ws = stores.workspace("ana").await;
    let product = product(ws, "Glow Serum", "45");
    stores.catalog.products.create(&product).await.unwrap();
    let order = order_for(stores, ws, product.id(), "in_progress").await;

    let refused = stores.catalog.products.hard_delete(ws, product.id()).await;
    assert!(
        matches!(refused, Err(ProductRepositoryError::HasOpenOrders)),
        "{refused:?}"
    );
    assert!(
        stores
            .catalog
            .products
            .get(ws, product.id())
            .await
            .unwrap()
            .is_some()
    );
    // Hiding it is always allowed.
    stores
        .catalog
        .products
        .soft_delete(ws, product.id(), at(1))
        .await
        .unwrap();

    set_order_status(stores, order, "completed").await;
    stores
        .catalog
        .products
        .hard_delete(ws, product.id())
        .await
        .unwrap();
    assert_eq!(
        stores.catalog.products.get(ws, product.id()).await.unwrap(),
        None
    );
    let line = line_of(stores, order).await;
    assert_eq!(
        line.try_get::<Option<uuid::Uuid>>("", "product_id")
            .unwrap(),
        None
    );
    assert_eq!(
        line.try_get::<String>("", "product_name").unwrap(),
        "Glow Serum"
    );
}
