//! Quiet hours: a daily span of local time (in the member's own time zone) when only
//! what cannot wait may interrupt.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuietHoursError {
    #[error("{0:?} is not a time of day as HH:MM")]
    InvalidTime(String),
    #[error("{0:?} is not an IANA time zone")]
    InvalidTimezone(String),
    #[error("quiet hours must start and end at different times")]
    Empty,
}

/// From `start` to `end` local time every day; `22:00`-`08:00` spans midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    start: NaiveTime,
    end: NaiveTime,
    timezone: Tz,
}

impl QuietHours {
    pub fn new(start: NaiveTime, end: NaiveTime, timezone: Tz) -> Result<Self, QuietHoursError> {
        if start == end {
            return Err(QuietHoursError::Empty);
        }
        Ok(Self {
            start,
            end,
            timezone,
        })
    }

    /// From the `HH:MM` strings and IANA zone name people type in settings.
    pub fn parse(start: &str, end: &str, timezone: &str) -> Result<Self, QuietHoursError> {
        let time = |raw: &str| {
            NaiveTime::parse_from_str(raw.trim(), "%H:%M")
                .map_err(|_| QuietHoursError::InvalidTime(raw.to_owned()))
        };
        let zone = timezone
            .trim()
            .parse::<Tz>()
            .map_err(|_| QuietHoursError::InvalidTimezone(timezone.to_owned()))?;
        Self::new(time(start)?, time(end)?, zone)
    }

    pub fn start(&self) -> NaiveTime {
        self.start
    }

    pub fn end(&self) -> NaiveTime {
        self.end
    }

    pub fn timezone(&self) -> Tz {
        self.timezone
    }

    /// `HH:MM`, the form `parse` reads.
    pub fn start_text(&self) -> String {
        self.start.format("%H:%M").to_string()
    }

    pub fn end_text(&self) -> String {
        self.end.format("%H:%M").to_string()
    }

    /// Whether `at` falls inside quiet hours (start included, end excluded).
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        let local = at.with_timezone(&self.timezone).time();
        if self.start < self.end {
            self.start <= local && local < self.end
        } else {
            local >= self.start || local < self.end
        }
    }

    /// When held-back notifications may go: `at` itself outside quiet hours, else the
    /// first instant after `at` at which quiet hours are over.
    pub fn release_at(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        if !self.contains(at) {
            return at;
        }
        let local_date = at.with_timezone(&self.timezone).date_naive();
        // The end is today or tomorrow (local); the first candidate after `at` wins.
        for offset in 0..=1 {
            let date = local_date + Duration::days(offset);
            if let Some(end) = self.local_instant(date.and_time(self.end))
                && end > at
            {
                return end;
            }
        }
        // Unreachable for valid zones; never hold a notification back for ever.
        at
    }

    /// The instant of a local wall-clock time; a time skipped by a DST jump moves to
    /// the first valid minute after it, an ambiguous one takes the earlier instant.
    fn local_instant(&self, local: chrono::NaiveDateTime) -> Option<DateTime<Utc>> {
        for minutes in 0..=120 {
            let candidate = local + Duration::minutes(minutes);
            if let Some(instant) = self.timezone.from_local_datetime(&candidate).earliest() {
                return Some(instant.with_timezone(&Utc));
            }
        }
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn utc(raw: &str) -> DateTime<Utc> {
        raw.parse().unwrap()
    }

    #[test]
    fn overnight_quiet_hours_in_the_members_zone() {
        // 22:00-08:00 in Madrid (UTC+1 in November).
        let quiet = QuietHours::parse("22:00", "08:00", "Europe/Madrid").unwrap();
        assert!(quiet.contains(utc("2026-11-22T21:00:00Z"))); // 22:00 local
        assert!(quiet.contains(utc("2026-11-23T03:00:00Z"))); // 04:00 local
        assert!(!quiet.contains(utc("2026-11-23T07:00:00Z"))); // 08:00 local
        assert!(!quiet.contains(utc("2026-11-22T12:00:00Z")));
        assert_eq!(
            quiet.release_at(utc("2026-11-22T23:30:00Z")),
            utc("2026-11-23T07:00:00Z")
        );
        assert_eq!(
            quiet.release_at(utc("2026-11-23T05:00:00Z")),
            utc("2026-11-23T07:00:00Z")
        );
        let noon = utc("2026-11-22T12:00:00Z");
        assert_eq!(quiet.release_at(noon), noon);
    }

    #[test]
    fn daytime_quiet_hours() {
        let quiet = QuietHours::parse("12:00", "14:00", "UTC").unwrap();
        assert!(quiet.contains(utc("2026-11-22T13:59:00Z")));
        assert!(!quiet.contains(utc("2026-11-22T14:00:00Z")));
        assert_eq!(
            quiet.release_at(utc("2026-11-22T12:10:00Z")),
            utc("2026-11-22T14:00:00Z")
        );
    }

    #[test]
    fn invalid_input_is_refused() {
        assert_eq!(
            QuietHours::parse("25:00", "08:00", "UTC"),
            Err(QuietHoursError::InvalidTime("25:00".into()))
        );
        assert_eq!(
            QuietHours::parse("22:00", "08:00", "Mars/Olympus"),
            Err(QuietHoursError::InvalidTimezone("Mars/Olympus".into()))
        );
        assert_eq!(
            QuietHours::parse("08:00", "08:00", "UTC"),
            Err(QuietHoursError::Empty)
        );
        let quiet = QuietHours::parse("22:00", "08:00", "UTC").unwrap();
        assert_eq!(quiet.start_text(), "22:00");
        assert_eq!(quiet.end_text(), "08:00");
    }
}
