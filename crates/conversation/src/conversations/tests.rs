//! The conversation aggregate, its dialogue memory and the assistant settings.

use std::time::Duration;

use catalog::ProductId;
use channels::{ChannelId, ContactId, Platform};
use chrono::{DateTime, TimeZone, Utc};
use handoff::{HandoffReason, HandoffSettingsError, Lifecycle, OutOfHours, Owner, OwnershipError};
use kernel::WorkspaceId;
use orders::{CaptureStage, OrderCapture};
use uuid::Uuid;

use super::*;
use crate::entities::PendingQuestion;

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 12, 10, minute, 0).unwrap()
}

fn started() -> Conversation {
    Conversation::start(
        WorkspaceId::new(),
        ChannelId::new(),
        ContactId::new(),
        Platform::Messenger,
        at(0),
    )
}

fn kinds(events: &[ConversationEvent]) -> Vec<ConversationEventKind> {
    events.iter().map(|e| e.kind).collect()
}

#[test]
fn a_conversation_starts_active_with_the_assistant_and_nothing_remembered() {
    let conversation = started();
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Active);
    assert_eq!(conversation.state.owner(), Owner::Assistant);
    assert!(conversation.assistant_enabled);
    assert_eq!(conversation.assigned_member_id, None);
    assert_eq!(conversation.version, 0);
    assert_eq!(conversation.answered_through, None);
    assert_eq!(conversation.dialogue, Dialogue::default());
    assert_eq!(
        OrderCapture::restore(conversation.capture.clone())
            .unwrap()
            .stage(),
        CaptureStage::Browsing
    );
    assert_eq!(
        (conversation.created_at, conversation.updated_at),
        (at(0), at(0))
    );

    let event = conversation.event(ConversationEventKind::Created, at(0));
    assert_eq!(event.conversation_id, conversation.id);
    assert_eq!(event.workspace_id, conversation.workspace_id);
    assert_eq!(event.at, at(0));
}

#[test]
fn writing_to_a_waiting_conversation_makes_it_active_without_a_timeline_entry() {
    let mut conversation = started();
    conversation.state.assistant_replied(at(1)).unwrap();
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Waiting);

    let events = conversation.customer_wrote(at(2));
    assert!(events.is_empty());
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Active);
    assert_eq!(conversation.last_customer_message_at, Some(at(2)));
    assert_eq!(conversation.updated_at, at(2));
}

#[test]
fn writing_to_a_resolved_conversation_reopens_it_for_the_assistant() {
    let mut conversation = started();
    conversation.take_over(Uuid::now_v7(), at(1)).unwrap();
    conversation.state.resolve(at(2)).unwrap();

    let events = conversation.customer_wrote(at(3));
    assert_eq!(kinds(&events), [ConversationEventKind::Reopened]);
    assert_eq!(events[0].at, at(3));
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Active);
    assert_eq!(conversation.state.owner(), Owner::Assistant);
    assert_eq!(conversation.assigned_member_id, None);
}

#[test]
fn writing_to_an_escalated_conversation_leaves_it_with_the_team() {
    let mut conversation = started();
    conversation
        .hand_off(HandoffReason::Complaint, at(1))
        .unwrap();
    let events = conversation.customer_wrote(at(2));
    assert!(events.is_empty());
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Escalated);
    assert_eq!(conversation.state.owner(), Owner::Human);
    assert_eq!(conversation.last_customer_message_at, Some(at(2)));
}

#[test]
fn writing_to_an_archived_conversation_does_not_reopen_it() {
    let mut conversation = started();
    conversation.state.archive(at(1)).unwrap();
    let events = conversation.customer_wrote(at(2));
    assert!(events.is_empty());
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Archived);
}

#[test]
fn a_handoff_escalates_with_its_reason_once() {
    let mut conversation = started();
    let event = conversation
        .hand_off(HandoffReason::MedicalQuestion, at(1))
        .unwrap();
    assert_eq!(
        event.kind,
        ConversationEventKind::Escalated {
            reason: HandoffReason::MedicalQuestion
        }
    );
    assert_eq!(event.kind.reason(), Some(HandoffReason::MedicalQuestion));
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Escalated);
    assert_eq!(conversation.state.owner(), Owner::Human);
    assert_eq!(conversation.updated_at, at(1));
    assert_eq!(
        conversation.hand_off(HandoffReason::Complaint, at(2)),
        Err(OwnershipError::AlreadyWithHuman)
    );
    assert_eq!(
        conversation.state.last_handoff().map(|h| h.reason),
        Some(HandoffReason::MedicalQuestion)
    );
}

