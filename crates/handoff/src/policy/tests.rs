//! The policy table, row by row, then every combination of signals and settings.

use chrono::{TimeZone, Utc};

use super::*;
use crate::ConfidenceThresholds;

fn c(value: f64) -> Confidence {
    Confidence::new(value).unwrap()
}

fn state() -> ConversationState {
    ConversationState::opened(Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap())
}

fn decide_with(signals: TurnSignals) -> Decision {
    decide(
        &HandoffSettings::default(),
        &state(),
        &AssistantGate::open(),
        &signals,
    )
}

fn handoff(reason: HandoffReason) -> Decision {
    Decision::Handoff {
        reason,
        team_available: true,
    }
}

#[test]
fn row_1_a_blocked_contact_gets_nothing_even_after_an_order() {
    let gate = AssistantGate {
        contact_blocked: true,
        ..AssistantGate::open()
    };
    let signals = TurnSignals {
        order_confirmed: true,
        ..TurnSignals::confident()
    };
    assert_eq!(
        decide(&HandoffSettings::default(), &state(), &gate, &signals),
        Decision::StaySilent {
            because: SilenceReason::ContactBlocked
        }
    );
}

#[test]
fn row_2_a_person_owning_the_conversation_means_silence() {
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
    for lifecycle in [Lifecycle::Escalated, Lifecycle::AgentHandling] {
        let state = ConversationState::from_parts(lifecycle, Owner::Human, None, at).unwrap();
        let signals = TurnSignals {
            asked_for_human: true,
            ..TurnSignals::confident()
        };
        assert_eq!(
            decide(
                &HandoffSettings::default(),
                &state,
                &AssistantGate::open(),
                &signals
            ),
            Decision::StaySilent {
                because: SilenceReason::HumanOwner
            }
        );
    }
}

#[test]
fn row_3_a_closed_conversation_means_silence() {
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
    for lifecycle in [
        Lifecycle::Resolved,
        Lifecycle::Abandoned,
        Lifecycle::Archived,
    ] {
        for owner in [Owner::Assistant, Owner::Human] {
            let state = ConversationState::from_parts(lifecycle, owner, None, at).unwrap();
            assert_eq!(
                decide(
                    &HandoffSettings::default(),
                    &state,
                    &AssistantGate::open(),
                    &TurnSignals::confident()
                ),
                Decision::StaySilent {
                    because: SilenceReason::ConversationClosed
                },
                "{lifecycle} {owner:?}"
            );
        }
    }
}

#[test]
fn rows_4_and_5_the_assistant_switched_off_stays_silent() {
    let off_workspace = AssistantGate {
        workspace_assistant_on: false,
        conversation_assistant_on: false,
        ..AssistantGate::open()
    };
    let off_conversation = AssistantGate {
        conversation_assistant_on: false,
        ..AssistantGate::open()
    };
    let settings = HandoffSettings::default();
    let signals = TurnSignals::confident();
    assert_eq!(
        decide(&settings, &state(), &off_workspace, &signals),
        Decision::StaySilent {
            because: SilenceReason::AssistantOffWorkspace
        }
    );
    assert_eq!(
        decide(&settings, &state(), &off_conversation, &signals),
        Decision::StaySilent {
            because: SilenceReason::AssistantOffConversation
        }
    );
}

#[test]
fn row_6_a_confirmed_order_hands_off_even_with_every_trigger_off() {
    let settings = HandoffSettings::new(&[], ConfidenceThresholds::default(), 3).unwrap();
    let signals = TurnSignals {
        order_confirmed: true,
        medical: true,
        open_now: false,
        ..TurnSignals::confident()
    };
    assert_eq!(
        decide(&settings, &state(), &AssistantGate::open(), &signals),
        Decision::Handoff {
            reason: HandoffReason::OrderConfirmed,
            team_available: false
        }
    );
}

