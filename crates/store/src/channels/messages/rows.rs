//! Message records to and from rows.
//!
//! The body is a JSON document, `{"received": InboundMessage}` or
//! `{"composed": OutboundContent}`, written and read through the domain types' own
//! serde (which re-parses every platform id on the way in). Everything else has a
//! column: direction, sender, status and its rank, the failure.

use channels::ports::MessageRepositoryError;
use channels::{
    ChannelId, ContactId, DeliveryStatus, Direction, FailureReason, IdempotencyKey, InboundMessage,
    MessageBody, MessageFailure, MessageId, MessageRecord, OutboundContent, PlatformMessageId,
    Sender,
};
use kernel::WorkspaceId;
use sea_orm::ActiveValue::Set;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::channels::errors::corrupt;
use crate::channels::storable::{storable_json, storable_str};
use crate::entities::messages;
use crate::timestamps::{stored, stored_opt};

pub(super) const INBOUND: &str = "inbound";
pub(super) const OUTBOUND: &str = "outbound";

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum BodyOut<'a> {
    Received(&'a InboundMessage),
    Composed(&'a OutboundContent),
}

// One row at a time, and unwrapped into `MessageBody` at once: a box buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum BodyIn {
    Received(InboundMessage),
    Composed(OutboundContent),
}

pub(super) fn message_row(
    message: &MessageRecord,
) -> Result<messages::ActiveModel, MessageRepositoryError> {
    let body = match &message.body {
        MessageBody::Received(received) => BodyOut::Received(received),
        MessageBody::Composed(composed) => BodyOut::Composed(composed),
    };
    let body = serde_json::to_value(body).map_err(|e| {
        MessageRepositoryError::Unexpected(format!("cannot serialize the message body: {e}"))
    })?;
    let (sender_kind, sender_member_id) = sender_cells(message.sender);
    let failure = failure_cells(message.failure.as_ref());
    Ok(messages::ActiveModel {
        id: Set(message.id.as_uuid()),
        workspace_id: Set(message.workspace_id.as_uuid()),
        channel_id: Set(message.channel_id.as_uuid()),
        contact_id: Set(message.contact_id.as_uuid()),
        direction: Set(direction_cell(message.direction).to_owned()),
        sender_kind: Set(sender_kind.to_owned()),
        sender_member_id: Set(sender_member_id),
        body: Set(storable_json(body)),
        platform_message_id: Set(message
            .platform_message_id
            .as_ref()
            .map(|id| id.as_str().to_owned())),
        idempotency_key: Set(message
            .idempotency_key
            .as_ref()
            .map(|key| key.as_str().to_owned())),
        status: Set(message.status.map(|s| s.as_str().to_owned())),
        status_rank: Set(message.status.map(rank_cell)),
        failure_code: Set(failure.code),
        failure_message: Set(failure.message),
        failure_platform_code: Set(failure.platform_code),
        failure_platform_subcode: Set(failure.platform_subcode),
        occurred_at: Set(stored_opt(message.occurred_at)),
        created_at: Set(stored(message.created_at)),
        updated_at: Set(stored(message.updated_at)),
    })
}

pub(crate) fn message_from_row(
    row: messages::Model,
) -> Result<MessageRecord, MessageRepositoryError> {
    let fail =
        |what: &str, detail: String| MessageRepositoryError::Unexpected(corrupt(what, detail));
    let body: BodyIn =
        serde_json::from_value(row.body).map_err(|e| fail("message body", e.to_string()))?;
    let status = row
        .status
        .as_deref()
        .map(|s| DeliveryStatus::parse(s).ok_or_else(|| fail("message status", s.to_owned())))
        .transpose()?;
    if status.map(rank_cell) != row.status_rank {
        return Err(fail(
            "message status rank",
            format!("{:?} for {:?}", row.status_rank, row.status),
        ));
    }
    let failure = match (row.failure_code, row.failure_message) {
        (Some(code), Some(message)) => Some(MessageFailure {
            code,
            reason: FailureReason {
                code: row.failure_platform_code,
                subcode: row.failure_platform_subcode,
                message,
            },
        }),
        (None, None) => None,
        (code, message) => {
            return Err(fail(
                "message failure",
                format!("code {code:?} with message {message:?}"),
            ));
        }
    };
    Ok(MessageRecord {
        id: MessageId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        channel_id: ChannelId::from_uuid(row.channel_id),
        contact_id: ContactId::from_uuid(row.contact_id),
        direction: direction_from_cell(&row.direction)
            .ok_or_else(|| fail("message direction", row.direction.clone()))?,
        sender: sender_from_cells(&row.sender_kind, row.sender_member_id).ok_or_else(|| {
            fail(
                "message sender",
                format!("{} {:?}", row.sender_kind, row.sender_member_id),
            )
        })?,
        platform_message_id: row
            .platform_message_id
            .as_deref()
            .map(PlatformMessageId::parse)
            .transpose()
            .map_err(|e| fail("platform message id", e.to_string()))?,
        idempotency_key: row
            .idempotency_key
            .as_deref()
            .map(IdempotencyKey::parse)
            .transpose()
            .map_err(|e| fail("idempotency key", e.to_string()))?,
        body: match body {
            BodyIn::Received(received) => MessageBody::Received(received),
            BodyIn::Composed(composed) => MessageBody::Composed(composed),
        },
        status,
        failure,
        occurred_at: row.occurred_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

pub(super) fn rank_cell(status: DeliveryStatus) -> i16 {
    i16::from(status.rank())
}

fn direction_cell(direction: Direction) -> &'static str {
    match direction {
        Direction::Inbound => INBOUND,
        Direction::Outbound => OUTBOUND,
    }
}

fn direction_from_cell(cell: &str) -> Option<Direction> {
    match cell {
        INBOUND => Some(Direction::Inbound),
        OUTBOUND => Some(Direction::Outbound),
        _ => None,
    }
}

fn sender_cells(sender: Sender) -> (&'static str, Option<Uuid>) {
    match sender {
        Sender::Customer => ("customer", None),
        Sender::Assistant => ("assistant", None),
        Sender::Agent { member_id } => ("agent", Some(member_id)),
        Sender::PlatformInbox => ("platform_inbox", None),
    }
}

fn sender_from_cells(kind: &str, member_id: Option<Uuid>) -> Option<Sender> {
    match (kind, member_id) {
        ("customer", None) => Some(Sender::Customer),
        ("assistant", None) => Some(Sender::Assistant),
        ("agent", Some(member_id)) => Some(Sender::Agent { member_id }),
        ("platform_inbox", None) => Some(Sender::PlatformInbox),
        _ => None,
    }
}

/// The four failure columns, all `None` without a failure.
pub(super) struct FailureCells {
    pub(super) code: Option<String>,
    pub(super) message: Option<String>,
    pub(super) platform_code: Option<i64>,
    pub(super) platform_subcode: Option<i64>,
}

pub(super) fn failure_cells(failure: Option<&MessageFailure>) -> FailureCells {
    FailureCells {
        code: failure.map(|f| storable_str(&f.code).into_owned()),
        message: failure.map(|f| storable_str(&f.reason.message).into_owned()),
        platform_code: failure.and_then(|f| f.reason.code),
        platform_subcode: failure.and_then(|f| f.reason.subcode),
    }
}
