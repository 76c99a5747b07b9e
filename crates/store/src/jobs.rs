//! The jobs table behind `kernel::JobQueue`.
//!
//! Claiming is one UPDATE whose subquery picks the due job: on PostgreSQL the subquery
//! locks with `FOR UPDATE SKIP LOCKED`, so workers on every replica claim different
//! jobs without waiting on each other; SQLite has a single writer, so the statement is
//! atomic as it is.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::jobs::recurring_job_id;
use kernel::{Job, JobId, JobQueue, JobQueueError, JobStatus, NewJob, WorkspaceId};
use sea_orm::sea_query::{Cond, Expr, ExprTrait, LockBehavior, LockType, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, Order,
    QueryFilter,
};

use crate::entities::jobs;
use crate::timestamps::stored;

pub struct SeaOrmJobQueue {
    db: DatabaseConnection,
}

impl SeaOrmJobQueue {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn unexpected(err: DbErr) -> JobQueueError {
    JobQueueError::Unexpected(err.to_string())
}

fn job_from_row(row: jobs::Model) -> Result<Job, JobQueueError> {
    let status = JobStatus::parse(&row.status)
        .ok_or_else(|| JobQueueError::Unexpected(format!("job status '{}'", row.status)))?;
    Ok(Job {
        id: JobId::from_uuid(row.id),
        kind: row.kind,
        workspace_id: row.workspace_id.map(WorkspaceId::from_uuid),
        payload: row.payload,
        status,
        attempts: u32::try_from(row.attempts).unwrap_or(0),
        max_attempts: u32::try_from(row.max_attempts).unwrap_or(0),
        run_at: row.run_at,
        lease_until: row.lease_until,
        progress_percent: u8::try_from(row.progress_percent).unwrap_or(0),
        progress_note: row.progress_note,
        last_error: row.last_error,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// Rows of one attempt: a worker whose lease was taken over matches nothing.
fn this_attempt(id: JobId, attempt: u32) -> Cond {
    Cond::all()
        .add(jobs::Column::Id.eq(id.as_uuid()))
        .add(jobs::Column::Attempts.eq(i64::from(attempt)))
        .add(jobs::Column::Status.eq(JobStatus::Running.as_str()))
}

#[async_trait]
impl JobQueue for SeaOrmJobQueue {
    #[tracing::instrument(skip_all)]
    async fn enqueue(&self, job: NewJob) -> Result<JobId, JobQueueError> {
        let id = JobId::new();
        let now = stored(Utc::now());
        jobs::Entity::insert(jobs::ActiveModel {
            id: Set(id.as_uuid()),
            kind: Set(job.kind),
            workspace_id: Set(job.workspace_id.map(|w| w.as_uuid())),
            payload: Set(job.payload),
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
        .exec_without_returning(&self.db)
        .await
        .map_err(unexpected)?;
        Ok(id)
    }

    #[tracing::instrument(skip_all)]
    async fn claim(
        &self,
        kinds: &[String],
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<Job>, JobQueueError> {
        if kinds.is_empty() {
            return Ok(None);
        }
        let backend = self.db.get_database_backend();
        let now = stored(now);
        let due = Cond::any()
            .add(
                Cond::all()
                    .add(jobs::Column::Status.eq(JobStatus::Queued.as_str()))
                    .add(jobs::Column::RunAt.lte(now)),
            )
            // A running job whose lease ran out lost its worker: claim it again.
            .add(
                Cond::all()
                    .add(jobs::Column::Status.eq(JobStatus::Running.as_str()))
                    .add(jobs::Column::LeaseUntil.lt(now))
                    .add(
                        Expr::col(jobs::Column::Attempts).lt(Expr::col(jobs::Column::MaxAttempts)),
                    ),
            );
        let mut next = Query::select();
        next.column(jobs::Column::Id)
            .from(jobs::Entity)
            .cond_where(
                Cond::all()
                    .add(jobs::Column::Kind.is_in(kinds.iter().cloned()))
                    .add(due),
            )
            .order_by(jobs::Column::RunAt, Order::Asc)
            .order_by(jobs::Column::Id, Order::Asc)
            .limit(1);
        if backend == DbBackend::Postgres {
            next.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let mut claim = Query::update();
        claim
            .table(jobs::Entity)
            .value(jobs::Column::Status, JobStatus::Running.as_str())
            .value(jobs::Column::LeaseUntil, stored(lease_until))
            .value(
                jobs::Column::Attempts,
                Expr::col(jobs::Column::Attempts).add(1),
            )
            .value(jobs::Column::UpdatedAt, now)
            .and_where(Expr::col(jobs::Column::Id).in_subquery(next))
            .returning_all();
        let row = jobs::Entity::find()
            .from_raw_sql(backend.build(&claim))
            .one(&self.db)
            .await
            .map_err(unexpected)?;
        row.map(job_from_row).transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn progress(
        &self,
        id: JobId,
        attempt: u32,
        percent: u8,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<(), JobQueueError> {
        jobs::Entity::update_many()
            .col_expr(
                jobs::Column::ProgressPercent,
                Expr::value(i16::from(Ord::min(percent, 100))),
            )
            .col_expr(jobs::Column::ProgressNote, Expr::value(note.to_owned()))
            .col_expr(jobs::Column::UpdatedAt, Expr::value(stored(at)))
            .filter(this_attempt(id, attempt))
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn succeed(
        &self,
        id: JobId,
        attempt: u32,
        at: DateTime<Utc>,
    ) -> Result<(), JobQueueError> {
        jobs::Entity::update_many()
            .col_expr(
                jobs::Column::Status,
                Expr::value(JobStatus::Succeeded.as_str()),
            )
            .col_expr(jobs::Column::ProgressPercent, Expr::value(100i16))
            .col_expr(
                jobs::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(jobs::Column::UpdatedAt, Expr::value(stored(at)))
            .filter(this_attempt(id, attempt))
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn fail(
        &self,
        id: JobId,
        attempt: u32,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<(), JobQueueError> {
        let mut update = jobs::Entity::update_many()
            .col_expr(jobs::Column::LastError, Expr::value(error.to_owned()))
            .col_expr(
                jobs::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(jobs::Column::UpdatedAt, Expr::value(stored(at)));
        update = match retry_at {
            Some(retry_at) => update
                .col_expr(
                    jobs::Column::Status,
                    Expr::value(JobStatus::Queued.as_str()),
                )
                .col_expr(jobs::Column::RunAt, Expr::value(stored(retry_at))),
            None => update.col_expr(jobs::Column::Status, Expr::value(JobStatus::Dead.as_str())),
        };
        update
            .filter(this_attempt(id, attempt))
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(kind))]
    async fn ensure_recurring(
        &self,
        kind: &str,
        first_run_at: DateTime<Utc>,
    ) -> Result<JobId, JobQueueError> {
        let id = recurring_job_id(kind);
        let now = stored(Utc::now());
        // The id is the kind's, so a second replica's insert conflicts and does nothing.
        jobs::Entity::insert(jobs::ActiveModel {
            id: Set(id.as_uuid()),
            kind: Set(kind.to_owned()),
            workspace_id: Set(None),
            payload: Set(String::new()),
            status: Set(JobStatus::Queued.as_str().to_owned()),
            attempts: Set(0),
            max_attempts: Set(i32::try_from(kernel::jobs::DEFAULT_MAX_ATTEMPTS).unwrap_or(8)),
            run_at: Set(stored(first_run_at)),
            lease_until: Set(None),
            progress_percent: Set(0),
            progress_note: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .on_conflict(OnConflict::column(jobs::Column::Id).do_nothing().to_owned())
        .exec_without_returning(&self.db)
        .await
        .map_err(unexpected)?;
        // A row that ended (an older version let it succeed, or it died) runs again.
        jobs::Entity::update_many()
            .col_expr(
                jobs::Column::Status,
                Expr::value(JobStatus::Queued.as_str()),
            )
            .col_expr(jobs::Column::Attempts, Expr::value(0i32))
            .col_expr(jobs::Column::RunAt, Expr::value(stored(first_run_at)))
            .col_expr(jobs::Column::UpdatedAt, Expr::value(now))
            .filter(jobs::Column::Id.eq(id.as_uuid()))
            .filter(
                jobs::Column::Status
                    .is_in([JobStatus::Succeeded.as_str(), JobStatus::Dead.as_str()]),
            )
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(id)
    }

    #[tracing::instrument(skip_all)]
    async fn reschedule(
        &self,
        id: JobId,
        attempt: u32,
        payload: &str,
        run_at: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<(), JobQueueError> {
        jobs::Entity::update_many()
            .col_expr(
                jobs::Column::Status,
                Expr::value(JobStatus::Queued.as_str()),
            )
            .col_expr(jobs::Column::Payload, Expr::value(payload.to_owned()))
            .col_expr(jobs::Column::Attempts, Expr::value(0i32))
            .col_expr(jobs::Column::RunAt, Expr::value(stored(run_at)))
            .col_expr(
                jobs::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(jobs::Column::UpdatedAt, Expr::value(stored(at)))
            .filter(this_attempt(id, attempt))
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn get(&self, id: JobId) -> Result<Option<Job>, JobQueueError> {
        jobs::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await
            .map_err(unexpected)?
            .map(job_from_row)
            .transpose()
    }
}
