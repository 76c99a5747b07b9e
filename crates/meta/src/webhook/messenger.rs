//! Messenger Platform webhooks (`object: page` for Messenger, `instagram` for
//! Instagram): `entry[].messaging[]` (and `standby[]` under the handover protocol)
//! carrying `message` (with `is_echo` for our own side), `postback`, `read`,
//! `delivery`, `reaction` or `referral`.

use channels::{
    Attachment, AttachmentKind, DeliveryStatus, InboundEvent, InboundEventKind, InboundMessage,
    Platform, Postback, Reaction, ReactionAction, Referral, StatusTarget, StatusUpdate,
};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::{ParsedWebhook, account_id, id_text, message_id, timestamp, unreadable, user_id};

#[derive(Deserialize)]
struct Entry {
    id: Option<Value>,
    time: Option<Value>,
    #[serde(default)]
    messaging: Vec<Value>,
    #[serde(default)]
    standby: Vec<Value>,
    #[serde(default)]
    changes: Vec<Value>,
}

#[derive(Deserialize)]
struct Party {
    id: Option<Value>,
}

#[derive(Deserialize)]
struct Item {
    sender: Option<Party>,
    recipient: Option<Party>,
    timestamp: Option<Value>,
    message: Option<WireMessage>,
    postback: Option<WirePostback>,
    read: Option<WireRead>,
    delivery: Option<WireDelivery>,
    reaction: Option<WireReaction>,
    referral: Option<WireReferral>,
}

#[derive(Deserialize)]
struct WireMessage {
    mid: Option<String>,
    text: Option<String>,
    #[serde(default)]
    attachments: Vec<WireAttachment>,
    quick_reply: Option<WirePayload>,
    #[serde(default)]
    is_echo: bool,
    app_id: Option<Value>,
    reply_to: Option<WireReplyTo>,
    referral: Option<WireReferral>,
    #[serde(default)]
    is_deleted: bool,
}

#[derive(Deserialize)]
struct WirePayload {
    payload: Option<String>,
}

#[derive(Deserialize)]
struct WireReplyTo {
    mid: Option<String>,
}

#[derive(Deserialize)]
struct WireAttachment {
    #[serde(rename = "type")]
    kind: String,
    payload: Option<Value>,
    title: Option<String>,
}

#[derive(Deserialize)]
struct WirePostback {
    mid: Option<String>,
    title: Option<String>,
    payload: Option<String>,
    referral: Option<WireReferral>,
}

#[derive(Deserialize)]
struct WireRead {
    watermark: Option<Value>,
    mid: Option<String>,
}

#[derive(Deserialize)]
struct WireDelivery {
    mids: Option<Vec<String>>,
    watermark: Option<Value>,
}

#[derive(Deserialize)]
struct WireReaction {
    mid: String,
    emoji: Option<String>,
    action: Option<String>,
}

#[derive(Deserialize)]
struct WireReferral {
    #[serde(rename = "ref")]
    ref_param: Option<String>,
    source: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    ad_id: Option<Value>,
    referer_uri: Option<String>,
}

impl From<WireReferral> for Referral {
    fn from(wire: WireReferral) -> Self {
        Referral {
            source: wire.source,
            kind: wire.kind,
            ref_param: wire.ref_param,
            ad_id: wire.ad_id.as_ref().and_then(id_text),
            source_url: wire.referer_uri,
        }
    }
}

pub(super) fn parse(object: &str, entries: &[Value]) -> ParsedWebhook {
    let platform = if object == "instagram" {
        Platform::Instagram
    } else {
        Platform::Messenger
    };
    let mut parsed = ParsedWebhook::default();
    for (e, raw) in entries.iter().enumerate() {
        let entry: Entry = match serde_json::from_value(raw.clone()) {
            Ok(entry) => entry,
            Err(error) => {
                parsed.skip(format!("entry[{e}]"), unreadable(error));
                continue;
            }
        };
        let entry_id = entry.id.as_ref().and_then(id_text);
        let entry_time = entry.time.as_ref().and_then(timestamp);
        let lists = [("messaging", &entry.messaging), ("standby", &entry.standby)];
        for (list, items) in lists {
            for (i, raw_item) in items.iter().enumerate() {
                let path = format!("entry[{e}].{list}[{i}]");
                match item(platform, entry_id.as_deref(), entry_time, raw_item) {
                    Ok(events) => parsed.events.extend(events),
                    Err(reason) => parsed.skip(path, reason),
                }
            }
        }
        for (c, change) in entry.changes.iter().enumerate() {
            let field = change.get("field").and_then(Value::as_str).unwrap_or("?");
            parsed.skip(
                format!("entry[{e}].changes[{c}]"),
                format!("'{field}' changes are not messaging events"),
            );
        }
    }
    parsed
}

