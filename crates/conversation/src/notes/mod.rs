//! Internal notes on a conversation: the team talking to itself beside the customer's
//! thread. A note is never sent to the customer; it shows in the conversation's detail
//! and timeline (`note_added`), and each member it mentions is notified.
//!
//! Mentions are explicit: the request names the mentioned members by id (the dashboard
//! resolves `@name` as the member types it), so a display name shared by two members or
//! an email-like word in the text can never notify the wrong person. The body is kept
//! as written.

mod note;
pub mod ports;

use std::sync::Arc;

use kernel::{Clock, DomainEvent, EventBus, WorkspaceId};
use uuid::Uuid;

pub use note::{NOTE_MAX, Note, NoteBody, NoteBodyError, NoteId, unique_mentions};

use crate::conversations::{ConversationEvent, ConversationEventKind, ConversationId};
use crate::inbox::ports::{InboxRepository, InboxRepositoryError};
use ports::{Mention, MentionNotifier, NoteRepository, NoteRepositoryError};

#[derive(Debug, thiserror::Error)]
pub enum NoteError {
    #[error("conversation not found")]
    NotFound,
    #[error("unexpected failure: {0}")]
    Unexpected(String),
}

impl From<NoteRepositoryError> for NoteError {
    fn from(e: NoteRepositoryError) -> Self {
        match e {
            NoteRepositoryError::NotFound => NoteError::NotFound,
            NoteRepositoryError::Unexpected(m) => NoteError::Unexpected(m),
        }
    }
}

impl From<InboxRepositoryError> for NoteError {
    fn from(e: InboxRepositoryError) -> Self {
        match e {
            InboxRepositoryError::NotFound => NoteError::NotFound,
            InboxRepositoryError::Unexpected(m) => NoteError::Unexpected(m),
        }
    }
}

/// The member writing a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteAuthor {
    /// Their user id.
    pub member_id: Uuid,
    /// Their name as the team sees it (the name, else the email).
    pub name: String,
}

#[derive(Clone)]
pub struct NotePorts {
    pub notes: Arc<dyn NoteRepository>,
    pub inbox: Arc<dyn InboxRepository>,
    pub mentions: Arc<dyn MentionNotifier>,
    pub events: Arc<dyn EventBus>,
    pub clock: Arc<dyn Clock>,
}

#[derive(Clone)]
pub struct NotesService {
    ports: NotePorts,
}

impl NotesService {
    pub fn new(ports: NotePorts) -> Self {
        Self { ports }
    }

    /// Writes a note on the conversation. `mentions` are members of the workspace (user
    /// ids, checked by the caller); each is notified except the author.
    #[tracing::instrument(skip_all, fields(mentions = mentions.len()))]
    pub async fn add(
        &self,
        workspace_id: WorkspaceId,
        conversation_id: ConversationId,
        author: &NoteAuthor,
        body: NoteBody,
        mentions: &[Uuid],
    ) -> Result<Note, NoteError> {
        let row = self
            .ports
            .inbox
            .row(workspace_id, conversation_id)
            .await?
            .ok_or(NoteError::NotFound)?;
        let now = self.ports.clock.now();
        let note = Note {
            id: NoteId::new(),
            workspace_id,
            conversation_id,
            author_member_id: author.member_id,
            body,
            mentions: unique_mentions(mentions),
            created_at: now,
        };
        let event = ConversationEvent::new(
            workspace_id,
            conversation_id,
            ConversationEventKind::NoteAdded {
                member_id: author.member_id,
            },
            now,
        );
        self.ports.notes.add(&note, &event).await?;
        let updated = DomainEvent::ConversationUpdated {
            workspace_id,
            conversation_id: conversation_id.as_uuid(),
        };
        if let Err(e) = self.ports.events.publish(updated).await {
            tracing::warn!(error = %e, "publishing a note event failed");
        }
        let customer_name = row
            .customer
            .name
            .clone()
            .unwrap_or_else(|| "a customer".to_owned());
        // Best effort: the note is written; a failed notification is logged, not undone.
        for member_id in note.mentions.iter().filter(|m| **m != author.member_id) {
            let mention = Mention {
                workspace_id,
                conversation_id,
                member_id: *member_id,
                author_name: author.name.clone(),
                customer_name: customer_name.clone(),
                note: note.body.as_str().to_owned(),
            };
            if let Err(e) = self.ports.mentions.mentioned(&mention).await {
                tracing::warn!(error = %e, "notifying a mentioned member failed");
            }
        }
        Ok(note)
    }

    /// The conversation's notes, oldest first.
    pub async fn list(
        &self,
        workspace_id: WorkspaceId,
        conversation_id: ConversationId,
    ) -> Result<Vec<Note>, NoteError> {
        Ok(self.ports.notes.list(workspace_id, conversation_id).await?)
    }
}
