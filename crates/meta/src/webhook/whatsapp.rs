//! WhatsApp Cloud API webhooks (`object: whatsapp_business_account`):
//! `entry[].changes[]` with `field: messages`, whose `value` names our number
//! (`metadata.phone_number_id`) and carries `contacts`, `messages` and `statuses`.

use channels::{
    Attachment, AttachmentKind, DeliveryStatus, InboundEvent, InboundEventKind, InboundMessage,
    Order, OrderItem, Platform, PlatformAccountId, PlatformError, Postback, Reaction,
    ReactionAction, Referral, StatusTarget, StatusUpdate,
};
use serde::Deserialize;
use serde_json::Value;

use super::{ParsedWebhook, account_id, id_text, message_id, timestamp, unreadable, user_id};

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Value>,
}

#[derive(Deserialize)]
struct Change {
    field: Option<String>,
    value: Option<ChangeValue>,
}

#[derive(Deserialize)]
struct ChangeValue {
    metadata: Option<Metadata>,
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default)]
    messages: Vec<Value>,
    #[serde(default)]
    statuses: Vec<Value>,
    #[serde(default)]
    errors: Vec<WireError>,
}

#[derive(Deserialize)]
struct Metadata {
    phone_number_id: Option<Value>,
}

#[derive(Deserialize)]
struct Contact {
    wa_id: Option<String>,
    profile: Option<Profile>,
}

#[derive(Deserialize)]
struct Profile {
    name: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    from: String,
    id: String,
    timestamp: Value,
    #[serde(rename = "type")]
    kind: String,
    text: Option<Text>,
    interactive: Option<Interactive>,
    button: Option<TemplateButton>,
    order: Option<WireOrder>,
    reaction: Option<WireReaction>,
    location: Option<Location>,
    context: Option<Context>,
    referral: Option<WireReferral>,
    image: Option<Media>,
    video: Option<Media>,
    audio: Option<Media>,
    document: Option<Media>,
    sticker: Option<Media>,
}

#[derive(Deserialize)]
struct Text {
    body: String,
}

#[derive(Deserialize)]
struct Interactive {
    #[serde(rename = "type")]
    kind: String,
    button_reply: Option<Reply>,
    list_reply: Option<Reply>,
}

#[derive(Deserialize)]
struct Reply {
    id: String,
    title: Option<String>,
}

/// A tap on a template's quick-reply button.
#[derive(Deserialize)]
struct TemplateButton {
    text: Option<String>,
    payload: Option<String>,
}

#[derive(Deserialize)]
struct WireOrder {
    catalog_id: Option<String>,
    text: Option<String>,
    #[serde(default)]
    product_items: Vec<WireOrderItem>,
}

#[derive(Deserialize)]
struct WireOrderItem {
    product_retailer_id: String,
    quantity: Value,
    item_price: Value,
    currency: String,
}

#[derive(Deserialize)]
struct WireReaction {
    message_id: String,
    emoji: Option<String>,
}

