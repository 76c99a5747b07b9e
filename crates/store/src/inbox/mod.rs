//! `InboxRepository` on sea-orm: the conversation list with its filters, and each
//! row's customer, last message, unread count, tags and whether it has an order.
//!
//! A page is one filtered, counted query over `conversations` (the filters are
//! subqueries, see `filter`), then one query per kind of detail for the whole page
//! (`rows`): a fixed number of round trips however many rows the page holds.

mod details;
mod entities;
mod filter;
mod lifecycle;

use async_trait::async_trait;
use channels::ports::MessageRepository;
use channels::{MessageId, MessageRecord};
use chrono::{DateTime, Utc};
use conversation::conversations::ConversationId;
use conversation::inbox::ports::{InboxRepository, InboxRepositoryError};
use conversation::inbox::{InboxFilter, InboxRow, InboxSort, Tag};
use conversation::ports::ConversationRepository;
use kernel::{Page, PageRequest, WorkspaceId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use self::entities::{conversation_reads as reads, conversation_tags as tags};
use crate::conversations::rows::conversation_from_row;
use crate::entities::{conversations as rows, messages};
use crate::timestamps::stored;
use crate::{SeaOrmConversationRepository, SeaOrmMessageRepository};

pub struct SeaOrmInboxRepository {
    db: DatabaseConnection,
    conversations: SeaOrmConversationRepository,
    messages: SeaOrmMessageRepository,
}

impl SeaOrmInboxRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            conversations: SeaOrmConversationRepository::new(db.clone()),
            messages: SeaOrmMessageRepository::new(db.clone()),
            db,
        }
    }
}

const INBOUND: &str = "inbound";

