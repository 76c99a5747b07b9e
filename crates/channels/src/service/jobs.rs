//! The background jobs of the message path and their payloads.
//!
//! Payloads are small JSON objects naming one id. The domain has no JSON library, and
//! needs none for `{"key":"<uuid>"}`: UUIDs never need escaping.

use uuid::Uuid;

use chrono::{DateTime, Utc};

use crate::models::{ChannelId, InboundEventId, MessageId};

/// Processes one stored inbound event: contact, message row, status update.
pub const PROCESS_INBOUND_JOB: &str = "channels.process_inbound";
/// Sends one pending outbound message.
pub const SEND_MESSAGE_JOB: &str = "channels.send_message";
/// Refreshes one channel's expiring long-lived token (Instagram), then schedules the
/// next refresh; retried daily while the platform is unavailable.
pub const REFRESH_TOKEN_JOB: &str = "channels.refresh_token";

const INBOUND_KEY: &str = "inbound_event_id";
const MESSAGE_KEY: &str = "message_id";
const CHANNEL_KEY: &str = "channel_id";
const EXPIRES_KEY: &str = "expires_at";

/// What a token refresh job is about: the channel, and the expiry it was scheduled
/// for, so a job left over from before a reconnect recognises it is stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshJob {
    pub channel_id: ChannelId,
    pub expires_at: DateTime<Utc>,
}

pub fn refresh_job_payload(job: RefreshJob) -> String {
    format!(
        "{{\"{CHANNEL_KEY}\":\"{}\",\"{EXPIRES_KEY}\":\"{}\"}}",
        job.channel_id,
        job.expires_at.timestamp()
    )
}

pub fn parse_refresh_job_payload(payload: &str) -> Option<RefreshJob> {
    let channel_id = uuid_field(payload, CHANNEL_KEY).map(ChannelId::from_uuid)?;
    let seconds = string_field(payload, EXPIRES_KEY)?.parse::<i64>().ok()?;
    Some(RefreshJob {
        channel_id,
        expires_at: DateTime::from_timestamp(seconds, 0)?,
    })
}

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
    Uuid::parse_str(string_field(payload, key)?).ok()
}

/// Reads `"key": "value"` for a value without quotes or backslashes.
fn string_field<'a>(payload: &'a str, key: &str) -> Option<&'a str> {
    let mut parts = payload.split('"');
    parts.find(|part| *part == key)?;
    if parts.next()?.trim() != ":" {
        return None;
    }
    parts.next()
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

        let refresh = RefreshJob {
            channel_id: ChannelId::new(),
            expires_at: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
        };
        assert_eq!(
            parse_refresh_job_payload(&refresh_job_payload(refresh)),
            Some(refresh)
        );
        assert_eq!(parse_refresh_job_payload(&inbound_job_payload(id)), None);
    }
}
