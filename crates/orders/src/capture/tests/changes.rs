//! Changing answers, saying no, cancelling, several lines, removing.

use super::*;

#[test]
fn the_customer_can_change_the_quantity_at_the_summary() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    let outcome = send(&mut capture, Msg::new().qty(3));
    assert_eq!(outcome.stage, CaptureStage::ConfirmingOrder);
    assert!(outcome.notices.contains(&Notice::QuantityChanged {
        product: name(&serum),
        variant: Some(vname("50ml")),
        from: crate::Quantity::new(2).unwrap(),
        to: crate::Quantity::new(3).unwrap(),
    }));
    assert_eq!(lines(&capture), [line("Glow Serum", Some("50ml"), 3)]);
}

#[test]
fn the_customer_can_change_the_variant_and_the_location() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    let outcome = send(&mut capture, Msg::new().variant("30ml").to("Rome"));
    assert_eq!(outcome.stage, CaptureStage::ConfirmingOrder);
    assert!(outcome.notices.contains(&Notice::VariantChanged {
        product: name(&serum),
        from: vname("50ml"),
        to: vname("30ml"),
    }));
    assert!(outcome.notices.contains(&Notice::LocationChanged {
        from: place("Milan"),
        to: place("Rome"),
    }));
    assert_eq!(lines(&capture), [line("Glow Serum", Some("30ml"), 2)]);
    // Naming the product with another variant is a change too, not a second line.
    send(
        &mut capture,
        Msg::new().item(Some(&serum), Some("50ml"), None),
    );
    assert_eq!(lines(&capture), [line("Glow Serum", Some("50ml"), 2)]);
}

#[test]
fn a_yes_that_also_changes_something_shows_the_summary_again() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    let outcome = send(&mut capture, Msg::new().yes().qty(3));
    assert_eq!(outcome.stage, CaptureStage::ConfirmingOrder);
    let outcome = send(&mut capture, Msg::new().yes());
    assert_eq!(outcome.stage, CaptureStage::OrderCaptured);
    assert_eq!(capture.confirmed().unwrap().cart().units(), 3);
}

#[test]
fn a_yes_with_a_refused_detail_does_not_confirm() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    let outcome = send(&mut capture, Msg::new().yes().variant("100ml"));
    assert_eq!(outcome.stage, CaptureStage::ConfirmingOrder);
    // Restating what is already in the cart is not a change: the yes counts.
    let outcome = send(
        &mut capture,
        Msg::new()
            .yes()
            .item(Some(&serum), Some("50ml"), Some(2))
            .to("Milan"),
    );
    assert_eq!(outcome.stage, CaptureStage::OrderCaptured);
}

#[test]
fn no_to_the_summary_goes_back_to_browsing_and_keeps_the_cart() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    let outcome = send(&mut capture, Msg::new().no());
    assert_eq!(outcome.stage, CaptureStage::Browsing);
    assert_eq!(outcome.notices, [Notice::Declined]);
    assert_eq!(lines(&capture), [line("Glow Serum", Some("50ml"), 2)]);
    assert_eq!(capture.location(), Some(&place("Milan")));

    // "Yes" now resumes and shows the summary again; it does not confirm by itself.
    let outcome = send(&mut capture, Msg::new().yes());
    assert_eq!(outcome.stage, CaptureStage::ConfirmingOrder);
    assert!(outcome.notices.contains(&Notice::Resumed));
    let outcome = send(&mut capture, Msg::new().yes());
    assert_eq!(outcome.stage, CaptureStage::OrderCaptured);
}

#[test]
fn a_correction_after_no_resumes_with_the_change() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    send(&mut capture, Msg::new().no());
    let outcome = send(&mut capture, Msg::new().qty(1));
    assert_eq!(outcome.stage, CaptureStage::ConfirmingOrder);
    assert_eq!(lines(&capture), [line("Glow Serum", Some("50ml"), 1)]);
    // "No, make it 4" is a correction, not a refusal.
    let outcome = send(&mut capture, Msg::new().no().qty(4));
    assert_eq!(outcome.stage, CaptureStage::ConfirmingOrder);
    assert_eq!(lines(&capture), [line("Glow Serum", Some("50ml"), 4)]);
}

#[test]
fn no_while_collecting_pauses_and_buying_again_resumes_at_the_same_question() {
    let serum = serum();
    let mut capture = OrderCapture::new();
    send(&mut capture, Msg::buy().item(Some(&serum), None, Some(2)));
    assert_eq!(capture.stage(), CaptureStage::CollectingVariant);
    let outcome = send(&mut capture, Msg::new().no());
    assert_eq!(outcome.stage, CaptureStage::Browsing);
    assert_eq!(outcome.notices, [Notice::Paused]);
    let outcome = send(&mut capture, Msg::buy());
    assert_eq!(outcome.stage, CaptureStage::CollectingVariant);
    send(&mut capture, Msg::new().variant("30ml"));
    assert_eq!(lines(&capture), [line("Glow Serum", Some("30ml"), 2)]);
}

