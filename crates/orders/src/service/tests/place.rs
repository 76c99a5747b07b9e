use std::sync::{Arc, Mutex};

use catalog::{AppliedOffer, Discount, OfferId, OfferName};
use rust_decimal::Decimal;

use super::*;
use crate::service::{PlaceOrder, PlaceOrderError};

struct Fixture {
    ports: Ports,
    workspace_id: WorkspaceId,
    serum: ProductId,
    fifty: VariantId,
    balm: ProductId,
}

fn fixture() -> Fixture {
    let mut ports = Ports::new();
    let serum = ProductId::new();
    let fifty = VariantId::new();
    let balm = ProductId::new();
    ports.quotes(serum, Some(fifty), || {
        let mut price = quote("55", "49.5");
        price.offer = Some(AppliedOffer {
            offer_id: OfferId::new(),
            name: OfferName::parse("Spring ten").unwrap(),
            discount: Discount::percentage(Decimal::from(10)).unwrap(),
            saving: money("5.5"),
            ends_at: at(20),
        });
        Ok(item_quote("Glow Serum", Some("50ml"), price))
    });
    ports.quotes(balm, None, || {
        Ok(item_quote("Lip Balm", None, quote("8", "8")))
    });
    Fixture {
        ports,
        workspace_id: WorkspaceId::new(),
        serum,
        fifty,
        balm,
    }
}

fn cart(f: &Fixture) -> Cart {
    Cart::new(vec![
        cart_line(f.serum, "Glow Serum", Some((f.fifty, "50ml")), 2),
        cart_line(f.balm, "Lip Balm", None, 3),
    ])
    .unwrap()
}

fn place(f: &Fixture, shown_total: Option<&str>) -> PlaceOrder {
    PlaceOrder {
        confirmed: ConfirmedCart::new(cart(f), ShippingLocation::parse("Milan").unwrap()).unwrap(),
        source: source(),
        placement_key: PlacementKey::parse("wamid.1").unwrap(),
        shown_total: shown_total.map(money),
    }
}

#[tokio::test]
async fn a_cart_is_priced_line_by_line_at_the_effective_price() {
    let f = fixture();
    let scope = scope(f.workspace_id);
    let cart = cart(&f);
    let quoted = f.ports.service().quote_cart(&scope, &cart).await.unwrap();
    assert_eq!(quoted.lines.len(), 2);
    assert_eq!(quoted.lines[0].unit_price(), money("49.5"));
    assert_eq!(quoted.lines[0].base_unit_price(), money("55"));
    assert_eq!(quoted.lines[0].offer().unwrap().name.as_str(), "Spring ten");
    assert_eq!(quoted.lines[0].line_total(), money("99"));
    assert_eq!(quoted.lines[1].line_total(), money("24"));
    assert_eq!(quoted.total, money("123"));
}

#[tokio::test]
async fn placing_stores_the_snapshot_and_returns_the_numbered_order() {
    let mut f = fixture();
    let written: Arc<Mutex<Option<NewOrder>>> = Arc::default();
    let sink = written.clone();
    let workspace_id = f.workspace_id;
    f.ports
        .orders
        .expect_create()
        .withf(move |new| new.workspace_id == workspace_id)
        .times(1)
        .returning(move |new| {
            *sink.lock().unwrap() = Some(new.clone());
            Ok(OrderNumber::new(1042).unwrap())
        });
    let place = place(&f, Some("123"));
    let expected_source = place.source;
    let order = f
        .ports
        .service()
        .place_order(&scope(workspace_id), place)
        .await
        .unwrap();
    assert_eq!(order.number().to_string(), "#1042");
    assert_eq!(order.status(), OrderStatus::Captured);
    assert_eq!(order.total(), money("123"));
    assert_eq!(order.currency(), eur());
    assert_eq!(order.shipping_location().as_str(), "Milan");
    assert_eq!(order.source(), &expected_source);
    assert_eq!(order.captured_at(), at(12));
    let names: Vec<_> = order
        .lines()
        .iter()
        .map(|l| {
            (
                l.product_name().as_str(),
                l.variant_name().map(|v| v.as_str()),
            )
        })
        .collect();
    assert_eq!(names, [("Glow Serum", Some("50ml")), ("Lip Balm", None)]);
    let new = written.lock().unwrap().clone().unwrap();
    assert_eq!(new.placement_key.as_str(), "wamid.1");
    assert_eq!(new.into_order(order.number()), order);
}

