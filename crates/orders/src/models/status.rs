//! The order lifecycle after capture: what the seller does with it.

use std::fmt;

use serde::Serialize;

/// `captured` (the assistant took it, the seller has not acted) -> `in_progress` (the
/// seller contacted the customer) -> `completed` | `cancelled`. A captured order may
/// also be completed or cancelled straight away: the spec's order list has "Mark
/// Complete" on new orders, for sellers who settle everything in one message.
/// `completed` and `cancelled` are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Captured,
    InProgress,
    Completed,
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderStatusError {
    #[error("'{0}' is not an order status; use captured, in_progress, completed or cancelled")]
    Unknown(String),
    #[error("an order cannot go from {from} to {to}")]
    InvalidTransition { from: OrderStatus, to: OrderStatus },
}

impl OrderStatusError {
    pub fn code(&self) -> &'static str {
        match self {
            OrderStatusError::Unknown(_) => "unknown_order_status",
            OrderStatusError::InvalidTransition { .. } => "invalid_status_transition",
        }
    }
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 4] = [
        OrderStatus::Captured,
        OrderStatus::InProgress,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
    ];

    /// The statuses of an *open* order: one the seller still has to act on. A product
    /// referenced by an open order may be hidden but not erased (`catalog`'s
    /// `OpenOrderCheck`, implemented by the store with exactly these values).
    pub const OPEN: [OrderStatus; 2] = [OrderStatus::Captured, OrderStatus::InProgress];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Captured => "captured",
            OrderStatus::InProgress => "in_progress",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, OrderStatusError> {
        let lower = raw.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == lower)
            .ok_or_else(|| OrderStatusError::Unknown(raw.trim().to_owned()))
    }

    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }

    pub fn is_final(self) -> bool {
        !self.is_open()
    }

    /// Whether `self -> to` is a move the lifecycle allows. Staying put is not a move
    /// (callers treat a request for the current status as already done).
    pub fn can_become(self, to: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, to),
            (Captured, InProgress | Completed | Cancelled) | (InProgress, Completed | Cancelled)
        )
    }

    pub fn check_transition(self, to: OrderStatus) -> Result<(), OrderStatusError> {
        if self.can_become(to) {
            Ok(())
        } else {
            Err(OrderStatusError::InvalidTransition { from: self, to })
        }
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transition_table() {
        use OrderStatus::*;
        let allowed = [
            (Captured, InProgress),
            (Captured, Completed),
            (Captured, Cancelled),
            (InProgress, Completed),
            (InProgress, Cancelled),
        ];
        for from in OrderStatus::ALL {
            for to in OrderStatus::ALL {
                let expected = allowed.contains(&(from, to));
                assert_eq!(from.can_become(to), expected, "{from} -> {to}");
                assert_eq!(from.check_transition(to).is_ok(), expected);
            }
        }
    }

    #[test]
    fn final_statuses_go_nowhere_and_open_ones_are_the_store_s_list() {
        for status in OrderStatus::ALL {
            if status.is_final() {
                assert!(OrderStatus::ALL.iter().all(|to| !status.can_become(*to)));
            }
        }
        let open: Vec<_> = OrderStatus::OPEN.iter().map(|s| s.as_str()).collect();
        assert_eq!(open, ["captured", "in_progress"]);
    }

    #[test]
    fn statuses_parse_their_own_names() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Ok(status));
        }
        assert_eq!(
            OrderStatus::parse(" In_Progress "),
            Ok(OrderStatus::InProgress)
        );
        assert!(OrderStatus::parse("shipped").is_err());
    }
}
