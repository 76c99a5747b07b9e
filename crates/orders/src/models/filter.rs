//! How the orders list is narrowed.

use chrono::{DateTime, Utc};

use super::{ConversationId, CustomerId, OrderStatus, SalesChannel};

/// A window of capture times: `from` included, `to` excluded, either end open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateRangeError {
    #[error("the range must start before it ends")]
    Reversed,
}

impl DateRangeError {
    pub fn code(&self) -> &'static str {
        "date_range_reversed"
    }
}

impl DateRange {
    pub fn new(
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Self, DateRangeError> {
        if let (Some(from), Some(to)) = (from, to)
            && from >= to
        {
            return Err(DateRangeError::Reversed);
        }
        Ok(Self { from, to })
    }

    pub fn from(&self) -> Option<DateTime<Utc>> {
        self.from
    }

    pub fn to(&self) -> Option<DateTime<Utc>> {
        self.to
    }

    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from.is_none_or(|from| from <= at) && self.to.is_none_or(|to| at < to)
    }
}

/// Every filter is optional and they combine with AND. Lists are newest first (by
/// capture time, ties broken by id so pages never overlap).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    pub captured: DateRange,
    pub channel: Option<SalesChannel>,
    pub customer_id: Option<CustomerId>,
    pub conversation_id: Option<ConversationId>,
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 0, 0, 0).unwrap()
    }

    #[test]
    fn ranges_include_the_start_and_exclude_the_end() {
        let march = DateRange::new(Some(at(1)), Some(at(10))).unwrap();
        assert!(march.contains(at(1)));
        assert!(!march.contains(at(10)));
        assert!(DateRange::default().contains(at(5)));
        assert!(DateRange::new(None, Some(at(2))).unwrap().contains(at(1)));
        assert_eq!(
            DateRange::new(Some(at(3)), Some(at(3))),
            Err(DateRangeError::Reversed)
        );
    }
}
