use std::str::FromStr;

use catalog::{PriceQuote, ProductId, ProductName, VariantId, VariantName};
use chrono::TimeZone;
use rust_decimal::Decimal;

use super::*;
use crate::{AuthorId, LineSnapshot, NoteText, OrderLine, PLACEMENT_KEY_MAX, Quantity};

pub(crate) fn eur() -> Currency {
    Currency::parse("EUR").unwrap()
}

pub(crate) fn money(amount: &str) -> Money {
    Money::new(Decimal::from_str(amount).unwrap(), eur()).unwrap()
}

pub(crate) fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, hour, 0, 0).unwrap()
}

pub(crate) fn quote(base: &str, effective: &str) -> PriceQuote {
    PriceQuote {
        base: money(base),
        effective: money(effective),
        offer: None,
    }
}

pub(crate) fn snapshot(name: &str, variant: Option<&str>, price: PriceQuote) -> LineSnapshot {
    LineSnapshot {
        product_id: ProductId::new(),
        variant_id: variant.map(|_| VariantId::new()),
        product_name: ProductName::parse(name).unwrap(),
        variant_name: variant.map(|v| VariantName::parse(v).unwrap()),
        price,
    }
}

pub(crate) fn source() -> OrderSource {
    OrderSource {
        customer_id: CustomerId::new(),
        conversation_id: ConversationId::new(),
        channel: SalesChannel::Instagram,
        channel_id: Some(ChannelId::new()),
    }
}

pub(crate) fn new_order(lines: Vec<OrderLine>) -> NewOrder {
    NewOrder::new(
        WorkspaceId::new(),
        PlacementKey::parse("mid.123").unwrap(),
        source(),
        lines,
        eur(),
        ShippingLocation::parse("Milan").unwrap(),
        at(10),
    )
    .unwrap()
}

fn qty(n: u32) -> Quantity {
    Quantity::new(n).unwrap()
}

#[test]
fn lines_are_priced_at_the_effective_price_and_totalled() {
    let serum = OrderLine::priced(
        snapshot("Glow Serum", Some("50ml"), quote("55", "49.5")),
        qty(2),
    )
    .unwrap();
    assert_eq!(serum.unit_price(), money("49.5"));
    assert_eq!(serum.base_unit_price(), money("55"));
    assert_eq!(serum.line_total(), money("99"));
    let balm = OrderLine::priced(snapshot("Lip Balm", None, quote("8", "8")), qty(3)).unwrap();
    let order = new_order(vec![serum, balm]).into_order(OrderNumber::FIRST);
    assert_eq!(order.total(), money("123"));
    assert_eq!(order.status(), OrderStatus::Captured);
    assert_eq!(order.number().to_string(), "#1001");
    assert_eq!(Order::from_record(order.to_record()).unwrap(), order);
}

#[test]
fn an_order_needs_lines() {
    let error = NewOrder::new(
        WorkspaceId::new(),
        PlacementKey::parse("k").unwrap(),
        source(),
        vec![],
        eur(),
        ShippingLocation::parse("Milan").unwrap(),
        at(10),
    )
    .unwrap_err();
    assert_eq!(error, OrderRuleError::NoLines);
}

#[test]
fn records_that_disagree_with_themselves_are_refused() {
    let line = OrderLine::priced(snapshot("Glow Serum", None, quote("45", "45")), qty(2)).unwrap();
    let mut bad_line = line.to_record();
    bad_line.line_total = money("89");
    assert_eq!(
        OrderLine::from_record(bad_line),
        Err(OrderRuleError::LineTotalMismatch)
    );
    let mut above_base = line.to_record();
    above_base.unit_price = money("50");
    above_base.line_total = money("100");
    assert_eq!(
        OrderLine::from_record(above_base),
        Err(OrderRuleError::UnitPriceAboveBase)
    );
    let mut free = line.to_record();
    free.unit_price = money("0");
    free.line_total = money("0");
    assert_eq!(
        OrderLine::from_record(free),
        Err(OrderRuleError::UnitPriceNotPositive)
    );
    let mut usd = line.to_record();
    usd.base_unit_price = Money::new(Decimal::from(45), Currency::parse("USD").unwrap()).unwrap();
    assert!(matches!(
        OrderLine::from_record(usd),
        Err(OrderRuleError::CurrencyMismatch { .. })
    ));

    let order = new_order(vec![line]).into_order(OrderNumber::FIRST);
    let mut wrong_total = order.to_record();
    wrong_total.total = money("1");
    assert_eq!(
        Order::from_record(wrong_total),
        Err(OrderRuleError::TotalMismatch)
    );
    let mut completed_without_time = order.to_record();
    completed_without_time.status = OrderStatus::Completed;
    assert_eq!(
        Order::from_record(completed_without_time),
        Err(OrderRuleError::StatusTimestamps(OrderStatus::Completed))
    );
}

#[test]
fn status_changes_follow_the_lifecycle_and_stamp_the_time() {
    let line = OrderLine::priced(snapshot("Glow Serum", None, quote("45", "45")), qty(1)).unwrap();
    let mut order = new_order(vec![line]).into_order(OrderNumber::FIRST);
    assert_eq!(
        order.change_status(OrderStatus::InProgress, at(11)),
        Ok(true)
    );
    assert_eq!(order.in_progress_at(), Some(at(11)));
    assert_eq!(
        order.change_status(OrderStatus::InProgress, at(12)),
        Ok(false),
        "asking for the current status again changes nothing"
    );
    assert_eq!(order.updated_at(), at(11));
    assert_eq!(
        order.change_status(OrderStatus::Completed, at(13)),
        Ok(true)
    );
    assert_eq!(order.completed_at(), Some(at(13)));
    assert_eq!(
        order.change_status(OrderStatus::Cancelled, at(14)),
        Err(OrderStatusError::InvalidTransition {
            from: OrderStatus::Completed,
            to: OrderStatus::Cancelled
        })
    );
    assert_eq!(order.status(), OrderStatus::Completed);
    assert!(Order::from_record(order.to_record()).is_ok());
}

#[test]
fn notes_are_appended_up_to_the_limit() {
    let line = OrderLine::priced(snapshot("Glow Serum", None, quote("45", "45")), qty(1)).unwrap();
    let mut order = new_order(vec![line]).into_order(OrderNumber::FIRST);
    let author = AuthorId::new();
    for i in 0..MAX_NOTES {
        let text = NoteText::parse(&format!("note {i}")).unwrap();
        order
            .add_note(OrderNote::new(text, Some(author), at(12)))
            .unwrap();
    }
    let one_more = OrderNote::new(NoteText::parse("late").unwrap(), None, at(13));
    assert_eq!(order.add_note(one_more), Err(OrderRuleError::TooManyNotes));
    assert_eq!(order.notes().len(), MAX_NOTES);
    assert_eq!(order.updated_at(), at(12));
}

#[test]
fn placement_keys_are_visible_ascii() {
    assert!(PlacementKey::parse("wamid.HBgLMzQ2").is_ok());
    assert!(PlacementKey::parse("").is_err());
    assert!(PlacementKey::parse("has space").is_err());
    assert!(PlacementKey::parse(&"k".repeat(PLACEMENT_KEY_MAX + 1)).is_err());
}
