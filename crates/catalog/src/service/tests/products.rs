use std::str::FromStr;

use kernel::{Currency, EventBusError, Money, PageRequest, WorkspaceId};
use mockall::predicate::eq;
use rust_decimal::Decimal;

use super::*;
use crate::{
    BulkItem, CategoryId, DeleteMode, Discount, NewOffer, Offer, OfferName, OfferTarget,
    OfferWindow, Price, ProductError, ProductFilter, ProductId, ProductPatch, ProductRuleError,
    ProductSet, ProductSort, Sku, StockLevel, SupplierId, VariantPatch,
};

fn money(amount: &str) -> Money {
    Money::new(Decimal::from_str(amount).unwrap(), eur()).unwrap()
}

fn product_in(ws: WorkspaceId) -> Product {
    let mut new = new_product("Glow Serum", "45");
    new.variants = vec![variant("30ml", "0"), variant("50ml", "10")];
    Product::create(ws, new, at(9)).unwrap()
}

fn outcomes(items: &[BulkItem]) -> Vec<(ProductId, Result<(), &'static str>)> {
    items
        .iter()
        .map(|i| {
            (
                i.product_id,
                i.outcome.as_ref().map(|_| ()).map_err(ProductError::code),
            )
        })
        .collect()
}

#[tokio::test]
async fn creating_a_product_saves_it_and_announces_it() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    ports
        .products
        .expect_create()
        .withf(move |p: &Product| p.workspace_id() == ws && p.name().as_str() == "Glow Serum")
        .times(1)
        .returning(|_| Ok(()));
    let events = ports.record_events();
    let mut new = new_product("Glow Serum", "45");
    new.variants = vec![variant("30ml", "0")];

    let product = ports
        .service()
        .create_product(&scope(ws), new)
        .await
        .unwrap();

    assert_eq!(product.created_at(), at(12), "stamped by the clock port");
    assert_eq!(product.variants().len(), 1);
    assert_eq!(events.take(), [changed(&product)]);
}

#[tokio::test]
async fn a_product_priced_in_another_currency_is_refused_before_any_write() {
    let ws = WorkspaceId::new();
    let service = Ports::new().service();
    let usd = Currency::parse("USD").unwrap();
    let new = crate::NewProduct::new(
        crate::ProductName::parse("Glow Serum").unwrap(),
        Price::parse("45", usd).unwrap(),
    );
    let error = service.create_product(&scope(ws), new).await.unwrap_err();
    assert!(matches!(error, ProductError::CurrencyMismatch { found, .. } if found == usd));
    assert_eq!(error.code(), "currency_mismatch");
}

#[tokio::test]
async fn unknown_categories_and_suppliers_are_refused() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    ports.categories.expect_get().returning(|_, _| Ok(None));
    let mut new = new_product("Glow Serum", "45");
    new.category_id = Some(CategoryId::new());
    let error = ports
        .service()
        .create_product(&scope(ws), new)
        .await
        .unwrap_err();
    assert!(matches!(error, ProductError::CategoryNotFound));

    let mut ports = Ports::new();
    ports.suppliers.expect_get().returning(|_, _| Ok(None));
    let mut new = new_product("Glow Serum", "45");
    new.supplier_id = Some(SupplierId::new());
    let error = ports
        .service()
        .create_product(&scope(ws), new)
        .await
        .unwrap_err();
    assert!(matches!(error, ProductError::SupplierNotFound));
}

#[tokio::test]
async fn duplicate_variant_names_never_reach_storage() {
    let ws = WorkspaceId::new();
    let service = Ports::new().service();
    let mut new = new_product("Glow Serum", "45");
    new.variants = vec![variant("30ml", "0"), variant("30ML", "5")];
    let error = service.create_product(&scope(ws), new).await.unwrap_err();
    assert!(matches!(
        error,
        ProductError::Rule(ProductRuleError::DuplicateVariantName(_))
    ));
    assert_eq!(error.code(), "duplicate_variant");
}

#[tokio::test]
async fn a_duplicate_sku_reported_by_storage_is_a_business_error_and_not_announced() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    ports.products.expect_create().returning(|p| {
        Err(ProductRepositoryError::DuplicateSku(
            p.sku().unwrap().clone(),
        ))
    });
    let mut new = new_product("Glow Serum", "45");
    new.sku = Some(Sku::parse("gs-1").unwrap());
    let error = ports
        .service()
        .create_product(&scope(ws), new)
        .await
        .unwrap_err();
    assert!(matches!(error, ProductError::DuplicateSku(ref sku) if sku.as_str() == "GS-1"));
}

