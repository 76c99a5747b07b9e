//! How many units are on the shelf, or that nobody counts them.

use serde::Serialize;

/// A count above this is a typo, not a shelf.
pub const MAX_STOCK: u32 = 1_000_000_000;

/// Stock of a product or a variant. Untracked means "always in stock": many small
/// shops never count, and an untracked item must not look sold out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(into = "Option<u32>")]
pub enum StockLevel {
    #[default]
    Untracked,
    Tracked(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StockLevelError {
    #[error("'{0}' is not a whole number of units")]
    NotANumber(String),
    #[error("stock cannot be negative")]
    Negative,
    #[error("stock must be at most {MAX_STOCK}")]
    TooLarge,
}

impl StockLevelError {
    pub fn code(&self) -> &'static str {
        match self {
            StockLevelError::NotANumber(_) => "not_a_number",
            StockLevelError::Negative => "negative_stock",
            StockLevelError::TooLarge => "too_large",
        }
    }
}

impl StockLevel {
    /// A counted stock. Takes a signed number so a negative count gets its own error.
    pub fn tracked(count: i64) -> Result<Self, StockLevelError> {
        if count < 0 {
            return Err(StockLevelError::Negative);
        }
        u32::try_from(count)
            .ok()
            .filter(|n| *n <= MAX_STOCK)
            .map(StockLevel::Tracked)
            .ok_or(StockLevelError::TooLarge)
    }

    /// Reads a spreadsheet cell: empty means untracked, otherwise a whole number.
    pub fn parse(raw: &str) -> Result<Self, StockLevelError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Ok(StockLevel::Untracked);
        }
        let unsigned = trimmed.strip_prefix('-').unwrap_or(trimmed);
        if unsigned.is_empty() || !unsigned.chars().all(|c| c.is_ascii_digit()) {
            return Err(StockLevelError::NotANumber(trimmed.to_owned()));
        }
        if trimmed.starts_with('-') {
            return Err(StockLevelError::Negative);
        }
        match trimmed.parse::<i64>() {
            Ok(count) => Self::tracked(count),
            Err(_) => Err(StockLevelError::TooLarge),
        }
    }

    pub fn quantity(&self) -> Option<u32> {
        match self {
            StockLevel::Untracked => None,
            StockLevel::Tracked(n) => Some(*n),
        }
    }

    pub fn is_out_of_stock(&self) -> bool {
        matches!(self, StockLevel::Tracked(0))
    }

    /// The spreadsheet form `parse` reads back: empty for untracked.
    pub fn to_cell(&self) -> String {
        self.quantity().map(|n| n.to_string()).unwrap_or_default()
    }
}

impl From<StockLevel> for Option<u32> {
    fn from(level: StockLevel) -> Self {
        level.quantity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_round_trip() {
        for level in [
            StockLevel::Untracked,
            StockLevel::Tracked(0),
            StockLevel::Tracked(42),
        ] {
            assert_eq!(StockLevel::parse(&level.to_cell()), Ok(level));
        }
    }

    #[test]
    fn bad_counts_are_named() {
        assert_eq!(StockLevel::parse("-3"), Err(StockLevelError::Negative));
        assert_eq!(
            StockLevel::parse("2.5"),
            Err(StockLevelError::NotANumber("2.5".into()))
        );
        assert_eq!(
            StockLevel::parse("lots"),
            Err(StockLevelError::NotANumber("lots".into()))
        );
        assert_eq!(
            StockLevel::parse("99999999999999999999"),
            Err(StockLevelError::TooLarge)
        );
        assert_eq!(
            StockLevel::tracked(i64::from(MAX_STOCK) + 1),
            Err(StockLevelError::TooLarge)
        );
    }

    #[test]
    fn only_a_counted_zero_is_out_of_stock() {
        assert!(StockLevel::Tracked(0).is_out_of_stock());
        assert!(!StockLevel::Tracked(1).is_out_of_stock());
        assert!(!StockLevel::Untracked.is_out_of_stock());
    }
}
