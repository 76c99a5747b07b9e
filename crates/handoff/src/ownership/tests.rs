use chrono::TimeZone;
use proptest::prelude::*;

use super::*;

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 10, minute, 0).unwrap()
}

#[test]
fn the_lifecycle_edges() {
    use Lifecycle::*;
    let edges = [
        (Active, Waiting),
        (Active, Escalated),
        (Active, AgentHandling),
        (Active, Resolved),
        (Active, Archived),
        (Waiting, Active),
        (Waiting, Escalated),
        (Waiting, AgentHandling),
        (Waiting, Abandoned),
        (Waiting, Resolved),
        (Waiting, Archived),
        (Escalated, AgentHandling),
        (Escalated, Active),
        (Escalated, Resolved),
        (Escalated, Archived),
        (AgentHandling, Active),
        (AgentHandling, Resolved),
        (AgentHandling, Archived),
        (Resolved, Active),
        (Resolved, AgentHandling),
        (Resolved, Archived),
        (Abandoned, Active),
        (Abandoned, AgentHandling),
        (Abandoned, Archived),
    ];
    for from in Lifecycle::ALL {
        for to in Lifecycle::ALL {
            assert_eq!(
                from.can_become(to),
                edges.contains(&(from, to)),
                "{from} -> {to}"
            );
        }
    }
}

#[test]
fn lifecycle_names_round_trip() {
    for lifecycle in Lifecycle::ALL {
        assert_eq!(Lifecycle::parse(lifecycle.as_str()), Some(lifecycle));
    }
    assert_eq!(Lifecycle::parse("open"), None);
}

#[test]
fn a_handoff_gives_the_conversation_to_the_team_and_silences_the_assistant() {
    let mut state = ConversationState::opened(at(0));
    assert!(may_assistant_send(&state));
    state.assistant_replied(at(1)).unwrap();
    assert_eq!(state.lifecycle(), Lifecycle::Waiting);
    assert!(may_assistant_send(&state), "a burst reply may still go out");
    state.customer_wrote(at(2)).unwrap();
    assert_eq!(state.lifecycle(), Lifecycle::Active);

    state.hand_off(HandoffReason::Complaint, at(3)).unwrap();
    assert_eq!(state.lifecycle(), Lifecycle::Escalated);
    assert_eq!(state.owner(), Owner::Human);
    assert_eq!(
        state.last_handoff(),
        Some(HandoffRecord {
            reason: HandoffReason::Complaint,
            at: at(3)
        })
    );
    assert!(!may_assistant_send(&state));
    assert_eq!(
        state.assistant_replied(at(4)),
        Err(OwnershipError::NotAssistantTurn)
    );
    assert_eq!(
        state.hand_off(HandoffReason::LowConfidence, at(4)),
        Err(OwnershipError::AlreadyWithHuman)
    );

    state.customer_wrote(at(5)).unwrap();
    assert_eq!(
        state.lifecycle(),
        Lifecycle::Escalated,
        "it stays with the team"
    );
    state.take_over(at(6)).unwrap();
    assert_eq!(state.lifecycle(), Lifecycle::AgentHandling);
    assert!(!may_assistant_send(&state));
    state.return_to_assistant(at(7)).unwrap();
    assert_eq!(state.lifecycle(), Lifecycle::Active);
    assert_eq!(state.owner(), Owner::Assistant);
    assert!(may_assistant_send(&state));
    assert_eq!(state.changed_at(), at(7));
}

#[test]
fn a_person_can_take_over_mid_order() {
    let mut state = ConversationState::opened(at(0));
    state.assistant_replied(at(1)).unwrap();
    state.take_over(at(2)).unwrap();
    assert_eq!(state.owner(), Owner::Human);
    assert!(!may_assistant_send(&state));
    assert_eq!(
        state.take_over(at(3)),
        Err(OwnershipError::AlreadyWithHuman)
    );
}

#[test]
fn resolved_and_abandoned_conversations_reopen_for_the_assistant() {
    let mut state = ConversationState::opened(at(0));
    state.take_over(at(1)).unwrap();
    state.resolve(at(2)).unwrap();
    assert!(!may_assistant_send(&state));
    assert_eq!(state.owner(), Owner::Human, "the last owner is kept");
    state.customer_wrote(at(3)).unwrap();
    assert_eq!(state.lifecycle(), Lifecycle::Active);
    assert_eq!(state.owner(), Owner::Assistant);

    state.assistant_replied(at(4)).unwrap();
    state.abandon(at(5)).unwrap();
    assert!(!may_assistant_send(&state));
    state.customer_wrote(at(6)).unwrap();
    assert!(may_assistant_send(&state));
}