#[tokio::test]
async fn a_total_that_changed_since_the_summary_places_nothing() {
    let f = fixture();
    let place = place(&f, Some("130"));
    let error = f
        .ports
        .service()
        .place_order(&scope(f.workspace_id), place)
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        PlaceOrderError::PriceChanged { shown, current } if shown == money("130") && current == money("123")
    ));
    assert_eq!(error.code(), "price_changed");
}

#[tokio::test]
async fn placing_the_same_confirmation_twice_returns_the_first_order() {
    let mut f = fixture();
    let existing = stored_order();
    let existing_id = existing.id();
    f.ports
        .orders
        .expect_create()
        .returning(move |_| Err(OrderRepositoryError::AlreadyPlaced(existing_id)));
    f.ports
        .orders
        .expect_get()
        .withf(move |_, id| *id == existing_id)
        .returning(move |_, _| Ok(Some(existing.clone())));
    let place = place(&f, None);
    let order = f
        .ports
        .service()
        .place_order(&scope(f.workspace_id), place)
        .await
        .unwrap();
    assert_eq!(order.id(), existing_id);
}

#[tokio::test]
async fn a_line_that_can_no_longer_be_sold_is_named() {
    let mut ports = Ports::new();
    let serum = ProductId::new();
    let fifty = VariantId::new();
    ports.quotes(serum, Some(fifty), || Err(PriceQuoterError::NotOffered));
    let cart = Cart::new(vec![cart_line(
        serum,
        "Glow Serum",
        Some((fifty, "50ml")),
        1,
    )])
    .unwrap();
    let error = ports
        .service()
        .quote_cart(&scope(WorkspaceId::new()), &cart)
        .await
        .unwrap_err();
    match error {
        PlaceOrderError::NotOffered {
            product_id,
            product,
            variant,
        } => {
            assert_eq!(product_id, serum);
            assert_eq!(product.as_str(), "Glow Serum");
            assert_eq!(variant.unwrap().as_str(), "50ml");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn quoter_failures_map_to_business_errors() {
    let cases: [(Answer, &str); 4] = [
        (
            || Err(PriceQuoterError::ProductNotFound),
            "product_not_found",
        ),
        (|| Err(PriceQuoterError::VariantNotFound), "not_offered"),
        (
            || Err(PriceQuoterError::VariantRequired),
            "variant_required",
        ),
        (
            || Err(PriceQuoterError::Unexpected("db down".into())),
            "unexpected",
        ),
    ];
    for (answer, code) in cases {
        let mut ports = Ports::new();
        let balm = ProductId::new();
        ports.quotes(balm, None, answer);
        let cart = Cart::new(vec![cart_line(balm, "Lip Balm", None, 1)]).unwrap();
        let error = ports
            .service()
            .quote_cart(&scope(WorkspaceId::new()), &cart)
            .await
            .unwrap_err();
        assert_eq!(error.code(), code);
    }
}

#[tokio::test]
async fn more_than_the_counted_stock_is_refused() {
    let mut ports = Ports::new();
    let balm = ProductId::new();
    ports.quotes(balm, None, || {
        let mut quote = item_quote("Lip Balm", None, quote("8", "8"));
        quote.stock = Some(2);
        Ok(quote)
    });
    let cart = Cart::new(vec![cart_line(balm, "Lip Balm", None, 3)]).unwrap();
    let error = ports
        .service()
        .quote_cart(&scope(WorkspaceId::new()), &cart)
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        PlaceOrderError::NotEnoughStock { available: 2, .. }
    ));
}

#[tokio::test]
async fn prices_in_another_currency_are_refused() {
    let mut ports = Ports::new();
    let balm = ProductId::new();
    ports.quotes(balm, None, || {
        let usd = kernel::Currency::parse("USD").unwrap();
        let eight = kernel::Money::new(Decimal::from(8), usd).unwrap();
        let price = PriceQuote {
            base: eight,
            effective: eight,
            offer: None,
        };
        Ok(item_quote("Lip Balm", None, price))
    });
    let cart = Cart::new(vec![cart_line(balm, "Lip Balm", None, 1)]).unwrap();
    let error = ports
        .service()
        .quote_cart(&scope(WorkspaceId::new()), &cart)
        .await
        .unwrap_err();
    assert_eq!(error.code(), "currency_mismatch");
}
