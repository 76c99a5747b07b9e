//! Where the customer wants the order shipped, as they said it.

use std::fmt;

use serde::Serialize;

pub const LOCATION_MIN: usize = 2;
pub const LOCATION_MAX: usize = 200;

/// A city, a country or an address, in the customer's words ("Milan", "Calle Mayor 5,
/// Madrid"): 2-200 characters on one line. Not geocoded: the seller confirms the
/// details when they contact the customer, which is how the spec's flow ends anyway.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ShippingLocation(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShippingLocationError {
    #[error("the shipping location must be at least {LOCATION_MIN} characters")]
    TooShort,
    #[error("the shipping location must be at most {LOCATION_MAX} characters")]
    TooLong,
    #[error("the shipping location must be on one line, without control characters")]
    ControlCharacter,
}

impl ShippingLocationError {
    pub fn code(&self) -> &'static str {
        match self {
            ShippingLocationError::TooShort => "location_too_short",
            ShippingLocationError::TooLong => "location_too_long",
            ShippingLocationError::ControlCharacter => "control_character",
        }
    }
}

impl ShippingLocation {
    /// Trims, and folds runs of spaces so "Milan " and "Milan" are the same answer.
    pub fn parse(raw: &str) -> Result<Self, ShippingLocationError> {
        if raw.chars().any(char::is_control) {
            return Err(ShippingLocationError::ControlCharacter);
        }
        let folded = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let length = folded.chars().count();
        if length < LOCATION_MIN {
            return Err(ShippingLocationError::TooShort);
        }
        if length > LOCATION_MAX {
            return Err(ShippingLocationError::TooLong);
        }
        Ok(Self(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ShippingLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_trimmed_folded_and_bounded() {
        assert_eq!(
            ShippingLocation::parse("  Milano,   Italia ")
                .unwrap()
                .as_str(),
            "Milano, Italia"
        );
        assert_eq!(
            ShippingLocation::parse("x"),
            Err(ShippingLocationError::TooShort)
        );
        assert_eq!(
            ShippingLocation::parse("   "),
            Err(ShippingLocationError::TooShort)
        );
        assert_eq!(
            ShippingLocation::parse(&"a".repeat(LOCATION_MAX + 1)),
            Err(ShippingLocationError::TooLong)
        );
        assert_eq!(
            ShippingLocation::parse("Rome\nItaly"),
            Err(ShippingLocationError::ControlCharacter)
        );
        assert!(ShippingLocation::parse("東京").is_ok());
    }
}
