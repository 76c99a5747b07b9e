//! Why a conversation goes to a human.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffReason {
    /// An order was just placed: the seller arranges payment and delivery. Always on.
    OrderConfirmed,
    /// Skin conditions, treatments, allergies: never answered by the assistant.
    MedicalQuestion,
    /// Something off the catalog: engraving, a custom set, a wholesale price.
    CustomRequest,
    /// A complaint, or a customer getting frustrated.
    Complaint,
    /// The assistant is not sure enough of its answer.
    LowConfidence,
    /// The customer asked for a person.
    CustomerRequest,
    /// The assistant was unhelpful several times in a row.
    RepeatedFailure,
    /// Outside operating hours: the team picks the conversation up when back.
    OutsideHours,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a handoff reason")]
pub struct UnknownHandoffReason(pub String);

impl HandoffReason {
    pub const ALL: [HandoffReason; 8] = [
        HandoffReason::OrderConfirmed,
        HandoffReason::MedicalQuestion,
        HandoffReason::CustomRequest,
        HandoffReason::Complaint,
        HandoffReason::LowConfidence,
        HandoffReason::CustomerRequest,
        HandoffReason::RepeatedFailure,
        HandoffReason::OutsideHours,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HandoffReason::OrderConfirmed => "order_confirmed",
            HandoffReason::MedicalQuestion => "medical_question",
            HandoffReason::CustomRequest => "custom_request",
            HandoffReason::Complaint => "complaint",
            HandoffReason::LowConfidence => "low_confidence",
            HandoffReason::CustomerRequest => "customer_request",
            HandoffReason::RepeatedFailure => "repeated_failure",
            HandoffReason::OutsideHours => "outside_hours",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, UnknownHandoffReason> {
        let lower = raw.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == lower)
            .ok_or_else(|| UnknownHandoffReason(raw.trim().to_owned()))
    }

    /// Whether a workspace may switch this reason off. A confirmed order always goes
    /// to the seller: nobody else can take the payment.
    pub fn is_switchable(self) -> bool {
        self != HandoffReason::OrderConfirmed
    }
}

impl fmt::Display for HandoffReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_parse_their_names_and_only_order_confirmed_is_fixed() {
        for reason in HandoffReason::ALL {
            assert_eq!(HandoffReason::parse(reason.as_str()), Ok(reason));
            assert_eq!(
                reason.is_switchable(),
                reason != HandoffReason::OrderConfirmed
            );
        }
        assert_eq!(
            HandoffReason::parse(" Complaint "),
            Ok(HandoffReason::Complaint)
        );
        assert!(HandoffReason::parse("bored").is_err());
    }
}
