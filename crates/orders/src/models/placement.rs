//! The idempotency key of order placement.

use serde::Serialize;

pub const PLACEMENT_KEY_MAX: usize = 200;

/// What makes a second attempt to place the same order recognisable: the turn
/// orchestration uses the id of the customer message that confirmed. A job retried
/// after the order was stored, or a platform delivering the "yes" twice, finds the
/// order already placed instead of creating a twin.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PlacementKey(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlacementKeyError {
    #[error("the placement key must be 1 to {PLACEMENT_KEY_MAX} visible ASCII characters")]
    Invalid,
}

impl PlacementKey {
    pub fn parse(raw: &str) -> Result<Self, PlacementKeyError> {
        let valid = !raw.is_empty()
            && raw.len() <= PLACEMENT_KEY_MAX
            && raw.chars().all(|c| c.is_ascii_graphic());
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(PlacementKeyError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