#[test]
fn taking_over_assigns_the_member_and_giving_back_forgets_what_was_pending() {
    let mut conversation = started();
    conversation.dialogue.pending = Some(PendingQuestion::Quantity);
    conversation.dialogue.unhelpful_streak = 2;
    let member = Uuid::now_v7();

    let joined = conversation.take_over(member, at(1)).unwrap();
    assert_eq!(
        joined.kind,
        ConversationEventKind::AgentJoined { member_id: member }
    );
    assert_eq!(joined.kind.member_id(), Some(member));
    assert_eq!(conversation.assigned_member_id, Some(member));
    assert_eq!(conversation.state.lifecycle(), Lifecycle::AgentHandling);
    assert_eq!(
        conversation.take_over(Uuid::now_v7(), at(2)),
        Err(OwnershipError::AlreadyWithHuman)
    );
    assert_eq!(conversation.assigned_member_id, Some(member), "unchanged");

    let returned = conversation
        .return_to_assistant(Some(member), at(3))
        .unwrap();
    assert_eq!(
        returned.kind,
        ConversationEventKind::ReturnedToAssistant {
            member_id: Some(member)
        }
    );
    assert_eq!(conversation.state.owner(), Owner::Assistant);
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Active);
    assert_eq!(conversation.assigned_member_id, None);
    assert_eq!(conversation.dialogue.pending, None);
    assert_eq!(conversation.dialogue.unhelpful_streak, 0);
    assert_eq!(conversation.updated_at, at(3));
}

#[test]
fn only_a_conversation_with_the_team_can_be_given_back() {
    let mut conversation = started();
    conversation.dialogue.pending = Some(PendingQuestion::Location);
    assert!(matches!(
        conversation.return_to_assistant(None, at(1)),
        Err(OwnershipError::InvalidTransition { .. })
    ));
    assert_eq!(
        conversation.dialogue.pending,
        Some(PendingQuestion::Location),
        "a refused move changes nothing"
    );
}

#[test]
fn event_kinds_name_themselves() {
    let member = Uuid::now_v7();
    let names = [
        (ConversationEventKind::Created, "created"),
        (
            ConversationEventKind::Escalated {
                reason: HandoffReason::Complaint,
            },
            "escalated",
        ),
        (
            ConversationEventKind::AgentJoined { member_id: member },
            "agent_joined",
        ),
        (
            ConversationEventKind::ReturnedToAssistant { member_id: None },
            "returned_to_assistant",
        ),
        (
            ConversationEventKind::AssistantSwitched { enabled: false },
            "assistant_switched",
        ),
        (ConversationEventKind::Resolved, "resolved"),
        (ConversationEventKind::Reopened, "reopened"),
    ];
    for (kind, name) in names {
        assert_eq!(kind.as_str(), name);
        assert_eq!(serde_json::to_value(kind).unwrap()["kind"], name);
    }
    assert_eq!(ConversationEventKind::Created.reason(), None);
    assert_eq!(ConversationEventKind::Created.member_id(), None);
}

#[test]
fn the_dialogue_keeps_the_latest_messages() {
    let mut dialogue = Dialogue::default();
    for i in 0..7 {
        dialogue.remember_message(&format!("message {i}"));
    }
    assert_eq!(dialogue.recent.len(), RECENT_MESSAGES);
    assert_eq!(
        dialogue.recent.first().map(String::as_str),
        Some("message 2")
    );
    assert_eq!(
        dialogue.recent.last().map(String::as_str),
        Some("message 6")
    );
}

#[test]
fn the_product_in_focus_comes_first_once() {
    let mut dialogue = Dialogue::default();
    let products: Vec<ProductId> = (0..7).map(|_| ProductId::new()).collect();
    for product in &products {
        dialogue.focus_on(*product);
    }
    assert_eq!(dialogue.focus.len(), RECENT_MESSAGES);
    assert_eq!(dialogue.focus[0], products[6]);

    dialogue.focus_on(products[4]);
    assert_eq!(dialogue.focus[0], products[4]);
    assert_eq!(
        dialogue.focus.iter().filter(|p| **p == products[4]).count(),
        1
    );
    assert_eq!(dialogue.focus.len(), RECENT_MESSAGES);
}

#[test]
fn the_dialogue_round_trips_through_json() {
    let mut dialogue = Dialogue {
        language: Some(crate::language::Language::Italian),
        pending: Some(PendingQuestion::Confirmation),
        unhelpful_streak: 1,
        turns: 3,
        ..Dialogue::default()
    };
    dialogue.focus_on(ProductId::new());
    dialogue.remember_message("quanto costa?");
    let json = serde_json::to_string(&dialogue).unwrap();
    assert_eq!(serde_json::from_str::<Dialogue>(&json).unwrap(), dialogue);
}