#[test]
fn only_a_waiting_conversation_is_abandoned() {
    let mut state = ConversationState::opened(at(0));
    assert_eq!(
        state.abandon(at(1)),
        Err(OwnershipError::InvalidTransition {
            from: Lifecycle::Active,
            to: Lifecycle::Abandoned
        })
    );
}

#[test]
fn archived_is_the_end() {
    let mut state = ConversationState::opened(at(0));
    state.archive(at(1)).unwrap();
    assert!(!may_assistant_send(&state));
    assert!(state.customer_wrote(at(2)).is_err());
    assert!(state.take_over(at(2)).is_err());
    assert!(state.hand_off(HandoffReason::Complaint, at(2)).is_err());
    assert!(state.archive(at(2)).is_err());
    assert!(state.return_to_assistant(at(2)).is_err());
}

#[test]
fn returning_needs_a_conversation_the_team_has() {
    let mut state = ConversationState::opened(at(0));
    assert!(state.return_to_assistant(at(1)).is_err());
}

#[test]
fn stored_states_must_agree_with_their_owner() {
    assert_eq!(
        ConversationState::from_parts(Lifecycle::Escalated, Owner::Assistant, None, at(0)),
        Err(OwnershipError::OwnerMismatch {
            lifecycle: Lifecycle::Escalated,
            owner: Owner::Assistant
        })
    );
    assert!(ConversationState::from_parts(Lifecycle::Active, Owner::Human, None, at(0)).is_err());
    for owner in [Owner::Assistant, Owner::Human] {
        assert!(ConversationState::from_parts(Lifecycle::Resolved, owner, None, at(0)).is_ok());
    }
}

#[derive(Debug, Clone, Copy)]
enum Move {
    CustomerWrote,
    AssistantReplied,
    HandOff,
    TakeOver,
    Return,
    Resolve,
    Abandon,
    Archive,
}

fn moves() -> impl Strategy<Value = Vec<Move>> {
    proptest::collection::vec(
        prop_oneof![
            Just(Move::CustomerWrote),
            Just(Move::AssistantReplied),
            Just(Move::HandOff),
            Just(Move::TakeOver),
            Just(Move::Return),
            Just(Move::Resolve),
            Just(Move::Abandon),
            Just(Move::Archive),
        ],
        0..30,
    )
}

proptest! {
    #[test]
    fn whatever_happens_the_owner_agrees_with_the_lifecycle(moves in moves()) {
        let mut state = ConversationState::opened(at(0));
        for (i, m) in moves.into_iter().enumerate() {
            let before = state.clone();
            let now = at(u32::try_from(i % 59).unwrap() + 1);
            let result = match m {
                Move::CustomerWrote => state.customer_wrote(now),
                Move::AssistantReplied => state.assistant_replied(now),
                Move::HandOff => state.hand_off(HandoffReason::Complaint, now),
                Move::TakeOver => state.take_over(now),
                Move::Return => state.return_to_assistant(now),
                Move::Resolve => state.resolve(now),
                Move::Abandon => state.abandon(now),
                Move::Archive => state.archive(now),
            };
            if result.is_err() {
                prop_assert_eq!(&state, &before, "a refused move changes nothing");
            } else if state.lifecycle() != before.lifecycle() {
                prop_assert!(before.lifecycle().can_become(state.lifecycle()));
            }
            prop_assert!(ConversationState::from_parts(
                state.lifecycle(), state.owner(), state.last_handoff(), state.changed_at()
            ).is_ok());
            prop_assert_eq!(
                may_assistant_send(&state),
                state.owner() == Owner::Assistant
                    && matches!(state.lifecycle(), Lifecycle::Active | Lifecycle::Waiting)
            );
            // The assistant only gets a conversation back by an explicit return or
            // by the customer reopening a closed one.
            if before.owner() == Owner::Human && !before.lifecycle().is_closed() {
                prop_assert!(
                    !may_assistant_send(&state) || matches!(m, Move::Return),
                    "the assistant spoke over a person after {:?}", m
                );
            }
        }
    }
}
