//! The playground: an operator chats as a test customer. It is a real channel (one per
//! workspace, created on first use) with real contacts and messages, so its
//! conversations and orders flow through the dashboard like any other; only the
//! gateway differs (nothing leaves ChatDesk).

use kernel::{NewJob, WorkspaceId};

use super::{ChannelsService, JobError, PROCESS_INBOUND_JOB, inbound_job_payload};
use crate::models::*;
use crate::ports::PendingInbound;

/// A test customer's message, stored and processed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaygroundMessage {
    pub channel: Channel,
    pub contact: Contact,
    pub message_id: MessageId,
}

/// The playground channel's routing key for a workspace.
fn playground_account(workspace_id: WorkspaceId) -> Result<PlatformAccountId, JobError> {
    PlatformAccountId::parse(&format!("playground-{}", workspace_id.as_uuid().simple()))
        .map_err(|e| JobError::Unexpected(e.to_string()))
}

/// The test customer's id for a session.
pub fn playground_user(session: &str) -> Result<PlatformUserId, ExternalIdError> {
    PlatformUserId::parse(&format!("playground-{session}"))
}

impl ChannelsService {
    /// The workspace's playground channel, created on first use.
    pub async fn playground_channel(&self, workspace_id: WorkspaceId) -> Result<Channel, JobError> {
        let channels = self.ports.channels.list(workspace_id).await?;
        if let Some(found) = channels
            .into_iter()
            .find(|c| c.platform == Platform::Playground)
        {
            return Ok(found);
        }
        let token =
            AccessToken::parse("playground").map_err(|e| JobError::Unexpected(e.to_string()))?;
        let credentials = Credentials::seal(self.ports.cipher.as_ref(), &token)
            .map_err(|e| JobError::Unexpected(e.to_string()))?;
        let name =
            ChannelName::parse("Playground").map_err(|e| JobError::Unexpected(e.to_string()))?;
        let channel = Channel::connect(
            workspace_id,
            Platform::Playground,
            playground_account(workspace_id)?,
            name,
            credentials,
            None,
            self.now(),
        );
        match self.ports.channels.create(&channel).await {
            Ok(()) => Ok(channel),
            // Two first uses at once: the other one created it.
            Err(crate::ports::ChannelRepositoryError::AccountTaken(_)) => self
                .ports
                .channels
                .find_by_account(Platform::Playground, &channel.account_id)
                .await?
                .ok_or(JobError::NotFound("channel")),
            Err(e) => Err(e.into()),
        }
    }

    /// Stores the test customer's message and processes it at once (the processing
    /// job queued with it finds it done), so the assistant has it to answer.
    pub async fn playground_message(
        &self,
        workspace_id: WorkspaceId,
        user_id: PlatformUserId,
        customer_name: Option<DisplayName>,
        text: &str,
    ) -> Result<PlaygroundMessage, JobError> {
        let channel = self.playground_channel(workspace_id).await?;
        let now = self.now();
        let message_id = PlatformMessageId::parse(&format!("pg.{}", uuid::Uuid::now_v7().simple()))
            .map_err(|e| JobError::Unexpected(e.to_string()))?;
        let event = InboundEvent {
            platform: Platform::Playground,
            account_id: channel.account_id.clone(),
            user_id: user_id.clone(),
            occurred_at: now,
            kind: InboundEventKind::Message(InboundMessage {
                message_id: Some(message_id),
                text: Some(text.to_owned()),
                sender_name: customer_name.map(|n| n.as_str().to_owned()),
                ..InboundMessage::default()
            }),
        };
        let record = InboundRecord::new(workspace_id, channel.id, event, now);
        let job = NewJob::now(
            PROCESS_INBOUND_JOB,
            Some(workspace_id),
            inbound_job_payload(record.id),
            now,
        );
        let id = record.id;
        self.ports
            .inbound
            .record_batch(&[PendingInbound { record, job }])
            .await?;
        self.process_inbound(workspace_id, id).await?;
        let contact = self
            .ports
            .contacts
            .find_by_platform_user(workspace_id, Platform::Playground, &user_id)
            .await?
            .ok_or(JobError::NotFound("contact"))?;
        Ok(PlaygroundMessage {
            channel,
            contact,
            message_id: MessageId::from_uuid(id.as_uuid()),
        })
    }

    /// Queues a message to the contact under `key` (the same key twice queues once).
    /// Returns the message and whether it is new.
    pub async fn queue_message(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
        sender: Sender,
        key: &str,
        content: OutboundContent,
    ) -> Result<(MessageId, bool), QueueError> {
        let channel = self
            .ports
            .channels
            .get(workspace_id, channel_id)
            .await
            .map_err(JobError::from)?
            .ok_or(JobError::NotFound("channel"))?;
        let key = IdempotencyKey::parse(key).map_err(|e| JobError::Unexpected(e.to_string()))?;
        let outbound = OutboundMessage::new(channel.platform, key, content)?;
        Ok(
            match self
                .enqueue_outbound(workspace_id, channel_id, contact_id, sender, &outbound)
                .await?
            {
                super::reply::Enqueued::New(id) => (id, true),
                super::reply::Enqueued::Existing(id) => (id, false),
            },
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error(transparent)]
    Invalid(#[from] OutboundError),
    #[error(transparent)]
    Job(#[from] JobError),
}

impl ChannelsService {
    /// Shows the typing indicator to the contact while a reply is prepared. Best effort:
    /// a platform that refuses, or a message with no platform id, shows nothing.
    pub async fn show_typing(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
        replying_to: MessageId,
    ) {
        let Ok(Some(channel)) = self.ports.channels.get(workspace_id, channel_id).await else {
            return;
        };
        let Ok(Some(contact)) = self.ports.contacts.get(workspace_id, contact_id).await else {
            return;
        };
        let Ok(Some(message)) = self.ports.messages.get(workspace_id, replying_to).await else {
            return;
        };
        let (Some(platform_id), Some(gateway), Ok(token)) = (
            message.platform_message_id,
            self.ports.gateways.get(channel.platform),
            channel.access_token(self.ports.cipher.as_ref()),
        ) else {
            return;
        };
        let recipient = crate::ports::Recipient {
            platform: channel.platform,
            account_id: channel.account_id,
            user_id: contact.platform_user_id,
            access_token: token,
        };
        // Best effort: a typing indicator that did not show changes nothing.
        let _ = gateway.typing(&recipient, &platform_id, true).await;
    }
}