#[tokio::test]
async fn a_failing_event_bus_does_not_fail_a_committed_change() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    ports.products.expect_create().returning(|_| Ok(()));
    ports
        .events
        .expect_publish()
        .times(1)
        .returning(|_| Err(EventBusError::Unexpected("listener gone".into())));
    let result = ports
        .service()
        .create_product(&scope(ws), new_product("Glow Serum", "45"))
        .await;
    assert!(result.is_ok());
}

#[tokio::test]
async fn updating_writes_and_announces_only_real_changes() {
    let ws = WorkspaceId::new();
    let product = product_in(ws);
    let mut ports = Ports::new();
    ports.stored(&product);
    ports
        .products
        .expect_update()
        .withf(|p: &Product| p.price().amount() == Decimal::from(50) && p.updated_at() == at(12))
        .times(1)
        .returning(|_| Ok(()));
    let events = ports.record_events();
    let service = ports.service();

    let patch = ProductPatch {
        price: Some(Price::parse("50", eur()).unwrap()),
        ..ProductPatch::default()
    };
    let updated = service
        .update_product(&scope(ws), product.id(), patch)
        .await
        .unwrap();
    assert_eq!(updated.price().amount(), Decimal::from(50));
    assert_eq!(events.take(), [changed(&product)]);

    let same = ProductPatch {
        price: Some(Price::parse("45", eur()).unwrap()),
        ..ProductPatch::default()
    };
    service
        .update_product(&scope(ws), product.id(), same)
        .await
        .unwrap();
    assert_eq!(
        events.take(),
        [],
        "45 is what storage holds: nothing to write"
    );
}

#[tokio::test]
async fn soft_deleted_products_cannot_be_edited_or_quoted() {
    let ws = WorkspaceId::new();
    let mut product = product_in(ws);
    product.mark_deleted(at(10));
    let mut ports = Ports::new();
    ports.stored(&product);
    let service = ports.service();
    let error = service
        .update_product(&scope(ws), product.id(), ProductPatch::default())
        .await
        .unwrap_err();
    assert!(matches!(error, ProductError::NotFound));
    let error = service
        .quote_price(&scope(ws), product.id(), None)
        .await
        .unwrap_err();
    assert!(matches!(error, ProductError::NotFound));
    let error = service
        .get_product(&scope(ws), product.id())
        .await
        .unwrap_err();
    assert_eq!(error.code(), "product_not_found");
}

#[tokio::test]
async fn a_soft_delete_needs_no_order_check_and_is_announced() {
    let ws = WorkspaceId::new();
    let product = product_in(ws);
    let mut ports = Ports::new();
    ports.stored(&product);
    ports
        .products
        .expect_soft_delete()
        .with(eq(ws), eq(product.id()), eq(at(12)))
        .times(1)
        .returning(|_, _, _| Ok(()));
    let events = ports.record_events();
    ports
        .service()
        .delete_product(&scope(ws), product.id(), DeleteMode::Soft)
        .await
        .unwrap();
    assert_eq!(events.take(), [deleted(&product)]);
}

#[tokio::test]
async fn a_product_in_open_orders_cannot_be_hard_deleted() {
    let ws = WorkspaceId::new();
    let product = product_in(ws);
    let mut ports = Ports::new();
    ports.stored(&product);
    ports
        .open_orders
        .expect_has_open_orders()
        .with(eq(ws), eq(product.id()))
        .returning(|_, _| Ok(true));
    let error = ports
        .service()
        .delete_product(&scope(ws), product.id(), DeleteMode::Hard)
        .await
        .unwrap_err();
    assert!(matches!(error, ProductError::HasOpenOrders));
    assert_eq!(error.code(), "product_has_open_orders");
}

