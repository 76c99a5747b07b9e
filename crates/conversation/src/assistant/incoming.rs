//! A customer's message arrives: find or start their conversation and queue the turn
//! that will answer the burst it belongs to.

use async_trait::async_trait;
use channels::ports::{ReplyRequest, Responder, ResponderError};
use channels::{ChannelId, ContactId, MessageId, OutboundContent, Platform};
use chrono::{DateTime, Utc};
use kernel::{DomainEvent, NewJob, WorkspaceId};

use super::{ASSISTANT_TURN_JOB, AssistantError, AssistantService, TurnJob};
use crate::conversations::{Conversation, ConversationEventKind, ResponseDelay, SAVE_ATTEMPTS};
use crate::ports::ConversationRepositoryError;

/// One stored customer message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerMessage {
    pub workspace_id: WorkspaceId,
    pub channel_id: ChannelId,
    pub contact_id: ContactId,
    pub platform: Platform,
    pub message_id: MessageId,
    /// Characters of text, for the natural response delay.
    pub chars: usize,
    pub at: DateTime<Utc>,
}

impl AssistantService {
    /// The customer's conversation on this channel, started if there is none.
    pub async fn current_or_start(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
        platform: Platform,
    ) -> Result<Conversation, AssistantError> {
        let repository = &self.ports.conversations;
        if let Some(found) = repository
            .find_current(workspace_id, channel_id, contact_id)
            .await?
        {
            return Ok(found);
        }
        let now = self.now();
        let conversation = Conversation::start(workspace_id, channel_id, contact_id, platform, now);
        let created = conversation.event(ConversationEventKind::Created, now);
        match repository.create(&conversation, &[created]).await {
            Ok(()) => Ok(conversation),
            // Two first messages at once: the other one created it.
            Err(ConversationRepositoryError::Duplicate) => repository
                .find_current(workspace_id, channel_id, contact_id)
                .await?
                .ok_or(AssistantError::ConversationNotFound),
            Err(e) => Err(e.into()),
        }
    }

    /// Records that the customer wrote (reopening a closed conversation) and returns it.
    /// `Ok(None)` when the message was answered already: a processing job that ran
    /// again (or the playground's, which answers at once) changes nothing, and in
    /// particular never reopens a conversation a person resolved since.
    pub(super) async fn note_customer_message(
        &self,
        message: &CustomerMessage,
    ) -> Result<Option<Conversation>, AssistantError> {
        for _ in 0..SAVE_ATTEMPTS {
            let mut conversation = self
                .current_or_start(
                    message.workspace_id,
                    message.channel_id,
                    message.contact_id,
                    message.platform,
                )
                .await?;
            // Message ids grow with time (UUIDv7): one at or before the last answered
            // message belongs to a burst already answered.
            if conversation
                .answered_through
                .is_some_and(|done| message.message_id.as_uuid() <= done.as_uuid())
            {
                return Ok(None);
            }
            let events = conversation.customer_wrote(message.at);
            match self.ports.conversations.save(&conversation, &events).await {
                Ok(version) => {
                    conversation.version = version;
                    return Ok(Some(conversation));
                }
                Err(ConversationRepositoryError::VersionConflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AssistantError::Unexpected(
            "the conversation kept changing while a message was recorded".into(),
        ))
    }

    /// A customer's message was stored: queue the turn that answers its burst.
    #[tracing::instrument(skip_all)]
    pub async fn customer_wrote(
        &self,
        message: &CustomerMessage,
    ) -> Result<Conversation, AssistantError> {
        let Some(conversation) = self.note_customer_message(message).await? else {
            return self
                .current_or_start(
                    message.workspace_id,
                    message.channel_id,
                    message.contact_id,
                    message.platform,
                )
                .await;
        };
        let settings = self.settings_of(message.workspace_id).await?;
        let mut wait = settings.burst_window();
        if settings.response_delay == ResponseDelay::Natural {
            wait += settings.response_delay.extra_for(message.chars);
            self.ports
                .outbox
                .typing(&conversation, message.message_id)
                .await;
        }
        let now = self.now();
        let run_at = now + chrono::Duration::from_std(wait).unwrap_or_default();
        let job = TurnJob {
            conversation_id: conversation.id,
            through: message.message_id,
        };
        let mut new_job = NewJob::now(
            ASSISTANT_TURN_JOB,
            Some(message.workspace_id),
            job.to_payload(),
            now,
        );
        new_job.run_at = run_at;
        self.ports.jobs.enqueue(new_job).await?;
        self.publish(vec![DomainEvent::ConversationUpdated {
            workspace_id: message.workspace_id,
            conversation_id: conversation.id.as_uuid(),
        }])
        .await;
        Ok(conversation)
    }
}

/// The assistant answers every customer message the channels store, later, in its own
/// job: nothing is answered from inside the processing job.
#[async_trait]
impl Responder for AssistantService {
    async fn reply(
        &self,
        request: &ReplyRequest,
    ) -> Result<Option<OutboundContent>, ResponderError> {
        let message = CustomerMessage {
            workspace_id: request.workspace_id,
            channel_id: request.channel_id,
            contact_id: request.contact.id,
            platform: request.platform,
            message_id: MessageId::from_uuid(request.inbound_event_id.as_uuid()),
            chars: request
                .message
                .text
                .as_deref()
                .map_or(0, |t| t.chars().count()),
            at: self.now(),
        };
        self.customer_wrote(&message)
            .await
            .map(|_| None)
            .map_err(|e| ResponderError(e.to_string()))
    }
}