fn item(
    platform: Platform,
    entry_id: Option<&str>,
    entry_time: Option<DateTime<Utc>>,
    raw: &Value,
) -> Result<Vec<InboundEvent>, String> {
    let item: Item = serde_json::from_value(raw.clone()).map_err(unreadable)?;
    let sender = item
        .sender
        .as_ref()
        .and_then(|p| p.id.as_ref())
        .and_then(id_text);
    let recipient = item
        .recipient
        .as_ref()
        .and_then(|p| p.id.as_ref())
        .and_then(id_text);
    let occurred_at = item
        .timestamp
        .as_ref()
        .and_then(timestamp)
        .or(entry_time)
        .ok_or("no timestamp")?;
    let is_echo = item.message.as_ref().is_some_and(|m| m.is_echo);
    // Echoes go from us to the person: the account is the sender. Everything else goes
    // from the person to us. The entry id names our account too, as a fallback.
    let (ours, theirs) = if is_echo {
        (sender, recipient)
    } else {
        (recipient, sender)
    };
    let account = account_id(ours.as_deref().or(entry_id).ok_or("no account id")?)?;
    let user = user_id(
        theirs
            .as_deref()
            .ok_or("no user id (user_ref senders are not supported)")?,
    )?;
    let event = |kind| InboundEvent {
        platform,
        account_id: account.clone(),
        user_id: user.clone(),
        occurred_at,
        kind,
    };

    if let Some(message) = item.message {
        if message.is_deleted {
            return Err("the person deleted this message".to_owned());
        }
        return Ok(vec![event(InboundEventKind::Message(inbound_message(
            message,
        )?))]);
    }
    if let Some(postback) = item.postback {
        let payload = postback.payload.ok_or("postback without payload")?;
        let message = InboundMessage {
            message_id: postback.mid.as_deref().map(message_id).transpose()?,
            postback: Some(Postback {
                title: postback.title,
                payload,
            }),
            referral: postback.referral.map(Referral::from),
            ..InboundMessage::default()
        };
        return Ok(vec![event(InboundEventKind::Message(message))]);
    }
    if let Some(reaction) = item.reaction {
        let action = match reaction.action.as_deref() {
            Some("unreact") => ReactionAction::Unreact,
            _ => ReactionAction::React,
        };
        return Ok(vec![event(InboundEventKind::Reaction(Reaction {
            reaction_id: None,
            message_id: message_id(&reaction.mid)?,
            emoji: reaction.emoji,
            action,
        }))]);
    }
    if let Some(read) = item.read {
        // Messenger reads name a watermark; Instagram's `messaging_seen` names the mid.
        let target = match (read.mid, read.watermark.as_ref().and_then(timestamp)) {
            (Some(mid), _) => StatusTarget::Message {
                message_id: message_id(&mid)?,
            },
            (None, Some(watermark)) => StatusTarget::UpTo { watermark },
            (None, None) => return Err("read event without mid or watermark".to_owned()),
        };
        return Ok(vec![status(event, target, DeliveryStatus::Read)]);
    }
    if let Some(delivery) = item.delivery {
        // Per-message `mids` when present; the watermark is always there and covers
        // older clients that send no mids.
        let mids = delivery.mids.unwrap_or_default();
        if !mids.is_empty() {
            return mids
                .iter()
                .map(|mid| {
                    let target = StatusTarget::Message {
                        message_id: message_id(mid)?,
                    };
                    Ok(status(event, target, DeliveryStatus::Delivered))
                })
                .collect();
        }
        let watermark = delivery
            .watermark
            .as_ref()
            .and_then(timestamp)
            .ok_or("delivery event without mids or watermark")?;
        return Ok(vec![status(
            event,
            StatusTarget::UpTo { watermark },
            DeliveryStatus::Delivered,
        )]);
    }
    if let Some(referral) = item.referral {
        // Someone opened an existing thread through an m.me link or an ad.
        let message = InboundMessage {
            referral: Some(referral.into()),
            ..InboundMessage::default()
        };
        return Ok(vec![event(InboundEventKind::Message(message))]);
    }
    let keys: Vec<&str> = raw
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    Err(format!("unsupported messaging item with fields {keys:?}"))
}

fn status(
    event: impl Fn(InboundEventKind) -> InboundEvent,
    target: StatusTarget,
    status: DeliveryStatus,
) -> InboundEvent {
    event(InboundEventKind::Status(StatusUpdate {
        target,
        status,
        error: None,
    }))
}

fn inbound_message(message: WireMessage) -> Result<InboundMessage, String> {
    let attachments = message.attachments.into_iter().map(attachment).collect();
    Ok(InboundMessage {
        message_id: message.mid.as_deref().map(message_id).transpose()?,
        text: message.text,
        attachments,
        quick_reply_payload: message.quick_reply.and_then(|q| q.payload),
        postback: None,
        referral: message.referral.map(Referral::from),
        reply_to: message
            .reply_to
            .and_then(|r| r.mid)
            .as_deref()
            .map(message_id)
            .transpose()?,
        order: None,
        sender_name: None,
        is_echo: message.is_echo,
        app_id: message.app_id.as_ref().and_then(id_text),
    })
}

fn attachment(wire: WireAttachment) -> Attachment {
    let kind = match wire.kind.as_str() {
        "image" => AttachmentKind::Image,
        "video" => AttachmentKind::Video,
        "audio" => AttachmentKind::Audio,
        "file" => AttachmentKind::File,
        "location" => AttachmentKind::Location,
        "fallback" => AttachmentKind::Fallback,
        "sticker" => AttachmentKind::Sticker,
        _ => AttachmentKind::Other,
    };
    let payload = wire.payload.unwrap_or(Value::Null);
    let text = |key: &str| payload.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut attachment = Attachment::new(kind, &wire.kind);
    attachment.url = text("url");
    attachment.title = wire.title.or_else(|| text("title"));
    if let Some(coordinates) = payload.get("coordinates") {
        attachment.latitude = coordinates.get("lat").map(Value::to_string);
        attachment.longitude = coordinates.get("long").map(Value::to_string);
    }
    attachment
}