#[tokio::test]
async fn a_product_without_open_orders_is_erased_even_after_a_soft_delete() {
    let ws = WorkspaceId::new();
    let mut product = product_in(ws);
    product.mark_deleted(at(10));
    let mut ports = Ports::new();
    ports.stored(&product);
    ports
        .open_orders
        .expect_has_open_orders()
        .returning(|_, _| Ok(false));
    ports
        .products
        .expect_hard_delete()
        .with(eq(ws), eq(product.id()))
        .times(1)
        .returning(|_, _| Ok(()));
    let events = ports.record_events();
    ports
        .service()
        .delete_product(&scope(ws), product.id(), DeleteMode::Hard)
        .await
        .unwrap();
    assert_eq!(events.take(), [deleted(&product)]);
}

#[tokio::test]
async fn restoring_brings_a_soft_deleted_product_back() {
    let ws = WorkspaceId::new();
    let mut product = product_in(ws);
    product.mark_deleted(at(10));
    let mut ports = Ports::new();
    ports.stored(&product);
    ports
        .products
        .expect_update()
        .withf(|p: &Product| !p.is_deleted())
        .times(1)
        .returning(|_| Ok(()));
    let events = ports.record_events();
    let restored = ports
        .service()
        .restore_product(&scope(ws), product.id())
        .await
        .unwrap();
    assert!(restored.is_offered());
    assert_eq!(events.take(), [changed(&product)]);
}

#[tokio::test]
async fn bulk_availability_reports_each_product() {
    let ws = WorkspaceId::new();
    let on = product_in(ws);
    let mut off = product_in(ws);
    off.set_available(false, at(10));
    let missing = ProductId::new();
    let mut ports = Ports::new();
    let found = vec![on.clone(), off.clone()];
    ports
        .products
        .expect_get_many()
        .withf(move |_, ids: &[ProductId]| ids.len() == 3)
        .returning(move |_, _| Ok(found.clone()));
    let off_id = off.id();
    ports
        .products
        .expect_update()
        .withf(move |p: &Product| p.id() == off_id && p.is_available())
        .times(1)
        .returning(|_| Ok(()));
    let events = ports.record_events();

    let ids = [on.id(), off.id(), missing, on.id()];
    let results = ports
        .service()
        .set_availability(&scope(ws), &ids, true)
        .await
        .unwrap();

    assert_eq!(
        outcomes(&results),
        [
            (on.id(), Ok(())),
            (off.id(), Ok(())),
            (missing, Err("product_not_found"))
        ],
        "duplicates collapse; an already-available product needs no write"
    );
    assert_eq!(events.take(), [changed(&off)]);
}

#[tokio::test]
async fn bulk_hard_delete_skips_products_in_open_orders() {
    let ws = WorkspaceId::new();
    let busy = product_in(ws);
    let idle = product_in(ws);
    let mut ports = Ports::new();
    let found = vec![busy.clone(), idle.clone()];
    ports
        .products
        .expect_get_many()
        .returning(move |_, _| Ok(found.clone()));
    let busy_id = busy.id();
    ports
        .open_orders
        .expect_has_open_orders()
        .returning(move |_, id| Ok(id == busy_id));
    ports
        .products
        .expect_hard_delete()
        .with(eq(ws), eq(idle.id()))
        .times(1)
        .returning(|_, _| Ok(()));
    let events = ports.record_events();
    let results = ports
        .service()
        .delete_products(&scope(ws), &[busy.id(), idle.id()], DeleteMode::Hard)
        .await
        .unwrap();
    assert_eq!(
        outcomes(&results),
        [
            (busy.id(), Err("product_has_open_orders")),
            (idle.id(), Ok(()))
        ]
    );
    assert_eq!(events.take(), [deleted(&idle)]);
}

#[tokio::test]
async fn bulk_requests_must_name_one_to_a_hundred_products() {
    let ws = WorkspaceId::new();
    let service = Ports::new().service();
    let error = service
        .set_availability(&scope(ws), &[], true)
        .await
        .unwrap_err();
    assert!(matches!(error, ProductError::BulkSize { max: 100 }));
    let many: Vec<ProductId> = (0..101).map(|_| ProductId::new()).collect();
    let error = service
        .delete_products(&scope(ws), &many, DeleteMode::Soft)
        .await
        .unwrap_err();
    assert_eq!(error.code(), "bulk_size");
}

