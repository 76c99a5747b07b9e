//! The welcome message and the customer's language.

use handoff::HandoffReason;

use super::fakes::lock;
use super::world::*;
use crate::language::Language;
use crate::tones::{Reply, Tone, VariantPrice};

fn serum_price() -> Reply {
    Reply::Price {
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
}

#[test]
fn the_welcome_message_comes_before_the_first_answer_only() {
    let world = World::new();
    world.configure(|s| {
        s.set_welcome_message(Some("Welcome to Glow Lab!")).unwrap();
    });
    let greeting = Reply::Greeting
        .render(Tone::Professional, Language::English)
        .unwrap();

    let first = world.say("hello");
    assert_eq!(
        reply_text(&first),
        format!("Welcome to Glow Lab!\n\n{greeting}")
    );
    let second = world.say("hello again");
    assert!(!reply_text(&second).contains("Welcome to Glow Lab!"));
    assert_eq!(world.conversation().dialogue.turns, 2);
}

#[test]
fn without_a_welcome_message_the_first_answer_is_plain() {
    let world = World::new();
    let report = world.say("hello");
    assert_eq!(
        reply_text(&report),
        Reply::Greeting
            .render(Tone::Professional, Language::English)
            .unwrap()
    );
}

#[test]
fn a_spanish_question_is_answered_in_spanish() {
    let world = World::new();
    let report = world.say("¿cuánto cuesta el glow serum?");

    assert_eq!(report.language, Language::Spanish);
    assert_eq!(
        reply_text(&report),
        serum_price()
            .render(Tone::Professional, Language::Spanish)
            .unwrap()
    );
    assert!(reply_text(&report).contains("24,90 €"));
    assert_eq!(
        world.conversation().dialogue.language,
        Some(Language::Spanish)
    );
}

#[test]
fn an_italian_question_is_answered_in_italian() {
    let world = World::new();
    let report = world.say("quanto costa il glow serum?");

    assert_eq!(report.language, Language::Italian);
    assert_eq!(
        reply_text(&report),
        serum_price()
            .render(Tone::Professional, Language::Italian)
            .unwrap()
    );
}

#[test]
fn a_spanish_order_is_confirmed_in_spanish() {
    let world = World::new();
    world.say("hola");
    world.say("quiero 2 glow serum 50ml a Madrid");
    let report = world.say("sí");

    assert_eq!(report.handoff, Some(HandoffReason::OrderConfirmed));
    assert_eq!(report.language, Language::Spanish);
    let orders = lock(&world.orders.0).clone();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].shipping_location().as_str(), "Madrid");
    assert!(reply_text(&report).contains("69,80 €"));
    assert!(
        reply_text(&report).contains(
            &Reply::Handoff(crate::tones::HandoffReason::OrderConfirmed)
                .render(Tone::Professional, Language::Spanish)
                .unwrap()
        )
    );
}
