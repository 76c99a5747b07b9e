//! `lifecycle.sweep`, every minute: abandons waiting conversations past their
//! workspace's inactivity timeout, archives old resolved ones, and raises the "no
//! agent reply" and "customer waiting" alerts (rules in `conversation::inbox`).

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use conversation::inbox::{InboxService, LifecyclePolicy};
use kernel::JobFailure;

use super::recurring::RecurringWork;

pub const LIFECYCLE_SWEEP_JOB: &str = "lifecycle.sweep";

pub struct LifecycleSweep {
    pub inbox: InboxService,
    pub policy: LifecyclePolicy,
}

#[async_trait]
impl RecurringWork for LifecycleSweep {
    fn kind(&self) -> &'static str {
        LIFECYCLE_SWEEP_JOB
    }

    fn every(&self) -> Duration {
        self.policy.sweep_every
    }

    async fn run(
        &self,
        now: DateTime<Utc>,
        previous: Option<DateTime<Utc>>,
    ) -> Result<(), JobFailure> {
        let previous = previous.unwrap_or(now - self.policy.sweep_every);
        let report = self
            .inbox
            .sweep_after(previous, now, &self.policy)
            .await
            .map_err(|e| JobFailure::Transient(e.to_string()))?;
        if report != Default::default() {
            tracing::info!(?report, "lifecycle sweep");
        }
        Ok(())
    }
}
