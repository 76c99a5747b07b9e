use super::{ChannelsService, JobError};
use crate::models::*;
use crate::ports::{Recipient, SendReceipt};

/// What one delivery attempt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    Sent(SendReceipt),
    /// Not pending any more (sent, failed, or not ours to send): a re-run does nothing.
    AlreadyDone,
    /// Recorded as failed without calling the platform (window closed, channel needs
    /// reconnecting, contact blocked, content no longer valid).
    NotSent(MessageFailure),
    /// The platform refused; recorded as failed (and the channel flipped to
    /// `reconnect_required` for an invalid token).
    Failed(SendFailure),
    /// Worth another attempt; the message stays pending.
    RetryLater(SendFailure),
}

impl DeliveryOutcome {
    /// What the job runner should do with the attempt.
    pub fn job_result(&self) -> Result<(), kernel::JobFailure> {
        match self {
            DeliveryOutcome::RetryLater(failure) | DeliveryOutcome::Failed(failure) => {
                Err(failure.to_job_failure())
            }
            _ => Ok(()),
        }
    }
}

fn not_sent(code: &str, message: impl Into<String>) -> MessageFailure {
    MessageFailure {
        code: code.to_owned(),
        reason: FailureReason::new(message),
    }
}

impl ChannelsService {
    /// Runs the send job of one pending message. The window and the channel are checked
    /// right before the call, not when the reply was composed: time passes in a queue.
    /// `final_attempt` turns a transient failure into a recorded one, so a message never
    /// stays pending after its job gave up.
    pub async fn deliver(
        &self,
        workspace_id: kernel::WorkspaceId,
        id: MessageId,
        final_attempt: bool,
    ) -> Result<DeliveryOutcome, JobError> {
        let now = self.now();
        let messages = &self.ports.messages;
        let row = messages
            .get(workspace_id, id)
            .await?
            .ok_or(JobError::NotFound("message"))?;
        let (Some(DeliveryStatus::Pending), MessageBody::Composed(content), Some(key)) =
            (row.status, &row.body, &row.idempotency_key)
        else {
            return Ok(DeliveryOutcome::AlreadyDone);
        };
        let author = match row.sender {
            Sender::Assistant => Author::Assistant,
            Sender::Agent { .. } => Author::Human,
            Sender::Customer | Sender::PlatformInbox => return Ok(DeliveryOutcome::AlreadyDone),
        };
        if author == Author::Assistant
            && !self
                .ports
                .reply_gate
                .assistant_may_send(workspace_id, row.channel_id, row.contact_id)
                .await
                .map_err(|e| JobError::Unexpected(e.to_string()))?
        {
            // A person took over (or the assistant was switched off) after this reply
            // was composed: it never goes out.
            return self
                .record_not_sent(
                    workspace_id,
                    id,
                    not_sent("assistant_silenced", "a person owns this conversation now"),
                )
                .await;
        }
        let channel = self
            .ports
            .channels
            .get(workspace_id, row.channel_id)
            .await?
            .ok_or(JobError::NotFound("channel"))?;
        let contact = self
            .ports
            .contacts
            .get(workspace_id, row.contact_id)
            .await?
            .ok_or(JobError::NotFound("contact"))?;

        let refusal = if let Err(unavailable) = channel.check_can_send(now) {
            Some(not_sent("channel_unavailable", unavailable.to_string()))
        } else if contact.blocked {
            Some(not_sent("contact_blocked", "the contact is blocked"))
        } else {
            None
        };
        if let Some(failure) = refusal {
            return self.record_not_sent(workspace_id, id, failure).await;
        }
        let message = match OutboundMessage::new(channel.platform, key.clone(), content.clone()) {
            Ok(message) => message,
            Err(invalid) => {
                return self
                    .record_not_sent(
                        workspace_id,
                        id,
                        not_sent("invalid_content", invalid.to_string()),
                    )
                    .await;
            }
        };
        let last_inbound = messages.last_inbound_at(channel.id, contact.id).await?;
        let mode = match messaging_window(
            channel.platform,
            author,
            content.is_template(),
            last_inbound,
            now,
        ) {
            Ok(mode) => mode,
            Err(refusal) => {
                return self
                    .record_not_sent(
                        workspace_id,
                        id,
                        not_sent("outside_window", refusal.to_string()),
                    )
                    .await;
            }
        };
        let token = match channel.access_token(self.ports.cipher.as_ref()) {
            Ok(token) => token,
            Err(unreadable) => {
                // A token we cannot decrypt is as good as revoked: only reconnecting helps.
                self.flag_reconnect(&channel).await?;
                return self
                    .record_not_sent(
                        workspace_id,
                        id,
                        not_sent("channel_unavailable", unreadable.to_string()),
                    )
                    .await;
            }
        };
        let Some(gateway) = self.ports.gateways.get(channel.platform) else {
            return self
                .record_not_sent(
                    workspace_id,
                    id,
                    not_sent(
                        "channel_unavailable",
                        format!("no gateway for {}", channel.platform),
                    ),
                )
                .await;
        };
        let recipient = Recipient {
            platform: channel.platform,
            account_id: channel.account_id.clone(),
            user_id: contact.platform_user_id.clone(),
            access_token: token,
        };

        match gateway.send(&recipient, &message, mode).await {
            Ok(receipt) => {
                messages
                    .mark_sent(workspace_id, id, receipt.platform_message_id.as_ref(), now)
                    .await?;
                self.announce_status(workspace_id, id, DeliveryStatus::Sent)
                    .await;
                self.ports
                    .channels
                    .touch_last_message(workspace_id, channel.id, now)
                    .await?;
                Ok(DeliveryOutcome::Sent(receipt))
            }
            Err(failure) if failure.is_retryable() && !final_attempt => {
                Ok(DeliveryOutcome::RetryLater(failure))
            }
            Err(failure) => {
                if failure.requires_reconnect() {
                    self.flag_reconnect(&channel).await?;
                }
                let moved = messages
                    .advance_status(
                        workspace_id,
                        id,
                        DeliveryStatus::Failed,
                        Some(&MessageFailure::from(&failure)),
                        now,
                    )
                    .await?;
                if moved {
                    self.announce_status(workspace_id, id, DeliveryStatus::Failed)
                        .await;
                }
                Ok(DeliveryOutcome::Failed(failure))
            }
        }
    }

    async fn record_not_sent(
        &self,
        workspace_id: kernel::WorkspaceId,
        id: MessageId,
        failure: MessageFailure,
    ) -> Result<DeliveryOutcome, JobError> {
        let moved = self
            .ports
            .messages
            .advance_status(
                workspace_id,
                id,
                DeliveryStatus::Failed,
                Some(&failure),
                self.now(),
            )
            .await?;
        if moved {
            self.announce_status(workspace_id, id, DeliveryStatus::Failed)
                .await;
        }
        Ok(DeliveryOutcome::NotSent(failure))
    }
}
