//! What a workspace decides about handoffs.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::{ConfidenceThresholds, HandoffReason};

/// The default, and the spec's: three unhelpful answers in a row, then a person.
pub const DEFAULT_REPEATED_FAILURE_LIMIT: u8 = 3;
pub const MAX_REPEATED_FAILURE_LIMIT: u8 = 10;

/// What happens when a customer writes outside operating hours. Stored as the
/// `outside_hours` trigger, so one switch cannot disagree with another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutOfHours {
    /// The customer gets the out-of-hours message and the conversation waits for the
    /// team ("I'll connect you with the owner tomorrow"): the spec's behaviour.
    HandOff,
    /// The assistant keeps answering and capturing orders; any handoff it decides
    /// tells the customer the team replies when back (`team_available: false`).
    KeepAnswering,
}

/// A workspace's handoff triggers and thresholds. `order_confirmed` is always on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandoffSettings {
    enabled: BTreeSet<HandoffReason>,
    thresholds: ConfidenceThresholds,
    repeated_failure_limit: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandoffSettingsError {
    #[error("{0} cannot be switched off")]
    AlwaysOn(HandoffReason),
    #[error("the repeated-failure limit must be 1 to {MAX_REPEATED_FAILURE_LIMIT}")]
    RepeatedFailureLimit,
}

impl HandoffSettingsError {
    pub fn code(&self) -> &'static str {
        match self {
            HandoffSettingsError::AlwaysOn(_) => "handoff_reason_always_on",
            HandoffSettingsError::RepeatedFailureLimit => "repeated_failure_limit",
        }
    }
}

impl Default for HandoffSettings {
    /// Every trigger on, the spec's thresholds, three failures.
    fn default() -> Self {
        Self {
            enabled: HandoffReason::ALL.into_iter().collect(),
            thresholds: ConfidenceThresholds::default(),
            repeated_failure_limit: DEFAULT_REPEATED_FAILURE_LIMIT,
        }
    }
}

impl HandoffSettings {
    /// Settings with exactly these reasons on (plus `order_confirmed`, always).
    pub fn new(
        enabled: &[HandoffReason],
        thresholds: ConfidenceThresholds,
        repeated_failure_limit: u8,
    ) -> Result<Self, HandoffSettingsError> {
        if !(1..=MAX_REPEATED_FAILURE_LIMIT).contains(&repeated_failure_limit) {
            return Err(HandoffSettingsError::RepeatedFailureLimit);
        }
        let mut enabled: BTreeSet<HandoffReason> = enabled.iter().copied().collect();
        enabled.insert(HandoffReason::OrderConfirmed);
        Ok(Self {
            enabled,
            thresholds,
            repeated_failure_limit,
        })
    }

    /// Switches one reason; switching `order_confirmed` off is refused.
    pub fn set(&mut self, reason: HandoffReason, on: bool) -> Result<(), HandoffSettingsError> {
        if !reason.is_switchable() {
            return if on {
                Ok(())
            } else {
                Err(HandoffSettingsError::AlwaysOn(reason))
            };
        }
        if on {
            self.enabled.insert(reason);
        } else {
            self.enabled.remove(&reason);
        }
        Ok(())
    }

    pub fn is_enabled(&self, reason: HandoffReason) -> bool {
        !reason.is_switchable() || self.enabled.contains(&reason)
    }

    /// The reasons on, in `HandoffReason::ALL` order.
    pub fn enabled(&self) -> Vec<HandoffReason> {
        HandoffReason::ALL
            .into_iter()
            .filter(|r| self.is_enabled(*r))
            .collect()
    }

    pub fn out_of_hours(&self) -> OutOfHours {
        if self.is_enabled(HandoffReason::OutsideHours) {
            OutOfHours::HandOff
        } else {
            OutOfHours::KeepAnswering
        }
    }

    pub fn set_out_of_hours(&mut self, behaviour: OutOfHours) {
        // `outside_hours` is switchable, so this cannot be refused.
        let _ = self.set(
            HandoffReason::OutsideHours,
            behaviour == OutOfHours::HandOff,
        );
    }

    pub fn thresholds(&self) -> &ConfidenceThresholds {
        &self.thresholds
    }

    pub fn set_thresholds(&mut self, thresholds: ConfidenceThresholds) {
        self.thresholds = thresholds;
    }

    pub fn repeated_failure_limit(&self) -> u8 {
        self.repeated_failure_limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_confirmed_cannot_be_switched_off() {
        let none = HandoffSettings::new(&[], ConfidenceThresholds::default(), 3).unwrap();
        assert_eq!(none.enabled(), [HandoffReason::OrderConfirmed]);
        let mut settings = HandoffSettings::default();
        assert_eq!(
            settings.set(HandoffReason::OrderConfirmed, false),
            Err(HandoffSettingsError::AlwaysOn(
                HandoffReason::OrderConfirmed
            ))
        );
        assert!(settings.is_enabled(HandoffReason::OrderConfirmed));
        assert_eq!(settings.set(HandoffReason::OrderConfirmed, true), Ok(()));
    }

    #[test]
    fn every_other_reason_switches() {
        for reason in HandoffReason::ALL.into_iter().filter(|r| r.is_switchable()) {
            let mut settings = HandoffSettings::default();
            assert!(settings.is_enabled(reason));
            settings.set(reason, false).unwrap();
            assert!(!settings.is_enabled(reason), "{reason}");
            assert_eq!(settings.enabled().len(), HandoffReason::ALL.len() - 1);
            settings.set(reason, true).unwrap();
            assert!(settings.is_enabled(reason));
        }
    }

    #[test]
    fn the_out_of_hours_behaviour_is_the_outside_hours_switch() {
        let mut settings = HandoffSettings::default();
        assert_eq!(settings.out_of_hours(), OutOfHours::HandOff);
        settings.set_out_of_hours(OutOfHours::KeepAnswering);
        assert!(!settings.is_enabled(HandoffReason::OutsideHours));
        settings.set(HandoffReason::OutsideHours, true).unwrap();
        assert_eq!(settings.out_of_hours(), OutOfHours::HandOff);
    }

    #[test]
    fn the_failure_limit_is_bounded() {
        let thresholds = ConfidenceThresholds::default();
        assert!(HandoffSettings::new(&[], thresholds, 0).is_err());
        assert!(HandoffSettings::new(&[], thresholds, 11).is_err());
        assert_eq!(
            HandoffSettings::new(&[], thresholds, 5)
                .unwrap()
                .repeated_failure_limit(),
            5
        );
    }
}
