//! The handoff policy: from what one turn found out, what the assistant does.
//!
//! `decide` is pure and returns a structured `Decision`, never a phrase: the reply
//! templates turn it into words in the workspace's tone and the customer's language.
//!
//! The table, first matching row wins:
//!
//! | # | when                                                    | decision                        |
//! |---|---------------------------------------------------------|---------------------------------|
//! | 1 | the contact is blocked                                  | stay silent (`contact_blocked`) |
//! | 2 | a person owns the conversation                          | stay silent (`human_owner`)     |
//! | 3 | the conversation is closed (resolved, abandoned, archived) | stay silent (`conversation_closed`) |
//! | 4 | the assistant is off for the workspace                  | stay silent (`assistant_off_workspace`) |
//! | 5 | the assistant is off for this conversation              | stay silent (`assistant_off_conversation`) |
//! | 6 | an order was just confirmed                             | hand off `order_confirmed` (always on) |
//! | 7 | a medical question                                      | hand off `medical_question`     |
//! | 8 | a complaint, or a frustrated customer                   | hand off `complaint`            |
//! | 9 | the customer asked for a person                         | hand off `customer_request`     |
//! |10 | a custom request                                        | hand off `custom_request`       |
//! |11 | outside operating hours                                 | hand off `outside_hours`        |
//! |12 | `repeated_failure_limit` unhelpful answers in a row     | hand off `repeated_failure`     |
//! |13 | confidence above 0.85                                   | answer                          |
//! |14 | confidence 0.70 to 0.85                                 | answer with a caveat            |
//! |15 | confidence 0.50 to 0.70                                 | offer a human                   |
//! |16 | confidence below 0.50                                   | hand off `low_confidence`       |
//!
//! Rows 7 to 12 and 16 apply only when the workspace has that reason on; a row that is
//! off is skipped (row 16 off offers a human instead: asking is not handing off).
//! Every handoff and offer says whether the team is in (`team_available`), so the
//! reply can promise "right away" or "when we open".
//!
//! Rules where the spec was silent:
//! - Silence comes first: nothing, not even a confirmed order, makes the assistant
//!   talk to a blocked contact, over a person, or while switched off.
//! - Medical before complaint before an explicit request: the most specific reason
//!   tells the team the most (and a medical question must never get an answer).
//! - Specific reasons before `outside_hours`: a complaint out of hours is still a
//!   complaint, marked `team_available: false`.

use serde::Serialize;

use crate::{
    Confidence, ConfidenceBand, ConversationState, HandoffReason, HandoffSettings, Lifecycle, Owner,
};

/// What the conversation layer found out about this turn. How intents map: a
/// `medical_question` intent or medical language sets `medical`; `complaint` (or very
/// negative sentiment) sets `complaint`; `speak_to_human` sets `asked_for_human`;
/// `custom_request` sets `custom_request`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TurnSignals {
    /// How sure the assistant is of the answer it would give (intent clarity and
    /// grounding combined by the conversation layer).
    pub confidence: Confidence,
    pub medical: bool,
    pub custom_request: bool,
    pub complaint: bool,
    /// Frustration: keywords, the same question again, "this is not helping".
    pub frustrated: bool,
    pub asked_for_human: bool,
    /// Unhelpful answers already sent in a row (see `next_unhelpful_streak`).
    pub unhelpful_streak: u32,
    /// This turn placed an order.
    pub order_confirmed: bool,
    /// The workspace's operating hours say the team is in now.
    pub open_now: bool,
}

impl TurnSignals {
    /// A plain turn: confident, nothing flagged, in hours.
    pub fn confident() -> Self {
        Self {
            confidence: Confidence::ONE,
            medical: false,
            custom_request: false,
            complaint: false,
            frustrated: false,
            asked_for_human: false,
            unhelpful_streak: 0,
            order_confirmed: false,
            open_now: true,
        }
    }
}

/// Switches outside the conversation's own state that silence the assistant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AssistantGate {
    pub contact_blocked: bool,
    pub workspace_assistant_on: bool,
    pub conversation_assistant_on: bool,
}

