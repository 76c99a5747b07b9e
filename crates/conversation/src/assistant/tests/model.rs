//! The turn with a language model (a scripted `MockLanguageModel`): tools run against
//! the real catalog and orders, the policy and the guardrails stay the domain's, and
//! any model failure answers grounded.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use handoff::{Decision, HandoffReason, Lifecycle, Owner};
use kernel::DomainEvent;
use orders::CaptureStage;
use serde_json::{Value, json};

use super::fakes::lock;
use super::world::*;
use crate::entities::{PendingQuestion, SnapshotProduct};
use crate::guardrails::{Verdict, Violation};
use crate::language::Language;
use crate::llm::{
    ChatMessage, ChatRequest, ChatResponse, FinishReason, LanguageModelError, MockLanguageModel,
    ToolCall,
};
use crate::ports::SourceKind;
use crate::tones::{HandoffReason as Said, OrderLine, OrderSummary, Reply, Tone};

const MODEL: &str = "test:model";

type Answer = Result<ChatResponse, LanguageModelError>;
type Requests = Arc<Mutex<Vec<ChatRequest>>>;

/// A model that answers `script` in order, keeping every request it was sent.
fn scripted(script: Vec<Answer>) -> (MockLanguageModel, Requests) {
    let requests: Requests = Arc::default();
    let seen = requests.clone();
    let answers = Mutex::new(VecDeque::from(script));
    let mut model = MockLanguageModel::new();
    model.expect_name().return_const(MODEL.to_owned());
    model.expect_complete().returning(move |request| {
        lock(&seen).push(request.clone());
        lock(&answers)
            .pop_front()
            .unwrap_or_else(|| panic!("the model was asked more than scripted"))
    });
    (model, requests)
}

fn text(content: &str) -> Answer {
    Ok(ChatResponse {
        content: Some(content.to_owned()),
        tool_calls: Vec::new(),
        finish_reason: FinishReason::Stop,
        usage: None,
    })
}

fn call(id: &str, name: &str, arguments: Value) -> Answer {
    Ok(ChatResponse {
        content: None,
        tool_calls: vec![ToolCall {
            id: id.to_owned(),
            name: name.to_owned(),
            arguments,
        }],
        finish_reason: FinishReason::ToolCalls,
        usage: None,
    })
}

fn product_id(products: &[SnapshotProduct], name: &str) -> String {
    products
        .iter()
        .find(|p| p.name.as_str() == name)
        .map(|p| p.id.to_string())
        .unwrap()
}

