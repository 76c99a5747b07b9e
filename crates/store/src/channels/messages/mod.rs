//! `MessageRepository` on sea-orm: messages in both directions, with the delivery
//! status of ours.
//!
//! Two unique rules make writes idempotent: (channel, platform message id) for what
//! platforms deliver, (workspace, idempotency key) for what we compose; both are
//! `INSERT ... ON CONFLICT DO NOTHING` followed, when nothing was written, by a look-up
//! of the row that won. Status moves forward only, as one conditional UPDATE on the
//! stored rank (`... WHERE status_rank < rank(new)`), so racing webhooks cannot move a
//! message back whatever order they commit in.

pub(crate) mod rows;

use async_trait::async_trait;
use channels::ports::{Insertion, MessageRepository, MessageRepositoryError};
use channels::{
    ChannelId, ContactId, DeliveryStatus, IdempotencyKey, MessageFailure, MessageId, MessageRecord,
    PlatformMessageId,
};
use chrono::{DateTime, Utc};
use kernel::{NewJob, Page, PageRequest, WorkspaceId};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use self::rows::{OUTBOUND, failure_cells, message_from_row, message_row, rank_cell};
use super::errors::{UniqueRule, unique_rule};
use super::jobs::enqueue_in;
use crate::entities::messages;
use crate::timestamps::stored;

pub struct SeaOrmMessageRepository {
    db: DatabaseConnection,
}

impl SeaOrmMessageRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl MessageRepository for SeaOrmMessageRepository {
    #[tracing::instrument(skip_all)]
    async fn record_received(
        &self,
        message: &MessageRecord,
    ) -> Result<Insertion, MessageRepositoryError> {
        // No conflict target: any of the message's unique rules (the platform id on
        // the channel, the same record presented again) makes it a no-op.
        let inserted = messages::Entity::insert(message_row(message)?)
            .on_conflict(OnConflict::new().do_nothing().to_owned())
            .exec_without_returning(&self.db)
            .await
            .map_err(unexpected)?;
        if inserted == 1 {
            Ok(Insertion::Inserted)
        } else {
            existing(&self.db, message).await
        }
    }

    #[tracing::instrument(skip_all)]
    async fn enqueue_outbound(
        &self,
        message: &MessageRecord,
        send_job: &NewJob,
    ) -> Result<Insertion, MessageRepositoryError> {
        let row = message_row(message)?;
        let txn = self.db.begin().await.map_err(unexpected)?;
        let inserted = messages::Entity::insert(row)
            .on_conflict(OnConflict::new().do_nothing().to_owned())
            .exec_without_returning(&txn)
            .await
            .map_err(unexpected)?;
        if inserted == 0 {
            // Dropping the transaction rolls it back: nothing was written anyway.
            return existing(&txn, message).await;
        }
        enqueue_in(&txn, send_job).await.map_err(unexpected)?;
        txn.commit().await.map_err(unexpected)?;
        Ok(Insertion::Inserted)
    }

