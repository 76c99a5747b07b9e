//! Starting an order, asking one thing at a time, and refusing what is not for sale.

use super::*;

#[test]
fn a_new_conversation_is_browsing_and_asks_nothing() {
    let capture = OrderCapture::new();
    assert_eq!(capture.stage(), CaptureStage::Browsing);
    assert_eq!(capture.next_step(), NextStep::Nothing);
    assert!(capture.cart().is_empty());
}

#[test]
fn a_price_question_does_not_start_an_order_but_is_remembered() {
    let serum = serum();
    let mut capture = OrderCapture::new();
    let outcome = send(&mut capture, Msg::new().asking_about(&serum));
    assert_eq!(outcome.stage, CaptureStage::Browsing);
    assert!(outcome.notices.is_empty());
    assert_eq!(capture.focus(), Some(&serum));
    // A product named without buying intent is remembered too, and nothing more.
    let balm = balm();
    send(&mut capture, Msg::new().product(&balm));
    assert_eq!(capture.stage(), CaptureStage::Browsing);
    assert_eq!(capture.focus(), Some(&balm));
    assert!(capture.cart().is_empty());
}

#[test]
fn one_message_can_answer_every_question() {
    let serum = serum();
    let mut capture = OrderCapture::new();
    let outcome = send(
        &mut capture,
        Msg::buy()
            .item(Some(&serum), Some("50ml"), Some(2))
            .to("Milan"),
    );
    assert_eq!(outcome.stage, CaptureStage::ConfirmingOrder);
    let NextStep::Confirm { cart, location } = outcome.next else {
        panic!("expected the summary, got {:?}", outcome.next);
    };
    assert_eq!(location.as_str(), "Milan");
    assert_eq!(cart.len(), 1);
    assert_eq!(cart.lines()[0].quantity.get(), 2);
    assert_eq!(
        cart.lines()[0].variant.as_ref().unwrap().name,
        vname("50ml")
    );
    assert_eq!(
        outcome.notices,
        [
            Notice::Started,
            Notice::Added {
                product: name(&serum),
                variant: Some(vname("50ml")),
                quantity: Some(crate::Quantity::new(2).unwrap()),
            }
        ]
    );
}

#[test]
fn otherwise_it_asks_one_thing_at_a_time_in_order() {
    let serum = serum();
    let mut capture = OrderCapture::new();

    let outcome = send(&mut capture, Msg::buy());
    assert_eq!(outcome.stage, CaptureStage::CollectingProduct);
    assert_eq!(outcome.next, NextStep::AskProduct);

    let outcome = send(&mut capture, Msg::new().product(&serum));
    assert_eq!(outcome.stage, CaptureStage::CollectingVariant);
    assert_eq!(
        outcome.next,
        NextStep::AskVariant {
            product_id: serum.product_id,
            product: name(&serum),
            options: vec![vname("30ml"), vname("50ml")],
        },
        "the sold-out 100ml is never offered"
    );

    let outcome = send(&mut capture, Msg::new().variant("50 ML"));
    assert_eq!(outcome.stage, CaptureStage::CollectingQuantity);
    assert_eq!(
        outcome.next,
        NextStep::AskQuantity {
            product_id: serum.product_id,
            product: name(&serum),
            variant: Some(vname("50ml")),
            max: 10,
        }
    );

    let outcome = send(&mut capture, Msg::new().qty(2));
    assert_eq!(outcome.stage, CaptureStage::CollectingLocation);
    assert_eq!(outcome.next, NextStep::AskLocation);

    let outcome = send(&mut capture, Msg::new().to("Milan"));
    assert_eq!(outcome.stage, CaptureStage::ConfirmingOrder);

    let outcome = send(&mut capture, Msg::new().yes());
    assert_eq!(outcome.stage, CaptureStage::OrderCaptured);
    let NextStep::PlaceOrder { confirmed } = outcome.next else {
        panic!("expected the order to be placed, got {:?}", outcome.next);
    };
    assert_eq!(confirmed.location().as_str(), "Milan");
    assert_eq!(confirmed.cart().units(), 2);
    assert_eq!(capture.confirmed(), Some(confirmed));
}

#[test]
fn a_product_without_variants_skips_the_variant_question() {
    let balm = balm();
    let mut capture = OrderCapture::new();
    let outcome = send(&mut capture, Msg::buy().product(&balm));
    assert_eq!(outcome.stage, CaptureStage::CollectingQuantity);
    let NextStep::AskQuantity { max, variant, .. } = outcome.next else {
        panic!("expected the quantity question");
    };
    assert_eq!(
        (max, variant),
        (5, None),
        "the counted stock caps the answer"
    );
}

