//! The in-process job runner: a few loops that claim due jobs from the `JobQueue` and
//! hand each to the `JobHandler` registered for its kind.
//!
//! Every replica runs one; the queue's leases keep them from sharing a job, and a job
//! whose process died is claimed again once its lease runs out, so accepted work is
//! never lost. Handlers are idempotent, so running a job twice after a crash is safe.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use kernel::jobs::retry_delay;
use kernel::{Clock, Job, JobFailure, JobHandler, JobId, JobProgress, JobQueue};
use rand::Rng;
use tokio::sync::watch;
use tokio::task::JoinHandle;

#[derive(Debug, Clone, Copy)]
pub struct WorkerSettings {
    /// Jobs run at once by this process.
    pub concurrency: usize,
    /// How long to wait before looking again when there was nothing to do.
    pub idle_poll: Duration,
    /// How long a claimed job stays ours; a handler running longer is cut off and retried.
    pub lease: Duration,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            concurrency: 4,
            idle_poll: Duration::from_millis(100),
            lease: Duration::from_secs(300),
        }
    }
}

#[derive(Clone)]
pub struct Worker {
    queue: Arc<dyn JobQueue>,
    clock: Arc<dyn Clock>,
    handlers: HashMap<&'static str, Arc<dyn JobHandler>>,
    settings: WorkerSettings,
}

/// Stops the loops; they finish the job at hand first.
pub struct RunningWorker {
    stop: watch::Sender<bool>,
    loops: Vec<JoinHandle<()>>,
}

impl RunningWorker {
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        for handle in self.loops {
            let _ = handle.await;
        }
    }

    /// Stops at once, abandoning jobs mid-way (what a crash does; for tests).
    pub fn abort(self) {
        for handle in self.loops {
            handle.abort();
        }
    }
}

impl Worker {
    pub fn new(queue: Arc<dyn JobQueue>, clock: Arc<dyn Clock>, settings: WorkerSettings) -> Self {
        Self {
            queue,
            clock,
            handlers: HashMap::new(),
            settings,
        }
    }

    pub fn register(&mut self, handler: Arc<dyn JobHandler>) {
        self.handlers.insert(handler.kind(), handler);
    }

    pub fn start(self) -> RunningWorker {
        let (stop, stopped) = watch::channel(false);
        let loops = (0..self.settings.concurrency.max(1))
            .map(|_| {
                let worker = self.clone();
                let mut stopped = stopped.clone();
                tokio::spawn(async move {
                    while !*stopped.borrow() {
                        let worked = worker.run_next().await;
                        if !worked {
                            tokio::select! {
                                _ = tokio::time::sleep(worker.settings.idle_poll) => {}
                                _ = stopped.changed() => {}
                            }
                        }
                    }
                })
            })
            .collect();
        RunningWorker { stop, loops }
    }

    fn kinds(&self) -> Vec<String> {
        self.handlers.keys().map(|k| (*k).to_owned()).collect()
    }

    /// Claims and runs one job; false when there was none (or the queue failed).
    pub async fn run_next(&self) -> bool {
        let now = self.clock.now();
        let lease = chrono::Duration::from_std(self.settings.lease)
            .unwrap_or_else(|_| chrono::Duration::minutes(5));
        let job = match self.queue.claim(&self.kinds(), now, now + lease).await {
            Ok(Some(job)) => job,
            Ok(None) => return false,
            Err(error) => {
                tracing::error!(%error, "cannot claim jobs");
                return false;
            }
        };
        self.run(job).await;
        true
    }

    #[tracing::instrument(skip_all, fields(job_id = %job.id, kind = %job.kind, attempt = job.attempts))]
    async fn run(&self, job: Job) {
        let Some(handler) = self.handlers.get(job.kind.as_str()) else {
            return;
        };
        let progress = QueueProgress {
            queue: Arc::clone(&self.queue),
            clock: Arc::clone(&self.clock),
            id: job.id,
            attempt: job.attempts,
        };
        // Stop a little before the lease ends, so nobody else starts it while we run.
        let budget = self.settings.lease.mul_f64(0.9);
        let outcome = match tokio::time::timeout(budget, handler.run(&job, &progress)).await {
            Ok(outcome) => outcome,
            Err(_) => Err(JobFailure::Transient(format!(
                "timed out after {} s",
                budget.as_secs()
            ))),
        };
        let now = self.clock.now();
        let recorded = match outcome {
            Ok(()) => self.queue.succeed(job.id, job.attempts, now).await,
            Err(failure) => {
                let retry_at = match &failure {
                    JobFailure::Transient(_) if job.attempts < job.max_attempts => {
                        let jitter = rand::thread_rng().gen_range(0.0..1.0);
                        Some(now + retry_delay(job.attempts, jitter))
                    }
                    _ => None,
                };
                if retry_at.is_none() {
                    tracing::warn!(%failure, "job failed for good");
                } else {
                    tracing::info!(%failure, "job failed; will retry");
                }
                self.queue
                    .fail(job.id, job.attempts, &failure.to_string(), retry_at, now)
                    .await
            }
        };
        if let Err(error) = recorded {
            // The lease runs out and the job is claimed again: handlers are idempotent.
            tracing::error!(%error, "cannot record the job's outcome");
        }
    }
}

struct QueueProgress {
    queue: Arc<dyn JobQueue>,
    clock: Arc<dyn Clock>,
    id: JobId,
    attempt: u32,
}

#[async_trait]
impl JobProgress for QueueProgress {
    async fn report(&self, percent: u8, note: &str) {
        let at = self.clock.now();
        if let Err(error) = self
            .queue
            .progress(self.id, self.attempt, percent, note, at)
            .await
        {
            tracing::warn!(%error, "cannot record job progress");
        }
    }
}
