//! The job runner over the real jobs table: retries with backoff, permanent failures,
//! progress, and a job whose worker died mid-way being finished by another.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use chatdesk_server::worker::{Worker, WorkerSettings};
use chatdesk_tests::db::TestDatabase;
use chrono::Utc;
use kernel::{
    Clock, Job, JobFailure, JobHandler, JobProgress, JobQueue, JobStatus, ManualClock, NewJob,
};
use store::SeaOrmJobQueue;

/// Fails transiently `failures` times, reporting progress, then succeeds.
struct Flaky {
    failures: u32,
    runs: AtomicU32,
}

#[async_trait]
impl JobHandler for Flaky {
    fn kind(&self) -> &'static str {
        "test.flaky"
    }

    async fn run(&self, _job: &Job, progress: &dyn JobProgress) -> Result<(), JobFailure> {
        let run = self.runs.fetch_add(1, Ordering::SeqCst) + 1;
        progress.report(50, "half way").await;
        if run <= self.failures {
            return Err(JobFailure::Transient(format!("attempt {run} timed out")));
        }
        Ok(())
    }
}

struct Broken;

#[async_trait]
impl JobHandler for Broken {
    fn kind(&self) -> &'static str {
        "test.broken"
    }

    async fn run(&self, _job: &Job, _progress: &dyn JobProgress) -> Result<(), JobFailure> {
        Err(JobFailure::Permanent("payload names no product".into()))
    }
}

/// Never finishes its first run (the process "dies" while it hangs); later runs succeed.
struct HangsOnce {
    runs: AtomicU32,
}

#[async_trait]
impl JobHandler for HangsOnce {
    fn kind(&self) -> &'static str {
        "test.hangs_once"
    }

    async fn run(&self, _job: &Job, _progress: &dyn JobProgress) -> Result<(), JobFailure> {
        if self.runs.fetch_add(1, Ordering::SeqCst) == 0 {
            std::future::pending::<()>().await;
        }
        Ok(())
    }
}

async fn setup() -> (TestDatabase, Arc<SeaOrmJobQueue>, Arc<ManualClock>) {
    let database = TestDatabase::sqlite().await;
    let queue = Arc::new(SeaOrmJobQueue::new(database.connect().await));
    (database, queue, Arc::new(ManualClock::new(Utc::now())))
}

fn settings(lease: Duration) -> WorkerSettings {
    WorkerSettings {
        concurrency: 1,
        idle_poll: Duration::from_millis(10),
        lease,
    }
}

#[tokio::test]
async fn transient_failures_are_retried_with_backoff_until_success() {
    let (_db, queue, clock) = setup().await;
    let handler = Arc::new(Flaky {
        failures: 2,
        runs: AtomicU32::new(0),
    });
    let mut worker = Worker::new(
        queue.clone(),
        clock.clone(),
        settings(Duration::from_secs(60)),
    );
    worker.register(handler.clone());
    let id = queue
        .enqueue(NewJob::now("test.flaky", None, "{}".into(), clock.now()))
        .await
        .unwrap();

    assert!(worker.run_next().await);
    let job = queue.get(id).await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Queued);
    assert_eq!(
        job.last_error.as_deref(),
        Some("transient: attempt 1 timed out")
    );
    let wait = job.run_at - clock.now();
    assert!(
        wait >= chrono::Duration::milliseconds(1_600)
            && wait <= chrono::Duration::milliseconds(2_400)
    );
    assert!(!worker.run_next().await, "not due before its backoff");

    clock.advance(chrono::Duration::seconds(3));
    assert!(worker.run_next().await);
    clock.advance(chrono::Duration::seconds(5));
    assert!(worker.run_next().await);
    let job = queue.get(id).await.unwrap().unwrap();
    assert_eq!((job.status, job.attempts), (JobStatus::Succeeded, 3));
    assert_eq!(handler.runs.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn permanent_failures_are_not_retried() {
    let (_db, queue, clock) = setup().await;
    let mut worker = Worker::new(
        queue.clone(),
        clock.clone(),
        settings(Duration::from_secs(60)),
    );
    worker.register(Arc::new(Broken));
    let id = queue
        .enqueue(NewJob::now("test.broken", None, "{}".into(), clock.now()))
        .await
        .unwrap();
    assert!(worker.run_next().await);
    let job = queue.get(id).await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Dead);
    assert_eq!(
        job.last_error.as_deref(),
        Some("permanent: payload names no product")
    );
}

#[tokio::test]
async fn a_job_whose_worker_died_is_finished_by_another() {
    let (_db, queue, clock) = setup().await;
    let handler = Arc::new(HangsOnce {
        runs: AtomicU32::new(0),
    });
    let mut worker = Worker::new(
        queue.clone(),
        clock.clone(),
        settings(Duration::from_secs(30)),
    );
    worker.register(handler.clone());
    let id = queue
        .enqueue(NewJob::now(
            "test.hangs_once",
            None,
            "{}".into(),
            clock.now(),
        ))
        .await
        .unwrap();

    let running = worker.clone().start();
    for _ in 0..200 {
        if handler.runs.load(Ordering::SeqCst) == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        handler.runs.load(Ordering::SeqCst),
        1,
        "the first worker took the job"
    );
    running.abort(); // the process dies mid-job
    assert_eq!(
        queue.get(id).await.unwrap().unwrap().status,
        JobStatus::Running
    );

    // A restarted process finds nothing until the dead worker's lease runs out.
    let restarted = worker;
    assert!(!restarted.run_next().await);
    clock.advance(chrono::Duration::seconds(31));
    assert!(restarted.run_next().await);
    let job = queue.get(id).await.unwrap().unwrap();
    assert_eq!((job.status, job.attempts), (JobStatus::Succeeded, 2));
}
