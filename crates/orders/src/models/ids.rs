//! Typed ids: the order's own, and references to entities other domains own.
//!
//! The orders domain may depend only on the kernel and the catalog, so it cannot name
//! `channels::ContactId` or the conversation's id. It carries them as its own typed ids
//! over the same UUID (`from_uuid`/`as_uuid` convert at the edge), which still keeps a
//! customer id from being passed where a conversation id is expected.

use std::fmt;

use serde::Serialize;

kernel::typed_id!(
    /// An order in one workspace.
    OrderId
);

kernel::typed_id!(
    /// The customer who ordered: the UUID of their contact in the channels domain.
    CustomerId
);

kernel::typed_id!(
    /// The conversation the order was captured in.
    ConversationId
);

kernel::typed_id!(
    /// The connected channel the conversation came through (none for the playground).
    ChannelId
);

kernel::typed_id!(
    /// A note on an order.
    NoteId
);

kernel::typed_id!(
    /// The workspace member (identity's user id) who wrote a note or changed a status.
    AuthorId
);

/// The number a seller and a customer say out loud ("order #1042"): per workspace,
/// assigned by the repository when the order is stored, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct OrderNumber(u64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderNumberError {
    #[error("'{0}' is not an order number")]
    Invalid(String),
}

impl OrderNumber {
    /// A workspace's first order. Starting above 1 because "order #1" tells a customer
    /// they are the shop's first buyer, which sellers do not want to advertise.
    pub const FIRST: OrderNumber = OrderNumber(1001);

    /// Numbers are positive; zero is refused.
    pub fn new(value: u64) -> Result<Self, OrderNumberError> {
        if value == 0 {
            return Err(OrderNumberError::Invalid(value.to_string()));
        }
        Ok(Self(value))
    }

    /// Reads "1042" or "#1042", as a customer types it.
    pub fn parse(raw: &str) -> Result<Self, OrderNumberError> {
        let trimmed = raw.trim();
        let digits = trimmed.strip_prefix('#').unwrap_or(trimmed).trim();
        digits
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .map(Self)
            .ok_or_else(|| OrderNumberError::Invalid(raw.to_owned()))
    }

    pub fn value(self) -> u64 {
        self.0
    }

    /// The number after this one, for repositories handing out numbers.
    pub fn next(self) -> Option<Self> {
        self.0.checked_add(1).map(Self)
    }
}

impl fmt::Display for OrderNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_read_as_customers_type_them() {
        assert_eq!(OrderNumber::parse("1042").unwrap().value(), 1042);
        assert_eq!(OrderNumber::parse(" #1042 ").unwrap().value(), 1042);
        assert_eq!(OrderNumber::parse("#1042").unwrap().to_string(), "#1042");
        for bad in ["", "#", "0", "-3", "12a", "#-1"] {
            assert!(OrderNumber::parse(bad).is_err(), "{bad}");
        }
        assert!(OrderNumber::new(0).is_err());
        assert_eq!(OrderNumber::FIRST.next().unwrap().value(), 1002);
        assert_eq!(OrderNumber::new(u64::MAX).unwrap().next(), None);
    }
}
