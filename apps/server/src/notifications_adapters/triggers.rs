//! The domain events behind the team's lower-priority notifications: every customer
//! message joins each member's five-minute "new message" batch, and the lifecycle
//! sweeper's `ConversationNeedsAttention` becomes a "customer waiting" notification
//! (no answer at all for an hour) or a second handoff alert (a person took the
//! conversation and has not answered for 10 minutes).

use std::time::Duration;

use channels::{ChannelId, ContactId, MessageBody, MessageId, Platform};
use conversation::conversations::ConversationId;
use kernel::WorkspaceId;
use notifications::templates::{self, Customer, Message, MessagePreview};
use uuid::Uuid;

use super::events::{NotificationEvents, reason_words};

/// How long a customer's first message waits for its conversation to exist (the
/// assistant opens it right after the message is stored) before the preview links to
/// the inbox instead.
const CONVERSATION_WAIT: Duration = Duration::from_secs(5);
const CONVERSATION_POLL: Duration = Duration::from_millis(100);

impl NotificationEvents {
    /// A customer wrote: each member's batch gets a preview. Runs beside the event
    /// loop, since it may wait for the conversation to be opened.
    pub(super) fn customer_message(
        &self,
        workspace_id: WorkspaceId,
        message_id: Uuid,
        channel_id: Uuid,
        contact_id: Uuid,
    ) {
        let this = self.clone();
        tokio::spawn(async move {
            let Some(preview) = this
                .preview(workspace_id, message_id, channel_id, contact_id)
                .await
            else {
                return;
            };
            if let Err(error) = this.notifications.new_message(workspace_id, preview).await {
                tracing::error!(%error, "cannot add a customer message to the batches");
            }
        });
    }

    async fn preview(
        &self,
        workspace_id: WorkspaceId,
        message_id: Uuid,
        channel_id: Uuid,
        contact_id: Uuid,
    ) -> Option<MessagePreview> {
        let contact = self
            .channels
            .get_contact(workspace_id, ContactId::from_uuid(contact_id))
            .await
            .ok()?;
        // The seller trying their own assistant is not news to the team.
        if contact.platform == Platform::Playground {
            return None;
        }
        let message = match self
            .messages
            .get(workspace_id, MessageId::from_uuid(message_id))
            .await
        {
            Ok(Some(message)) => message,
            Ok(None) => return None,
            Err(error) => {
                tracing::error!(%error, "cannot read the customer's message");
                return None;
            }
        };
        let text = match &message.body {
            MessageBody::Received(received) => received.text.clone().unwrap_or_default(),
            MessageBody::Composed(content) => content.preview().to_owned(),
        };
        let mut waited = Duration::ZERO;
        let conversation_id = loop {
            match self
                .conversations
                .find_current(
                    workspace_id,
                    ChannelId::from_uuid(channel_id),
                    ContactId::from_uuid(contact_id),
                )
                .await
            {
                Ok(Some(conversation)) => break conversation.id.as_uuid(),
                Ok(None) if waited < CONVERSATION_WAIT => {
                    tokio::time::sleep(CONVERSATION_POLL).await;
                    waited += CONVERSATION_POLL;
                }
                _ => break Uuid::nil(),
            }
        };
        Some(MessagePreview {
            conversation_id,
            customer_name: contact
                .display_name
                .as_ref()
                .map(|name| name.as_str().to_owned())
                .unwrap_or_else(|| "A customer".to_owned()),
            text: conversation::inbox::preview(&text),
        })
    }

    /// The sweeper's alert about a customer nobody answered.
    pub(super) async fn needs_attention(
        &self,
        workspace_id: WorkspaceId,
        conversation_id: Uuid,
        reason: &str,
    ) -> Option<Message> {
        let row = match self
            .inbox
            .row(workspace_id, ConversationId::from_uuid(conversation_id))
            .await
        {
            Ok(row) => row,
            Err(error) => {
                tracing::warn!(%error, "cannot read the conversation needing attention");
                return None;
            }
        };
        let customer = Customer {
            name: row
                .customer
                .name
                .clone()
                .unwrap_or_else(|| "A customer".to_owned()),
            platform: row.customer.platform.to_string(),
            contact_id: Some(row.customer.contact_id.as_uuid()),
        };
        let last_message = row
            .last_message
            .as_ref()
            .map(|m| m.preview.clone())
            .unwrap_or_default();
        let waiting_minutes = row
            .conversation
            .last_customer_message_at
            .map(|at| (chrono::Utc::now() - at).num_minutes())
            .unwrap_or(0)
            // Raised once the wait crossed the hour, whatever the clocks say.
            .max(60);
        match reason {
            "customer_waiting" => Some(templates::customer_waiting(
                &templates::CustomerWaiting {
                    conversation_id,
                    customer,
                    waiting_minutes,
                    last_message,
                },
                self.notifications.links(),
            )),
            _ => {
                let (business_name, _) = self.business(workspace_id).await?;
                Some(templates::handoff_requested(
                    &templates::HandoffRequested {
                        business_name,
                        conversation_id,
                        customer,
                        reason: reason_words(reason).to_owned(),
                        conversation_summary: format!(
                            "Still waiting for the team: {}. Last message: \"{last_message}\"",
                            reason_words(reason)
                        ),
                    },
                    self.notifications.links(),
                ))
            }
        }
    }
}
