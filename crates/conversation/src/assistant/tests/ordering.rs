//! Capturing an order: the summary, the confirmation, the order placed once, and the
//! handoff that follows.

use handoff::{Decision, HandoffReason, Lifecycle, Owner};
use kernel::DomainEvent;
use orders::{CaptureStage, CustomerId, OrderCapture, OrderStatus, SalesChannel};

use super::fakes::lock;
use super::world::*;
use crate::assistant::TurnOutcome;
use crate::conversations::ConversationEventKind;
use crate::entities::PendingQuestion;
use crate::language::Language;
use crate::tones::{HandoffReason as Said, OrderLine, OrderSummary, Reply, Tone};

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

fn render(reply: Reply) -> String {
    reply.render(Tone::Professional, Language::English).unwrap()
}

fn stage_of(world: &World) -> CaptureStage {
    OrderCapture::restore(world.conversation().capture)
        .unwrap()
        .stage()
}

#[test]
fn one_message_with_everything_gets_the_summary_in_one_turn() {
    let world = World::new();
    let report = world.say("2 Glow Serum 50ml to Milan");

    assert_eq!(report.decision, Decision::Answer);
    assert_eq!(report.state.order_stage, CaptureStage::ConfirmingOrder);
    let reply = report.reply.as_ref().unwrap();
    assert_eq!(reply.kind, "order_summary");
    assert_eq!(reply.text, render(Reply::OrderSummary(milan_summary())));
    let cart = &report.state.cart;
    assert_eq!(cart.lines.len(), 1);
    assert_eq!(cart.lines[0].product, "Glow Serum Vitamin C");
    assert_eq!(cart.lines[0].variant.as_deref(), Some("50ml"));
    assert_eq!(cart.lines[0].quantity, 2);
    assert_eq!(cart.shipping_location.as_deref(), Some("Milan"));
    assert!(
        lock(&world.orders.0).is_empty(),
        "nothing is placed before yes"
    );
    assert_eq!(
        world.conversation().dialogue.pending,
        Some(PendingQuestion::Confirmation)
    );
    assert_eq!(stage_of(&world), CaptureStage::ConfirmingOrder);
}

#[test]
fn yes_places_the_order_confirms_it_and_hands_off() {
    let world = World::new();
    world.say("2 Glow Serum 50ml to Milan");
    let yes = world.write("yes");
    let report = answered(world.turn(yes));
    let conversation = world.conversation();

    assert_eq!(
        report.decision,
        Decision::Handoff {
            reason: HandoffReason::OrderConfirmed,
            team_available: true
        }
    );
    assert_eq!(report.handoff, Some(HandoffReason::OrderConfirmed));
    assert_eq!(report.state.order_stage, CaptureStage::OrderCaptured);

    // The order, as stored.
    let stored = lock(&world.orders.0).clone();
    assert_eq!(stored.len(), 1);
    let order = &stored[0];
    assert_eq!(report.order.as_ref(), Some(order));
    assert_eq!(order.workspace_id(), world.workspace_id);
    assert_eq!(order.status(), OrderStatus::Captured);
    assert_eq!(order.lines().len(), 1);
    let line = &order.lines()[0];
    assert_eq!(line.product_name().as_str(), "Glow Serum Vitamin C");
    assert_eq!(line.variant_name().map(|v| v.as_str()), Some("50ml"));
    assert_eq!(line.quantity().get(), 2);
    assert_eq!(line.unit_price(), eur("34.90"));
    assert_eq!(line.line_total(), eur("69.80"));
    assert_eq!(order.total(), eur("69.80"));
    assert_eq!(order.shipping_location().as_str(), "Milan");
    assert_eq!(
        order.customer_id(),
        CustomerId::from_uuid(world.contact_id.as_uuid())
    );
    let source = order.source();
    assert_eq!(source.conversation_id.as_uuid(), conversation.id.as_uuid());
    assert_eq!(source.channel, SalesChannel::WhatsApp);
    assert_eq!(
        source.channel_id.map(|c| c.as_uuid()),
        Some(world.channel_id.as_uuid())
    );
    assert_eq!(order.placement_key().as_str(), format!("msg:{yes}"));

    // The customer is told, then handed to the team.
    let expected = format!(
        "{}\n\n{}",
        render(Reply::OrderConfirmation(milan_summary())),
        render(Reply::Handoff(Said::OrderConfirmed))
    );
    assert_eq!(reply_text(&report), expected);
    assert_eq!(world.replies().last(), Some(&expected));

    // The conversation goes to a person, and a fresh order can start later.
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Escalated);
    assert_eq!(conversation.state.owner(), Owner::Human);
    assert_eq!(
        conversation.state.last_handoff().map(|h| h.reason),
        Some(HandoffReason::OrderConfirmed)
    );
    assert_eq!(conversation.answered_through, Some(yes));
    assert_eq!(stage_of(&world), CaptureStage::Browsing);
    assert!(
        world
            .conversations
            .timeline(conversation.id)
            .iter()
            .any(|e| e.kind
                == ConversationEventKind::Escalated {
                    reason: HandoffReason::OrderConfirmed
                })
    );

    let events = world.events.all();
    assert!(events.contains(&DomainEvent::HandoffRequested {
        workspace_id: world.workspace_id,
        conversation_id: conversation.id.as_uuid(),
        reason: "order_confirmed".to_owned(),
    }));
    assert!(events.contains(&DomainEvent::OrderCaptured {
        workspace_id: world.workspace_id,
        order_id: order.id().as_uuid(),
        conversation_id: conversation.id.as_uuid(),
    }));
}