#[test]
fn default_settings_answer_instantly_after_two_seconds_with_every_trigger_on() {
    let settings = AssistantSettings::default();
    assert!(settings.enabled);
    assert_eq!(settings.burst_window(), Duration::from_secs(2));
    assert_eq!(settings.burst_window_ms(), 2_000);
    assert_eq!(settings.response_delay, ResponseDelay::Instant);
    assert_eq!(settings.welcome_message(), None);
    assert_eq!(settings.custom_instructions(), None);
    assert_eq!(settings.out_of_hours(), OutOfHours::HandOff);
    for reason in HandoffReason::ALL {
        assert!(settings.handoff.is_enabled(reason), "{reason}");
    }
}

#[test]
fn the_burst_window_is_bounded() {
    let mut settings = AssistantSettings::default();
    assert_eq!(
        settings.set_burst_window_ms(BURST_WINDOW_MAX_MS + 1),
        Err(AssistantSettingsError::BurstWindow)
    );
    assert_eq!(settings.burst_window_ms(), 2_000, "unchanged when refused");
    settings.set_burst_window_ms(BURST_WINDOW_MIN_MS).unwrap();
    assert_eq!(settings.burst_window(), Duration::ZERO);
    settings.set_burst_window_ms(BURST_WINDOW_MAX_MS).unwrap();
    assert_eq!(settings.burst_window(), Duration::from_secs(30));
    assert_eq!(AssistantSettingsError::BurstWindow.code(), "burst_window");
}

#[test]
fn texts_are_trimmed_bounded_in_characters_and_cleared_when_blank() {
    let mut settings = AssistantSettings::default();
    settings
        .set_welcome_message(Some("  Benvenuta!  "))
        .unwrap();
    assert_eq!(settings.welcome_message(), Some("Benvenuta!"));
    let too_long = "ñ".repeat(TEXT_SETTING_MAX + 1);
    assert_eq!(
        settings.set_welcome_message(Some(&too_long)),
        Err(AssistantSettingsError::TooLong)
    );
    assert_eq!(settings.welcome_message(), Some("Benvenuta!"), "unchanged");
    settings
        .set_welcome_message(Some(&"ñ".repeat(TEXT_SETTING_MAX)))
        .unwrap();
    settings.set_welcome_message(Some(" \n ")).unwrap();
    assert_eq!(settings.welcome_message(), None);

    settings
        .set_custom_instructions(Some("Sign as Giulia."))
        .unwrap();
    assert_eq!(settings.custom_instructions(), Some("Sign as Giulia."));
    settings.set_custom_instructions(None).unwrap();
    assert_eq!(settings.custom_instructions(), None);
    assert_eq!(AssistantSettingsError::TooLong.code(), "too_long");
}

#[test]
fn triggers_switch_except_order_confirmed() {
    let mut settings = AssistantSettings::default();
    settings
        .set_trigger(HandoffReason::Complaint, false)
        .unwrap();
    assert!(!settings.handoff.is_enabled(HandoffReason::Complaint));
    let refused = settings.set_trigger(HandoffReason::OrderConfirmed, false);
    assert_eq!(
        refused,
        Err(AssistantSettingsError::Handoff(
            HandoffSettingsError::AlwaysOn(HandoffReason::OrderConfirmed)
        ))
    );
    assert_eq!(refused.unwrap_err().code(), "handoff_reason_always_on");
    settings
        .set_trigger(HandoffReason::OutsideHours, false)
        .unwrap();
    assert_eq!(settings.out_of_hours(), OutOfHours::KeepAnswering);
}

#[test]
fn the_natural_delay_is_one_to_three_seconds() {
    assert_eq!(ResponseDelay::Instant.extra_for(500), Duration::ZERO);
    assert_eq!(
        ResponseDelay::Natural.extra_for(0),
        Duration::from_millis(1_000)
    );
    assert_eq!(
        ResponseDelay::Natural.extra_for(100),
        Duration::from_millis(2_500)
    );
    assert_eq!(
        ResponseDelay::Natural.extra_for(10_000),
        Duration::from_millis(3_000)
    );
}

#[test]
fn response_delays_parse_their_names() {
    for delay in [ResponseDelay::Instant, ResponseDelay::Natural] {
        assert_eq!(ResponseDelay::parse(delay.as_str()), Some(delay));
        assert_eq!(
            serde_json::to_value(delay).unwrap(),
            serde_json::json!(delay.as_str())
        );
    }
    assert_eq!(
        ResponseDelay::parse(" natural "),
        Some(ResponseDelay::Natural)
    );
    assert_eq!(ResponseDelay::parse("slow"), None);
}
