//! Quantities and stock, the cart's size, catalog refreshes, snapshots, and after capture.

use super::*;

#[test]
fn impossible_quantities_are_refused() {
    let serum = serum();
    let balm = balm();
    let mut capture = OrderCapture::new();
    send(
        &mut capture,
        Msg::buy().item(Some(&serum), Some("30ml"), None),
    );
    let outcome = send(&mut capture, Msg::new().qty(0));
    assert_eq!(outcome.notices, [Notice::QuantityZero]);
    assert_eq!(outcome.stage, CaptureStage::CollectingQuantity);
    let outcome = send(&mut capture, Msg::new().qty(101));
    assert_eq!(outcome.notices, [Notice::QuantityTooLarge { max: 100 }]);
    assert_eq!(outcome.stage, CaptureStage::CollectingQuantity);

    // More than the counted stock.
    send(&mut capture, Msg::new().qty(1));
    let outcome = send(
        &mut capture,
        Msg::new().add().item(Some(&balm), None, Some(6)),
    );
    assert!(outcome.notices.contains(&Notice::NotEnoughStock {
        product: name(&balm),
        variant: None,
        available: 5,
    }));
    assert_eq!(outcome.stage, CaptureStage::CollectingQuantity);
    send(&mut capture, Msg::new().qty(5));
    // A later change beyond the stock keeps what the line had.
    let outcome = send(&mut capture, Msg::new().item(Some(&balm), None, Some(9)));
    assert!(
        outcome
            .notices
            .iter()
            .any(|n| matches!(n, Notice::NotEnoughStock { available: 5, .. }))
    );
    assert_eq!(
        lines(&capture),
        [
            line("Glow Serum", Some("30ml"), 1),
            line("Lip Balm", None, 5)
        ]
    );
}

#[test]
fn a_variant_whose_stock_is_lower_asks_the_quantity_again() {
    let serum = serum();
    let mut capture = OrderCapture::new();
    send(
        &mut capture,
        Msg::buy().item(Some(&serum), Some("30ml"), Some(20)),
    );
    assert_eq!(capture.stage(), CaptureStage::CollectingLocation);
    let outcome = send(&mut capture, Msg::new().variant("50ml"));
    assert!(
        outcome
            .notices
            .iter()
            .any(|n| matches!(n, Notice::NotEnoughStock { available: 10, .. }))
    );
    assert_eq!(outcome.stage, CaptureStage::CollectingQuantity);
}

#[test]
fn a_captured_order_ignores_chatter_and_buying_again_starts_a_new_one() {
    let serum = serum();
    let balm = balm();
    let mut capture = at_summary(&serum);
    send(&mut capture, Msg::new().yes());
    let outcome = send(&mut capture, Msg::new().qty(7).no());
    assert_eq!(outcome.stage, CaptureStage::OrderCaptured);
    assert_eq!(outcome.notices, [Notice::AlreadyCaptured]);
    assert_eq!(capture.confirmed().unwrap().cart().units(), 2);

    let outcome = send(&mut capture, Msg::buy().item(Some(&balm), None, Some(1)));
    assert_eq!(outcome.stage, CaptureStage::CollectingLocation);
    assert_eq!(lines(&capture), [line("Lip Balm", None, 1)]);
}

#[test]
fn reopen_goes_back_to_the_summary_after_a_failed_placement() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    send(&mut capture, Msg::new().yes());
    capture.reopen();
    assert_eq!(capture.stage(), CaptureStage::ConfirmingOrder);
    assert_eq!(capture.confirmed(), None);
}

#[test]
fn fresh_catalog_facts_drop_what_can_no_longer_be_sold() {
    let serum = serum();
    let balm = balm();
    let mut capture = at_summary(&serum);
    send(
        &mut capture,
        Msg::new().add().item(Some(&balm), None, Some(4)),
    );
    send(&mut capture, Msg::new().yes());
    assert_eq!(capture.stage(), CaptureStage::OrderCaptured);

    let mut serum_now = serum.clone();
    serum_now.variants[1].offered = false;
    let mut balm_now = balm.clone();
    balm_now.stock = Some(2);
    let notices = capture.refresh_catalog(&[serum_now.clone(), balm_now]);
    assert_eq!(
        notices,
        [
            Notice::VariantNotOffered {
                product: name(&serum),
                variant: vname("50ml"),
                offered: vec![vname("30ml")],
            },
            Notice::NotEnoughStock {
                product: name(&balm),
                variant: None,
                available: 2,
            },
        ]
    );
    assert_eq!(capture.stage(), CaptureStage::CollectingVariant);

    let mut gone = serum_now;
    gone.offered = false;
    let mut capture = at_summary(&serum);
    capture.refresh_catalog(&[gone]);
    assert_eq!(capture.stage(), CaptureStage::Browsing);
    assert!(capture.cart().is_empty());
}

#[test]
fn unchanged_catalog_facts_change_nothing() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    send(&mut capture, Msg::new().yes());
    assert!(
        capture
            .refresh_catalog(std::slice::from_ref(&serum))
            .is_empty()
    );
    assert_eq!(capture.stage(), CaptureStage::OrderCaptured);
}

#[test]
fn the_cart_holds_at_most_twenty_lines() {
    let mut capture = OrderCapture::new();
    send(&mut capture, Msg::buy());
    for _ in 0..crate::MAX_CART_LINES {
        let mut p = balm();
        p.name = ProductName::parse("Some Balm").unwrap();
        send(&mut capture, Msg::new().add().item(Some(&p), None, Some(1)));
    }
    let outcome = send(
        &mut capture,
        Msg::new().add().item(Some(&balm()), None, Some(1)),
    );
    assert!(outcome.notices.contains(&Notice::CartFull));
    assert_eq!(capture.cart().len(), crate::MAX_CART_LINES);
}

#[test]
fn snapshots_round_trip_through_json() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    send(&mut capture, Msg::new().add().product(&oil()));
    send(&mut capture, Msg::new().add().qty(2));
    send(&mut capture, Msg::new().asking_about(&balm()));
    let json = serde_json::to_string(&capture.snapshot()).unwrap();
    assert!(json.contains("\"name\":\"Glow Serum\""));
    let read: CaptureSnapshot = serde_json::from_str(&json).unwrap();
    let restored = OrderCapture::restore(read).unwrap();
    assert_eq!(restored, capture);
    assert_eq!(restored.stage(), capture.stage());
}

#[test]
fn tampered_snapshots_are_refused() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    let mut incomplete = capture.snapshot();
    incomplete.lines[0].quantity = None;
    incomplete.captured = true;
    assert_eq!(
        OrderCapture::restore(incomplete),
        Err(SnapshotError::IncompleteConfirmation)
    );
    let mut zero = capture.snapshot();
    zero.lines[0].quantity = Some(0);
    assert_eq!(OrderCapture::restore(zero), Err(SnapshotError::Quantity));
    let mut sold_out_variant = capture.snapshot();
    sold_out_variant.lines[0].variant_id = Some(serum.variants[2].id);
    assert_eq!(
        OrderCapture::restore(sold_out_variant),
        Err(SnapshotError::Variant)
    );
    let mut bad_location = capture.snapshot();
    bad_location.location = Some("x".into());
    assert_eq!(
        OrderCapture::restore(bad_location),
        Err(SnapshotError::Location)
    );
    send(&mut capture, Msg::new().yes());
    assert!(OrderCapture::restore(capture.snapshot()).is_ok());
}