impl AssistantGate {
    /// Nothing silences the assistant.
    pub fn open() -> Self {
        Self {
            contact_blocked: false,
            workspace_assistant_on: true,
            conversation_assistant_on: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SilenceReason {
    ContactBlocked,
    HumanOwner,
    ConversationClosed,
    AssistantOffWorkspace,
    AssistantOffConversation,
}

/// What the assistant does this turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Decision {
    /// Send nothing.
    StaySilent {
        because: SilenceReason,
    },
    Answer,
    AnswerWithCaveat,
    /// Answer, and offer to bring in a person.
    OfferHuman {
        team_available: bool,
    },
    /// Hand the conversation to the team with this reason: owner becomes human, status
    /// `escalated`, the customer gets the reason's handoff message.
    Handoff {
        reason: HandoffReason,
        team_available: bool,
    },
}

impl Decision {
    pub fn is_silent(&self) -> bool {
        matches!(self, Decision::StaySilent { .. })
    }

    pub fn handoff_reason(&self) -> Option<HandoffReason> {
        match self {
            Decision::Handoff { reason, .. } => Some(*reason),
            _ => None,
        }
    }
}

pub fn decide(
    settings: &HandoffSettings,
    state: &ConversationState,
    gate: &AssistantGate,
    signals: &TurnSignals,
) -> Decision {
    let silent = |because| Decision::StaySilent { because };
    if gate.contact_blocked {
        return silent(SilenceReason::ContactBlocked);
    }
    if state.owner() == Owner::Human && !state.lifecycle().is_closed() {
        return silent(SilenceReason::HumanOwner);
    }
    if !matches!(state.lifecycle(), Lifecycle::Active | Lifecycle::Waiting) {
        return silent(SilenceReason::ConversationClosed);
    }
    if !gate.workspace_assistant_on {
        return silent(SilenceReason::AssistantOffWorkspace);
    }
    if !gate.conversation_assistant_on {
        return silent(SilenceReason::AssistantOffConversation);
    }

    let team_available = signals.open_now;
    let limit = u32::from(settings.repeated_failure_limit());
    let triggered = [
        (signals.order_confirmed, HandoffReason::OrderConfirmed),
        (signals.medical, HandoffReason::MedicalQuestion),
        (
            signals.complaint || signals.frustrated,
            HandoffReason::Complaint,
        ),
        (signals.asked_for_human, HandoffReason::CustomerRequest),
        (signals.custom_request, HandoffReason::CustomRequest),
        (!signals.open_now, HandoffReason::OutsideHours),
        (
            signals.unhelpful_streak >= limit,
            HandoffReason::RepeatedFailure,
        ),
    ];
    if let Some((_, reason)) = triggered
        .into_iter()
        .find(|(fired, reason)| *fired && settings.is_enabled(*reason))
    {
        return Decision::Handoff {
            reason,
            team_available,
        };
    }

    match settings.thresholds().band(signals.confidence) {
        ConfidenceBand::Answer => Decision::Answer,
        ConfidenceBand::AnswerWithCaveat => Decision::AnswerWithCaveat,
        ConfidenceBand::OfferHuman => Decision::OfferHuman { team_available },
        ConfidenceBand::HandOff if settings.is_enabled(HandoffReason::LowConfidence) => {
            Decision::Handoff {
                reason: HandoffReason::LowConfidence,
                team_available,
            }
        }
        ConfidenceBand::HandOff => Decision::OfferHuman { team_available },
    }
}

/// The unhelpful-answer count after a turn: an offer of a human, or a fallback reply
/// ("I'm not sure I understood") counts one more; a real answer or a handoff starts
/// over; a caveated answer or silence leaves it as it was.
pub fn next_unhelpful_streak(previous: u32, decision: &Decision, fell_back: bool) -> u32 {
    match decision {
        Decision::Handoff { .. } => 0,
        _ if fell_back => previous.saturating_add(1),
        Decision::OfferHuman { .. } => previous.saturating_add(1),
        Decision::Answer => 0,
        Decision::AnswerWithCaveat | Decision::StaySilent { .. } => previous,
    }
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
