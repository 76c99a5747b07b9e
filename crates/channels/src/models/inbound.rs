//! Events from any platform, normalised: a webhook adapter turns each platform's
//! shape into these, and nothing downstream needs to know which shape it was.
//!
//! Inbound text is kept as sent (emoji, right-to-left scripts, long messages): it is
//! the customer's words and must never be rejected or trimmed here. Bounds on size
//! are the webhook body limit's job.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{DeliveryStatus, Platform, PlatformAccountId, PlatformMessageId, PlatformUserId};

/// One thing that happened in a conversation with a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundEvent {
    pub platform: Platform,
    /// Our side: the Page, Instagram account or WhatsApp number the event is for.
    /// For echoes too, so routing never depends on the direction.
    pub account_id: PlatformAccountId,
    /// The customer's side, whichever direction the event went.
    pub user_id: PlatformUserId,
    pub occurred_at: DateTime<Utc>,
    pub kind: InboundEventKind,
}

// Events live for one webhook or one job; boxing the message would buy nothing but
// noise at every construction site.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboundEventKind {
    Message(InboundMessage),
    Reaction(Reaction),
    Status(StatusUpdate),
}

/// A message, a button tap (postback, quick reply, WhatsApp reply button or list row)
/// or an entry through a referral link, from the customer, or an echo of one we (or
/// someone in the platform's own inbox) sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundMessage {
    /// Absent on postbacks from older Messenger versions and on bare referral events.
    pub message_id: Option<PlatformMessageId>,
    pub text: Option<String>,
    pub attachments: Vec<Attachment>,
    /// Messenger/Instagram quick reply the customer tapped.
    pub quick_reply_payload: Option<String>,
    /// A postback button (Messenger, Instagram) or a WhatsApp reply button / list row,
    /// whose `id` arrives as the payload.
    pub postback: Option<Postback>,
    pub referral: Option<Referral>,
    /// The message this one replies to, when the platform says.
    pub reply_to: Option<PlatformMessageId>,
    /// A WhatsApp cart sent from the catalog.
    pub order: Option<Order>,
    /// The name the platform shows for the sender (WhatsApp sends it with every message).
    pub sender_name: Option<String>,
    /// Sent by the business side: our own send, or a person answering in Meta's inbox.
    /// Recorded as outbound, never answered.
    pub is_echo: bool,
    /// For echoes: the app that sent it, so our own sends can be told from others'.
    pub app_id: Option<String>,
}

