//! Webhook bodies to `InboundEvent`s.
//!
//! A POST can batch many `entry` items, each with many `messaging` items or
//! `changes`. Every item is read on its own: one we cannot read (a new event type, a
//! malformed field) is reported in `skipped` and the rest are still returned, because
//! the platform will not redeliver a batch we acknowledged and nothing readable may be
//! lost for the sake of one unreadable neighbour. Only a body that is not a webhook at
//! all (not JSON, too large, too deep, unknown `object`) fails as a whole.

mod messenger;
mod whatsapp;

use channels::{InboundEvent, PlatformAccountId, PlatformMessageId, PlatformUserId};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

/// Meta batches up to 1000 updates in one POST, a few hundred bytes each; 4 MiB leaves
/// headroom while keeping a hostile body from costing more than that to parse.
pub const MAX_WEBHOOK_BODY_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookParseError {
    #[error("webhook body is {size} bytes; the limit is {max}")]
    TooLarge { size: usize, max: usize },
    /// Not JSON, nested deeper than serde_json's recursion limit (128), or not an
    /// object with `object` and `entry`.
    #[error("webhook body is not a Meta webhook: {0}")]
    Malformed(String),
    #[error("unknown webhook object '{0}'")]
    UnknownObject(String),
    #[error("expected a webhook for {expected}, got '{found}'")]
    WrongObject {
        expected: &'static str,
        found: String,
    },
}

/// An item of the batch that produced no event, and why; for logs and metrics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedItem {
    /// Where in the body, like `entry[0].messaging[2]`.
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedWebhook {
    pub events: Vec<InboundEvent>,
    pub skipped: Vec<SkippedItem>,
}

impl ParsedWebhook {
    fn skip(&mut self, path: String, reason: impl Into<String>) {
        self.skipped.push(SkippedItem {
            path,
            reason: reason.into(),
        });
    }
}

#[derive(Deserialize)]
struct Envelope {
    object: String,
    #[serde(default)]
    entry: Vec<Value>,
}

fn envelope(body: &[u8]) -> Result<Envelope, WebhookParseError> {
    if body.len() > MAX_WEBHOOK_BODY_BYTES {
        return Err(WebhookParseError::TooLarge {
            size: body.len(),
            max: MAX_WEBHOOK_BODY_BYTES,
        });
    }
    serde_json::from_slice(body).map_err(|e| WebhookParseError::Malformed(e.to_string()))
}

/// Any Meta webhook: Messenger (`page`), Instagram (`instagram`) or WhatsApp
/// (`whatsapp_business_account`), as one endpoint receives them all for one app.
#[tracing::instrument(skip_all, fields(bytes = body.len()))]
pub fn parse_webhook(body: &[u8]) -> Result<ParsedWebhook, WebhookParseError> {
    let envelope = envelope(body)?;
    match envelope.object.as_str() {
        "page" | "instagram" => Ok(messenger::parse(&envelope.object, &envelope.entry)),
        "whatsapp_business_account" => Ok(whatsapp::parse(&envelope.entry)),
        other => Err(WebhookParseError::UnknownObject(other.to_owned())),
    }
}

/// A Messenger Platform webhook: `object` is `page` (Messenger) or `instagram`.
pub fn parse_meta_webhook(body: &[u8]) -> Result<ParsedWebhook, WebhookParseError> {
    let envelope = envelope(body)?;
    match envelope.object.as_str() {
        "page" | "instagram" => Ok(messenger::parse(&envelope.object, &envelope.entry)),
        other => Err(WebhookParseError::WrongObject {
            expected: "page or instagram",
            found: other.to_owned(),
        }),
    }
}

/// A WhatsApp Cloud API webhook: `object` is `whatsapp_business_account`.
pub fn parse_whatsapp_webhook(body: &[u8]) -> Result<ParsedWebhook, WebhookParseError> {
    let envelope = envelope(body)?;
    match envelope.object.as_str() {
        "whatsapp_business_account" => Ok(whatsapp::parse(&envelope.entry)),
        other => Err(WebhookParseError::WrongObject {
            expected: "whatsapp_business_account",
            found: other.to_owned(),
        }),
    }
}

// ------------------------------------------------------------------ shared helpers

/// A platform timestamp: Messenger sends milliseconds as a number, WhatsApp seconds as
/// a string, and some Messenger examples seconds as a string. Anything below 10^11 is
/// taken as seconds (10^11 ms is 1973; 10^11 s is the year 5138).
pub(crate) fn timestamp(value: &Value) -> Option<DateTime<Utc>> {
    let raw = match value {
        Value::Number(n) => n.as_i64()?,
        Value::String(s) => s.trim().parse::<i64>().ok()?,
        _ => return None,
    };
    if raw.abs() < 100_000_000_000 {
        DateTime::from_timestamp(raw, 0)
    } else {
        DateTime::from_timestamp_millis(raw)
    }
}

/// Ids sometimes arrive as numbers (`app_id` in echoes); we keep them as text.
pub(crate) fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) fn account_id(raw: &str) -> Result<PlatformAccountId, String> {
    PlatformAccountId::parse(raw).map_err(|e| e.to_string())
}

pub(crate) fn user_id(raw: &str) -> Result<PlatformUserId, String> {
    PlatformUserId::parse(raw).map_err(|e| e.to_string())
}

pub(crate) fn message_id(raw: &str) -> Result<PlatformMessageId, String> {
    PlatformMessageId::parse(raw).map_err(|e| e.to_string())
}

/// A short description of a serde error for `SkippedItem::reason`.
pub(crate) fn unreadable(error: serde_json::Error) -> String {
    format!("unreadable item: {error}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_seconds_or_milliseconds_numbers_or_strings() {
        let ms = timestamp(&Value::from(1_458_692_752_478_i64)).unwrap();
        assert_eq!(ms.timestamp_millis(), 1_458_692_752_478);
        let s = timestamp(&Value::from("1749416383")).unwrap();
        assert_eq!(s.timestamp(), 1_749_416_383);
        assert_eq!(
            timestamp(&Value::from("1527459824")).unwrap().timestamp(),
            1_527_459_824
        );
        assert_eq!(timestamp(&Value::from("soon")), None);
        assert_eq!(timestamp(&Value::Null), None);
        assert_eq!(timestamp(&Value::from(i64::MAX)), None);
    }
}
