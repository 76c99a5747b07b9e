//! `ConversationRepository` on sea-orm.
//!
//! At most one conversation per (channel, contact) is not archived
//! (`ux_conversations_current`, a partial index): of two workers creating the
//! customer's conversation at once, one gets `Duplicate` and reads the other's.
//! `save` is optimistic: one conditional UPDATE `... WHERE version = ?` that bumps the
//! version, plus the timeline's new entries, in one transaction; a save that finds
//! another version writes nothing at all.

use async_trait::async_trait;
use channels::{ChannelId, ContactId};
use conversation::conversations::{Conversation, ConversationEvent, ConversationId};
use conversation::ports::{ConversationRepository, ConversationRepositoryError};
use handoff::Lifecycle;
use kernel::WorkspaceId;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait,
};

use super::errors::{unexpected, write_error};
use super::events::{event_from_row, event_row};
use super::rows::{conversation_from_row, conversation_row};
use crate::batch::insert_in_chunks;
use crate::entities::{conversation_events as event_rows, conversations as conversation_rows};

pub struct SeaOrmConversationRepository {
    db: DatabaseConnection,
}

impl SeaOrmConversationRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl ConversationRepository for SeaOrmConversationRepository {
    #[tracing::instrument(skip_all, fields(events = events.len()))]
    async fn create(
        &self,
        conversation: &Conversation,
        events: &[ConversationEvent],
    ) -> Result<(), ConversationRepositoryError> {
        let row = conversation_row(conversation)?;
        let txn = self.db.begin().await.map_err(unexpected)?;
        if let Err(err) = conversation_rows::Entity::insert(row)
            .exec_without_returning(&txn)
            .await
        {
            // On PostgreSQL the failed insert ended the transaction anyway.
            txn.rollback().await.map_err(unexpected)?;
            return Err(write_error(err));
        }
        append(&txn, events).await?;
        txn.commit().await.map_err(unexpected)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Option<Conversation>, ConversationRepositoryError> {
        conversation_rows::Entity::find()
            .filter(one(workspace_id, id))
            .one(&self.db)
            .await
            .map_err(unexpected)?
            .map(conversation_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn find_current(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
    ) -> Result<Option<Conversation>, ConversationRepositoryError> {
        // The same condition as the partial unique index, so it finds at most one row
        // and the index serves the lookup.
        conversation_rows::Entity::find()
            .filter(conversation_rows::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(conversation_rows::Column::ChannelId.eq(channel_id.as_uuid()))
            .filter(conversation_rows::Column::ContactId.eq(contact_id.as_uuid()))
            .filter(conversation_rows::Column::Lifecycle.ne(Lifecycle::Archived.as_str()))
            .one(&self.db)
            .await
            .map_err(unexpected)?
            .map(conversation_from_row)
            .transpose()
    }

    /// Every field but the conversation's identity (id, workspace, channel, contact,
    /// platform) and its creation time, which never change.
    #[tracing::instrument(skip_all, fields(events = events.len()))]
    async fn save(
        &self,
        conversation: &Conversation,
        events: &[ConversationEvent],
    ) -> Result<i64, ConversationRepositoryError> {
        let mut changes = conversation_row(conversation)?;
        changes.id = NotSet;
        changes.workspace_id = NotSet;
        changes.channel_id = NotSet;
        changes.contact_id = NotSet;
        changes.platform = NotSet;
        changes.created_at = NotSet;
        changes.version = NotSet;
        let txn = self.db.begin().await.map_err(unexpected)?;
        // The UPDATE first: on SQLite the transaction starts by writing, so it waits
        // for the lock instead of failing on a stale snapshot.
        let updated = conversation_rows::Entity::update_many()
            .set(changes)
            .col_expr(
                conversation_rows::Column::Version,
                Expr::col(conversation_rows::Column::Version).add(1),
            )
            .filter(one(conversation.workspace_id, conversation.id))
            .filter(conversation_rows::Column::Version.eq(conversation.version))
            .exec(&txn)
            .await;
        let updated = match updated {
            Ok(updated) => updated,
            Err(err) => {
                txn.rollback().await.map_err(unexpected)?;
                return Err(write_error(err));
            }
        };
        if updated.rows_affected == 0 {
            let exists = conversation_rows::Entity::find()
                .filter(one(conversation.workspace_id, conversation.id))
                .count(&txn)
                .await
                .map_err(unexpected)?
                > 0;
            txn.rollback().await.map_err(unexpected)?;
            return Err(if exists {
                ConversationRepositoryError::VersionConflict
            } else {
                ConversationRepositoryError::NotFound
            });
        }
        append(&txn, events).await?;
        txn.commit().await.map_err(unexpected)?;
        Ok(conversation.version + 1)
    }

    #[tracing::instrument(skip_all)]
    async fn events(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Vec<ConversationEvent>, ConversationRepositoryError> {
        event_rows::Entity::find()
            .filter(event_rows::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(event_rows::Column::ConversationId.eq(id.as_uuid()))
            // UUIDv7 ids break ties between entries of the same instant in the order
            // they were made.
            .order_by_asc(event_rows::Column::At)
            .order_by_asc(event_rows::Column::Id)
            .all(&self.db)
            .await
            .map_err(unexpected)?
            .into_iter()
            .map(event_from_row)
            .collect()
    }
}

/// Appends timeline entries inside the caller's transaction. The composite foreign key
/// refuses an entry of another workspace's conversation.
async fn append<C: ConnectionTrait>(
    db: &C,
    events: &[ConversationEvent],
) -> Result<(), ConversationRepositoryError> {
    let rows = events.iter().map(event_row).collect();
    insert_in_chunks(db, rows, None).await.map_err(unexpected)?;
    Ok(())
}

fn one(workspace_id: WorkspaceId, id: ConversationId) -> Condition {
    Condition::all()
        .add(conversation_rows::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .add(conversation_rows::Column::Id.eq(id.as_uuid()))
}
