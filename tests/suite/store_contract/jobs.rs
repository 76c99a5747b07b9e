//! The jobs table behind `kernel::JobQueue`: claims, leases, retries, progress.

use std::collections::HashSet;
use std::sync::Arc;

use chatdesk_tests::db::TestDatabase;
use chrono::{Duration, Utc};
use kernel::{JobQueue, JobStatus, NewJob};
use store::SeaOrmJobQueue;

async fn queue(database: &TestDatabase) -> SeaOrmJobQueue {
    SeaOrmJobQueue::new(database.connect().await)
}

fn kinds(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

pub async fn a_job_is_claimed_once_and_done_once(database: &TestDatabase) {
    let jobs = queue(database).await;
    let now = Utc::now();
    let id = jobs
        .enqueue(NewJob::now(
            "webhook.process",
            None,
            r#"{"n":1}"#.into(),
            now,
        ))
        .await
        .unwrap();
    let lease = now + Duration::seconds(30);
    let claimed = jobs
        .claim(&kinds(&["webhook.process"]), now, lease)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.id, id);
    assert_eq!(claimed.status, JobStatus::Running);
    assert_eq!(claimed.attempts, 1);
    assert_eq!(claimed.payload, r#"{"n":1}"#);
    assert!(
        jobs.claim(&kinds(&["webhook.process"]), now, lease)
            .await
            .unwrap()
            .is_none(),
        "a leased job is not claimed twice"
    );
    jobs.progress(id, 1, 40, "chunking", now).await.unwrap();
    let seen = jobs.get(id).await.unwrap().unwrap();
    assert_eq!(
        (seen.progress_percent, seen.progress_note.as_deref()),
        (40, Some("chunking"))
    );
    // An attempt number that is not the current one changes nothing.
    jobs.succeed(id, 7, now).await.unwrap();
    assert_eq!(
        jobs.get(id).await.unwrap().unwrap().status,
        JobStatus::Running
    );
    jobs.succeed(id, 1, now).await.unwrap();
    let done = jobs.get(id).await.unwrap().unwrap();
    assert_eq!(
        (done.status, done.progress_percent),
        (JobStatus::Succeeded, 100)
    );
    let later = now + Duration::hours(1);
    assert!(
        jobs.claim(&kinds(&["webhook.process"]), later, later)
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn only_due_jobs_of_the_asked_kinds_are_claimed(database: &TestDatabase) {
    let jobs = queue(database).await;
    let now = Utc::now();
    let mut later = NewJob::now("index.product", None, "{}".into(), now);
    later.run_at = now + Duration::minutes(5);
    jobs.enqueue(later).await.unwrap();
    jobs.enqueue(NewJob::now("send.message", None, "{}".into(), now))
        .await
        .unwrap();
    let lease = now + Duration::seconds(30);
    assert!(
        jobs.claim(&kinds(&["index.product"]), now, lease)
            .await
            .unwrap()
            .is_none()
    );
    assert!(jobs.claim(&[], now, lease).await.unwrap().is_none());
    let claimed = jobs
        .claim(&kinds(&["index.product", "send.message"]), now, lease)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.kind, "send.message");
    let due_later = now + Duration::minutes(6);
    let claimed = jobs
        .claim(
            &kinds(&["index.product"]),
            due_later,
            due_later + Duration::seconds(30),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.kind, "index.product");
}

pub async fn failures_retry_later_or_die(database: &TestDatabase) {
    let jobs = queue(database).await;
    let now = Utc::now();
    let lease = now + Duration::seconds(30);
    let id = jobs
        .enqueue(NewJob::now("send.message", None, "{}".into(), now))
        .await
        .unwrap();
    jobs.claim(&kinds(&["send.message"]), now, lease)
        .await
        .unwrap()
        .unwrap();
    let retry_at = now + Duration::seconds(4);
    jobs.fail(id, 1, "graph answered 500", Some(retry_at), now)
        .await
        .unwrap();
    let waiting = jobs.get(id).await.unwrap().unwrap();
    assert_eq!(waiting.status, JobStatus::Queued);
    assert_eq!(waiting.last_error.as_deref(), Some("graph answered 500"));
    assert!(
        jobs.claim(&kinds(&["send.message"]), now, lease)
            .await
            .unwrap()
            .is_none()
    );
    let again = jobs
        .claim(
            &kinds(&["send.message"]),
            retry_at,
            retry_at + Duration::seconds(30),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.attempts, 2);
    jobs.fail(id, 2, "token invalid (190)", None, retry_at)
        .await
        .unwrap();
    let dead = jobs.get(id).await.unwrap().unwrap();
    assert_eq!(dead.status, JobStatus::Dead);
    let much_later = now + Duration::days(1);
    assert!(
        jobs.claim(&kinds(&["send.message"]), much_later, much_later)
            .await
            .unwrap()
            .is_none()
    );
}

/// A worker that died mid-job leaves it running with a lease; once the lease runs out
/// another worker claims it, and the dead worker's late answer changes nothing.
pub async fn an_abandoned_job_is_claimed_again_after_its_lease(database: &TestDatabase) {
    let jobs = queue(database).await;
    let now = Utc::now();
    let id = jobs
        .enqueue(NewJob::now("webhook.process", None, "{}".into(), now))
        .await
        .unwrap();
    jobs.claim(
        &kinds(&["webhook.process"]),
        now,
        now + Duration::seconds(1),
    )
    .await
    .unwrap()
    .unwrap();
    let after_lease = now + Duration::seconds(2);
    let reclaimed = jobs
        .claim(
            &kinds(&["webhook.process"]),
            after_lease,
            after_lease + Duration::seconds(30),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!((reclaimed.id, reclaimed.attempts), (id, 2));
    jobs.succeed(id, 1, after_lease).await.unwrap();
    assert_eq!(
        jobs.get(id).await.unwrap().unwrap().status,
        JobStatus::Running
    );
    jobs.succeed(id, 2, after_lease).await.unwrap();
    assert_eq!(
        jobs.get(id).await.unwrap().unwrap().status,
        JobStatus::Succeeded
    );
}

/// Workers racing over one table each get different jobs, and every job is taken once.
pub async fn concurrent_workers_never_share_a_job(database: &TestDatabase) {
    let jobs = Arc::new(queue(database).await);
    let now = Utc::now();
    let mut expected = HashSet::new();
    for n in 0..24 {
        let id = jobs
            .enqueue(NewJob::now(
                "webhook.process",
                None,
                format!("{{\"n\":{n}}}"),
                now,
            ))
            .await
            .unwrap();
        expected.insert(id);
    }
    let mut workers = Vec::new();
    for _ in 0..4 {
        let jobs = Arc::clone(&jobs);
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(job) = jobs
                .claim(
                    &kinds(&["webhook.process"]),
                    now,
                    now + Duration::seconds(60),
                )
                .await
                .unwrap()
            {
                mine.push(job.id);
            }
            mine
        }));
    }
    let mut claimed = Vec::new();
    for worker in workers {
        claimed.extend(worker.await.unwrap());
    }
    assert_eq!(claimed.len(), 24, "every job claimed exactly once");
    assert_eq!(claimed.into_iter().collect::<HashSet<_>>(), expected);
}
