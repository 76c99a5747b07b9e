//! The weekly digest: every Monday, each workspace's last week in numbers.
//!
//! "Last week" is the ISO week (Monday to Sunday) before the one `now` falls in, in
//! the workspace's own time zone, so a digest goes out once the workspace's Monday
//! begins. Each workspace gets one digest per week: its notifications carry a subject
//! id made from the workspace and the ISO week ([`DigestWeek::subject_id`]), and a
//! week that has one is not sent again (a sweep that runs hourly, or late after
//! downtime, sends each week once). A workspace that did not exist during the week
//! gets none.

use async_trait::async_trait;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use kernel::{Currency, Money, WorkspaceId};
use uuid::Uuid;

use crate::templates::WeeklyDigest;

/// The week a digest is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestWeek {
    /// Monday 00:00 in the workspace's zone, as an instant.
    pub start: DateTime<Utc>,
    /// The next Monday 00:00 (exclusive).
    pub end: DateTime<Utc>,
    /// `2026-W47`.
    pub key: String,
    /// `2026-11-16 – 2026-11-22`.
    pub period: String,
}

impl DigestWeek {
    /// The ISO week before the one `now` falls in, in `zone`.
    pub fn before(now: DateTime<Utc>, zone: Tz) -> Self {
        let today = now.with_timezone(&zone).date_naive();
        let this_monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        let monday = this_monday - Duration::days(7);
        let sunday = this_monday - Duration::days(1);
        let week = monday.iso_week();
        Self {
            start: local_midnight(monday, zone),
            end: local_midnight(this_monday, zone),
            key: format!("{}-W{:02}", week.year(), week.week()),
            period: format!("{monday} – {sunday}"),
        }
    }

    /// The subject id of this week's digest notifications in `workspace_id`: the same
    /// on every run, so a sent week can be recognised.
    pub fn subject_id(&self, workspace_id: WorkspaceId) -> Uuid {
        let seed = format!("weekly_digest:{}:{}", workspace_id.as_uuid(), self.key);
        Uuid::from_u64_pair(
            fnv(seed.as_bytes(), 0xcbf2_9ce4_8422_2325),
            fnv(seed.as_bytes(), 0x6c62_272e_07bb_0142),
        )
    }
}

fn fnv(bytes: &[u8], offset: u64) -> u64 {
    bytes.iter().fold(offset, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Midnight of `day` in `zone` (the first instant of the day where a DST change
/// skips midnight).
fn local_midnight(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    zone.from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(midnight + Duration::hours(1)))
                .earliest()
        })
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

/// A workspace a digest may be for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestWorkspace {
    pub id: WorkspaceId,
    pub business_name: String,
    pub timezone: Tz,
    pub currency: Currency,
    pub created_at: DateTime<Utc>,
}

/// One workspace's week, as counted by the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekNumbers {
    /// Conversations started in the week.
    pub conversations: u64,
    pub messages: u64,
    /// Orders captured in the week (cancelled ones included: they were captured).
    pub orders: u64,
    /// The total of the week's orders not cancelled, in the workspace's currency.
    pub revenue: Option<Money>,
    /// Handoffs to the team in the week.
    pub handoffs: u64,
    /// Of the week's conversations, those never handed to the team.
    pub assistant_only: u64,
}

impl WeekNumbers {
    pub fn digest(&self, business_name: &str, week: &DigestWeek) -> WeeklyDigest {
        let rate = self
            .assistant_only
            .saturating_mul(100)
            .checked_div(self.conversations)
            .unwrap_or(0);
        WeeklyDigest {
            business_name: business_name.to_owned(),
            period: week.period.clone(),
            conversations: self.conversations,
            messages: self.messages,
            orders: self.orders,
            revenue: self.revenue,
            handoffs: self.handoffs,
            automation_rate_percent: u8::try_from(rate.min(100)).unwrap_or(100),
            unanswered_questions: Vec::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DigestSourceError {
    #[error("unexpected failure reading the week: {0}")]
    Unexpected(String),
}

/// What a digest reads: the workspaces, their week, and whether a week was sent.
#[async_trait]
pub trait DigestSource: Send + Sync {
    async fn workspaces(&self) -> Result<Vec<DigestWorkspace>, DigestSourceError>;
    async fn numbers(
        &self,
        workspace: &DigestWorkspace,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<WeekNumbers, DigestSourceError>;
    /// Whether the workspace has a notification with this subject id already.
    async fn sent(
        &self,
        workspace_id: WorkspaceId,
        subject_id: Uuid,
    ) -> Result<bool, DigestSourceError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        raw.parse().unwrap()
    }

    #[test]
    fn the_digest_covers_the_previous_iso_week_in_the_workspace_zone() {
        // Monday 2026-11-23 08:00 in Rome is 07:00 UTC.
        let week = DigestWeek::before(at("2026-11-23T07:00:00Z"), chrono_tz::Europe::Rome);
        assert_eq!(week.key, "2026-W47");
        assert_eq!(week.period, "2026-11-16 – 2026-11-22");
        assert_eq!(week.start, at("2026-11-15T23:00:00Z"));
        assert_eq!(week.end, at("2026-11-22T23:00:00Z"));
        // Still Sunday in New York: the week before is another one.
        let earlier = DigestWeek::before(at("2026-11-23T03:00:00Z"), chrono_tz::America::New_York);
        assert_eq!(earlier.key, "2026-W46");
        // Any moment of the same week names the same digest.
        let later = DigestWeek::before(at("2026-11-27T18:00:00Z"), chrono_tz::Europe::Rome);
        assert_eq!(later, week);
        let workspace = WorkspaceId::new();
        assert_eq!(later.subject_id(workspace), week.subject_id(workspace));
        assert_ne!(earlier.subject_id(workspace), week.subject_id(workspace));
        assert_ne!(
            week.subject_id(WorkspaceId::new()),
            week.subject_id(workspace)
        );
    }

    #[test]
    fn the_automation_rate_is_the_share_never_handed_off() {
        let numbers = WeekNumbers {
            conversations: 8,
            messages: 40,
            orders: 3,
            revenue: None,
            handoffs: 2,
            assistant_only: 6,
        };
        let week = DigestWeek::before(at("2026-11-23T07:00:00Z"), chrono_tz::UTC);
        let digest = numbers.digest("Glow", &week);
        assert_eq!(digest.automation_rate_percent, 75);
        let none = WeekNumbers {
            conversations: 0,
            assistant_only: 0,
            ..numbers
        };
        assert_eq!(none.digest("Glow", &week).automation_rate_percent, 0);
    }
}
