//! Durable background work: the `JobQueue` port and the `JobHandler` a domain implements.
//!
//! A job is a row before it is work: enqueued in the same transaction as whatever made
//! it necessary, claimed with a lease (so a job whose worker died is claimed again once
//! the lease runs out), retried with backoff, and kept with its outcome and progress so
//! people can see long work advance.

use std::fmt;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

use crate::WorkspaceId;

crate::typed_id!(JobId);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobStatus {
    Queued,
    Running,
    Succeeded,
    /// Out of attempts, or failed for good; kept for inspection.
    Dead,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Succeeded => "succeeded",
            JobStatus::Dead => "dead",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            JobStatus::Queued,
            JobStatus::Running,
            JobStatus::Succeeded,
            JobStatus::Dead,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

/// Work to do. `payload` is JSON text the handler of `kind` understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub kind: String,
    pub workspace_id: Option<WorkspaceId>,
    pub payload: String,
    pub run_at: DateTime<Utc>,
    pub max_attempts: u32,
}

impl NewJob {
    /// A job due now with the default number of attempts.
    pub fn now(
        kind: &str,
        workspace_id: Option<WorkspaceId>,
        payload: String,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            kind: kind.to_owned(),
            workspace_id,
            payload,
            run_at: at,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }
}

pub const DEFAULT_MAX_ATTEMPTS: u32 = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: JobId,
    pub kind: String,
    pub workspace_id: Option<WorkspaceId>,
    pub payload: String,
    pub status: JobStatus,
    /// Attempts started so far, this one included while running.
    pub attempts: u32,
    pub max_attempts: u32,
    pub run_at: DateTime<Utc>,
    pub lease_until: Option<DateTime<Utc>>,
    pub progress_percent: u8,
    pub progress_note: Option<String>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum JobQueueError {
    #[error("unexpected job queue failure: {0}")]
    Unexpected(String),
}

#[async_trait]
pub trait JobQueue: Send + Sync {
    async fn enqueue(&self, job: NewJob) -> Result<JobId, JobQueueError>;
    /// Claims the job of one of `kinds` that is due first (queued with `run_at <= now`, or
    /// running with an expired lease), starting its next attempt, leased until
    /// `lease_until`. Two workers never claim the same job at once.
    async fn claim(
        &self,
        kinds: &[String],
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<Job>, JobQueueError>;
    /// Records progress of the running `attempt`.
    async fn progress(
        &self,
        id: JobId,
        attempt: u32,
        percent: u8,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<(), JobQueueError>;
    /// Marks the `attempt` done. A worker whose lease was taken over changes nothing.
    async fn succeed(
        &self,
        id: JobId,
        attempt: u32,
        at: DateTime<Utc>,
    ) -> Result<(), JobQueueError>;
    /// Records a failed `attempt`: queued again for `retry_at`, or dead when `None`.
    async fn fail(
        &self,
        id: JobId,
        attempt: u32,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<(), JobQueueError>;
    async fn get(&self, id: JobId) -> Result<Option<Job>, JobQueueError>;
    /// Makes sure the one row of the recurring job `kind` exists (its id is
    /// [`recurring_job_id`], so every replica names the same row and only one is ever
    /// created): created due at `first_run_at`, or queued again for then when it had
    /// ended. A row already queued or running is left alone.
    async fn ensure_recurring(
        &self,
        kind: &str,
        first_run_at: DateTime<Utc>,
    ) -> Result<JobId, JobQueueError> {
        let _ = (kind, first_run_at);
        Err(JobQueueError::Unexpected(
            "this job queue has no recurring jobs".into(),
        ))
    }
    /// Ends the running `attempt` of a recurring job by queuing the same row again for
    /// `run_at`, with `payload` (what the next run starts from) and a fresh count of
    /// attempts. A worker whose lease was taken over changes nothing.
    async fn reschedule(
        &self,
        id: JobId,
        attempt: u32,
        payload: &str,
        run_at: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<(), JobQueueError> {
        let _ = (id, attempt, payload, run_at, at);
        Err(JobQueueError::Unexpected(
            "this job queue has no recurring jobs".into(),
        ))
    }
}

/// The id of the one row a recurring job kind lives in: the same on every replica and
/// every start, so "make sure it exists" is an insert that conflicts on the primary key
/// instead of a check-then-insert two replicas could both pass. (FNV-1a over the kind,
/// twice with different offsets, for 128 bits.)
pub fn recurring_job_id(kind: &str) -> JobId {
    fn fnv(bytes: &[u8], offset: u64) -> u64 {
        bytes.iter().fold(offset, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }
    let high = fnv(kind.as_bytes(), 0xcbf2_9ce4_8422_2325);
    let low = fnv(kind.as_bytes(), 0x6c62_272e_07bb_0142);
    JobId::from_uuid(uuid::Uuid::from_u64_pair(high, low))
}

/// Why an attempt failed, which decides whether it is tried again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobFailure {
    /// Worth another attempt later (a timeout, a 5xx, a rate limit).
    Transient(String),
    /// Trying again cannot help (bad payload, a resource that no longer exists).
    Permanent(String),
}

impl fmt::Display for JobFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobFailure::Transient(m) => write!(f, "transient: {m}"),
            JobFailure::Permanent(m) => write!(f, "permanent: {m}"),
        }
    }
}

/// Reports how far a running job got, for long work people watch.
#[async_trait]
pub trait JobProgress: Send + Sync {
    async fn report(&self, percent: u8, note: &str);
}

/// A domain's handling of one kind of job. Handlers must be idempotent: a job whose
/// worker died after doing the work but before recording it runs again.
#[async_trait]
pub trait JobHandler: Send + Sync {
    fn kind(&self) -> &'static str;
    async fn run(&self, job: &Job, progress: &dyn JobProgress) -> Result<(), JobFailure>;
}

/// Exponential backoff: 2 s, 4 s, 8 s ... capped at 10 minutes, spread by `jitter`
/// (a fraction in 0..1 the caller draws at random) so retries of many jobs that failed
/// together do not hit the same dependency together again.
pub fn retry_delay(attempt: u32, jitter: f64) -> Duration {
    let base_ms = 2_000f64 * 2f64.powi(attempt.saturating_sub(1).min(20) as i32);
    let capped = base_ms.min(600_000.0);
    let spread = 0.8 + 0.4 * jitter.clamp(0.0, 1.0);
    Duration::milliseconds((capped * spread) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_is_capped_and_jittered() {
        assert_eq!(retry_delay(1, 0.5), Duration::seconds(2));
        assert_eq!(retry_delay(2, 0.5), Duration::seconds(4));
        assert_eq!(retry_delay(4, 0.5), Duration::seconds(16));
        assert_eq!(retry_delay(30, 0.5), Duration::minutes(10));
        assert!(retry_delay(3, 0.0) < retry_delay(3, 1.0));
        assert_eq!(retry_delay(3, 0.0), Duration::milliseconds(6_400));
    }

    #[test]
    fn a_recurring_job_has_one_id_per_kind() {
        assert_eq!(
            recurring_job_id("lifecycle.sweep"),
            recurring_job_id("lifecycle.sweep")
        );
        assert_ne!(
            recurring_job_id("lifecycle.sweep"),
            recurring_job_id("notifications.digest")
        );
    }

    #[test]
    fn statuses_round_trip() {
        for s in ["queued", "running", "succeeded", "dead"] {
            assert_eq!(JobStatus::parse(s).unwrap().as_str(), s);
        }
    }
}
