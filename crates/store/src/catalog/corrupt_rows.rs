//! Catalog rows the domain's constructors refuse (edited by hand, or left by a bad
//! migration) surface as `Unexpected`, never as a panic or a half-valid value.

use catalog::ports::{
    OfferRepository, OfferRepositoryError, ProductRepository, ProductRepositoryError,
};
use catalog::{OfferId, ProductId};
use kernel::WorkspaceId;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use uuid::Uuid;

use super::{SeaOrmOfferRepository, SeaOrmProductRepository};
use crate::entities::{offers, products, variants, workspaces};

/// A migrated SQLite file with one workspace in it.
async fn database(root: &tempfile::TempDir) -> (DatabaseConnection, Uuid) {
    let db = crate::connect(&format!("sqlite:{}/chatdesk.db", root.path().display()))
        .await
        .unwrap();
    crate::migrate(&db).await.unwrap();
    let workspace = Uuid::now_v7();
    let now = chrono::Utc::now();
    workspaces::Entity::insert(workspaces::ActiveModel {
        id: Set(workspace),
        business_name: Set("Glow Beauty".to_owned()),
        business_type: Set(None),
        timezone: Set("Europe/Rome".to_owned()),
        currency: Set("EUR".to_owned()),
        brand_tone: Set("friendly".to_owned()),
        languages: Set(serde_json::json!(["en"])),
        operating_hours: Set(serde_json::json!([])),
        onboarding: Set(serde_json::json!({
            "business_details": "done", "channel": "pending", "products": "pending",
            "tone": "pending", "completed": false
        })),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&db)
    .await
    .unwrap();
    (db, workspace)
}

fn product_row(workspace: Uuid, currency: &str) -> products::ActiveModel {
    let now = chrono::Utc::now();
    products::ActiveModel {
        id: Set(Uuid::now_v7()),
        workspace_id: Set(workspace),
        name: Set("Glow Serum".to_owned()),
        name_key: Set("glow serum".to_owned()),
        description: Set(String::new()),
        price_minor: Set(4500),
        currency: Set(currency.to_owned()),
        sku: Set(None),
        images: Set(serde_json::json!([])),
        available: Set(true),
        stock: Set(None),
        category_id: Set(None),
        supplier_id: Set(None),
        tags: Set(String::new()),
        search_text: Set("glow serum".to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
    }
}

#[tokio::test]
async fn a_product_in_an_unknown_currency_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let (db, workspace) = database(&root).await;
    let row = product_row(workspace, "XXY");
    let id = row.id.clone().unwrap();
    products::Entity::insert(row)
        .exec_without_returning(&db)
        .await
        .unwrap();

    let found = SeaOrmProductRepository::new(db)
        .get(WorkspaceId::from_uuid(workspace), ProductId::from_uuid(id))
        .await;
    assert!(
        matches!(&found, Err(ProductRepositoryError::Unexpected(m)) if m.contains("product currency")),
        "{found:?}"
    );
}

#[tokio::test]
async fn a_variant_of_an_unknown_kind_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let (db, workspace) = database(&root).await;
    let row = product_row(workspace, "EUR");
    let id = row.id.clone().unwrap();
    products::Entity::insert(row)
        .exec_without_returning(&db)
        .await
        .unwrap();
    variants::Entity::insert(variants::ActiveModel {
        id: Set(Uuid::now_v7()),
        product_id: Set(id),
        workspace_id: Set(workspace),
        position: Set(0),
        kind: Set("flavour".to_owned()),
        name: Set("Mint".to_owned()),
        price_modifier_minor: Set(0),
        available: Set(true),
        stock: Set(None),
    })
    .exec_without_returning(&db)
    .await
    .unwrap();

    let found = SeaOrmProductRepository::new(db)
        .list_all(WorkspaceId::from_uuid(workspace))
        .await;
    assert!(
        matches!(&found, Err(ProductRepositoryError::Unexpected(m)) if m.contains("variant kind")),
        "{found:?}"
    );
}

#[tokio::test]
async fn an_offer_with_an_unknown_discount_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let (db, workspace) = database(&root).await;
    let id = Uuid::now_v7();
    let now = chrono::Utc::now();
    offers::Entity::insert(offers::ActiveModel {
        id: Set(id),
        workspace_id: Set(workspace),
        name: Set("Black Friday".to_owned()),
        discount_kind: Set("buy_one_get_one".to_owned()),
        discount_value: Set(0),
        discount_currency: Set(None),
        target_kind: Set("products".to_owned()),
        product_ids: Set(serde_json::json!([Uuid::now_v7().to_string()])),
        category_id: Set(None),
        starts_at: Set(now),
        ends_at: Set(now + chrono::TimeDelta::days(1)),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&db)
    .await
    .unwrap();

    let found = SeaOrmOfferRepository::new(db)
        .get(WorkspaceId::from_uuid(workspace), OfferId::from_uuid(id))
        .await;
    assert!(
        matches!(&found, Err(OfferRepositoryError::Unexpected(m)) if m.contains("offer discount")),
        "{found:?}"
    );
}
