//! The customer's messages as the assistant reads them: the channel's stored rows.

use std::sync::Arc;

use async_trait::async_trait;
use channels::ports::MessageRepository;
use channels::{ChannelId, ContactId, Direction, MessageBody, MessageId};
use conversation::ports::{CustomerLine, LookupError, MessageLog};
use kernel::{PageRequest, WorkspaceId};

/// How far back a burst is looked for; a burst is a few messages.
const LOOK_BACK: u32 = 50;
/// At most this many messages make one turn's text.
const BURST_MAX: usize = 20;

pub struct ChannelMessageLog {
    messages: Arc<dyn MessageRepository>,
}

impl ChannelMessageLog {
    pub fn new(messages: Arc<dyn MessageRepository>) -> Self {
        Self { messages }
    }
}

#[async_trait]
impl MessageLog for ChannelMessageLog {
    async fn customer_messages_after(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
        after: Option<MessageId>,
    ) -> Result<Vec<CustomerLine>, LookupError> {
        let request = PageRequest::new(1, LOOK_BACK).map_err(|e| LookupError(e.to_string()))?;
        let newest_first = self
            .messages
            .list_for_contact(workspace_id, contact_id, request)
            .await
            .map_err(|e| LookupError(e.to_string()))?;
        let mut lines = Vec::new();
        for row in newest_first.items {
            if Some(row.id) == after {
                break;
            }
            if row.channel_id != channel_id || row.direction != Direction::Inbound {
                continue;
            }
            let MessageBody::Received(message) = &row.body else {
                continue;
            };
            // A tapped button says what its payload says; a bare attachment says nothing.
            let text = message
                .text
                .clone()
                .or_else(|| message.selected_payload().map(str::to_owned))
                .unwrap_or_default();
            lines.push(CustomerLine {
                message_id: row.id,
                text,
                at: row.occurred_at.unwrap_or(row.created_at),
            });
            if lines.len() == BURST_MAX {
                break;
            }
        }
        lines.reverse();
        Ok(lines)
    }
}

/// Blocked contacts, as the channels keep them.
pub struct ChannelCustomers {
    contacts: Arc<dyn channels::ports::ContactRepository>,
}

impl ChannelCustomers {
    pub fn new(contacts: Arc<dyn channels::ports::ContactRepository>) -> Self {
        Self { contacts }
    }
}

#[async_trait]
impl conversation::ports::CustomerDirectory for ChannelCustomers {
    async fn is_blocked(
        &self,
        workspace_id: WorkspaceId,
        contact_id: ContactId,
    ) -> Result<bool, LookupError> {
        Ok(self
            .contacts
            .get(workspace_id, contact_id)
            .await
            .map_err(|e| LookupError(e.to_string()))?
            .is_some_and(|c| c.blocked))
    }
}
