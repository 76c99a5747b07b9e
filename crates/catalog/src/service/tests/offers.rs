use kernel::{Currency, Money, WorkspaceId};
use rust_decimal::Decimal;

use super::*;
use crate::{
    CategoryId, Discount, NewOffer, OfferError, OfferName, OfferPatch, OfferTarget, OfferWindow,
    Price, ProductId, ProductSet,
};

fn offer_on(target: OfferTarget, discount: Discount) -> NewOffer {
    NewOffer {
        name: OfferName::parse("Black Friday").unwrap(),
        discount,
        target,
        window: OfferWindow::new(at(0), at(23)).unwrap(),
    }
}

fn ten_percent() -> Discount {
    Discount::percentage(Decimal::from(10)).unwrap()
}

#[tokio::test]
async fn an_offer_on_live_products_is_created() {
    let ws = WorkspaceId::new();
    let product = Product::create(ws, new_product("Glow Serum", "45"), at(9)).unwrap();
    let mut ports = Ports::new();
    let found = vec![product.clone()];
    ports
        .products
        .expect_get_many()
        .returning(move |_, _| Ok(found.clone()));
    ports.offers.expect_create().times(1).returning(|_| Ok(()));
    let published = ports.record_events();
    let target = OfferTarget::Products(ProductSet::new(vec![product.id()]).unwrap());
    let offer = ports
        .service()
        .create_offer(&scope(ws), offer_on(target, ten_percent()))
        .await
        .unwrap();
    assert_eq!(offer.workspace_id, ws);
    assert_eq!(offer.created_at, at(12));
    // Effective prices moved: whoever caches prices hears it.
    assert_eq!(
        published.take(),
        [kernel::DomainEvent::OffersChanged { workspace_id: ws }]
    );
}

#[tokio::test]
async fn offers_may_not_name_missing_or_deleted_products() {
    let ws = WorkspaceId::new();
    let mut gone = Product::create(ws, new_product("Old Serum", "45"), at(9)).unwrap();
    gone.mark_deleted(at(10));
    let never = ProductId::new();
    let mut ports = Ports::new();
    let found = vec![gone.clone()];
    ports
        .products
        .expect_get_many()
        .returning(move |_, _| Ok(found.clone()));
    let target = OfferTarget::Products(ProductSet::new(vec![gone.id(), never]).unwrap());
    let error = ports
        .service()
        .create_offer(&scope(ws), offer_on(target, ten_percent()))
        .await
        .unwrap_err();
    assert!(matches!(error, OfferError::ProductsNotFound(ref ids) if *ids == [gone.id(), never]));
}

#[tokio::test]
async fn offers_on_unknown_categories_are_refused() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    ports.categories.expect_get().returning(|_, _| Ok(None));
    let error = ports
        .service()
        .create_offer(
            &scope(ws),
            offer_on(OfferTarget::Category(CategoryId::new()), ten_percent()),
        )
        .await
        .unwrap_err();
    assert_eq!(error.code(), "category_not_found");
}

#[tokio::test]
async fn fixed_discounts_must_be_in_the_workspace_currency() {
    let ws = WorkspaceId::new();
    let service = Ports::new().service();
    let usd = Currency::parse("USD").unwrap();
    let five_dollars =
        Discount::fixed(Price::new(Money::new(Decimal::from(5), usd).unwrap()).unwrap());
    let error = service
        .create_offer(
            &scope(ws),
            offer_on(OfferTarget::Category(CategoryId::new()), five_dollars),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, OfferError::CurrencyMismatch { found, .. } if found == usd));
    let patch = OfferPatch {
        discount: Some(five_dollars),
        ..OfferPatch::default()
    };
    let error = service
        .update_offer(&scope(ws), crate::OfferId::new(), patch)
        .await
        .unwrap_err();
    assert_eq!(error.code(), "currency_mismatch");
}

#[tokio::test]
async fn moving_an_offer_window_saves_it() {
    let ws = WorkspaceId::new();
    let skincare = category(ws, "Skincare", None);
    let offer = crate::Offer::new(
        ws,
        offer_on(OfferTarget::Category(skincare.id), ten_percent()),
        at(1),
    );
    let mut ports = Ports::new();
    let stored = offer.clone();
    ports
        .offers
        .expect_get()
        .returning(move |_, _| Ok(Some(stored.clone())));
    ports
        .offers
        .expect_update()
        .withf(|o: &crate::Offer| o.window.ends_at() == at(20))
        .times(1)
        .returning(|_| Ok(()));
    let published = ports.record_events();
    let patch = OfferPatch {
        window: Some(OfferWindow::new(at(0), at(20)).unwrap()),
        ..OfferPatch::default()
    };
    let updated = ports
        .service()
        .update_offer(&scope(ws), offer.id, patch)
        .await
        .unwrap();
    assert_eq!(updated.updated_at, at(12));
    assert_eq!(
        published.take(),
        [kernel::DomainEvent::OffersChanged { workspace_id: ws }]
    );
}