#[test]
fn rows_7_to_10_specific_reasons_in_order() {
    let all = TurnSignals {
        medical: true,
        complaint: true,
        asked_for_human: true,
        custom_request: true,
        ..TurnSignals::confident()
    };
    assert_eq!(decide_with(all), handoff(HandoffReason::MedicalQuestion));
    let no_medical = TurnSignals {
        medical: false,
        ..all
    };
    assert_eq!(decide_with(no_medical), handoff(HandoffReason::Complaint));
    let frustrated_only = TurnSignals {
        frustrated: true,
        ..TurnSignals::confident()
    };
    assert_eq!(
        decide_with(frustrated_only),
        handoff(HandoffReason::Complaint)
    );
    let request = TurnSignals {
        complaint: false,
        ..no_medical
    };
    assert_eq!(
        decide_with(request),
        handoff(HandoffReason::CustomerRequest)
    );
    let custom = TurnSignals {
        asked_for_human: false,
        ..request
    };
    assert_eq!(decide_with(custom), handoff(HandoffReason::CustomRequest));
}

#[test]
fn row_11_outside_hours_hands_off_or_keeps_answering() {
    let closed = TurnSignals {
        open_now: false,
        ..TurnSignals::confident()
    };
    assert_eq!(
        decide_with(closed),
        Decision::Handoff {
            reason: HandoffReason::OutsideHours,
            team_available: false
        }
    );
    let mut keep_answering = HandoffSettings::default();
    keep_answering.set_out_of_hours(crate::OutOfHours::KeepAnswering);
    let gate = AssistantGate::open();
    assert_eq!(
        decide(&keep_answering, &state(), &gate, &closed),
        Decision::Answer
    );
    // A complaint out of hours is still a complaint, and says the team is away.
    let complaint = TurnSignals {
        complaint: true,
        ..closed
    };
    assert_eq!(
        decide(&keep_answering, &state(), &gate, &complaint),
        Decision::Handoff {
            reason: HandoffReason::Complaint,
            team_available: false
        }
    );
    let unsure = TurnSignals {
        confidence: c(0.6),
        ..closed
    };
    assert_eq!(
        decide(&keep_answering, &state(), &gate, &unsure),
        Decision::OfferHuman {
            team_available: false
        }
    );
}

#[test]
fn row_12_three_unhelpful_answers_then_a_person() {
    let two = TurnSignals {
        unhelpful_streak: 2,
        ..TurnSignals::confident()
    };
    assert_eq!(decide_with(two), Decision::Answer);
    let three = TurnSignals {
        unhelpful_streak: 3,
        ..TurnSignals::confident()
    };
    assert_eq!(decide_with(three), handoff(HandoffReason::RepeatedFailure));
    let settings =
        HandoffSettings::new(&HandoffReason::ALL, ConfidenceThresholds::default(), 5).unwrap();
    assert_eq!(
        decide(&settings, &state(), &AssistantGate::open(), &three),
        Decision::Answer
    );
}

#[test]
fn rows_13_to_16_confidence_bands() {
    let table = [
        (0.95, Decision::Answer),
        (0.85, Decision::AnswerWithCaveat),
        (0.70, Decision::AnswerWithCaveat),
        (
            0.69,
            Decision::OfferHuman {
                team_available: true,
            },
        ),
        (
            0.50,
            Decision::OfferHuman {
                team_available: true,
            },
        ),
        (0.49, handoff(HandoffReason::LowConfidence)),
    ];
    for (confidence, expected) in table {
        let signals = TurnSignals {
            confidence: c(confidence),
            ..TurnSignals::confident()
        };
        assert_eq!(decide_with(signals), expected, "{confidence}");
    }
}

#[test]
fn row_16_switched_off_offers_a_person_instead() {
    let mut settings = HandoffSettings::default();
    settings.set(HandoffReason::LowConfidence, false).unwrap();
    let signals = TurnSignals {
        confidence: c(0.2),
        ..TurnSignals::confident()
    };
    assert_eq!(
        decide(&settings, &state(), &AssistantGate::open(), &signals),
        Decision::OfferHuman {
            team_available: true
        }
    );
}

#[test]
fn a_reason_switched_off_falls_through_to_the_next_row() {
    let mut settings = HandoffSettings::default();
    settings.set(HandoffReason::MedicalQuestion, false).unwrap();
    let signals = TurnSignals {
        medical: true,
        confidence: c(0.75),
        ..TurnSignals::confident()
    };
    assert_eq!(
        decide(&settings, &state(), &AssistantGate::open(), &signals),
        Decision::AnswerWithCaveat
    );
}

