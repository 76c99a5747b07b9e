//! One precision for every stored instant.
//!
//! PostgreSQL keeps microseconds while SQLite would keep the nanoseconds it is given,
//! so the same value could read back differently depending on the backend. Truncating
//! before every write makes both backends return exactly what the other would.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

pub(crate) fn stored(at: DateTime<Utc>) -> DateTime<Utc> {
    at.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(at)
}

pub(crate) fn stored_opt(at: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    at.map(stored)
}
