//! Work that repeats for ever (the lifecycle sweep, the weekly digest), on the same jobs
//! table as everything else.
//!
//! Each kind is ONE row whose id comes from its kind (`kernel::jobs::recurring_job_id`):
//! every replica seeds it at start-up with an insert that conflicts on the primary key,
//! so however many replicas start, one row exists; the queue's lease lets one worker
//! run it at a time; and each run ends by queuing the same row again for `every` later
//! (`JobQueue::reschedule`), so a crash mid-run loses nothing (the lease runs out and
//! another worker runs it) and the table does not grow. The row's payload keeps when
//! the last run that succeeded happened, so the next run covers exactly the time since
//! (a run that failed leaves it, and the next one covers both).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use kernel::{Clock, Job, JobFailure, JobHandler, JobProgress, JobQueue, JobQueueError};

/// One kind of repeating work.
#[async_trait]
pub trait RecurringWork: Send + Sync {
    fn kind(&self) -> &'static str;
    /// How long after one run the next one starts.
    fn every(&self) -> Duration;
    /// One run at `now`; `previous` is when the last successful run happened (`None`
    /// the first time). Must be idempotent: a run whose worker died runs again.
    async fn run(
        &self,
        now: DateTime<Utc>,
        previous: Option<DateTime<Utc>>,
    ) -> Result<(), JobFailure>;
}

/// Runs a [`RecurringWork`] as the job handler of its kind, then queues its next run.
pub struct RecurringHandler {
    work: Arc<dyn RecurringWork>,
    queue: Arc<dyn JobQueue>,
    clock: Arc<dyn Clock>,
}

impl RecurringHandler {
    pub fn new(
        work: Arc<dyn RecurringWork>,
        queue: Arc<dyn JobQueue>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self { work, queue, clock }
    }
}

#[async_trait]
impl JobHandler for RecurringHandler {
    fn kind(&self) -> &'static str {
        self.work.kind()
    }

    #[tracing::instrument(skip_all, fields(kind = self.work.kind()))]
    async fn run(&self, job: &Job, _progress: &dyn JobProgress) -> Result<(), JobFailure> {
        let now = self.clock.now();
        let previous = DateTime::parse_from_rfc3339(job.payload.trim())
            .ok()
            .map(|at| at.with_timezone(&Utc));
        let payload = match self.work.run(now, previous).await {
            Ok(()) => now.to_rfc3339(),
            Err(failure) => {
                // The next run is the retry: a recurring job never ends.
                tracing::warn!(%failure, "recurring job failed; the next run covers its time");
                job.payload.clone()
            }
        };
        self.queue
            .reschedule(
                job.id,
                job.attempts,
                &payload,
                now + self.work.every(),
                self.clock.now(),
            )
            .await
            .map_err(|e| JobFailure::Transient(e.to_string()))
    }
}

/// Makes sure every recurring kind has its row, first due at `now`.
pub async fn schedule(
    queue: &dyn JobQueue,
    kinds: &[&'static str],
    now: DateTime<Utc>,
) -> Result<(), JobQueueError> {
    for kind in kinds {
        queue.ensure_recurring(kind, now).await?;
    }
    Ok(())
}
