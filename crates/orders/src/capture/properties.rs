//! Properties over any sequence of messages, drawn against a small catalog with the
//! awkward cases: a product with a sold-out variant and counted stock, one without
//! variants, one with a single variant on sale, and one not for sale at all.

use proptest::prelude::*;

use super::tests::{balm, oil, serum, sold_out};
use super::*;
use crate::{MAX_QUANTITY, ShippingLocation};

const VARIANT_WORDS: [&str; 6] = ["30ml", "50ml", "100ml", "Rose", "Cherry", "75ml"];
const PLACES: [&str; 2] = ["Milan", "Madrid"];

fn catalog() -> Vec<ProductChoice> {
    vec![serum(), balm(), oil(), sold_out()]
}

/// A message as indices into the catalog, so proptest can shrink it.
#[derive(Debug, Clone)]
struct Drawn {
    wants_to_order: bool,
    discussed: Option<usize>,
    items: Vec<(Option<usize>, Option<usize>, Option<u32>)>,
    location: Option<usize>,
    reply: Option<bool>,
    add_another: bool,
    remove: Vec<(usize, Option<usize>)>,
    cancel: bool,
}

fn drawn() -> impl Strategy<Value = Drawn> {
    let item = (
        proptest::option::of(0usize..4),
        proptest::option::of(0usize..VARIANT_WORDS.len()),
        proptest::option::of(prop_oneof![8 => 1u32..6, 1 => Just(0u32), 1 => 95u32..110]),
    );
    (
        any::<bool>(),
        proptest::option::weighted(0.2, 0usize..4),
        proptest::collection::vec(item, 0..3),
        proptest::option::weighted(0.4, 0usize..PLACES.len()),
        proptest::option::weighted(0.5, proptest::bool::weighted(0.75)),
        proptest::bool::weighted(0.15),
        proptest::collection::vec((0usize..4, proptest::option::of(0usize..3)), 0..2)
            .prop_map(|r| if r.len() > 1 { Vec::new() } else { r }),
        proptest::bool::weighted(0.04),
    )
        .prop_map(
            |(wants_to_order, discussed, items, location, reply, add_another, remove, cancel)| {
                Drawn {
                    wants_to_order,
                    discussed,
                    items,
                    location,
                    reply,
                    add_another,
                    remove,
                    cancel,
                }
            },
        )
}

fn message(d: &Drawn, catalog: &[ProductChoice]) -> CaptureInput {
    CaptureInput {
        wants_to_order: d.wants_to_order,
        discussed: d.discussed.map(|i| catalog[i].clone()),
        items: d
            .items
            .iter()
            .map(|(p, v, q)| ItemMention {
                product: p.map(|i| catalog[i].clone()),
                variant: v.map(|i| VariantPick::Named(VARIANT_WORDS[i].into())),
                quantity: *q,
            })
            .collect(),
        location: d
            .location
            .and_then(|i| ShippingLocation::parse(PLACES[i]).ok()),
        reply: d.reply.map(|yes| if yes { Reply::Yes } else { Reply::No }),
        add_another: d.add_another,
        remove: d
            .remove
            .iter()
            .map(|(p, v)| RemoveTarget {
                product_id: catalog[*p].product_id,
                variant_id: v.and_then(|i| catalog[*p].variants.get(i)).map(|v| v.id),
            })
            .collect(),
        cancel: d.cancel,
    }
}

