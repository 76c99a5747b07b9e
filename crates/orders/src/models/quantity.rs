//! How many units of one line.

use std::fmt;

use serde::Serialize;

/// The most units of one line a chat order may hold. Larger orders are wholesale,
/// which a seller arranges in person (the assistant asks again instead).
pub const MAX_QUANTITY: u32 = 100;

/// 1 to `MAX_QUANTITY` units. Zero is not a quantity: removing a line is its own action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Quantity(u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("quantity must be at least 1")]
    Zero,
    #[error("quantity must be at most {MAX_QUANTITY}")]
    TooLarge,
}

impl QuantityError {
    pub fn code(&self) -> &'static str {
        match self {
            QuantityError::Zero => "quantity_zero",
            QuantityError::TooLarge => "quantity_too_large",
        }
    }
}

impl Quantity {
    pub const ONE: Quantity = Quantity(1);

    pub fn new(value: u32) -> Result<Self, QuantityError> {
        match value {
            0 => Err(QuantityError::Zero),
            v if v > MAX_QUANTITY => Err(QuantityError::TooLarge),
            v => Ok(Self(v)),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// This many more units, within the same bounds.
    pub fn checked_add(self, more: Quantity) -> Result<Self, QuantityError> {
        Self::new(self.0.saturating_add(more.0))
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_one_to_a_hundred() {
        assert_eq!(Quantity::new(0), Err(QuantityError::Zero));
        assert_eq!(Quantity::new(1).unwrap().get(), 1);
        assert_eq!(Quantity::new(MAX_QUANTITY).unwrap().get(), MAX_QUANTITY);
        assert_eq!(
            Quantity::new(MAX_QUANTITY + 1),
            Err(QuantityError::TooLarge)
        );
        let sixty = Quantity::new(60).unwrap();
        assert_eq!(sixty.checked_add(Quantity::ONE).unwrap().get(), 61);
        assert_eq!(sixty.checked_add(sixty), Err(QuantityError::TooLarge));
    }
}