#[test]
fn the_only_variant_on_sale_is_chosen_and_said() {
    let oil = oil();
    let mut capture = OrderCapture::new();
    let outcome = send(&mut capture, Msg::buy().product(&oil));
    assert_eq!(outcome.stage, CaptureStage::CollectingQuantity);
    assert!(outcome.notices.contains(&Notice::VariantChosen {
        product: name(&oil),
        variant: vname("Rose"),
    }));
}

#[test]
fn sold_out_and_unknown_variants_are_refused_and_asked_again() {
    let serum = serum();
    let mut capture = OrderCapture::new();
    let outcome = send(
        &mut capture,
        Msg::buy().item(Some(&serum), Some("100ml"), Some(1)),
    );
    assert_eq!(outcome.stage, CaptureStage::CollectingVariant);
    assert!(outcome.notices.contains(&Notice::VariantNotOffered {
        product: name(&serum),
        variant: vname("100ml"),
        offered: vec![vname("30ml"), vname("50ml")],
    }));

    let outcome = send(&mut capture, Msg::new().variant("75ml"));
    assert_eq!(outcome.stage, CaptureStage::CollectingVariant);
    assert!(outcome.notices.contains(&Notice::VariantUnknown {
        product: name(&serum),
        said: "75ml".into(),
        offered: vec![vname("30ml"), vname("50ml")],
    }));

    // The quantity said with the refused variant was kept.
    let outcome = send(&mut capture, Msg::new().variant("30ml"));
    assert_eq!(outcome.stage, CaptureStage::CollectingLocation);
    assert_eq!(lines(&capture), [line("Glow Serum", Some("30ml"), 1)]);
}

#[test]
fn a_variant_id_from_another_product_is_unknown_here() {
    let serum = serum();
    let oil = oil();
    let mut capture = OrderCapture::new();
    let mut msg = Msg::buy().product(&serum);
    msg.0.items[0].variant = Some(VariantPick::Id(oil.variants[0].id));
    let outcome = send(&mut capture, msg);
    assert_eq!(outcome.stage, CaptureStage::CollectingVariant);
    assert!(
        outcome
            .notices
            .iter()
            .any(|n| matches!(n, Notice::VariantUnknown { .. }))
    );
}

#[test]
fn a_product_that_is_not_for_sale_is_refused() {
    let mask = sold_out();
    let mut capture = OrderCapture::new();
    let outcome = send(&mut capture, Msg::buy().item(Some(&mask), None, Some(1)));
    assert_eq!(outcome.stage, CaptureStage::CollectingProduct);
    assert!(outcome.notices.contains(&Notice::ProductNotOffered {
        product: name(&mask)
    }));
    assert!(capture.cart().is_empty());
}

#[test]
fn yes_after_a_price_answer_orders_the_product_discussed() {
    let balm = balm();
    let mut capture = OrderCapture::new();
    send(&mut capture, Msg::new().asking_about(&balm));
    let outcome = send(&mut capture, Msg::new().yes().qty(2));
    assert_eq!(outcome.stage, CaptureStage::CollectingLocation);
    assert_eq!(lines(&capture), [line("Lip Balm", None, 2)]);
}

#[test]
fn a_bare_no_while_browsing_does_nothing() {
    let mut capture = OrderCapture::new();
    let outcome = send(&mut capture, Msg::new().no());
    assert_eq!(outcome.stage, CaptureStage::Browsing);
    assert!(outcome.notices.is_empty());
}

#[test]
fn a_quantity_said_before_the_product_is_kept_for_it() {
    let balm = balm();
    let mut capture = OrderCapture::new();
    send(&mut capture, Msg::buy().qty(3));
    assert_eq!(capture.stage(), CaptureStage::CollectingProduct);
    send(&mut capture, Msg::new().product(&balm));
    assert_eq!(lines(&capture), [line("Lip Balm", None, 3)]);
}

#[test]
fn a_variant_before_any_product_asks_for_the_product() {
    let mut capture = OrderCapture::new();
    let outcome = send(&mut capture, Msg::buy().variant("50ml"));
    assert_eq!(outcome.stage, CaptureStage::CollectingProduct);
    assert!(outcome.notices.contains(&Notice::ProductNeeded));
}

#[test]
fn the_only_variant_is_announced_once() {
    let oil = oil();
    let mut capture = OrderCapture::new();
    send(&mut capture, Msg::buy().item(Some(&oil), None, Some(1)));
    let outcome = send(&mut capture, Msg::new().item(Some(&oil), None, Some(2)));
    assert!(
        !outcome
            .notices
            .iter()
            .any(|n| matches!(n, Notice::VariantChosen { .. }))
    );
    assert_eq!(lines(&capture), [line("Lip Oil", Some("Rose"), 2)]);
}
