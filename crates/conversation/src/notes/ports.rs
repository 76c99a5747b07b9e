//! What notes need from the outside: storage (`crates/store`, `SeaOrmNoteRepository`)
//! and a way to tell a mentioned member (the server's notifications adapter).

use async_trait::async_trait;
use kernel::WorkspaceId;
use uuid::Uuid;

use super::Note;
use crate::conversations::{ConversationEvent, ConversationId};

#[derive(Debug, thiserror::Error)]
pub enum NoteRepositoryError {
    #[error("conversation not found")]
    NotFound,
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait NoteRepository: Send + Sync {
    /// Stores the note and appends its timeline entry (`note_added`) in one
    /// transaction; `NotFound` when the workspace has no such conversation.
    async fn add(&self, note: &Note, event: &ConversationEvent) -> Result<(), NoteRepositoryError>;
    /// The conversation's notes, oldest first.
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        conversation_id: ConversationId,
    ) -> Result<Vec<Note>, NoteRepositoryError>;
}

/// A member was mentioned in a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub workspace_id: WorkspaceId,
    pub conversation_id: ConversationId,
    /// Who was mentioned (user id).
    pub member_id: Uuid,
    /// Who wrote the note, as the team knows them.
    pub author_name: String,
    /// The customer of the conversation, as the inbox shows them.
    pub customer_name: String,
    pub note: String,
}

#[derive(Debug, thiserror::Error)]
#[error("telling a mentioned member failed: {0}")]
pub struct MentionError(pub String);

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait MentionNotifier: Send + Sync {
    async fn mentioned(&self, mention: &Mention) -> Result<(), MentionError>;
}
