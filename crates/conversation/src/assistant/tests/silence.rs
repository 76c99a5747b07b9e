//! When the assistant must not talk: a person owns the conversation, or it is switched
//! off for the workspace or the conversation.

use handoff::{Decision, Lifecycle, Owner, SilenceReason};

use super::block_on;
use super::world::*;
use crate::conversations::ConversationEventKind;

fn silenced_by(report: &crate::assistant::TurnReport) -> SilenceReason {
    match report.decision {
        Decision::StaySilent { because } => because,
        other => panic!("the assistant talked: {other:?}"),
    }
}

#[test]
fn after_a_take_over_the_assistant_sends_nothing() {
    let world = World::new();
    world.say("hi");
    let member = uuid::Uuid::now_v7();
    let conversation = block_on(world.service.take_over(
        world.workspace_id,
        world.conversation().id,
        member,
    ))
    .unwrap();
    assert_eq!(conversation.state.owner(), Owner::Human);
    assert_eq!(conversation.assigned_member_id, Some(member));
    let sent_before = world.replies();

    let report = world.say("how much is the glow serum?");

    assert_eq!(silenced_by(&report), SilenceReason::HumanOwner);
    assert_eq!(report.reply, None);
    assert_eq!(report.handoff, None);
    assert_eq!(world.replies(), sent_before, "nothing queued");
    let stored = world.conversation();
    assert_eq!(stored.state.lifecycle(), Lifecycle::AgentHandling);
    assert_eq!(
        stored.answered_through,
        Some(report.through),
        "the person answers it; the assistant will not later"
    );
    assert!(
        world
            .conversations
            .timeline(stored.id)
            .iter()
            .any(|e| e.kind == ConversationEventKind::AgentJoined { member_id: member })
    );
}

#[test]
fn given_back_the_assistant_answers_again() {
    let world = World::new();
    world.say("hi");
    let id = world.conversation().id;
    block_on(
        world
            .service
            .take_over(world.workspace_id, id, uuid::Uuid::now_v7()),
    )
    .unwrap();
    world.say("anyone there?");
    block_on(
        world
            .service
            .return_to_assistant(world.workspace_id, id, None),
    )
    .unwrap();

    let report = world.say("how much is the glow serum?");
    assert_eq!(report.decision, Decision::Answer);
    assert_eq!(
        report.text, "how much is the glow serum?",
        "what the person handled is not answered again"
    );
    assert_eq!(world.replies().len(), 2);
}

#[test]
fn the_workspace_switch_silences_the_assistant() {
    let world = World::new();
    world.configure(|s| s.enabled = false);
    let report = world.say("how much is the glow serum?");

    assert_eq!(silenced_by(&report), SilenceReason::AssistantOffWorkspace);
    assert!(world.replies().is_empty());
    assert_eq!(world.conversation().state.owner(), Owner::Assistant);
}

#[test]
fn the_conversation_switch_silences_the_assistant() {
    let world = World::new();
    world.say("hi");
    let switched = block_on(world.service.set_assistant_enabled(
        world.workspace_id,
        world.conversation().id,
        false,
    ))
    .unwrap();
    assert!(!switched.assistant_enabled);

    let report = world.say("how much is the glow serum?");
    assert_eq!(
        silenced_by(&report),
        SilenceReason::AssistantOffConversation
    );
    assert_eq!(world.replies().len(), 1, "only the answer to hi");
    assert!(
        world
            .conversations
            .timeline(switched.id)
            .iter()
            .any(|e| e.kind == ConversationEventKind::AssistantSwitched { enabled: false })
    );
}

#[test]
fn an_escalated_conversation_waits_for_the_team() {
    let world = World::new();
    world.say("I want to talk to a person");
    let report = world.say("hello? how much is the glow serum?");

    assert_eq!(silenced_by(&report), SilenceReason::HumanOwner);
    assert_eq!(world.replies().len(), 1, "only the handoff message");
}
