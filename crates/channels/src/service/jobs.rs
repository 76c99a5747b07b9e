//! The background jobs of the message path and their payloads.
//!
//! Payloads are small JSON objects naming one id. The domain has no JSON library, and
//! needs none for `{"key":"<uuid>"}`: UUIDs never need escaping.

use uuid::Uuid;

use crate::models::{InboundEventId, MessageId};

/// Processes one stored inbound event: contact, message row, status update.
pub const PROCESS_INBOUND_JOB: &str = "channels.process_inbound";
/// Sends one pending outbound message.
pub const SEND_MESSAGE_JOB: &str = "channels.send_message";

const INBOUND_KEY: &str = "inbound_event_id";
const MESSAGE_KEY: &str = "message_id";

pub fn inbound_job_payload(id: InboundEventId) -> String {
    format!("{{\"{INBOUND_KEY}\":\"{id}\"}}")
}

pub fn send_job_payload(id: MessageId) -> String {
    format!("{{\"{MESSAGE_KEY}\":\"{id}\"}}")
}

pub fn parse_inbound_job_payload(payload: &str) -> Option<InboundEventId> {
    uuid_field(payload, INBOUND_KEY).map(InboundEventId::from_uuid)
}

pub fn parse_send_job_payload(payload: &str) -> Option<MessageId> {
    uuid_field(payload, MESSAGE_KEY).map(MessageId::from_uuid)
}

/// Reads `"key": "uuid"` from a flat JSON object. Splitting on quotes yields the key,
/// then `:`, then the value, whatever whitespace the writer used.
fn uuid_field(payload: &str, key: &str) -> Option<Uuid> {
    let mut parts = payload.split('"');
    parts.find(|part| *part == key)?;
    if parts.next()?.trim() != ":" {
        return None;
    }
    Uuid::parse_str(parts.next()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip_and_reject_junk() {
        let id = InboundEventId::new();
        assert_eq!(
            parse_inbound_job_payload(&inbound_job_payload(id)),
            Some(id)
        );
        let message = MessageId::new();
        let spaced = format!("{{ \"message_id\" : \"{message}\" }}");
        assert_eq!(parse_send_job_payload(&spaced), Some(message));
        assert_eq!(parse_send_job_payload(&inbound_job_payload(id)), None);
        assert_eq!(
            parse_inbound_job_payload("{\"inbound_event_id\":\"nope\"}"),
            None
        );
        assert_eq!(parse_inbound_job_payload(""), None);
    }
}
