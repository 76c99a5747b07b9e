//! Price questions: the catalog's effective price, the product as the source, and
//! never a product or price the catalog does not have.

use handoff::Decision;

use super::world::*;
use crate::guardrails::{Verdict, find_prices};
use crate::intents::Intent;
use crate::language::Language;
use crate::ports::SourceKind;
use crate::tones::{Reply, Tone, VariantPrice};

fn id_of(world: &World, name: &str) -> uuid::Uuid {
    world
        .catalog
        .products()
        .iter()
        .find(|p| p.name.as_str() == name)
        .map(|p| p.id.as_uuid())
        .unwrap()
}

#[test]
fn a_price_question_gets_the_effective_price_with_the_offer_and_the_product_as_source() {
    let world = World::new();
    let report = world.say("how much is the retinol night cream?");

    assert_eq!(report.understanding.intent(), Intent::PriceCheck);
    assert_eq!(report.decision, Decision::Answer);
    assert_eq!(report.handoff, None);
    assert_eq!(report.engine, "grounded");
    assert_eq!(report.guardrail, Verdict::Allowed);
    let expected = Reply::Price {
        product: "Retinol Night Cream".to_owned(),
        price: eur("24.90"),
        regular_price: Some(eur("29.90")),
        variants: Vec::new(),
    }
    .render(Tone::Professional, Language::English)
    .unwrap();
    let reply = report.reply.as_ref().unwrap();
    assert_eq!(reply.text, expected);
    assert!(reply.text.contains("€24.90") && reply.text.contains("€29.90"));
    assert_eq!(reply.kind, "price");
    assert!(reply.confidence > 0.85, "{}", reply.confidence);
    assert_eq!(reply.sources.len(), 1);
    assert_eq!(reply.sources[0].kind, SourceKind::Product);
    assert_eq!(reply.sources[0].id, id_of(&world, "Retinol Night Cream"));
    assert_eq!(reply.sources[0].title, "Retinol Night Cream");
    assert_eq!(world.replies(), [expected]);
}

#[test]
fn a_product_with_variants_is_quoted_from_its_cheapest_with_every_variant_price() {
    let world = World::new();
    let report = world.say("how much is the glow serum?");

    let expected = Reply::Price {
        product: "Glow Serum Vitamin C".to_owned(),
        price: eur("24.90"),
        regular_price: None,
        variants: vec![
            VariantPrice {
                name: "30ml".to_owned(),
                price: eur("24.90"),
            },
            VariantPrice {
                name: "50ml".to_owned(),
                price: eur("34.90"),
            },
        ],
    }
    .render(Tone::Professional, Language::English)
    .unwrap();
    assert_eq!(report.decision, Decision::Answer);
    assert_eq!(reply_text(&report), expected);
    let sources = &report.reply.as_ref().unwrap().sources;
    assert_eq!(sources[0].id, id_of(&world, "Glow Serum Vitamin C"));
    // The product is now in play for "I'll take the 50ml".
    assert_eq!(
        world
            .conversation()
            .dialogue
            .focus
            .first()
            .map(|p| p.as_uuid()),
        Some(id_of(&world, "Glow Serum Vitamin C"))
    );
}

#[test]
fn a_typo_still_finds_the_product_with_less_confidence() {
    let world = World::new();
    let exact = world.say("how much is the glow serum?");
    let other = World::new();
    let typo = other.say("how much is the glwo serum?");

    let reply = typo.reply.as_ref().unwrap();
    assert_eq!(reply.sources.len(), 1);
    assert_eq!(reply.sources[0].title, "Glow Serum Vitamin C");
    assert!(reply.text.contains("€24.90") && reply.text.contains("€34.90"));
    assert!(
        reply.confidence < exact.reply.as_ref().unwrap().confidence,
        "a typo is less sure than the full name"
    );
    assert!(matches!(
        typo.decision,
        Decision::Answer | Decision::AnswerWithCaveat
    ));
    assert_eq!(typo.guardrail, Verdict::Allowed);
}

#[test]
fn an_unknown_product_is_never_invented() {
    let world = World::new();
    let report = world.say("how much is the unicorn shampoo?");

    let reply = report.reply.as_ref().unwrap();
    assert!(reply.sources.is_empty());
    assert!(
        find_prices(&reply.text).is_empty(),
        "no price for a product the shop does not sell: {}",
        reply.text
    );
    assert!(!reply.text.to_lowercase().contains("unicorn"));
    // Not found: the assistant says it is not sure and offers a person.
    assert_eq!(
        report.decision,
        Decision::OfferHuman {
            team_available: true
        }
    );
    assert_eq!(reply.kind, "offer_human");
    assert_eq!(
        reply.text,
        Reply::OfferHuman
            .render(Tone::Professional, Language::English)
            .unwrap()
    );
    assert_eq!(world.conversation().dialogue.unhelpful_streak, 1);
}

#[test]
fn a_sold_out_product_is_said_to_be_sold_out_with_alternatives() {
    let world = World::new();
    let report = world.say("do you have the lavender body oil?");

    let reply = report.reply.as_ref().unwrap();
    assert_eq!(reply.kind, "out_of_stock");
    assert!(reply.text.contains("Lavender Body Oil"));
    assert!(find_prices(&reply.text).is_empty());
    assert_eq!(reply.sources[0].id, id_of(&world, "Lavender Body Oil"));
}

#[test]
fn a_question_the_knowledge_answers_is_answered_from_the_passage() {
    let world = World::new();
    let report = world.say("how long does shipping take?");

    let reply = report.reply.as_ref().unwrap();
    assert!(reply.text.contains(&shipping_faq().text), "{}", reply.text);
    assert_eq!(reply.sources.len(), 1);
    assert_eq!(reply.sources[0].kind, SourceKind::Faq);
    assert_eq!(reply.sources[0].title, shipping_faq().title);
    assert_eq!(
        super::fakes::lock(&world.knowledge.asked).as_slice(),
        ["how long does shipping take?"]
    );
}
