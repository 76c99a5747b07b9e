//! How sure the assistant is of an answer, and what each level of sureness allows.

use std::fmt;

use serde::Serialize;

/// A confidence between 0 and 1, kept in ten-thousandths so thresholds compare
/// exactly: 0.85 is 8500, never 0.8499999 or 0.8500001.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Confidence(u16);

const SCALE: u16 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum ConfidenceError {
    #[error("confidence must be a number between 0 and 1 (got {0})")]
    OutOfRange(f64),
}

impl Confidence {
    pub const ZERO: Confidence = Confidence(0);
    pub const ONE: Confidence = Confidence(SCALE);

    /// Rounds to the nearest ten-thousandth; refuses NaN and anything outside 0..=1.
    pub fn new(value: f64) -> Result<Self, ConfidenceError> {
        if !(0.0..=1.0).contains(&value) {
            return Err(ConfidenceError::OutOfRange(value));
        }
        let scaled = (value * f64::from(SCALE)).round();
        // In range by the check above, so the cast cannot truncate.
        Ok(Self(scaled.clamp(0.0, f64::from(SCALE)) as u16))
    }

    /// From ten-thousandths (8500 is 0.85); above 10,000 is refused.
    pub fn from_basis_points(points: u16) -> Result<Self, ConfidenceError> {
        if points > SCALE {
            return Err(ConfidenceError::OutOfRange(
                f64::from(points) / f64::from(SCALE),
            ));
        }
        Ok(Self(points))
    }

    pub fn basis_points(self) -> u16 {
        self.0
    }

    pub fn value(self) -> f64 {
        f64::from(self.0) / f64::from(SCALE)
    }
}

impl Serialize for Confidence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.value())
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.value())
    }
}

/// What a confidence allows, from the thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfidenceBand {
    /// Below `offer_human_from`: the assistant should not answer alone.
    HandOff,
    /// Answer, and offer to bring in a person.
    OfferHuman,
    /// Answer with a caveat ("I believe...; the team can confirm").
    AnswerWithCaveat,
    Answer,
}

/// The cut-offs between bands. Defaults from the support platform spec: above 0.85
/// answer; 0.70 to 0.85 answer with a caveat; 0.50 to 0.70 offer a human; below 0.50
/// hand off. A value exactly on a cut-off falls in the band above it, except 0.85,
/// which is not "above 0.85" and so gets a caveat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConfidenceThresholds {
    answer_above: Confidence,
    caveat_from: Confidence,
    offer_human_from: Confidence,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThresholdsError {
    #[error("thresholds must decrease: answer above > caveat from > offer a human from > 0")]
    NotDecreasing,
}

impl ConfidenceThresholds {
    pub fn new(
        answer_above: Confidence,
        caveat_from: Confidence,
        offer_human_from: Confidence,
    ) -> Result<Self, ThresholdsError> {
        let decreasing = answer_above > caveat_from
            && caveat_from > offer_human_from
            && offer_human_from > Confidence::ZERO
            && answer_above < Confidence::ONE;
        if !decreasing {
            return Err(ThresholdsError::NotDecreasing);
        }
        Ok(Self {
            answer_above,
            caveat_from,
            offer_human_from,
        })
    }

    pub fn band(&self, confidence: Confidence) -> ConfidenceBand {
        if confidence > self.answer_above {
            ConfidenceBand::Answer
        } else if confidence >= self.caveat_from {
            ConfidenceBand::AnswerWithCaveat
        } else if confidence >= self.offer_human_from {
            ConfidenceBand::OfferHuman
        } else {
            ConfidenceBand::HandOff
        }
    }

    pub fn answer_above(&self) -> Confidence {
        self.answer_above
    }

    pub fn caveat_from(&self) -> Confidence {
        self.caveat_from
    }

    pub fn offer_human_from(&self) -> Confidence {
        self.offer_human_from
    }
}

impl Default for ConfidenceThresholds {
    fn default() -> Self {
        Self {
            answer_above: Confidence(8_500),
            caveat_from: Confidence(7_000),
            offer_human_from: Confidence(5_000),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn c(value: f64) -> Confidence {
        Confidence::new(value).unwrap()
    }

    #[test]
    fn confidences_are_between_zero_and_one() {
        assert_eq!(c(0.85).basis_points(), 8_500);
        assert_eq!(
            c(0.1 + 0.2).basis_points(),
            3_000,
            "float noise is rounded away"
        );
        assert_eq!(c(1.0), Confidence::ONE);
        assert!(Confidence::new(f64::NAN).is_err());
        assert!(Confidence::new(-0.01).is_err());
        assert!(Confidence::new(1.01).is_err());
        assert!(Confidence::from_basis_points(10_001).is_err());
        assert_eq!(c(0.7).to_string(), "0.70");
    }

    #[test]
    fn the_default_bands_at_and_around_each_cut_off() {
        let bands = ConfidenceThresholds::default();
        let table = [
            (1.0, ConfidenceBand::Answer),
            (0.8501, ConfidenceBand::Answer),
            (0.85, ConfidenceBand::AnswerWithCaveat),
            (0.70, ConfidenceBand::AnswerWithCaveat),
            (0.6999, ConfidenceBand::OfferHuman),
            (0.50, ConfidenceBand::OfferHuman),
            (0.4999, ConfidenceBand::HandOff),
            (0.0, ConfidenceBand::HandOff),
        ];
        for (value, band) in table {
            assert_eq!(bands.band(c(value)), band, "{value}");
        }
    }

    #[test]
    fn thresholds_must_decrease() {
        assert!(ConfidenceThresholds::new(c(0.9), c(0.6), c(0.3)).is_ok());
        assert!(ConfidenceThresholds::new(c(0.6), c(0.6), c(0.3)).is_err());
        assert!(ConfidenceThresholds::new(c(0.9), c(0.3), c(0.6)).is_err());
        assert!(ConfidenceThresholds::new(c(0.9), c(0.6), c(0.0)).is_err());
        assert!(ConfidenceThresholds::new(c(1.0), c(0.6), c(0.3)).is_err());
    }

    proptest! {
        #[test]
        fn more_confidence_never_means_a_lower_band(a in 0u16..=10_000, b in 0u16..=10_000) {
            let bands = ConfidenceThresholds::default();
            let (low, high) = (a.min(b), a.max(b));
            let low = Confidence::from_basis_points(low).unwrap();
            let high = Confidence::from_basis_points(high).unwrap();
            prop_assert!(bands.band(low) <= bands.band(high));
        }
    }
}