#[test]
fn decisions_serialize_as_tagged_actions() {
    let json = serde_json::to_value(Decision::Handoff {
        reason: HandoffReason::Complaint,
        team_available: false,
    })
    .unwrap();
    assert_eq!(
        json,
        serde_json::json!({"action": "handoff", "reason": "complaint", "team_available": false})
    );
    let json = serde_json::to_value(Decision::StaySilent {
        because: SilenceReason::HumanOwner,
    })
    .unwrap();
    assert_eq!(
        json,
        serde_json::json!({"action": "stay_silent", "because": "human_owner"})
    );
}

#[test]
fn the_unhelpful_streak() {
    let offer = Decision::OfferHuman {
        team_available: true,
    };
    assert_eq!(next_unhelpful_streak(1, &offer, false), 2);
    assert_eq!(next_unhelpful_streak(2, &Decision::Answer, false), 0);
    assert_eq!(next_unhelpful_streak(2, &Decision::Answer, true), 3);
    assert_eq!(
        next_unhelpful_streak(2, &Decision::AnswerWithCaveat, false),
        2
    );
    assert_eq!(
        next_unhelpful_streak(5, &handoff(HandoffReason::RepeatedFailure), true),
        0
    );
    assert_eq!(next_unhelpful_streak(u32::MAX, &offer, false), u32::MAX);
}

/// The table as data: which reason each signal raises, in priority order. Every
/// combination of signals, streaks, confidences and settings is checked against it.
#[test]
fn every_combination_follows_the_table() {
    const PRIORITY: [HandoffReason; 7] = [
        HandoffReason::OrderConfirmed,
        HandoffReason::MedicalQuestion,
        HandoffReason::Complaint,
        HandoffReason::CustomerRequest,
        HandoffReason::CustomRequest,
        HandoffReason::OutsideHours,
        HandoffReason::RepeatedFailure,
    ];
    let mut settings_variants = vec![
        HandoffSettings::default(),
        HandoffSettings::new(&[], ConfidenceThresholds::default(), 3).unwrap(),
    ];
    for reason in HandoffReason::ALL.into_iter().filter(|r| r.is_switchable()) {
        let mut settings = HandoffSettings::default();
        settings.set(reason, false).unwrap();
        settings_variants.push(settings);
    }
    let mut checked = 0;
    for settings in &settings_variants {
        for bits in 0u32..128 {
            let flag = |i: u32| bits & (1 << i) != 0;
            for streak in [0, 2, 3, 4] {
                for confidence in [0.95, 0.86, 0.85, 0.75, 0.70, 0.6, 0.5, 0.3, 0.0] {
                    let signals = TurnSignals {
                        confidence: c(confidence),
                        order_confirmed: flag(0),
                        medical: flag(1),
                        complaint: flag(2),
                        frustrated: flag(3),
                        asked_for_human: flag(4),
                        custom_request: flag(5),
                        open_now: flag(6),
                        unhelpful_streak: streak,
                    };
                    let raised = |reason: HandoffReason| match reason {
                        HandoffReason::OrderConfirmed => signals.order_confirmed,
                        HandoffReason::MedicalQuestion => signals.medical,
                        HandoffReason::Complaint => signals.complaint || signals.frustrated,
                        HandoffReason::CustomerRequest => signals.asked_for_human,
                        HandoffReason::CustomRequest => signals.custom_request,
                        HandoffReason::OutsideHours => !signals.open_now,
                        HandoffReason::RepeatedFailure => signals.unhelpful_streak >= 3,
                        HandoffReason::LowConfidence => false,
                    };
                    let team_available = signals.open_now;
                    let expected = match PRIORITY
                        .into_iter()
                        .find(|r| raised(*r) && settings.is_enabled(*r))
                    {
                        Some(reason) => Decision::Handoff {
                            reason,
                            team_available,
                        },
                        None if confidence > 0.85 => Decision::Answer,
                        None if confidence >= 0.70 => Decision::AnswerWithCaveat,
                        None if confidence >= 0.50
                            || !settings.is_enabled(HandoffReason::LowConfidence) =>
                        {
                            Decision::OfferHuman { team_available }
                        }
                        None => Decision::Handoff {
                            reason: HandoffReason::LowConfidence,
                            team_available,
                        },
                    };
                    let actual = decide(settings, &state(), &AssistantGate::open(), &signals);
                    assert_eq!(
                        actual,
                        expected,
                        "{signals:?} with {:?}",
                        settings.enabled()
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 9 * 128 * 4 * 9);
}
