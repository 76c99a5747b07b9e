//! Where one of our messages is on its way to a person, and the rule that keeps
//! out-of-order status webhooks from moving it backwards.

use serde::{Deserialize, Serialize};

/// Ordered from least to most known: `Pending < Sent < Failed < Delivered < Read`.
///
/// Platforms send statuses out of order and more than once, so a status is applied
/// only if it ranks above the stored one. `Failed` sits above `Sent` (a failure report
/// after the platform accepted the message is news) but below `Delivered`: once the
/// person's device has the message, a late failure cannot be true of it, and a
/// delivery or read receipt after a failure is proof it arrived after all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Stored, not yet accepted by the platform (queued or being retried).
    Pending,
    Sent,
    Failed,
    Delivered,
    Read,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 5] = [
        DeliveryStatus::Pending,
        DeliveryStatus::Sent,
        DeliveryStatus::Failed,
        DeliveryStatus::Delivered,
        DeliveryStatus::Read,
    ];

    /// The order the forward-only rule compares. Storage adapters persist it next to
    /// the status so the rule is one conditional UPDATE (`... WHERE rank < ?`).
    pub fn rank(self) -> u8 {
        match self {
            DeliveryStatus::Pending => 0,
            DeliveryStatus::Sent => 1,
            DeliveryStatus::Failed => 2,
            DeliveryStatus::Delivered => 3,
            DeliveryStatus::Read => 4,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Read => "read",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// The forward-only rule: the status to store after `incoming` arrives, or `None`
    /// when it would not move the message forward (a duplicate or a late arrival).
    pub fn advance(self, incoming: DeliveryStatus) -> Option<DeliveryStatus> {
        (incoming.rank() > self.rank()).then_some(incoming)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use DeliveryStatus::*;

    #[test]
    fn statuses_only_move_forward() {
        assert_eq!(Pending.advance(Sent), Some(Sent));
        assert_eq!(
            Sent.advance(Read),
            Some(Read),
            "delivered may never be reported"
        );
        assert_eq!(
            Read.advance(Delivered),
            None,
            "a late delivery receipt changes nothing"
        );
        assert_eq!(
            Delivered.advance(Delivered),
            None,
            "a redelivery changes nothing"
        );
        assert_eq!(Sent.advance(Failed), Some(Failed));
        assert_eq!(
            Delivered.advance(Failed),
            None,
            "it already reached the device"
        );
        assert_eq!(Failed.advance(Sent), None);
        assert_eq!(
            Failed.advance(Read),
            Some(Read),
            "a read receipt proves it arrived"
        );
    }

    #[test]
    fn statuses_round_trip_through_text() {
        for status in DeliveryStatus::ALL {
            assert_eq!(DeliveryStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(DeliveryStatus::parse("played"), None);
    }

    fn status() -> impl Strategy<Value = DeliveryStatus> {
        prop::sample::select(DeliveryStatus::ALL.to_vec())
    }

    fn apply_all(start: DeliveryStatus, incoming: &[DeliveryStatus]) -> DeliveryStatus {
        incoming.iter().fold(start, |current, next| {
            current.advance(*next).unwrap_or(current)
        })
    }

    proptest! {
        /// Whatever order and however often statuses arrive, the stored status never
        /// goes back, and ends as the most advanced one seen: delivery order does not matter.
        #[test]
        fn any_arrival_order_ends_at_the_most_advanced_status(
            start in status(),
            incoming in prop::collection::vec(status(), 0..12),
            seed in any::<u64>(),
        ) {
            let mut current = start;
            for next in &incoming {
                let after = current.advance(*next).unwrap_or(current);
                prop_assert!(after.rank() >= current.rank());
                current = after;
            }
            let most_advanced = incoming
                .iter()
                .copied()
                .chain([start])
                .max_by_key(|s| s.rank())
                .unwrap_or(start);
            prop_assert_eq!(current, most_advanced);

            // The same statuses in another order end in the same place.
            let mut shuffled = incoming.clone();
            let len = shuffled.len();
            if len > 1 {
                let mut state = seed;
                for i in (1..len).rev() {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    shuffled.swap(i, (state >> 33) as usize % (i + 1));
                }
            }
            prop_assert_eq!(apply_all(start, &shuffled), current);
        }
    }
}