#[test]
fn cancel_empties_the_cart() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    let outcome = send(&mut capture, Msg::new().cancel().no());
    assert_eq!(outcome.stage, CaptureStage::Browsing);
    assert_eq!(outcome.notices, [Notice::Cancelled]);
    assert!(capture.cart().is_empty());
    assert_eq!(capture.location(), None);
    let outcome = send(&mut capture, Msg::buy());
    assert_eq!(
        outcome.stage,
        CaptureStage::CollectingVariant,
        "the serum is still the focus"
    );
}

#[test]
fn several_products_in_one_message_make_several_lines_asked_in_turn() {
    let serum = serum();
    let balm = balm();
    let mut capture = OrderCapture::new();
    let outcome = send(
        &mut capture,
        Msg::buy().product(&serum).item(Some(&balm), None, Some(1)),
    );
    assert_eq!(outcome.stage, CaptureStage::CollectingVariant);
    assert_eq!(capture.pending_lines(), 1);
    send(&mut capture, Msg::new().variant("30ml"));
    assert_eq!(capture.stage(), CaptureStage::CollectingQuantity);
    send(&mut capture, Msg::new().qty(2));
    assert_eq!(capture.stage(), CaptureStage::CollectingLocation);
    assert_eq!(
        lines(&capture),
        [
            line("Glow Serum", Some("30ml"), 2),
            line("Lip Balm", None, 1)
        ]
    );
}

#[test]
fn add_another_asks_for_a_product_then_adds_a_line() {
    let serum = serum();
    let balm = balm();
    let mut capture = at_summary(&serum);
    let outcome = send(&mut capture, Msg::new().add());
    assert_eq!(outcome.stage, CaptureStage::CollectingProduct);
    // A yes here is not a confirmation: the customer asked to add something.
    let outcome = send(&mut capture, Msg::new().yes());
    assert_eq!(outcome.stage, CaptureStage::CollectingProduct);
    send(&mut capture, Msg::new().item(Some(&balm), None, Some(2)));
    assert_eq!(capture.stage(), CaptureStage::ConfirmingOrder);
    assert_eq!(
        lines(&capture),
        [
            line("Glow Serum", Some("50ml"), 2),
            line("Lip Balm", None, 2)
        ]
    );
}

#[test]
fn restating_a_line_sets_its_quantity_and_adding_adds_to_it() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    send(
        &mut capture,
        Msg::new().item(Some(&serum), Some("50ml"), Some(2)),
    );
    assert_eq!(lines(&capture), [line("Glow Serum", Some("50ml"), 2)]);
    send(
        &mut capture,
        Msg::new().add().item(Some(&serum), Some("50ml"), None),
    );
    assert_eq!(lines(&capture), [line("Glow Serum", Some("50ml"), 3)]);
    send(&mut capture, Msg::new().add().qty(2));
    assert_eq!(lines(&capture), [line("Glow Serum", Some("50ml"), 5)]);
    // Adding another variant of the same product is a second line.
    send(
        &mut capture,
        Msg::new().add().item(Some(&serum), Some("30ml"), Some(1)),
    );
    assert_eq!(
        lines(&capture),
        [
            line("Glow Serum", Some("50ml"), 5),
            line("Glow Serum", Some("30ml"), 1)
        ]
    );
}

#[test]
fn items_can_be_removed_and_removing_the_last_ends_ordering() {
    let serum = serum();
    let balm = balm();
    let mut capture = at_summary(&serum);
    send(
        &mut capture,
        Msg::new().add().item(Some(&balm), None, Some(1)),
    );
    let outcome = send(&mut capture, Msg::new().remove(&serum, None));
    assert!(outcome.notices.contains(&Notice::Removed {
        product: name(&serum),
        variant: Some(vname("50ml")),
    }));
    assert_eq!(outcome.stage, CaptureStage::ConfirmingOrder);
    assert_eq!(lines(&capture), [line("Lip Balm", None, 1)]);

    let outcome = send(&mut capture, Msg::new().remove(&serum, None));
    assert!(outcome.notices.contains(&Notice::NotInCart {
        product_id: serum.product_id
    }));

    let outcome = send(&mut capture, Msg::new().remove(&balm, None));
    assert_eq!(outcome.stage, CaptureStage::Browsing);
    assert!(capture.cart().is_empty());
}

#[test]
fn removing_one_variant_keeps_the_others() {
    let serum = serum();
    let mut capture = at_summary(&serum);
    send(
        &mut capture,
        Msg::new().add().item(Some(&serum), Some("30ml"), Some(1)),
    );
    let thirty = serum.variants[0].id;
    send(&mut capture, Msg::new().remove(&serum, Some(thirty)));
    assert_eq!(lines(&capture), [line("Glow Serum", Some("50ml"), 2)]);
}

#[test]
fn another_product_while_collecting_replaces_the_first() {
    let serum = serum();
    let balm = balm();
    let mut capture = OrderCapture::new();
    send(&mut capture, Msg::buy().item(Some(&serum), None, Some(2)));
    let outcome = send(&mut capture, Msg::new().product(&balm));
    assert!(outcome.notices.contains(&Notice::ProductReplaced {
        from: name(&serum),
        to: name(&balm),
    }));
    assert_eq!(outcome.stage, CaptureStage::CollectingLocation);
    assert_eq!(lines(&capture), [line("Lip Balm", None, 2)]);
}
