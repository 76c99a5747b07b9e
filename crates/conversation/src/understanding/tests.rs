use catalog::ProductId;

use super::*;
use crate::entities::Confirmation;
use crate::entities::fixtures::{beauty_catalog, id_of};

fn fresh(language: Language) -> TurnContext<'static> {
    TurnContext::fresh(language)
}

#[test]
fn one_message_fills_the_whole_order() {
    let catalog = beauty_catalog();
    let understood = understand(
        "2 Glow Serum 50ml to Milan",
        &catalog,
        &fresh(Language::Spanish),
    );
    assert_eq!(understood.intent(), Intent::BuyingIntent);
    assert_eq!(understood.language, Language::English);
    let item = &understood.entities.items[0];
    assert_eq!(item.product_id, id_of(&catalog, "Glow Serum Vitamin C"));
    assert_eq!(item.quantity, Some(2));
    assert!(item.variant_id.is_some());
    assert_eq!(
        understood
            .entities
            .location
            .as_ref()
            .map(|l| l.name.as_str()),
        Some("Milan")
    );
}

#[test]
fn product_names_do_not_decide_the_language() {
    let catalog = beauty_catalog();
    // An Italian product name in an English message.
    let understood = understand(
        "how much is the olio di argan puro?",
        &catalog,
        &fresh(Language::Italian),
    );
    assert_eq!(
        understood.detected_language.language,
        Some(Language::English)
    );
    assert_eq!(understood.intent(), Intent::PriceCheck);
}

#[test]
fn short_answers_keep_the_conversation_language() {
    let catalog = beauty_catalog();
    let context = TurnContext {
        previous_language: Some(Language::Italian),
        workspace_language: Language::English,
        pending: Some(PendingQuestion::Confirmation),
        focus: &[],
        previous_messages: &[],
    };
    let understood = understand("ok", &catalog, &context);
    assert_eq!(understood.detected_language.language, None);
    assert_eq!(understood.language, Language::Italian);
    assert_eq!(understood.entities.confirmation, Some(Confirmation::Yes));
}

#[test]
fn answers_to_slot_questions_read_in_context() {
    let catalog = beauty_catalog();
    let serum: [ProductId; 1] = [id_of(&catalog, "Glow Serum Vitamin C")];
    let asked = |pending| TurnContext {
        previous_language: Some(Language::Spanish),
        workspace_language: Language::English,
        pending: Some(pending),
        focus: &serum,
        previous_messages: &[],
    };
    let variant = understand("el de 50ml", &catalog, &asked(PendingQuestion::Variant));
    assert_eq!(variant.entities.variants_of(serum[0]).count(), 1);
    assert_eq!(variant.intent(), Intent::BuyingIntent);
    let quantity = understand("una", &catalog, &asked(PendingQuestion::Quantity));
    assert_eq!(quantity.entities.quantity(), Some(1));
    let location = understand("Granollers", &catalog, &asked(PendingQuestion::Location));
    assert_eq!(
        location.entities.location.map(|l| l.name),
        Some("Granollers".to_owned())
    );
}

#[test]
fn frustration_uses_the_earlier_messages() {
    let catalog = beauty_catalog();
    let context = TurnContext {
        previous_language: Some(Language::English),
        workspace_language: Language::English,
        pending: None,
        focus: &[],
        previous_messages: &["where is my order", "hello??"],
    };
    let understood = understand("where is my order?? this is ridiculous", &catalog, &context);
    assert_eq!(understood.intent(), Intent::OrderStatus);
    assert!(understood.frustration.repeated_question);
    assert!(understood.frustration.frustrated);
    assert!(understood.sentiment.sentiment.is_negative());
}

#[test]
fn the_understanding_serialises_for_the_playground() {
    let catalog = beauty_catalog();
    let understood = understand(
        "quanto costa il glow serum?",
        &catalog,
        &fresh(Language::English),
    );
    let json = serde_json::to_value(&understood).unwrap();
    assert_eq!(json["language"], "it");
    assert_eq!(json["intents"][0]["intent"], "price_check");
    assert_eq!(
        json["entities"]["products"][0]["candidates"][0]["name"],
        "Glow Serum Vitamin C"
    );
    assert_eq!(json["sentiment"]["sentiment"], "neutral");
}