fn ten_percent_on(product: &Product) -> Offer {
    Offer::new(
        product.workspace_id(),
        NewOffer {
            name: OfferName::parse("Ten off").unwrap(),
            discount: Discount::percentage(Decimal::from(10)).unwrap(),
            target: OfferTarget::Products(ProductSet::new(vec![product.id()]).unwrap()),
            window: OfferWindow::new(at(0), at(23)).unwrap(),
        },
        at(0),
    )
}

#[tokio::test]
async fn reading_a_product_prices_it_with_the_offers_active_now() {
    let ws = WorkspaceId::new();
    let product = product_in(ws);
    let offer = ten_percent_on(&product);
    let mut ports = Ports::new();
    ports.stored(&product);
    ports
        .offers
        .expect_active_at()
        .with(eq(ws), eq(at(12)))
        .returning(move |_, _| Ok(vec![offer.clone()]));
    ports.categories.expect_list().returning(|_| Ok(Vec::new()));
    let priced = ports
        .service()
        .get_product(&scope(ws), product.id())
        .await
        .unwrap();
    assert_eq!(priced.price.effective, money("40.5"));
    assert_eq!(priced.variants[1].price.effective, money("49.5"));
}

#[tokio::test]
async fn listing_by_category_includes_its_subcategories() {
    let ws = WorkspaceId::new();
    let skincare = category(ws, "Skincare", None);
    let serums = category(ws, "Serums", Some(&skincare));
    let makeup = category(ws, "Makeup", None);
    let tree = vec![skincare.clone(), serums.clone(), makeup];
    let product = product_in(ws);
    let mut ports = Ports::new();
    ports
        .offers
        .expect_active_at()
        .returning(|_, _| Ok(Vec::new()));
    ports
        .categories
        .expect_list()
        .returning(move |_| Ok(tree.clone()));
    let expected = vec![skincare.id, serums.id];
    let listed = product.clone();
    ports
        .products
        .expect_list()
        .withf(move |_, filter: &ProductFilter, sort, page| {
            filter.categories == expected && *sort == ProductSort::default() && page.page() == 2
        })
        .times(1)
        .returning(move |_, _, _, page| Ok(kernel::Page::new(vec![listed.clone()], 21, page)));
    let filter = ProductFilter {
        categories: vec![skincare.id],
        ..ProductFilter::default()
    };
    let page = ports
        .service()
        .list_products(
            &scope(ws),
            filter,
            ProductSort::default(),
            PageRequest::new(2, 20).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(page.total, 21);
    assert_eq!(page.items[0].product.id(), product.id());
    assert_eq!(page.items[0].price.effective, money("45"));
}

#[tokio::test]
async fn out_of_stock_variants_are_not_quoted() {
    let ws = WorkspaceId::new();
    let mut product = product_in(ws);
    let thirty = product.variants()[0].id;
    let fifty = product.variants()[1].id;
    let sold_out = VariantPatch {
        stock: Some(StockLevel::Tracked(0)),
        ..VariantPatch::default()
    };
    product.update_variant(thirty, sold_out, at(10)).unwrap();
    let offer = ten_percent_on(&product);
    let mut ports = Ports::new();
    ports.stored(&product);
    ports
        .offers
        .expect_active_at()
        .returning(move |_, _| Ok(vec![offer.clone()]));
    ports.categories.expect_list().returning(|_| Ok(Vec::new()));
    let service = ports.service();

    let error = service
        .quote_price(&scope(ws), product.id(), Some(thirty))
        .await
        .unwrap_err();
    assert!(matches!(error, ProductError::NotOffered));
    let quote = service
        .quote_price(&scope(ws), product.id(), Some(fifty))
        .await
        .unwrap();
    assert_eq!(quote.base, money("55"));
    assert_eq!(quote.effective, money("49.5"));
    let error = service
        .quote_price(&scope(ws), product.id(), Some(crate::VariantId::new()))
        .await
        .unwrap_err();
    assert!(matches!(error, ProductError::VariantNotFound));
}

#[tokio::test]
async fn storage_failures_are_unexpected_errors() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    ports
        .products
        .expect_get()
        .returning(|_, _| Err(ProductRepositoryError::Unexpected("disk full".into())));
    let error = ports
        .service()
        .delete_product(&scope(ws), ProductId::new(), DeleteMode::Soft)
        .await
        .unwrap_err();
    assert!(matches!(error, ProductError::Unexpected(ref m) if m == "disk full"));
}
