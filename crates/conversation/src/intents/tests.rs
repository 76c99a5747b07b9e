use proptest::prelude::*;

use super::*;
use crate::language::Language;

fn top(text: &str) -> Intent {
    classify(text, None, IntentHints::default()).intent()
}

#[test]
fn pleasantries_next_to_a_request_do_not_win() {
    assert_eq!(top("hi! how much is it?"), Intent::PriceCheck);
    assert_eq!(top("ciao, avete il siero?"), Intent::AvailabilityCheck);
    assert_eq!(
        top("hola, gracias, ¿dónde está mi pedido?"),
        Intent::OrderStatus
    );
    let greeted = classify("hi! how much is it?", None, IntentHints::default());
    let plain = classify("how much is it?", None, IntentHints::default());
    assert!((greeted.clarity() - plain.clarity()).abs() < 0.05);
}

#[test]
fn negation_cancels_buying_and_gratitude() {
    assert_ne!(top("I don't want to buy it"), Intent::BuyingIntent);
    assert_ne!(top("non lo voglio comprare"), Intent::BuyingIntent);
    assert_ne!(top("no quiero comprarlo"), Intent::BuyingIntent);
    assert_eq!(top("No, I want to buy the red one"), Intent::BuyingIntent);
    assert_ne!(top("no thanks"), Intent::Gratitude);
}

#[test]
fn typos_are_tolerated_on_longer_keywords_only() {
    assert_eq!(top("whats the pirce"), Intent::PriceCheck);
    assert_eq!(top("quanto cossta"), Intent::PriceCheck);
    assert_eq!(top("reembolzo"), Intent::Complaint);
    // Real words are never read as typos of other words: "cosa" is not "costa".
    assert_eq!(top("a cosa serve?"), Intent::ProductInquiry);
}

#[test]
fn a_named_product_makes_a_question_clearer() {
    let bare = classify("how much?", Some(Language::English), IntentHints::default());
    let named = classify(
        "how much is the glow serum?",
        Some(Language::English),
        IntentHints {
            product_mentioned: true,
            ..IntentHints::default()
        },
    );
    assert!(named.clarity() > bare.clarity());
    assert!(named.clarity() > 0.85, "{:?}", named.candidates());
}

#[test]
fn a_product_with_a_quantity_is_a_purchase() {
    let ranked = classify(
        "2 glow serum 50ml to Milan",
        Some(Language::English),
        IntentHints {
            product_mentioned: true,
            variant_mentioned: true,
            quantity_mentioned: true,
            location_mentioned: true,
            answers_pending_question: false,
        },
    );
    assert_eq!(ranked.intent(), Intent::BuyingIntent);
}

#[test]
fn an_answer_to_our_question_continues_the_purchase() {
    let ranked = classify(
        "50ml",
        None,
        IntentHints {
            variant_mentioned: true,
            answers_pending_question: true,
            ..IntentHints::default()
        },
    );
    assert_eq!(ranked.intent(), Intent::BuyingIntent);
    assert_eq!(top("50ml"), Intent::Unknown);
}

#[test]
fn mixed_messages_rank_every_reading() {
    let ranked = classify("how much is it? I'm pregnant", None, IntentHints::default());
    let intents: Vec<Intent> = ranked.candidates().iter().map(|s| s.intent).collect();
    assert!(intents.contains(&Intent::PriceCheck) && intents.contains(&Intent::MedicalQuestion));
    assert_eq!(ranked.intent(), Intent::MedicalQuestion);
}

#[test]
fn intent_names_round_trip() {
    for intent in Intent::ALL {
        assert_eq!(Intent::parse(intent.as_str()), Some(intent));
    }
    assert_eq!(Intent::parse("shopping"), None);
}

proptest! {
    #[test]
    fn any_text_gets_ranked_probabilities(text in "\\PC{0,120}") {
        let ranked = classify(&text, None, IntentHints::default());
        prop_assert!(!ranked.candidates().is_empty());
        prop_assert!((0.0..=1.0).contains(&ranked.clarity()));
        for pair in ranked.candidates().windows(2) {
            prop_assert!(pair[0].confidence >= pair[1].confidence);
        }
    }
}