    #[tracing::instrument(skip_all)]
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: MessageId,
    ) -> Result<Option<MessageRecord>, MessageRepositoryError> {
        messages::Entity::find()
            .filter(one(workspace_id, id))
            .one(&self.db)
            .await
            .map_err(unexpected)?
            .map(message_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn find_by_platform_id(
        &self,
        channel_id: ChannelId,
        platform_message_id: &PlatformMessageId,
    ) -> Result<Option<MessageRecord>, MessageRepositoryError> {
        messages::Entity::find()
            .filter(by_platform_id(channel_id, platform_message_id))
            .one(&self.db)
            .await
            .map_err(unexpected)?
            .map(message_from_row)
            .transpose()
    }

    /// One UPDATE: the id and time always, the status only if it is behind `Sent`.
    ///
    /// The platform's echo of this very message can arrive (and be recorded, without
    /// an idempotency key) before the send call returns its id; the id is then taken,
    /// and the echo's row is folded into ours: deleted, its status carried over if it
    /// got further, in one transaction.
    #[tracing::instrument(skip_all)]
    async fn mark_sent<'a>(
        &self,
        workspace_id: WorkspaceId,
        id: MessageId,
        platform_message_id: Option<&'a PlatformMessageId>,
        at: DateTime<Utc>,
    ) -> Result<(), MessageRepositoryError> {
        let result = sent_update(workspace_id, id, platform_message_id, at)
            .exec(&self.db)
            .await;
        match (result, platform_message_id) {
            (Ok(result), _) if result.rows_affected == 0 => Err(MessageRepositoryError::NotFound),
            (Ok(_), _) => Ok(()),
            (Err(err), Some(platform_id))
                if unique_rule(&err) == Some(UniqueRule::PlatformMessageId) =>
            {
                self.fold_echo(workspace_id, id, platform_id, at).await
            }
            (Err(err), _) => Err(unexpected(err)),
        }
    }

    #[tracing::instrument(skip_all)]
    async fn advance_status<'a>(
        &self,
        workspace_id: WorkspaceId,
        id: MessageId,
        status: DeliveryStatus,
        failure: Option<&'a MessageFailure>,
        at: DateTime<Utc>,
    ) -> Result<bool, MessageRepositoryError> {
        let moved = advance(status, failure, at)
            .filter(one(workspace_id, id))
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(moved.rows_affected > 0)
    }

    #[tracing::instrument(skip_all)]
    async fn advance_status_by_platform_id<'a>(
        &self,
        channel_id: ChannelId,
        platform_message_id: &PlatformMessageId,
        status: DeliveryStatus,
        failure: Option<&'a MessageFailure>,
        at: DateTime<Utc>,
    ) -> Result<bool, MessageRepositoryError> {
        let moved = advance(status, failure, at)
            .filter(by_platform_id(channel_id, platform_message_id))
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(moved.rows_affected > 0)
    }

    /// "Went out" is `occurred_at`, when the platform accepted the message: one still
    /// pending has none and is not covered by any watermark.
    #[tracing::instrument(skip_all)]
    async fn advance_status_up_to(
        &self,
        channel_id: ChannelId,
        contact_id: ContactId,
        watermark: DateTime<Utc>,
        status: DeliveryStatus,
        at: DateTime<Utc>,
    ) -> Result<u64, MessageRepositoryError> {
        let moved = advance(status, None, at)
            .filter(messages::Column::ChannelId.eq(channel_id.as_uuid()))
            .filter(messages::Column::ContactId.eq(contact_id.as_uuid()))
            .filter(messages::Column::Direction.eq(OUTBOUND))
            .filter(messages::Column::OccurredAt.lte(stored(watermark)))
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(moved.rows_affected)
    }

    /// Newest first by creation, ties broken by id so pages never overlap.
    #[tracing::instrument(skip_all)]
    async fn list_for_contact(
        &self,
        workspace_id: WorkspaceId,
        contact_id: ContactId,
        page: PageRequest,
    ) -> Result<Page<MessageRecord>, MessageRepositoryError> {
        let pages = messages::Entity::find()
            .filter(messages::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(messages::Column::ContactId.eq(contact_id.as_uuid()))
            .order_by_desc(messages::Column::CreatedAt)
            .order_by_desc(messages::Column::Id)
            .paginate(&self.db, u64::from(page.per_page()));
        let total = pages.num_items().await.map_err(unexpected)?;
        let items = pages
            .fetch_page(u64::from(page.page() - 1))
            .await
            .map_err(unexpected)?
            .into_iter()
            .map(message_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::new(items, total, page))
    }

    /// The platform's time of the person's latest message on the channel (echoes are
    /// outbound and do not count).
    #[tracing::instrument(skip_all)]
    async fn last_inbound_at(
        &self,
        channel_id: ChannelId,
        contact_id: ContactId,
    ) -> Result<Option<DateTime<Utc>>, MessageRepositoryError> {
        messages::Entity::find()
            .select_only()
            .column(messages::Column::OccurredAt)
            .filter(messages::Column::ChannelId.eq(channel_id.as_uuid()))
            .filter(messages::Column::ContactId.eq(contact_id.as_uuid()))
            .filter(messages::Column::Direction.eq(rows::INBOUND))
            .filter(messages::Column::OccurredAt.is_not_null())
            .order_by_desc(messages::Column::OccurredAt)
            .limit(1)
            .into_tuple::<DateTime<Utc>>()
            .one(&self.db)
            .await
            .map_err(unexpected)
    }
}

