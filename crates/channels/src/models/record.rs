//! What storage keeps: inbound events as received, and message rows in both
//! directions with their delivery status.

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use uuid::Uuid;

use super::{
    ChannelId, ContactId, DedupKey, DeliveryStatus, FailureReason, IdempotencyKey, InboundEvent,
    InboundMessage, OutboundContent, OutboundMessage, PlatformMessageId, SendFailure,
};

kernel::typed_id!(
    /// An inbound event as stored, before and after its processing job ran.
    InboundEventId
);

kernel::typed_id!(
    /// A message row, inbound or outbound.
    MessageId
);

/// A webhook event routed to its channel, as the inbound repository stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundRecord {
    pub id: InboundEventId,
    pub workspace_id: WorkspaceId,
    pub channel_id: ChannelId,
    pub dedup_key: DedupKey,
    pub event: InboundEvent,
    pub received_at: DateTime<Utc>,
}

impl InboundRecord {
    pub fn new(
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        event: InboundEvent,
        received_at: DateTime<Utc>,
    ) -> Self {
        Self {
            id: InboundEventId::new(),
            workspace_id,
            channel_id,
            dedup_key: event.dedup_key(),
            event,
            received_at,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Inbound,
    Outbound,
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    Customer,
    Assistant,
    /// A workspace member, by member id (identity's `MemberId` as a UUID).
    Agent {
        member_id: Uuid,
    },
    /// Someone answering in the platform's own inbox (an echo we did not send).
    PlatformInbox,
}

// One row at a time, or a page of them: size is not worth a box here.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageBody {
    /// As the platform delivered it: customer messages and echoes.
    Received(InboundMessage),
    /// As we composed it.
    Composed(OutboundContent),
}

/// Why a message did not reach the person: the classified send failure, or a failed
/// status reported by the platform afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageFailure {
    /// `invalid_token`, `outside_window`, `user_blocked`, `rejected`, or
    /// `delivery_failed` for a failure the platform reported in a status webhook.
    pub code: String,
    pub reason: FailureReason,
}

impl From<&SendFailure> for MessageFailure {
    fn from(failure: &SendFailure) -> Self {
        Self {
            code: failure.code().to_owned(),
            reason: failure.reason().clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRecord {
    pub id: MessageId,
    pub workspace_id: WorkspaceId,
    pub channel_id: ChannelId,
    pub contact_id: ContactId,
    pub direction: Direction,
    pub sender: Sender,
    pub platform_message_id: Option<PlatformMessageId>,
    /// Outbound messages we compose; unique per workspace.
    pub idempotency_key: Option<IdempotencyKey>,
    pub body: MessageBody,
    /// Outbound only: where the message is on its way. Moves forward only.
    pub status: Option<DeliveryStatus>,
    pub failure: Option<MessageFailure>,
    /// When the platform says it happened (inbound, echoes) or accepted it (outbound).
    pub occurred_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl MessageRecord {
    /// A customer's message, or an echo of one sent from the business side (then it is
    /// outbound and already sent).
    pub fn received(
        record: &InboundRecord,
        contact_id: ContactId,
        message: &InboundMessage,
        our_app_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Self {
        let (direction, sender, status) = if message.is_echo {
            // An echo whose app is ours is our own send coming back; anything else was
            // typed by a person in Meta's inbox.
            let ours = our_app_id.is_some() && message.app_id.as_deref() == our_app_id;
            let sender = if ours {
                Sender::Assistant
            } else {
                Sender::PlatformInbox
            };
            (Direction::Outbound, sender, Some(DeliveryStatus::Sent))
        } else {
            (Direction::Inbound, Sender::Customer, None)
        };
        Self {
            // One inbound event is at most one message: deriving the id from the event
            // makes a re-run of the processing job (after a crash) find the row it wrote,
            // even for platform events that carry no message id (old postbacks).
            id: MessageId::from_uuid(record.id.as_uuid()),
            workspace_id: record.workspace_id,
            channel_id: record.channel_id,
            contact_id,
            direction,
            sender,
            platform_message_id: message.message_id.clone(),
            idempotency_key: None,
            body: MessageBody::Received(message.clone()),
            status,
            failure: None,
            occurred_at: Some(record.event.occurred_at),
            created_at: now,
            updated_at: now,
        }
    }

    /// A message we are about to send: pending until the platform accepts it.
    pub fn outbound(
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
        sender: Sender,
        message: &OutboundMessage,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id: MessageId::new(),
            workspace_id,
            channel_id,
            contact_id,
            direction: Direction::Outbound,
            sender,
            platform_message_id: None,
            idempotency_key: Some(message.idempotency_key().clone()),
            body: MessageBody::Composed(message.content().clone()),
            status: Some(DeliveryStatus::Pending),
            failure: None,
            occurred_at: None,
            created_at: now,
            updated_at: now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::inbound::tests::text_message;
    use crate::models::{InboundEventKind, Platform};

    fn record_of(event: InboundEvent) -> InboundRecord {
        InboundRecord::new(WorkspaceId::new(), ChannelId::new(), event, Utc::now())
    }

    #[test]
    fn customer_messages_are_inbound_and_echoes_outbound() {
        let mut event = text_message("mid.1", "hi");
        let record = record_of(event.clone());
        let InboundEventKind::Message(message) = &event.kind else {
            unreachable!()
        };
        let row =
            MessageRecord::received(&record, ContactId::new(), message, Some("42"), Utc::now());
        assert_eq!(row.direction, Direction::Inbound);
        assert_eq!(row.sender, Sender::Customer);
        assert_eq!(row.status, None);
        assert_eq!(row.platform_message_id.as_ref().unwrap().as_str(), "mid.1");
        assert_eq!(record.dedup_key.as_str(), "msg:mid.1");

        if let InboundEventKind::Message(m) = &mut event.kind {
            m.is_echo = true;
            m.app_id = Some("42".into());
        }
        let InboundEventKind::Message(echo) = &event.kind else {
            unreachable!()
        };
        let ours = MessageRecord::received(&record, ContactId::new(), echo, Some("42"), Utc::now());
        assert_eq!(
            ours.id.as_uuid(),
            record.id.as_uuid(),
            "the message id is the event's"
        );
        assert_eq!(
            (ours.direction, ours.sender),
            (Direction::Outbound, Sender::Assistant)
        );
        assert_eq!(ours.status, Some(DeliveryStatus::Sent));
        let theirs =
            MessageRecord::received(&record, ContactId::new(), echo, Some("7"), Utc::now());
        assert_eq!(theirs.sender, Sender::PlatformInbox);
    }

    #[test]
    fn outbound_messages_start_pending_with_their_key() {
        let message = OutboundMessage::new(
            Platform::Messenger,
            IdempotencyKey::parse("reply:1").unwrap(),
            OutboundContent::text("Hello!"),
        )
        .unwrap();
        let row = MessageRecord::outbound(
            WorkspaceId::new(),
            ChannelId::new(),
            ContactId::new(),
            Sender::Assistant,
            &message,
            Utc::now(),
        );
        assert_eq!(row.status, Some(DeliveryStatus::Pending));
        assert_eq!(row.idempotency_key.as_ref().unwrap().as_str(), "reply:1");
        assert_eq!(
            row.body,
            MessageBody::Composed(OutboundContent::text("Hello!"))
        );
        let failure = MessageFailure::from(&SendFailure::transient("timeout"));
        assert_eq!(failure.code, "transient");
    }
}