#[async_trait]
impl InboxRepository for SeaOrmInboxRepository {
    #[tracing::instrument(skip_all)]
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        filter: &InboxFilter,
        page: PageRequest,
    ) -> Result<Page<InboxRow>, InboxRepositoryError> {
        let sort = match filter.sort {
            InboxSort::Updated => rows::Column::UpdatedAt,
            InboxSort::Created => rows::Column::CreatedAt,
        };
        let condition = filter::condition(workspace_id, filter);
        let found = async {
            rows::Entity::find()
                .filter(condition.clone())
                .order_by_desc(sort)
                .order_by_desc(rows::Column::Id)
                .offset(u64::from(page.page() - 1) * u64::from(page.per_page()))
                .limit(u64::from(page.per_page()))
                .all(&self.db)
                .await
                .map_err(unexpected)
        };
        // The count and the page are independent reads, run side by side.
        let (total, found) = tokio::try_join!(capped_count(&self.db, condition.clone()), found)?;
        let conversations = found
            .into_iter()
            // Through the conversation store's mapping, so one mapping of rows exists.
            .map(conversation_from_row)
            .collect::<Result<Vec<_>, _>>()
            .map_err(unexpected)?;
        let items = details::assemble(&self.db, workspace_id, conversations).await?;
        Ok(Page::new(items, total, page))
    }

    #[tracing::instrument(skip_all)]
    async fn row(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Option<InboxRow>, InboxRepositoryError> {
        match self
            .conversations
            .get(workspace_id, id)
            .await
            .map_err(unexpected)?
        {
            Some(conversation) => Ok(
                details::assemble(&self.db, workspace_id, vec![conversation])
                    .await?
                    .pop(),
            ),
            None => Ok(None),
        }
    }

    #[tracing::instrument(skip_all, fields(tags = tags.len()))]
    async fn set_tags(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        tags: &[Tag],
    ) -> Result<(), InboxRepositoryError> {
        let txn = self.db.begin().await.map_err(unexpected)?;
        // The DELETE first: on SQLite the transaction starts by writing, so it waits
        // for the lock instead of failing when a read would have to upgrade.
        tags::Entity::delete_many()
            .filter(tags::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(tags::Column::ConversationId.eq(id.as_uuid()))
            .exec(&txn)
            .await
            .map_err(unexpected)?;
        if let Err(missing) = exists(&txn, workspace_id, id).await {
            txn.rollback().await.map_err(unexpected)?;
            return Err(missing);
        }
        if !tags.is_empty() {
            let new = tags.iter().map(|tag| tags::ActiveModel {
                workspace_id: Set(workspace_id.as_uuid()),
                conversation_id: Set(id.as_uuid()),
                tag: Set(tag.as_str().to_owned()),
            });
            tags::Entity::insert_many(new)
                .exec_without_returning(&txn)
                .await
                .map_err(unexpected)?;
        }
        txn.commit().await.map_err(unexpected)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn idle_since(
        &self,
        lifecycle: handoff::Lifecycle,
        before: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<(WorkspaceId, ConversationId)>, InboxRepositoryError> {
        let found: Vec<(Uuid, Uuid)> = rows::Entity::find()
            .select_only()
            .column(rows::Column::WorkspaceId)
            .column(rows::Column::Id)
            .filter(rows::Column::Lifecycle.eq(lifecycle.as_str()))
            .filter(rows::Column::StateChangedAt.lt(before))
            .order_by_asc(rows::Column::StateChangedAt)
            .limit(limit)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(found
            .into_iter()
            .map(|(w, id)| (WorkspaceId::from_uuid(w), ConversationId::from_uuid(id)))
            .collect())
    }

    #[tracing::instrument(skip_all)]
    async fn abandonable(
        &self,
        now: DateTime<Utc>,
        default_timeout: chrono::Duration,
        limit: u64,
    ) -> Result<Vec<(WorkspaceId, ConversationId, DateTime<Utc>)>, InboxRepositoryError> {
        self.abandonable_rows(now, default_timeout, limit).await
    }

    #[tracing::instrument(skip_all)]
    async fn unreplied(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<(WorkspaceId, ConversationId)>, InboxRepositoryError> {
        self.unreplied_rows(from, to, limit).await
    }

    #[tracing::instrument(skip_all)]
    async fn unanswered(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<(WorkspaceId, ConversationId)>, InboxRepositoryError> {
        self.unanswered_rows(from, to, limit).await
    }

    #[tracing::instrument(skip_all)]
    async fn last_customer_message_at(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Option<DateTime<Utc>>, InboxRepositoryError> {
        let conversation = self
            .conversations
            .get(workspace_id, id)
            .await
            .map_err(unexpected)?
            .ok_or(InboxRepositoryError::NotFound)?;
        self.messages
            .last_inbound_at(conversation.channel_id, conversation.contact_id)
            .await
            .map_err(unexpected)
    }

    #[tracing::instrument(skip_all)]
    async fn messages(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        page: PageRequest,
    ) -> Result<Page<MessageRecord>, InboxRepositoryError> {
        let conversation = self
            .conversations
            .get(workspace_id, id)
            .await
            .map_err(unexpected)?
            .ok_or(InboxRepositoryError::NotFound)?;
        let pages = messages::Entity::find()
            .filter(messages::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(messages::Column::ChannelId.eq(conversation.channel_id.as_uuid()))
            .filter(messages::Column::ContactId.eq(conversation.contact_id.as_uuid()))
            .select_only()
            .column(messages::Column::Id)
            .order_by_desc(messages::Column::CreatedAt)
            .order_by_desc(messages::Column::Id)
            .into_tuple::<Uuid>()
            .paginate(&self.db, u64::from(page.per_page()));
        let total = pages.num_items().await.map_err(unexpected)?;
        let ids = pages
            .fetch_page(u64::from(page.page() - 1))
            .await
            .map_err(unexpected)?;
        let mut items = Vec::with_capacity(ids.len());
        // Read through the channel's store so one mapping of message rows exists.
        for id in ids {
            if let Some(message) = self
                .messages
                .get(workspace_id, MessageId::from_uuid(id))
                .await
                .map_err(unexpected)?
            {
                items.push(message);
            }
        }
        Ok(Page::new(items, total, page))
    }

    #[tracing::instrument(skip_all)]
    async fn mark_read(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        member_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<(), InboxRepositoryError> {
        exists(&self.db, workspace_id, id).await?;
        let row = reads::ActiveModel {
            conversation_id: Set(id.as_uuid()),
            workspace_id: Set(workspace_id.as_uuid()),
            member_id: Set(member_id),
            read_at: Set(stored(at)),
        };
        // The later read wins: a stale request never moves the mark back.
        let previous = last_read(&self.db, id).await?;
        if previous.is_some_and(|previous| previous >= stored(at)) {
            return Ok(());
        }
        reads::Entity::insert(row)
            .on_conflict(
                OnConflict::column(reads::Column::ConversationId)
                    .update_columns([reads::Column::MemberId, reads::Column::ReadAt])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(())
    }
}

/// Where the list stops counting: an exact count reads every matching row, 100,000 of
/// them cost more than the page itself (`chatdesk-bench inbox`), and no one pages
/// through ten thousand conversations; a `total` of `TOTAL_CAP` reads "or more".
pub const TOTAL_CAP: u64 = 10_000;

async fn capped_count(
    db: &DatabaseConnection,
    condition: sea_orm::Condition,
) -> Result<u64, InboxRepositoryError> {
    use sea_orm::sea_query::{Expr, SelectStatement};
    use sea_orm::{ConnectionTrait, QueryTrait};
    let matching = rows::Entity::find()
        .select_only()
        .column(rows::Column::Id)
        .filter(condition)
        .limit(TOTAL_CAP)
        .into_query();
    let count = SelectStatement::new()
        .expr(Expr::cust("COUNT(*) AS total"))
        .from_subquery(matching, "matching")
        .to_owned();
    let row = db.query_one(&count).await.map_err(unexpected)?;
    let total: i64 = match row {
        Some(row) => row.try_get("", "total").map_err(unexpected)?,
        None => 0,
    };
    Ok(u64::try_from(total).unwrap_or_default())
}

async fn exists<C: sea_orm::ConnectionTrait>(
    db: &C,
    workspace_id: WorkspaceId,
    id: ConversationId,
) -> Result<(), InboxRepositoryError> {
    let found = rows::Entity::find()
        .filter(rows::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .filter(rows::Column::Id.eq(id.as_uuid()))
        .count(db)
        .await
        .map_err(unexpected)?;
    if found == 0 {
        return Err(InboxRepositoryError::NotFound);
    }
    Ok(())
}

async fn last_read(
    db: &DatabaseConnection,
    id: ConversationId,
) -> Result<Option<DateTime<Utc>>, InboxRepositoryError> {
    Ok(reads::Entity::find_by_id(id.as_uuid())
        .one(db)
        .await
        .map_err(unexpected)?
        .map(|r| r.read_at))
}

fn unexpected(err: impl std::fmt::Display) -> InboxRepositoryError {
    InboxRepositoryError::Unexpected(err.to_string())
}