impl SeaOrmMessageRepository {
    /// `mark_sent` when the platform id is already on another row of the channel: that
    /// row can only be the echo of this message, recorded before we knew its id.
    async fn fold_echo(
        &self,
        workspace_id: WorkspaceId,
        id: MessageId,
        platform_message_id: &PlatformMessageId,
        at: DateTime<Utc>,
    ) -> Result<(), MessageRepositoryError> {
        let ours = Query::select()
            .column(messages::Column::ChannelId)
            .from(messages::Entity)
            .cond_where(one(workspace_id, id))
            .to_owned();
        let txn = self.db.begin().await.map_err(unexpected)?;
        // The delete is the transaction's first statement, so on SQLite it takes the
        // write lock before reading anything.
        let echoes = messages::Entity::delete_many()
            .filter(messages::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(messages::Column::ChannelId.in_subquery(ours))
            .filter(messages::Column::PlatformMessageId.eq(platform_message_id.as_str()))
            .filter(messages::Column::Id.ne(id.as_uuid()))
            .filter(messages::Column::Direction.eq(OUTBOUND))
            .filter(messages::Column::IdempotencyKey.is_null())
            .exec_with_returning(&txn)
            .await
            .map_err(unexpected)?;
        let Some(echo) = echoes.into_iter().next() else {
            return Err(MessageRepositoryError::Unexpected(format!(
                "platform message id {platform_message_id} already belongs to another message"
            )));
        };
        let updated = sent_update(workspace_id, id, Some(platform_message_id), at)
            .exec(&txn)
            .await
            .map_err(unexpected)?;
        if updated.rows_affected == 0 {
            return Err(MessageRepositoryError::NotFound);
        }
        // Status webhooks that found the echo moved it; ours takes the furthest.
        let echo = message_from_row(echo)?;
        if let Some(status) = echo
            .status
            .filter(|s| s.rank() > DeliveryStatus::Sent.rank())
        {
            advance(status, echo.failure.as_ref(), at)
                .filter(one(workspace_id, id))
                .exec(&txn)
                .await
                .map_err(unexpected)?;
        }
        txn.commit().await.map_err(unexpected)
    }
}

/// The row that made an insert a no-op: the same record, the same platform id on the
/// channel, or the same idempotency key in the workspace.
async fn existing<C: ConnectionTrait>(
    db: &C,
    message: &MessageRecord,
) -> Result<Insertion, MessageRepositoryError> {
    let mut matches = Condition::any().add(one(message.workspace_id, message.id));
    if let Some(platform_id) = &message.platform_message_id {
        matches = matches.add(by_platform_id(message.channel_id, platform_id));
    }
    if let Some(key) = &message.idempotency_key {
        matches = matches.add(by_key(message.workspace_id, key));
    }
    let found: Option<uuid::Uuid> = messages::Entity::find()
        .select_only()
        .column(messages::Column::Id)
        .filter(matches)
        .into_tuple()
        .one(db)
        .await
        .map_err(unexpected)?;
    found
        .map(|id| Insertion::AlreadyExists(MessageId::from_uuid(id)))
        .ok_or_else(|| {
            MessageRepositoryError::Unexpected(
                "the insert was skipped but no conflicting message exists".to_owned(),
            )
        })
}

/// `mark_sent`'s UPDATE: `CASE` keeps a status that is already past `Sent`.
fn sent_update(
    workspace_id: WorkspaceId,
    id: MessageId,
    platform_message_id: Option<&PlatformMessageId>,
    at: DateTime<Utc>,
) -> sea_orm::UpdateMany<messages::Entity> {
    let at = stored(at);
    let sent = DeliveryStatus::Sent;
    let behind = || Expr::col(messages::Column::StatusRank).lt(rank_cell(sent));
    let mut update = messages::Entity::update_many()
        .col_expr(
            messages::Column::Status,
            Expr::case(behind(), Expr::val(sent.as_str()))
                .finally(Expr::col(messages::Column::Status))
                .into(),
        )
        .col_expr(
            messages::Column::StatusRank,
            Expr::case(behind(), Expr::val(rank_cell(sent)))
                .finally(Expr::col(messages::Column::StatusRank))
                .into(),
        )
        .col_expr(messages::Column::OccurredAt, Expr::value(at))
        .col_expr(messages::Column::UpdatedAt, Expr::value(at))
        .filter(one(workspace_id, id))
        .filter(messages::Column::Direction.eq(OUTBOUND));
    if let Some(platform_id) = platform_message_id {
        update = update.col_expr(
            messages::Column::PlatformMessageId,
            Expr::value(platform_id.as_str()),
        );
    }
    update
}

/// The forward-only move to `status`: it applies only to rows whose rank is below
/// (customer messages have no rank and never move). The failure is kept with `Failed`
/// and cleared by any other status: a delivery or read receipt after a failure proves
/// the message arrived.
fn advance(
    status: DeliveryStatus,
    failure: Option<&MessageFailure>,
    at: DateTime<Utc>,
) -> sea_orm::UpdateMany<messages::Entity> {
    let failure = failure_cells(failure.filter(|_| status == DeliveryStatus::Failed));
    messages::Entity::update_many()
        .col_expr(messages::Column::Status, Expr::value(status.as_str()))
        .col_expr(messages::Column::StatusRank, Expr::value(rank_cell(status)))
        .col_expr(messages::Column::FailureCode, Expr::value(failure.code))
        .col_expr(
            messages::Column::FailureMessage,
            Expr::value(failure.message),
        )
        .col_expr(
            messages::Column::FailurePlatformCode,
            Expr::value(failure.platform_code),
        )
        .col_expr(
            messages::Column::FailurePlatformSubcode,
            Expr::value(failure.platform_subcode),
        )
        .col_expr(messages::Column::UpdatedAt, Expr::value(stored(at)))
        .filter(messages::Column::StatusRank.lt(rank_cell(status)))
}

fn one(workspace_id: WorkspaceId, id: MessageId) -> Condition {
    Condition::all()
        .add(messages::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .add(messages::Column::Id.eq(id.as_uuid()))
}

fn by_platform_id(channel_id: ChannelId, platform_message_id: &PlatformMessageId) -> Condition {
    Condition::all()
        .add(messages::Column::ChannelId.eq(channel_id.as_uuid()))
        .add(messages::Column::PlatformMessageId.eq(platform_message_id.as_str()))
}

fn by_key(workspace_id: WorkspaceId, key: &IdempotencyKey) -> Condition {
    Condition::all()
        .add(messages::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .add(messages::Column::IdempotencyKey.eq(key.as_str()))
}

fn unexpected(err: DbErr) -> MessageRepositoryError {
    MessageRepositoryError::Unexpected(err.to_string())
}