#[derive(Deserialize)]
struct Location {
    latitude: Option<Value>,
    longitude: Option<Value>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct Context {
    id: Option<String>,
}

#[derive(Deserialize)]
struct WireReferral {
    source_url: Option<String>,
    source_id: Option<String>,
    source_type: Option<String>,
    ctwa_clid: Option<String>,
}

#[derive(Deserialize)]
struct Media {
    id: Option<String>,
    mime_type: Option<String>,
    caption: Option<String>,
    filename: Option<String>,
}

#[derive(Deserialize)]
struct Status {
    id: String,
    status: String,
    timestamp: Value,
    recipient_id: String,
    #[serde(default)]
    errors: Vec<WireError>,
}

#[derive(Deserialize)]
struct WireError {
    code: i64,
    title: Option<String>,
    message: Option<String>,
    error_data: Option<ErrorData>,
}

#[derive(Deserialize)]
struct ErrorData {
    details: Option<String>,
}

impl From<WireError> for PlatformError {
    fn from(wire: WireError) -> Self {
        let headline = wire
            .message
            .or(wire.title)
            .unwrap_or_else(|| "unknown error".to_owned());
        let message = match wire.error_data.and_then(|d| d.details) {
            Some(details) if !headline.contains(&details) => format!("{headline}: {details}"),
            _ => headline,
        };
        PlatformError {
            code: wire.code,
            subcode: None,
            message,
        }
    }
}

pub(super) fn parse(entries: &[Value]) -> ParsedWebhook {
    let mut parsed = ParsedWebhook::default();
    for (e, raw) in entries.iter().enumerate() {
        let entry: Entry = match serde_json::from_value(raw.clone()) {
            Ok(entry) => entry,
            Err(error) => {
                parsed.skip(format!("entry[{e}]"), unreadable(error));
                continue;
            }
        };
        for (c, raw_change) in entry.changes.iter().enumerate() {
            let path = format!("entry[{e}].changes[{c}]");
            let change: Change = match serde_json::from_value(raw_change.clone()) {
                Ok(change) => change,
                Err(error) => {
                    parsed.skip(path, unreadable(error));
                    continue;
                }
            };
            match (change.field.as_deref(), change.value) {
                (Some("messages"), Some(value)) => messages_change(&path, value, &mut parsed),
                (field, _) => parsed.skip(
                    path,
                    format!(
                        "'{}' changes are not messaging events",
                        field.unwrap_or("?")
                    ),
                ),
            }
        }
    }
    parsed
}

fn messages_change(path: &str, value: ChangeValue, parsed: &mut ParsedWebhook) {
    let phone_number_id = value
        .metadata
        .and_then(|m| m.phone_number_id)
        .as_ref()
        .and_then(id_text);
    let account = match phone_number_id.as_deref().map(account_id) {
        Some(Ok(account)) => account,
        Some(Err(reason)) => return parsed.skip(path.to_owned(), reason),
        None => return parsed.skip(path.to_owned(), "no metadata.phone_number_id"),
    };
    for error in value.errors {
        let error = PlatformError::from(error);
        parsed.skip(
            format!("{path}.value.errors"),
            format!("platform error {error}"),
        );
    }
    for (m, raw) in value.messages.iter().enumerate() {
        match message(&account, &value.contacts, raw) {
            Ok(event) => parsed.events.push(event),
            Err(reason) => parsed.skip(format!("{path}.value.messages[{m}]"), reason),
        }
    }
    for (s, raw) in value.statuses.iter().enumerate() {
        match status(&account, raw) {
            Ok(event) => parsed.events.push(event),
            Err(reason) => parsed.skip(format!("{path}.value.statuses[{s}]"), reason),
        }
    }
}

fn message(
    account: &PlatformAccountId,
    contacts: &[Contact],
    raw: &Value,
) -> Result<InboundEvent, String> {
    let wire: Message = serde_json::from_value(raw.clone()).map_err(unreadable)?;
    let occurred_at = timestamp(&wire.timestamp).ok_or("no timestamp")?;
    let user = user_id(&wire.from)?;
    let id = message_id(&wire.id)?;
    let sender_name = contacts
        .iter()
        .find(|c| c.wa_id.as_deref() == Some(wire.from.as_str()))
        .or_else(|| contacts.first())
        .and_then(|c| c.profile.as_ref())
        .and_then(|p| p.name.clone());
    let event = |kind| InboundEvent {
        platform: Platform::WhatsApp,
        account_id: account.clone(),
        user_id: user.clone(),
        occurred_at,
        kind,
    };

    if wire.kind == "reaction" {
        let reaction = wire.reaction.ok_or("reaction message without reaction")?;
        // WhatsApp removes a reaction by sending an empty emoji.
        let emoji = reaction.emoji.filter(|e| !e.is_empty());
        let action = if emoji.is_some() {
            ReactionAction::React
        } else {
            ReactionAction::Unreact
        };
        return Ok(event(InboundEventKind::Reaction(Reaction {
            reaction_id: Some(id),
            message_id: message_id(&reaction.message_id)?,
            emoji,
            action,
        })));
    }

    let mut message = InboundMessage {
        message_id: Some(id),
        sender_name,
        reply_to: wire
            .context
            .and_then(|c| c.id)
            .as_deref()
            .map(message_id)
            .transpose()?,
        referral: wire.referral.map(|r| Referral {
            source: r.source_type,
            kind: None,
            ref_param: r.ctwa_clid,
            ad_id: r.source_id,
            source_url: r.source_url,
        }),
        ..InboundMessage::default()
    };
    match wire.kind.as_str() {
        "text" => message.text = Some(wire.text.ok_or("text message without text")?.body),
        "interactive" => {
            let interactive = wire
                .interactive
                .ok_or("interactive message without interactive")?;
            let reply = match interactive.kind.as_str() {
                "button_reply" => interactive.button_reply,
                "list_reply" => interactive.list_reply,
                other => return Err(format!("unsupported interactive reply '{other}'")),
            }
            .ok_or("interactive reply without its body")?;
            message.text.clone_from(&reply.title);
            message.postback = Some(Postback {
                title: reply.title,
                payload: reply.id,
            });
        }
        "button" => {
            let button = wire.button.ok_or("button message without button")?;
            let payload = button.payload.ok_or("template button without payload")?;
            message.text.clone_from(&button.text);
            message.postback = Some(Postback {
                title: button.text,
                payload,
            });
        }
        "order" => {
            let order = wire.order.ok_or("order message without order")?;
            let items = order
                .product_items
                .into_iter()
                .map(order_item)
                .collect::<Result<Vec<_>, _>>()?;
            message.text.clone_from(&order.text);
            message.order = Some(Order {
                catalog_id: order.catalog_id,
                text: order.text,
                items,
            });
        }
        "location" => {
            let location = wire.location.ok_or("location message without location")?;
            let mut attachment = Attachment::new(AttachmentKind::Location, "location");
            attachment.latitude = location.latitude.as_ref().map(Value::to_string);
            attachment.longitude = location.longitude.as_ref().map(Value::to_string);
            attachment.title = location.name;
            message.attachments.push(attachment);
        }
        kind @ ("image" | "video" | "audio" | "document" | "sticker") => {
            let (media, attachment_kind) = match kind {
                "image" => (wire.image, AttachmentKind::Image),
                "video" => (wire.video, AttachmentKind::Video),
                "audio" => (wire.audio, AttachmentKind::Audio),
                "document" => (wire.document, AttachmentKind::File),
                _ => (wire.sticker, AttachmentKind::Sticker),
            };
            let media = media.ok_or_else(|| format!("{kind} message without its media"))?;
            let mut attachment = Attachment::new(attachment_kind, kind);
            attachment.media_id = media.id;
            attachment.mime_type = media.mime_type;
            attachment.caption.clone_from(&media.caption);
            attachment.title = media.filename;
            message.text = media.caption;
            message.attachments.push(attachment);
        }
        other => return Err(format!("unsupported message type '{other}'")),
    }
    Ok(event(InboundEventKind::Message(message)))
}

fn order_item(wire: WireOrderItem) -> Result<OrderItem, String> {
    let quantity = match &wire.quantity {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
    .and_then(|q| u32::try_from(q).ok())
    .ok_or("order item quantity is not a whole number")?;
    let item_price = match &wire.item_price {
        // The number's own text: 12.5 stays "12.5", never 12.499999.
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return Err("order item price is not a number".to_owned()),
    };
    Ok(OrderItem {
        product_retailer_id: wire.product_retailer_id,
        quantity,
        item_price,
        currency: wire.currency,
    })
}

fn status(account: &PlatformAccountId, raw: &Value) -> Result<InboundEvent, String> {
    let wire: Status = serde_json::from_value(raw.clone()).map_err(unreadable)?;
    let status = match wire.status.as_str() {
        "sent" => DeliveryStatus::Sent,
        "delivered" => DeliveryStatus::Delivered,
        "read" => DeliveryStatus::Read,
        "failed" => DeliveryStatus::Failed,
        other => return Err(format!("unsupported status '{other}'")),
    };
    let error = wire.errors.into_iter().next().map(PlatformError::from);
    Ok(InboundEvent {
        platform: Platform::WhatsApp,
        account_id: account.clone(),
        user_id: user_id(&wire.recipient_id)?,
        occurred_at: timestamp(&wire.timestamp).ok_or("no timestamp")?,
        kind: InboundEventKind::Status(StatusUpdate {
            target: StatusTarget::Message {
                message_id: message_id(&wire.id)?,
            },
            status,
            error,
        }),
    })
}
