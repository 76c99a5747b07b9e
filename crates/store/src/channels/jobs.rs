//! Jobs written in the same transaction as the rows they will process, so a stored
//! event or message never lacks its job and a job never names a row that was rolled
//! back. The row is what `SeaOrmJobQueue::enqueue` writes.

use chrono::Utc;
use kernel::{JobId, JobStatus, NewJob};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

use crate::entities::jobs;
use crate::timestamps::stored;

/// Inserts `job`, queued, on `db` (a transaction, in every caller).
pub(crate) async fn enqueue_in<C: ConnectionTrait>(db: &C, job: &NewJob) -> Result<JobId, DbErr> {
    let id = JobId::new();
    let now = stored(Utc::now());
    jobs::Entity::insert(jobs::ActiveModel {
        id: Set(id.as_uuid()),
        kind: Set(job.kind.clone()),
        workspace_id: Set(job.workspace_id.map(|w| w.as_uuid())),
        payload: Set(job.payload.clone()),
        status: Set(JobStatus::Queued.as_str().to_owned()),
        attempts: Set(0),
        max_attempts: Set(i32::try_from(job.max_attempts).unwrap_or(i32::MAX)),
        run_at: Set(stored(job.run_at)),
        lease_until: Set(None),
        progress_percent: Set(0),
        progress_note: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}
