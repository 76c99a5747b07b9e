//! `NoteRepository` on sea-orm: a note and its timeline entry are one transaction, so
//! the timeline never shows a note that is not there (or misses one that is).

mod entities;

use async_trait::async_trait;
use conversation::conversations::{ConversationEvent, ConversationId};
use conversation::notes::ports::{NoteRepository, NoteRepositoryError};
use conversation::notes::{Note, NoteBody, NoteId};
use kernel::WorkspaceId;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, SqlErr,
    TransactionTrait,
};
use uuid::Uuid;

use self::entities::conversation_notes as rows;
use crate::conversations::events::event_row;
use crate::entities::conversation_events;
use crate::timestamps::stored;

pub struct SeaOrmNoteRepository {
    db: DatabaseConnection,
}

impl SeaOrmNoteRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl NoteRepository for SeaOrmNoteRepository {
    #[tracing::instrument(skip_all)]
    async fn add(&self, note: &Note, event: &ConversationEvent) -> Result<(), NoteRepositoryError> {
        let mentions = serde_json::to_string(&note.mentions).map_err(unexpected)?;
        let row = rows::ActiveModel {
            id: Set(note.id.as_uuid()),
            workspace_id: Set(note.workspace_id.as_uuid()),
            conversation_id: Set(note.conversation_id.as_uuid()),
            author_member_id: Set(note.author_member_id),
            body: Set(note.body.as_str().to_owned()),
            mentions: Set(mentions),
            created_at: Set(stored(note.created_at)),
        };
        let txn = self.db.begin().await.map_err(unexpected)?;
        // Writing first: the composite foreign key (conversation, workspace) refuses a
        // note on another workspace's conversation, and on SQLite a transaction that
        // starts by writing waits for the lock instead of failing to upgrade a read.
        if let Err(e) = rows::Entity::insert(row).exec_without_returning(&txn).await {
            txn.rollback().await.map_err(unexpected)?;
            return Err(refused(e));
        }
        conversation_events::Entity::insert(event_row(event))
            .exec_without_returning(&txn)
            .await
            .map_err(refused)?;
        txn.commit().await.map_err(unexpected)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        conversation_id: ConversationId,
    ) -> Result<Vec<Note>, NoteRepositoryError> {
        rows::Entity::find()
            .filter(rows::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(rows::Column::ConversationId.eq(conversation_id.as_uuid()))
            // UUIDv7 ids order notes of the same instant as they were written.
            .order_by_asc(rows::Column::CreatedAt)
            .order_by_asc(rows::Column::Id)
            .all(&self.db)
            .await
            .map_err(unexpected)?
            .into_iter()
            .map(note_from_row)
            .collect()
    }
}

fn note_from_row(row: rows::Model) -> Result<Note, NoteRepositoryError> {
    let corrupt = |what: &str, e: String| {
        NoteRepositoryError::Unexpected(format!("stored note {}: {what}: {e}", row.id))
    };
    let body = NoteBody::parse(&row.body).map_err(|e| corrupt("body", e.to_string()))?;
    let mentions: Vec<Uuid> =
        serde_json::from_str(&row.mentions).map_err(|e| corrupt("mentions", e.to_string()))?;
    Ok(Note {
        id: NoteId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        conversation_id: ConversationId::from_uuid(row.conversation_id),
        author_member_id: row.author_member_id,
        body,
        mentions,
        created_at: row.created_at,
    })
}

/// A foreign key violation means the workspace has no such conversation.
fn refused(e: DbErr) -> NoteRepositoryError {
    match e.sql_err() {
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => NoteRepositoryError::NotFound,
        _ => unexpected(e),
    }
}

fn unexpected(err: impl std::fmt::Display) -> NoteRepositoryError {
    NoteRepositoryError::Unexpected(err.to_string())
}
