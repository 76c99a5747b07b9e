//! Answering a customer: the `Responder` decides what to say, and the answer becomes an
//! outbound row plus its send job, keyed so the same inbound event is answered once.

use kernel::{NewJob, WorkspaceId};

use super::{ChannelsService, JobError, SEND_MESSAGE_JOB, send_job_payload};
use crate::models::*;
use crate::ports::{Insertion, ReplyRequest};

/// What became of a customer message's reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyOutcome {
    /// The responder had nothing to say.
    NoReply,
    /// The contact is blocked: stored, never answered.
    Blocked,
    /// A new outbound message, with its send job.
    Queued(MessageId),
    /// This event was answered before (a re-run, or a redelivery that got this far).
    AlreadyQueued(MessageId),
    /// The responder's answer does not fit the platform; nothing was queued.
    Invalid(OutboundError),
}

/// Which message row an outbound message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Enqueued {
    New(MessageId),
    /// Its idempotency key was taken: this is the row that holds it.
    Existing(MessageId),
}

impl ChannelsService {
    pub(super) async fn reply_to(
        &self,
        record: &InboundRecord,
        contact: &Contact,
        message: &InboundMessage,
    ) -> Result<ReplyOutcome, JobError> {
        if contact.blocked {
            return Ok(ReplyOutcome::Blocked);
        }
        let request = ReplyRequest {
            workspace_id: record.workspace_id,
            channel_id: record.channel_id,
            platform: record.event.platform,
            inbound_event_id: record.id,
            contact: contact.clone(),
            message: message.clone(),
        };
        let Some(content) = self
            .ports
            .responder
            .reply(&request)
            .await
            .map_err(|e| JobError::Unexpected(e.to_string()))?
        else {
            return Ok(ReplyOutcome::NoReply);
        };
        let key = IdempotencyKey::parse(&format!("reply:{}", record.id))
            .map_err(|e| JobError::Unexpected(e.to_string()))?;
        let outbound = match OutboundMessage::new(record.event.platform, key, content) {
            Ok(outbound) => outbound,
            Err(invalid) => return Ok(ReplyOutcome::Invalid(invalid)),
        };
        match self
            .enqueue_outbound(
                record.workspace_id,
                record.channel_id,
                contact.id,
                Sender::Assistant,
                &outbound,
            )
            .await?
        {
            Enqueued::New(id) => Ok(ReplyOutcome::Queued(id)),
            Enqueued::Existing(id) => Ok(ReplyOutcome::AlreadyQueued(id)),
        }
    }

    /// Stores `message` as pending with its send job, in one transaction.
    pub(super) async fn enqueue_outbound(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
        sender: Sender,
        message: &OutboundMessage,
    ) -> Result<Enqueued, JobError> {
        let now = self.now();
        let row =
            MessageRecord::outbound(workspace_id, channel_id, contact_id, sender, message, now);
        let job = NewJob::now(
            SEND_MESSAGE_JOB,
            Some(workspace_id),
            send_job_payload(row.id),
            now,
        );
        Ok(
            match self.ports.messages.enqueue_outbound(&row, &job).await? {
                Insertion::Inserted => {
                    self.announce_created(&row).await;
                    Enqueued::New(row.id)
                }
                Insertion::AlreadyExists(existing) => Enqueued::Existing(existing),
            },
        )
    }
}