impl InboundMessage {
    /// What the customer chose, whichever widget they chose it with.
    pub fn selected_payload(&self) -> Option<&str> {
        self.quick_reply_payload
            .as_deref()
            .or_else(|| self.postback.as_ref().map(|p| p.payload.as_str()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Postback {
    pub title: Option<String>,
    pub payload: String,
}

/// How a person arrived: an m.me link, an ad, a QR code, a click-to-WhatsApp ad.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    /// `SHORTLINK`, `ADS`, `ad`, `post`...
    pub source: Option<String>,
    /// `OPEN_THREAD`...
    pub kind: Option<String>,
    /// The `ref` parameter of an m.me link.
    pub ref_param: Option<String>,
    pub ad_id: Option<String>,
    pub source_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    Image,
    Video,
    Audio,
    File,
    Sticker,
    Location,
    /// A shared link or anything the platform could not render.
    Fallback,
    /// A type we do not model (reel, story mention...); kept so nothing is lost.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub kind: AttachmentKind,
    /// The platform's own type name, kept for `Other` and for display.
    pub platform_type: String,
    /// Messenger/Instagram give a (temporary) URL.
    pub url: Option<String>,
    /// WhatsApp gives a media id to download with the token.
    pub media_id: Option<String>,
    pub mime_type: Option<String>,
    pub caption: Option<String>,
    pub title: Option<String>,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
}

impl Attachment {
    pub fn new(kind: AttachmentKind, platform_type: &str) -> Self {
        Self {
            kind,
            platform_type: platform_type.to_owned(),
            url: None,
            media_id: None,
            mime_type: None,
            caption: None,
            title: None,
            latitude: None,
            longitude: None,
        }
    }
}

/// A WhatsApp cart: products from the business's catalog with quantities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub catalog_id: Option<String>,
    pub text: Option<String>,
    pub items: Vec<OrderItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    pub product_retailer_id: String,
    pub quantity: u32,
    /// As the platform wrote it (a JSON number), kept as text so no float rounds a price.
    pub item_price: String,
    pub currency: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReactionAction {
    React,
    Unreact,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reaction {
    /// The reaction's own id, when the platform gives one (WhatsApp does).
    pub reaction_id: Option<PlatformMessageId>,
    /// The message reacted to.
    pub message_id: PlatformMessageId,
    pub emoji: Option<String>,
    pub action: ReactionAction,
}

/// Which of our messages a status is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum StatusTarget {
    Message {
        message_id: PlatformMessageId,
    },
    /// Messenger read/delivery watermarks: every message we sent this person at or
    /// before this instant.
    UpTo {
        watermark: DateTime<Utc>,
    },
}

/// An error the platform reported, for a send or in a status webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformError {
    pub code: i64,
    pub subcode: Option<i64>,
    pub message: String,
}

impl fmt::Display for PlatformError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.subcode {
            Some(sub) => write!(f, "({}/{}) {}", self.code, sub, self.message),
            None => write!(f, "({}) {}", self.code, self.message),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdate {
    pub target: StatusTarget,
    pub status: DeliveryStatus,
    /// Present with `Failed`.
    pub error: Option<PlatformError>,
}

/// What makes an event the same event when the platform delivers it again. Storage
/// keeps it unique per channel, so a redelivery is a no-op.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DedupKey(String);

impl DedupKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rebuilds a stored key; for storage adapters.
    pub fn from_stored(raw: String) -> Self {
        Self(raw)
    }
}

impl fmt::Display for DedupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl InboundEvent {
    /// Messages are keyed by the platform's message id (what "unique on platform message
    /// id" means). Events without one are keyed by what identifies them: who, when, and
    /// what; the platform redelivers them byte for byte, so the key is stable.
    pub fn dedup_key(&self) -> DedupKey {
        let millis = self.occurred_at.timestamp_millis();
        let user = self.user_id.as_str();
        let key = match &self.kind {
            InboundEventKind::Message(m) => match &m.message_id {
                Some(id) => format!("msg:{id}"),
                None => {
                    let payload = m.selected_payload().unwrap_or_default();
                    format!("msg:{user}:{millis}:{payload}")
                }
            },
            InboundEventKind::Reaction(r) => match &r.reaction_id {
                Some(id) => format!("reaction:{id}"),
                None => format!(
                    "reaction:{}:{user}:{millis}:{}:{}",
                    r.message_id,
                    match r.action {
                        ReactionAction::React => "react",
                        ReactionAction::Unreact => "unreact",
                    },
                    r.emoji.as_deref().unwrap_or_default()
                ),
            },
            InboundEventKind::Status(s) => match &s.target {
                StatusTarget::Message { message_id } => {
                    format!("status:{message_id}:{}", s.status.as_str())
                }
                StatusTarget::UpTo { watermark } => format!(
                    "status:{user}:{}:{}",
                    watermark.timestamp_millis(),
                    s.status.as_str()
                ),
            },
        };
        DedupKey(key)
    }

    /// Whether the assistant should consider answering: a customer's own message.
    /// Echoes, reactions and statuses only update what we know.
    pub fn wants_reply(&self) -> bool {
        matches!(&self.kind, InboundEventKind::Message(m) if !m.is_echo)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn event(kind: InboundEventKind) -> InboundEvent {
        InboundEvent {
            platform: Platform::Messenger,
            account_id: PlatformAccountId::parse("PAGE1").unwrap(),
            user_id: PlatformUserId::parse("PSID1").unwrap(),
            occurred_at: DateTime::from_timestamp_millis(1_458_692_752_478).unwrap(),
            kind,
        }
    }

    pub(crate) fn text_message(mid: &str, text: &str) -> InboundEvent {
        event(InboundEventKind::Message(InboundMessage {
            message_id: Some(PlatformMessageId::parse(mid).unwrap()),
            text: Some(text.to_owned()),
            ..InboundMessage::default()
        }))
    }

    #[test]
    fn messages_dedup_on_their_platform_id_only() {
        let a = text_message("mid.1", "hello");
        let mut b = text_message("mid.1", "hello again?");
        b.occurred_at += chrono::Duration::seconds(5);
        assert_eq!(a.dedup_key(), b.dedup_key());
        assert_eq!(a.dedup_key().as_str(), "msg:mid.1");
        assert_ne!(a.dedup_key(), text_message("mid.2", "hello").dedup_key());
    }

    #[test]
    fn events_without_ids_dedup_on_who_when_and_what() {
        let postback = |payload: &str| {
            event(InboundEventKind::Message(InboundMessage {
                postback: Some(Postback {
                    title: Some("Buy".into()),
                    payload: payload.into(),
                }),
                ..InboundMessage::default()
            }))
        };
        assert_eq!(postback("BUY_1").dedup_key(), postback("BUY_1").dedup_key());
        assert_ne!(postback("BUY_1").dedup_key(), postback("BUY_2").dedup_key());

        let read = |ms: i64, status| {
            event(InboundEventKind::Status(StatusUpdate {
                target: StatusTarget::UpTo {
                    watermark: DateTime::from_timestamp_millis(ms).unwrap(),
                },
                status,
                error: None,
            }))
        };
        assert_eq!(
            read(1, DeliveryStatus::Read).dedup_key().as_str(),
            "status:PSID1:1:read"
        );
        assert_ne!(
            read(1, DeliveryStatus::Read).dedup_key(),
            read(1, DeliveryStatus::Delivered).dedup_key()
        );
    }

    #[test]
    fn only_customer_messages_want_a_reply() {
        assert!(text_message("m1", "hi").wants_reply());
        let mut echo = text_message("m2", "our answer");
        if let InboundEventKind::Message(m) = &mut echo.kind {
            m.is_echo = true;
        }
        assert!(!echo.wants_reply());
        let reaction = event(InboundEventKind::Reaction(Reaction {
            reaction_id: None,
            message_id: PlatformMessageId::parse("m1").unwrap(),
            emoji: Some("❤️".into()),
            action: ReactionAction::React,
        }));
        assert!(!reaction.wants_reply());
        assert!(
            reaction
                .dedup_key()
                .as_str()
                .starts_with("reaction:m1:PSID1:")
        );
    }

    #[test]
    fn selected_payload_reads_any_widget() {
        let quick = InboundMessage {
            quick_reply_payload: Some("SIZE_M".into()),
            ..InboundMessage::default()
        };
        assert_eq!(quick.selected_payload(), Some("SIZE_M"));
        let list_row = InboundMessage {
            postback: Some(Postback {
                title: Some("Rose serum".into()),
                payload: "product:42".into(),
            }),
            ..InboundMessage::default()
        };
        assert_eq!(list_row.selected_payload(), Some("product:42"));
        assert_eq!(InboundMessage::default().selected_payload(), None);
    }
}