#[test]
fn running_the_confirming_turn_again_places_nothing_and_sends_nothing() {
    let world = World::new();
    world.say("2 Glow Serum 50ml to Milan");
    let yes = world.write("yes");
    answered(world.turn(yes));
    let replies = world.replies();
    let events = world.events.all().len();

    assert_eq!(world.turn(yes), TurnOutcome::AlreadyAnswered);
    assert_eq!(lock(&world.orders.0).len(), 1);
    assert_eq!(world.replies(), replies);
    assert_eq!(world.events.all().len(), events, "nothing new to announce");
}

#[test]
fn a_turn_that_crashed_before_saving_is_run_again_without_a_second_order_or_reply() {
    let world = World::new();
    world.say("2 Glow Serum 50ml to Milan");
    let yes = world.write("yes");
    // Every save attempt of the first run loses to another writer: the job fails after
    // placing the order and queueing the reply, as if it had crashed before saving.
    *lock(&world.conversations.conflicts) = crate::conversations::SAVE_ATTEMPTS;
    let conversation_id = world.conversation().id;
    let failed = super::block_on(
        world
            .service
            .take_turn(world.workspace_id, conversation_id, yes),
    );
    assert!(failed.is_err());
    assert_eq!(lock(&world.orders.0).len(), 1);
    let replies = world.replies();

    let report = answered(world.turn(yes));
    let stored = lock(&world.orders.0).clone();
    assert_eq!(stored.len(), 1, "the placement key places it once");
    assert_eq!(report.order.as_ref(), Some(&stored[0]));
    assert_eq!(world.replies(), replies, "the reply key queues it once");
    assert_eq!(
        report.reply.as_ref().map(|r| r.message_id),
        lock(&world.outbox.sent).last().map(|s| s.message_id)
    );
    assert_eq!(world.conversation().state.lifecycle(), Lifecycle::Escalated);
}

#[test]
fn a_save_conflict_reruns_the_turn_on_the_fresh_conversation() {
    let world = World::new();
    world.say("2 Glow Serum 50ml to Milan");
    let yes = world.write("yes");
    *lock(&world.conversations.conflicts) = 1;
    let report = answered(world.turn(yes));

    assert_eq!(report.handoff, Some(HandoffReason::OrderConfirmed));
    assert_eq!(lock(&world.orders.0).len(), 1);
    assert_eq!(world.replies().len(), 2);
    let captured = world
        .events
        .all()
        .into_iter()
        .filter(|e| matches!(e, DomainEvent::OrderCaptured { .. }))
        .count();
    assert_eq!(captured, 1, "events are published once, after the save");
}

#[test]
fn the_order_is_asked_one_thing_at_a_time() {
    let world = World::new();
    let steps = [
        (
            "I want the glow serum",
            "ask_variant",
            CaptureStage::CollectingVariant,
        ),
        ("50ml", "ask_quantity", CaptureStage::CollectingQuantity),
        ("2", "ask_location", CaptureStage::CollectingLocation),
        ("Milan", "order_summary", CaptureStage::ConfirmingOrder),
    ];
    for (text, kind, stage) in steps {
        let report = world.say(text);
        assert_eq!(report.reply.as_ref().unwrap().kind, kind, "{text}");
        assert_eq!(report.state.order_stage, stage, "{text}");
    }
    let report = world.say("yes");
    assert_eq!(report.handoff, Some(HandoffReason::OrderConfirmed));
    let stored = lock(&world.orders.0).clone();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].total(), eur("69.80"));
}

#[test]
fn no_to_the_summary_places_nothing() {
    let world = World::new();
    world.say("2 Glow Serum 50ml to Milan");
    let report = world.say("no");

    assert!(lock(&world.orders.0).is_empty());
    assert_eq!(report.order, None);
    assert_eq!(report.reply.as_ref().unwrap().kind, "order_declined");
    assert_eq!(world.conversation().state.owner(), Owner::Assistant);
}

#[test]
fn where_is_my_order_answers_from_the_customers_own_orders() {
    let world = World::new();
    world.say("2 Glow Serum 50ml to Milan");
    world.say("yes");
    // The team hands the conversation back; the customer asks later.
    let conversation = world.conversation();
    super::block_on(world.service.take_over(
        world.workspace_id,
        conversation.id,
        uuid::Uuid::now_v7(),
    ))
    .unwrap();
    super::block_on(
        world
            .service
            .return_to_assistant(world.workspace_id, conversation.id, None),
    )
    .unwrap();
    let report = world.say("where is my order?");

    let number = lock(&world.orders.0)[0].number().to_string();
    let reply = report.reply.as_ref().unwrap();
    assert_eq!(reply.kind, "order_status");
    assert!(reply.text.contains(&number), "{}", reply.text);
}
