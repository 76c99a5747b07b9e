//! Changing a stored conversation: read it, apply the change, save with its version,
//! and start over when another writer saved in between. One loop for every writer
//! (the assistant's team actions, the inbox's).

use kernel::WorkspaceId;

use super::{Conversation, ConversationEvent, ConversationId};
use crate::ports::{ConversationRepository, ConversationRepositoryError};

/// How many times a change is tried when other writers keep saving first.
pub const SAVE_ATTEMPTS: usize = 4;

#[derive(Debug)]
pub enum ChangeError<E> {
    NotFound,
    /// The change itself refused (its state does not allow it).
    Refused(E),
    Storage(ConversationRepositoryError),
    KeptChanging,
}

/// Applies `apply` to the stored conversation and saves it with the events it returns.
pub async fn change_conversation<E>(
    conversations: &dyn ConversationRepository,
    workspace_id: WorkspaceId,
    id: ConversationId,
    mut apply: impl FnMut(&mut Conversation) -> Result<Vec<ConversationEvent>, E>,
) -> Result<Conversation, ChangeError<E>> {
    for _ in 0..SAVE_ATTEMPTS {
        let mut conversation = conversations
            .get(workspace_id, id)
            .await
            .map_err(ChangeError::Storage)?
            .ok_or(ChangeError::NotFound)?;
        let events = apply(&mut conversation).map_err(ChangeError::Refused)?;
        match conversations.save(&conversation, &events).await {
            Ok(version) => {
                conversation.version = version;
                return Ok(conversation);
            }
            Err(ConversationRepositoryError::VersionConflict) => continue,
            Err(ConversationRepositoryError::NotFound) => return Err(ChangeError::NotFound),
            Err(e) => return Err(ChangeError::Storage(e)),
        }
    }
    Err(ChangeError::KeptChanging)
}
