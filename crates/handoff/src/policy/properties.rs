//! Properties of the policy over any signals, settings, gates and conversation states.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::ConfidenceThresholds;

fn signals() -> impl Strategy<Value = TurnSignals> {
    (
        0u16..=10_000,
        proptest::array::uniform7(any::<bool>()),
        0u32..8,
    )
        .prop_map(|(points, f, unhelpful_streak)| TurnSignals {
            confidence: Confidence::from_basis_points(points).unwrap_or(Confidence::ZERO),
            medical: f[0],
            custom_request: f[1],
            complaint: f[2],
            frustrated: f[3],
            asked_for_human: f[4],
            order_confirmed: f[5],
            open_now: f[6],
            unhelpful_streak,
        })
}

fn settings() -> impl Strategy<Value = HandoffSettings> {
    (proptest::collection::vec(any::<bool>(), 8), 1u8..=10).prop_map(|(on, limit)| {
        let enabled: Vec<HandoffReason> = HandoffReason::ALL
            .into_iter()
            .zip(on)
            .filter(|(_, on)| *on)
            .map(|(r, _)| r)
            .collect();
        HandoffSettings::new(&enabled, ConfidenceThresholds::default(), limit).unwrap_or_default()
    })
}

fn gate() -> impl Strategy<Value = AssistantGate> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(blocked, ws, conv)| AssistantGate {
        contact_blocked: blocked,
        workspace_assistant_on: ws,
        conversation_assistant_on: conv,
    })
}

fn conversation() -> impl Strategy<Value = ConversationState> {
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
    (0usize..7, any::<bool>()).prop_map(move |(i, human)| {
        let lifecycle = Lifecycle::ALL[i];
        let owner = lifecycle.owner().unwrap_or(if human {
            Owner::Human
        } else {
            Owner::Assistant
        });
        ConversationState::from_parts(lifecycle, owner, None, at)
            .unwrap_or_else(|_| ConversationState::opened(at))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn a_confirmed_order_always_hands_off_when_the_assistant_may_speak(
        settings in settings(), state in conversation(), signals in signals(),
    ) {
        let signals = TurnSignals { order_confirmed: true, ..signals };
        let decision = decide(&settings, &state, &AssistantGate::open(), &signals);
        if may_speak(&state) {
            prop_assert_eq!(decision, Decision::Handoff {
                reason: HandoffReason::OrderConfirmed,
                team_available: signals.open_now,
            });
        } else {
            prop_assert!(decision.is_silent());
        }
    }

    #[test]
    fn a_blocked_contact_or_a_person_in_charge_always_means_silence(
        settings in settings(), state in conversation(), gate in gate(), signals in signals(),
    ) {
        let decision = decide(&settings, &state, &gate, &signals);
        if gate.contact_blocked {
            prop_assert_eq!(decision, Decision::StaySilent { because: SilenceReason::ContactBlocked });
        } else if state.owner() == Owner::Human && !state.lifecycle().is_closed() {
            prop_assert_eq!(decision, Decision::StaySilent { because: SilenceReason::HumanOwner });
        }
        // Whatever the decision, the assistant speaks only where it may send.
        if !decision.is_silent() {
            prop_assert!(crate::may_assistant_send(&state));
            prop_assert!(gate.workspace_assistant_on && gate.conversation_assistant_on);
        }
    }

    #[test]
    fn a_handoff_names_a_reason_the_workspace_has_on(
        settings in settings(), signals in signals(),
    ) {
        let state = ConversationState::opened(Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap());
        let decision = decide(&settings, &state, &AssistantGate::open(), &signals);
        if let Some(reason) = decision.handoff_reason() {
            prop_assert!(settings.is_enabled(reason));
        }
        if let Decision::Handoff { team_available, .. } | Decision::OfferHuman { team_available } = decision {
            prop_assert_eq!(team_available, signals.open_now);
        }
    }

    #[test]
    fn more_confidence_never_brings_a_person_closer(
        settings in settings(), signals in signals(), more in 0u16..=10_000,
    ) {
        let state = ConversationState::opened(Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap());
        let higher = Confidence::from_basis_points(
            signals.confidence.basis_points().max(more)
        ).unwrap_or(Confidence::ONE);
        let low = decide(&settings, &state, &AssistantGate::open(), &signals);
        let high = decide(
            &settings, &state, &AssistantGate::open(),
            &TurnSignals { confidence: higher, ..signals },
        );
        prop_assert!(rank(&high) >= rank(&low), "{:?} then {:?}", low, high);
    }
}

fn may_speak(state: &ConversationState) -> bool {
    crate::may_assistant_send(state)
}

/// How far a decision is from a person stepping in; only meaningful between the
/// confidence-driven decisions (silence and specific reasons do not depend on it).
fn rank(decision: &Decision) -> u8 {
    match decision {
        Decision::StaySilent { .. } => 4,
        Decision::Handoff {
            reason: HandoffReason::LowConfidence,
            ..
        } => 0,
        Decision::Handoff { .. } => 4,
        Decision::OfferHuman { .. } => 1,
        Decision::AnswerWithCaveat => 2,
        Decision::Answer => 3,
    }
}