/// Rules every state must keep, whatever led to it.
fn check_invariants(
    capture: &OrderCapture,
    catalog: &[ProductChoice],
) -> Result<(), TestCaseError> {
    let cart = capture.cart();
    let complete = capture.lines.iter().filter(|l| l.is_complete()).count();
    prop_assert_eq!(
        cart.len(),
        complete,
        "a cart never lists the same thing twice"
    );
    for line in cart.lines() {
        let product = catalog
            .iter()
            .find(|p| p.product_id == line.product_id)
            .ok_or_else(|| TestCaseError::fail("a line for a product outside the catalog"))?;
        prop_assert!(
            product.offered,
            "a product not for sale is never in the cart"
        );
        prop_assert!(line.quantity.get() >= 1 && line.quantity.get() <= MAX_QUANTITY);
        let variant_id = line.variant.as_ref().map(|v| v.id);
        prop_assert_eq!(variant_id.is_some(), product.has_variants());
        if let Some(id) = variant_id {
            prop_assert!(product.is_variant_offered(id), "only offered variants");
        }
        if let Some(limit) = product.stock_limit(variant_id) {
            prop_assert!(line.quantity.get() <= limit, "never more than the stock");
        }
    }
    let stage = capture.stage();
    let next = capture.next_step();
    let agrees = match stage {
        CaptureStage::Browsing => next == NextStep::Nothing,
        CaptureStage::CollectingProduct => next == NextStep::AskProduct,
        CaptureStage::CollectingVariant => matches!(next, NextStep::AskVariant { .. }),
        CaptureStage::CollectingQuantity => matches!(next, NextStep::AskQuantity { .. }),
        CaptureStage::CollectingLocation => next == NextStep::AskLocation,
        CaptureStage::ConfirmingOrder => matches!(next, NextStep::Confirm { .. }),
        CaptureStage::OrderCaptured => matches!(next, NextStep::PlaceOrder { .. }),
    };
    prop_assert!(agrees, "stage {:?} but next step {:?}", stage, next);
    if let NextStep::AskVariant { options, .. } = &next {
        prop_assert!(
            !options.is_empty(),
            "never ask for a variant when none is on sale"
        );
    }
    let restored = OrderCapture::restore(capture.snapshot())
        .map_err(|e| TestCaseError::fail(format!("snapshot refused: {e}")))?;
    prop_assert_eq!(&restored, capture);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn nothing_is_captured_without_a_yes_to_an_unchanged_complete_summary(
        messages in proptest::collection::vec(drawn(), 1..25)
    ) {
        let catalog = catalog();
        let mut capture = OrderCapture::new();
        for drawn in &messages {
            let before = capture.clone();
            let input = message(drawn, &catalog);
            let outcome = capture.apply(input.clone());
            prop_assert_eq!(outcome.stage, capture.stage());
            check_invariants(&capture, &catalog)?;
            let newly_captured = capture.stage() == CaptureStage::OrderCaptured
                && before.stage() != CaptureStage::OrderCaptured;
            if newly_captured {
                prop_assert_eq!(before.stage(), CaptureStage::ConfirmingOrder);
                prop_assert_eq!(input.reply, Some(Reply::Yes));
                prop_assert!(!input.cancel && !input.add_another && input.remove.is_empty());
                prop_assert_eq!(before.cart(), capture.cart(), "the cart confirmed is the one shown");
                prop_assert_eq!(before.location(), capture.location());
                let confirmed = capture.confirmed()
                    .ok_or_else(|| TestCaseError::fail("captured without a confirmed cart"))?;
                prop_assert!(!confirmed.cart().is_empty());
                prop_assert_eq!(capture.pending_lines(), 0);
            }
            if capture.stage() == CaptureStage::OrderCaptured {
                prop_assert!(capture.confirmed().is_some());
            }
        }
    }

    #[test]
    fn a_bare_no_never_loses_the_cart_and_cancel_always_empties_it(
        messages in proptest::collection::vec(drawn(), 1..20)
    ) {
        let catalog = catalog();
        let mut capture = OrderCapture::new();
        for drawn in &messages {
            capture.apply(message(drawn, &catalog));
            if capture.stage() == CaptureStage::OrderCaptured {
                continue;
            }
            let mut after_no = capture.clone();
            let outcome = after_no.apply(CaptureInput { reply: Some(Reply::No), ..CaptureInput::default() });
            prop_assert_eq!(after_no.cart(), capture.cart());
            prop_assert_eq!(after_no.location(), capture.location());
            prop_assert_eq!(outcome.stage, CaptureStage::Browsing);

            let mut after_cancel = capture.clone();
            after_cancel.apply(CaptureInput { cancel: true, ..CaptureInput::default() });
            prop_assert!(after_cancel.cart().is_empty());
            prop_assert_eq!(after_cancel.stage(), CaptureStage::Browsing);
            prop_assert_eq!(after_cancel.location(), None);
        }
    }

    #[test]
    fn saying_the_same_order_detail_twice_changes_nothing_the_second_time(
        messages in proptest::collection::vec(drawn(), 0..15),
        product in 0usize..4,
        variant in proptest::option::of(0usize..VARIANT_WORDS.len()),
        quantity in 1u32..6,
    ) {
        let catalog = catalog();
        let mut capture = OrderCapture::new();
        for drawn in &messages {
            capture.apply(message(drawn, &catalog));
        }
        // With a line still being collected, the first mention is an answer to the
        // question asked (it completes that line); repeating it is what must be inert.
        if capture.stage() == CaptureStage::OrderCaptured || capture.pending_lines() > 0 {
            return Ok(());
        }
        let restate = CaptureInput {
            wants_to_order: true,
            items: vec![ItemMention {
                product: Some(catalog[product].clone()),
                variant: variant.map(|i| VariantPick::Named(VARIANT_WORDS[i].into())),
                quantity: Some(quantity),
            }],
            ..CaptureInput::default()
        };
        capture.apply(restate.clone());
        let once = capture.clone();
        capture.apply(restate);
        prop_assert_eq!(capture.cart(), once.cart());
        prop_assert_eq!(capture.stage(), once.stage());
    }
}

/// The properties above are only worth something if the drawn conversations reach
/// every stage, captures included; this fails if the generator drifts into vacuity.
#[test]
fn drawn_conversations_reach_every_stage() {
    use std::collections::HashSet;

    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let catalog = catalog();
    let mut runner = TestRunner::deterministic();
    let strategy = proptest::collection::vec(drawn(), 1..25);
    let mut reached = HashSet::new();
    let mut captures = 0;
    for _ in 0..512 {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let mut capture = OrderCapture::new();
        for drawn in tree.current() {
            let was = capture.stage();
            capture.apply(message(&drawn, &catalog));
            reached.insert(capture.stage());
            if capture.stage() == CaptureStage::OrderCaptured && was != CaptureStage::OrderCaptured
            {
                captures += 1;
            }
        }
    }
    for stage in CaptureStage::ALL {
        assert!(reached.contains(&stage), "never reached {stage}");
    }
    assert!(captures >= 25, "only {captures} captures drawn");
}
