//! `notifications.digest`, hourly: sends each workspace its weekly digest once its
//! Monday has begun (rules in `notifications::digest`; a week is sent once, so the
//! hourly run only catches the Mondays that began since the last one).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use kernel::JobFailure;
use notifications::digest::DigestSource;
use notifications::service::NotificationService;

use super::recurring::RecurringWork;

pub const WEEKLY_DIGEST_JOB: &str = "notifications.digest";

pub struct WeeklyDigests {
    pub notifications: NotificationService,
    pub source: Arc<dyn DigestSource>,
}

#[async_trait]
impl RecurringWork for WeeklyDigests {
    fn kind(&self) -> &'static str {
        WEEKLY_DIGEST_JOB
    }

    fn every(&self) -> Duration {
        Duration::hours(1)
    }

    async fn run(
        &self,
        now: DateTime<Utc>,
        _previous: Option<DateTime<Utc>>,
    ) -> Result<(), JobFailure> {
        let sent = self
            .notifications
            .weekly_digests(self.source.as_ref(), now)
            .await
            .map_err(|e| JobFailure::Transient(e.to_string()))?;
        if sent > 0 {
            tracing::info!(sent, "weekly digests sent");
        }
        Ok(())
    }
}
