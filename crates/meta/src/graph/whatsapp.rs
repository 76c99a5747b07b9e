//! WhatsApp Cloud API bodies (`POST /{phone-number-id}/messages`).

use channels::{ButtonAction, OutboundContent};
use serde_json::{Value, json};

pub(crate) fn send_body(to: &str, content: &OutboundContent) -> Value {
    let mut body = json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
    });
    let (kind, payload) = message(content);
    body["type"] = json!(kind);
    body[kind] = payload;
    body
}

/// Marks a received message (and those before it) read; with `typing`, also shows the
/// typing indicator until we answer or 25 seconds pass.
pub(crate) fn read_body(message_id: &str, typing: bool) -> Value {
    let mut body = json!({
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": message_id,
    });
    if typing {
        body["typing_indicator"] = json!({ "type": "text" });
    }
    body
}

fn message(content: &OutboundContent) -> (&'static str, Value) {
    match content {
        // Validation refused quick replies for WhatsApp; only the text goes.
        OutboundContent::Text { text, .. } => {
            ("text", json!({ "preview_url": false, "body": text }))
        }
        OutboundContent::Buttons { text, buttons } => (
            "interactive",
            json!({
                "type": "button",
                "body": { "text": text },
                "action": {
                    "buttons": buttons.iter().map(|b| {
                        let id = match &b.action {
                            ButtonAction::Postback { payload } => payload.as_str(),
                            // Refused by validation: WhatsApp has reply buttons only.
                            ButtonAction::Url { url } => url.as_str(),
                        };
                        json!({ "type": "reply", "reply": { "id": id, "title": b.title } })
                    }).collect::<Vec<_>>(),
                }
            }),
        ),
        OutboundContent::List {
            header,
            body,
            footer,
            button_label,
            sections,
        } => {
            let mut interactive = json!({
                "type": "list",
                "body": { "text": body },
                "action": {
                    "button": button_label,
                    "sections": sections.iter().map(|s| {
                        let mut section = json!({
                            "rows": s.rows.iter().map(|r| {
                                let mut row = json!({ "id": r.id, "title": r.title });
                                if let Some(description) = &r.description {
                                    row["description"] = json!(description);
                                }
                                row
                            }).collect::<Vec<_>>(),
                        });
                        if let Some(title) = &s.title {
                            section["title"] = json!(title);
                        }
                        section
                    }).collect::<Vec<_>>(),
                }
            });
            if let Some(header) = header {
                interactive["header"] = json!({ "type": "text", "text": header });
            }
            if let Some(footer) = footer {
                interactive["footer"] = json!({ "text": footer });
            }
            ("interactive", interactive)
        }
        OutboundContent::Image { url, caption } => {
            let mut image = json!({ "link": url });
            if let Some(caption) = caption {
                image["caption"] = json!(caption);
            }
            ("image", image)
        }
        OutboundContent::Template {
            name,
            language,
            body_parameters,
        } => {
            let mut template = json!({ "name": name, "language": { "code": language } });
            if !body_parameters.is_empty() {
                template["components"] = json!([{
                    "type": "body",
                    "parameters": body_parameters
                        .iter()
                        .map(|p| json!({ "type": "text", "text": p }))
                        .collect::<Vec<_>>(),
                }]);
            }
            ("template", template)
        }
    }
}