/// The result the model was given for the tool call `call_id`, as JSON.
fn tool_result(requests: &Requests, call_id: &str) -> Value {
    lock(requests)
        .iter()
        .flat_map(|r| r.messages.iter())
        .find_map(|m| match m {
            ChatMessage::Tool {
                call_id: id,
                content,
            } if id == call_id => Some(serde_json::from_str(content).unwrap()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no result for {call_id}"))
}

fn render(reply: Reply) -> String {
    reply.render(Tone::Professional, Language::English).unwrap()
}

fn milan_summary() -> OrderSummary {
    OrderSummary {
        lines: vec![OrderLine {
            product: "Glow Serum Vitamin C".to_owned(),
            variant: Some("50ml".to_owned()),
            quantity: 2,
            unit_price: eur("34.90"),
            line_total: eur("69.80"),
        }],
        total: eur("69.80"),
        location: "Milan".to_owned(),
    }
}

const SERUM_ANSWER: &str = "The Glow Serum Vitamin C costs €24.90 for 30ml and €34.90 for 50ml.";

#[test]
fn a_tool_round_trip_answers_with_the_models_text() {
    let (model, requests) = scripted(vec![
        call(
            "call-1",
            "search_products",
            json!({ "query": "glow serum" }),
        ),
        text(SERUM_ANSWER),
    ]);
    let world = World::with_model(products(), model);
    let report = world.say("how much is the glow serum?");

    assert_eq!(report.engine, MODEL);
    assert_eq!(report.model_fallback, None);
    assert_eq!(report.decision, Decision::Answer);
    assert_eq!(report.guardrail, Verdict::Allowed);
    assert_eq!(reply_text(&report), SERUM_ANSWER);
    assert_eq!(world.replies(), [SERUM_ANSWER]);
    let sources = &report.reply.as_ref().unwrap().sources;
    assert!(
        sources
            .iter()
            .any(|s| s.kind == SourceKind::Product && s.title == "Glow Serum Vitamin C")
    );

    let sent = lock(&requests).clone();
    assert_eq!(sent.len(), 2);
    let first = &sent[0];
    assert_eq!(first.tools.len(), 9);
    assert!(
        matches!(&first.messages[0], ChatMessage::System { content } if content.contains("Glow Lab"))
    );
    assert_eq!(
        first.messages.last(),
        Some(&ChatMessage::User {
            content: "how much is the glow serum?".to_owned()
        })
    );
    assert!(matches!(
        &sent[1].messages[sent[1].messages.len() - 2],
        ChatMessage::Assistant { tool_calls, .. } if tool_calls[0].id == "call-1"
    ));
    let found = tool_result(&requests, "call-1");
    assert_eq!(found["products"][0]["name"], "Glow Serum Vitamin C");
    // Amounts as the kernel keeps them (normalised: "24.9").
    assert_eq!(found["products"][0]["price"]["amount"], "24.9");
    assert_eq!(found["products"][0]["price"]["currency"], "EUR");
    assert_eq!(
        found["products"][0]["variants"][1]["price"]["amount"],
        "34.9"
    );
}

/// `ReplyReport::kind` documents "model" for a model's words; a model's text is not
/// "a passage of the shop's knowledge".
#[test]
fn a_model_answer_is_reported_as_the_models() {
    let (model, _) = scripted(vec![
        call(
            "call-1",
            "search_products",
            json!({ "query": "glow serum" }),
        ),
        text(SERUM_ANSWER),
    ]);
    let world = World::with_model(products(), model);
    let report = world.say("how much is the glow serum?");
    assert_eq!(report.reply.as_ref().unwrap().kind, "model");
}

#[test]
fn a_model_timeout_falls_back_to_the_grounded_answer() {
    let (model, _) = scripted(vec![Err(LanguageModelError::Timeout)]);
    let world = World::with_model(products(), model);
    let report = world.say("how much is the glow serum?");
    let grounded = World::new().say("how much is the glow serum?");

    assert_eq!(report.engine, "grounded");
    assert_eq!(
        report.model_fallback.as_deref(),
        Some(LanguageModelError::Timeout.to_string().as_str())
    );
    assert_eq!(reply_text(&report), reply_text(&grounded));
    assert_eq!(world.replies().len(), 1, "never silence");
}

#[test]
fn a_model_that_keeps_calling_tools_falls_back_to_the_grounded_answer() {
    let script = (0..10)
        .map(|i| call(&format!("call-{i}"), "get_cart", json!({})))
        .collect();
    let (model, requests) = scripted(script);
    let world = World::with_model(products(), model);
    let report = world.say("how much is the retinol night cream?");

    assert_eq!(report.engine, "grounded");
    assert!(
        report
            .model_fallback
            .as_deref()
            .is_some_and(|r| r.contains("rounds")),
        "{:?}",
        report.model_fallback
    );
    assert_eq!(lock(&requests).len(), 6, "the first answer and five rounds");
    assert!(reply_text(&report).contains("€24.90"));
}

#[test]
fn an_unknown_tool_is_refused_to_the_model_and_the_turn_goes_on() {
    let (model, requests) = scripted(vec![
        call("call-1", "delete_everything", json!({})),
        text("Sorry, I can only help with our products."),
    ]);
    let world = World::with_model(products(), model);
    let report = world.say("hello there");

    assert_eq!(report.engine, MODEL);
    let refused = tool_result(&requests, "call-1");
    assert!(
        refused["error"]
            .as_str()
            .is_some_and(|e| e.contains("unknown tool")),
        "{refused}"
    );
}

/// The model looked the product up (a grounded answer, confidence 0.9), then wrote a
/// claim: nothing of it may reach the customer.
fn claims_after_a_search(claim: &str) -> (MockLanguageModel, Requests) {
    scripted(vec![
        call(
            "call-1",
            "search_products",
            json!({ "query": "glow serum" }),
        ),
        text(claim),
    ])
}

#[test]
fn a_model_medical_claim_is_never_sent() {
    let (model, _) = claims_after_a_search("This serum cures acne.");
    let world = World::with_model(products(), model);
    let report = world.say("tell me about the glow serum");

    assert!(
        matches!(&report.guardrail, Verdict::Blocked { violations }
            if violations.iter().any(|v| matches!(v, Violation::MedicalClaim { .. }))),
        "{:?}",
        report.guardrail
    );
    let replies = world.replies();
    assert_eq!(replies.len(), 1, "a safe line instead, never silence");
    assert!(
        !replies[0].to_lowercase().contains("cure"),
        "{}",
        replies[0]
    );
}

#[test]
fn a_model_medical_claim_is_cut_from_an_otherwise_fine_answer() {
    let (model, _) = claims_after_a_search(
        "The Glow Serum Vitamin C is our bestseller. It cures acne overnight.",
    );
    let world = World::with_model(products(), model);
    let report = world.say("tell me about the glow serum");

    assert!(matches!(report.guardrail, Verdict::Rewritten { .. }));
    assert_eq!(
        world.replies(),
        ["The Glow Serum Vitamin C is our bestseller."]
    );
}

/// Without tools the model's answer is "unsure" (0.75) and gets the caveat template
/// around it *before* the guardrails read it: once the claim is cut, the caveat's own
/// closing sentence is enough words to pass as an answer, and the customer gets only
/// "Please let us know if you need further details.". The claim was the whole answer:
/// it must be blocked.
#[test]
fn an_unsure_model_answer_that_is_only_a_claim_is_blocked_not_sent_as_the_caveat() {
    let (model, _) = scripted(vec![text("This serum cures acne.")]);
    let world = World::with_model(products(), model);
    let report = world.say("tell me about the glow serum");

    assert!(
        matches!(report.guardrail, Verdict::Blocked { .. }),
        "{:?}",
        report.guardrail
    );
    let caveat_tail = "Please let us know if you need further details.";
    assert_ne!(world.replies(), [caveat_tail]);
}

/// A blocked model answer is replaced by "I am transferring you to a team member"
/// (`turn.rs`: "a person answers instead"), so the conversation must go to the team:
/// otherwise nobody is told and the customer waits for a person who never comes.
#[test]
fn a_blocked_model_answer_hands_the_conversation_to_a_person() {
    let (model, _) = claims_after_a_search("This serum cures acne.");
    let world = World::with_model(products(), model);
    let report = world.say("tell me about the glow serum");

    assert_eq!(
        reply_text(&report),
        render(Reply::Handoff(Said::LowConfidence))
    );
    assert_eq!(report.handoff, Some(HandoffReason::LowConfidence));
    let conversation = world.conversation();
    assert_eq!(conversation.state.owner(), Owner::Human);
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Escalated);
    assert!(world.events.all().contains(&DomainEvent::HandoffRequested {
        workspace_id: world.workspace_id,
        conversation_id: conversation.id.as_uuid(),
        reason: "low_confidence".to_owned(),
    }));
}

#[test]
fn the_models_handoff_tool_hands_off_for_its_reason() {
    let (model, _) = scripted(vec![
        call(
            "call-1",
            "handoff_to_human",
            json!({ "reason": "complaint" }),
        ),
        text("I'm sorry to hear that, I'll get someone for you."),
    ]);
    let world = World::with_model(products(), model);
    let report = world.say("hmm the box was not what I expected");

    assert_eq!(
        report.decision,
        Decision::Handoff {
            reason: HandoffReason::Complaint,
            team_available: true
        }
    );
    assert_eq!(reply_text(&report), render(Reply::Handoff(Said::Complaint)));
    let conversation = world.conversation();
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Escalated);
    assert!(world.events.all().contains(&DomainEvent::HandoffRequested {
        workspace_id: world.workspace_id,
        conversation_id: conversation.id.as_uuid(),
        reason: "complaint".to_owned(),
    }));
}

#[test]
fn the_shops_custom_instructions_reach_the_model() {
    let (model, requests) = scripted(vec![text("Hello! I'm Giulia from Glow Lab.")]);
    let world = World::with_model(products(), model);
    world.configure(|s| {
        s.set_custom_instructions(Some("Always introduce yourself as Giulia."))
            .unwrap();
    });
    world.say("hello");

    let sent = lock(&requests).clone();
    assert!(matches!(
        &sent[0].messages[0],
        ChatMessage::System { content } if content.contains("Always introduce yourself as Giulia.")
    ));
}

#[test]
fn add_to_cart_then_create_order_after_the_summary_places_the_order() {
    let products = products();
    let serum = product_id(&products, "Glow Serum Vitamin C");
    let (model, requests) = scripted(vec![
        // "I'd like 2 Glow Serum 50ml"
        call(
            "call-1",
            "add_to_cart",
            json!({ "product_id": serum, "variant": "50ml", "quantity": 2 }),
        ),
        text("Lovely choice! Where should we ship them?"),
        // "to Milan"
        text("2 Glow Serum Vitamin C (50ml), shipping to Milan. Shall I place the order?"),
        // "yes"
        call(
            "call-2",
            "create_order",
            json!({ "shipping_location": "Milan" }),
        ),
        text("Your order is placed!"),
    ]);
    let world = World::with_model(products, model);

    let added = world.say("I'd like 2 Glow Serum 50ml");
    assert_eq!(added.engine, MODEL);
    assert_eq!(added.state.order_stage, CaptureStage::CollectingLocation);
    let line = &added.state.cart.lines[0];
    assert_eq!(
        (
            line.product.as_str(),
            line.variant.as_deref(),
            line.quantity
        ),
        ("Glow Serum Vitamin C", Some("50ml"), 2)
    );
    assert_eq!(
        world.conversation().dialogue.pending,
        Some(PendingQuestion::Location)
    );
    assert_eq!(
        tool_result(&requests, "call-1")["cart"]["lines"][0]["quantity"],
        2
    );

    world.say("to Milan");
    let report = world.say("yes");

    let stored = lock(&world.orders.0).clone();
    assert_eq!(stored.len(), 1);
    let order = &stored[0];
    assert_eq!(report.order.as_ref(), Some(order));
    assert_eq!(order.total(), eur("69.80"));
    assert_eq!(order.shipping_location().as_str(), "Milan");
    assert_eq!(order.lines()[0].quantity().get(), 2);
    assert_eq!(
        order.source().conversation_id.as_uuid(),
        world.conversation().id.as_uuid()
    );
    assert_eq!(tool_result(&requests, "call-2")["order_number"], 1);
    assert_eq!(
        report.decision,
        Decision::Handoff {
            reason: HandoffReason::OrderConfirmed,
            team_available: true
        }
    );
    assert_eq!(
        reply_text(&report),
        format!(
            "{}\n\n{}",
            render(Reply::OrderConfirmation(milan_summary())),
            render(Reply::Handoff(Said::OrderConfirmed))
        )
    );
    assert!(world.events.all().contains(&DomainEvent::OrderCaptured {
        workspace_id: world.workspace_id,
        order_id: order.id().as_uuid(),
        conversation_id: world.conversation().id.as_uuid(),
    }));
}

/// The system prompt asks the model to "show the summary with the total from get_cart"
/// once the customer gave the city; no tool but `create_order` (which places the
/// order at once) takes the shipping location, so `get_cart` can never price it.
#[test]
fn the_model_can_price_the_summary_once_the_customer_gives_the_city() {
    let products = products();
    let serum = product_id(&products, "Glow Serum Vitamin C");
    let (model, requests) = scripted(vec![
        call(
            "call-1",
            "add_to_cart",
            json!({ "product_id": serum, "variant": "50ml", "quantity": 2 }),
        ),
        text("Lovely choice! Where should we ship them?"),
        call("call-2", "get_cart", json!({})),
        text("Here is your order. Shall I place it?"),
    ]);
    let world = World::with_model(products, model);
    world.say("I'd like 2 Glow Serum 50ml");
    world.say("to Milan");

    let cart = tool_result(&requests, "call-2");
    assert_eq!(cart["shipping_location"], "Milan", "{cart}");
    assert_eq!(cart["total"]["amount"], "69.8", "{cart}");
    assert!(lock(&world.orders.0).is_empty());
}

/// The model placed the order, then failed before answering: the grounded fallback
/// must still confirm it and hand off, or the customer is asked to confirm an order
/// that exists and "yes" places a second one.
#[test]
fn a_model_failure_after_create_order_still_confirms_the_order_once() {
    let products = products();
    let serum = product_id(&products, "Glow Serum Vitamin C");
    let (model, _) = scripted(vec![
        call(
            "call-1",
            "add_to_cart",
            json!({ "product_id": serum, "variant": "50ml", "quantity": 2 }),
        ),
        call(
            "call-2",
            "create_order",
            json!({ "shipping_location": "Milan" }),
        ),
        Err(LanguageModelError::Timeout),
        // Only reached if the first turn did not hand off.
        Err(LanguageModelError::Timeout),
    ]);
    let world = World::with_model(products, model);
    let report = world.say("2 Glow Serum 50ml to Milan, please place the order");
    world.say("yes");

    assert_eq!(lock(&world.orders.0).len(), 1, "one order, not two");
    assert_eq!(report.handoff, Some(HandoffReason::OrderConfirmed));
    assert!(report.order.is_some());
}
