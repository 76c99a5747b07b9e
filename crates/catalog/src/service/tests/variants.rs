use kernel::WorkspaceId;
use mockall::predicate::eq;
use rust_decimal::Decimal;

use super::*;
use crate::{PriceModifier, ProductError, ProductRuleError, VariantId, VariantName, VariantPatch};

fn product_in(ws: WorkspaceId) -> Product {
    let mut new = new_product("Glow Serum", "45");
    new.variants = vec![variant("30ml", "0"), variant("50ml", "10")];
    Product::create(ws, new, at(9)).unwrap()
}

#[tokio::test]
async fn adding_a_variant_saves_the_whole_product() {
    let ws = WorkspaceId::new();
    let product = product_in(ws);
    let mut ports = Ports::new();
    ports.stored(&product);
    ports
        .products
        .expect_update()
        .withf(|p: &Product| p.variants().len() == 3)
        .times(1)
        .returning(|_| Ok(()));
    let events = ports.record_events();
    let (updated, id) = ports
        .service()
        .add_variant(&scope(ws), product.id(), variant("100ml", "25"))
        .await
        .unwrap();
    assert_eq!(updated.variant(id).unwrap().name.as_str(), "100ml");
    assert_eq!(events.take(), [changed(&product)]);
}

#[tokio::test]
async fn a_variant_named_like_another_is_refused() {
    let ws = WorkspaceId::new();
    let product = product_in(ws);
    let mut ports = Ports::new();
    ports.stored(&product);
    let error = ports
        .service()
        .add_variant(&scope(ws), product.id(), variant("50ML", "0"))
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        ProductError::Rule(ProductRuleError::DuplicateVariantName(ref name)) if name == "50ML"
    ));
}

#[tokio::test]
async fn a_variant_is_changed_through_its_own_id() {
    let ws = WorkspaceId::new();
    let product = product_in(ws);
    let fifty = product.variants()[1].id;
    let mut ports = Ports::new();
    let stored = product.clone();
    ports
        .products
        .expect_find_by_variant()
        .with(eq(ws), eq(fifty))
        .returning(move |_, _| Ok(Some(stored.clone())));
    ports
        .products
        .expect_update()
        .withf(move |p: &Product| {
            p.variant(fifty).unwrap().price_modifier.amount() == Decimal::from(12)
        })
        .times(1)
        .returning(|_| Ok(()));
    let events = ports.record_events();
    let patch = VariantPatch {
        price_modifier: Some(PriceModifier::parse("12", eur()).unwrap()),
        ..VariantPatch::default()
    };
    ports
        .service()
        .update_variant(&scope(ws), fifty, patch)
        .await
        .unwrap();
    assert_eq!(events.take(), [changed(&product)]);
}

#[tokio::test]
async fn a_modifier_that_makes_the_variant_free_is_refused() {
    let ws = WorkspaceId::new();
    let product = product_in(ws);
    let thirty = product.variants()[0].id;
    let mut ports = Ports::new();
    let stored = product.clone();
    ports
        .products
        .expect_find_by_variant()
        .returning(move |_, _| Ok(Some(stored.clone())));
    let patch = VariantPatch {
        price_modifier: Some(PriceModifier::parse("-45", eur()).unwrap()),
        name: Some(VariantName::parse("Free").unwrap()),
        ..VariantPatch::default()
    };
    let error = ports
        .service()
        .update_variant(&scope(ws), thirty, patch)
        .await
        .unwrap_err();
    assert_eq!(error.code(), "variant_price_not_positive");
}

#[tokio::test]
async fn removing_a_variant_is_announced_and_unknown_variants_are_not_found() {
    let ws = WorkspaceId::new();
    let product = product_in(ws);
    let thirty = product.variants()[0].id;
    let mut ports = Ports::new();
    let stored = product.clone();
    ports
        .products
        .expect_find_by_variant()
        .with(eq(ws), eq(thirty))
        .returning(move |_, _| Ok(Some(stored.clone())));
    ports
        .products
        .expect_find_by_variant()
        .returning(|_, _| Ok(None));
    ports
        .products
        .expect_update()
        .withf(move |p: &Product| p.variant(thirty).is_none() && p.variants().len() == 1)
        .times(1)
        .returning(|_| Ok(()));
    let events = ports.record_events();
    let service = ports.service();
    service.remove_variant(&scope(ws), thirty).await.unwrap();
    assert_eq!(events.take(), [changed(&product)]);
    let error = service
        .remove_variant(&scope(ws), VariantId::new())
        .await
        .unwrap_err();
    assert!(matches!(error, ProductError::VariantNotFound));
}
