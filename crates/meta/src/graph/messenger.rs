//! Messenger Platform Send API bodies (`POST /{page-id}/messages`), shared by
//! Messenger and Instagram.

use channels::{ButtonAction, OutboundContent, SendMode};
use serde_json::{Value, json};

pub(crate) fn send_body(psid: &str, content: &OutboundContent, mode: SendMode) -> Value {
    let mut body = json!({
        "recipient": { "id": psid },
        "messaging_type": "RESPONSE",
        "message": message(content),
    });
    if mode == SendMode::HumanAgent {
        // A person answering after 24 hours and within 7 days.
        body["messaging_type"] = json!("MESSAGE_TAG");
        body["tag"] = json!("HUMAN_AGENT");
    }
    body
}

pub(crate) fn sender_action_body(psid: &str, action: &str) -> Value {
    json!({ "recipient": { "id": psid }, "sender_action": action })
}

fn quick_reply(title: &str, payload: &str) -> Value {
    json!({ "content_type": "text", "title": title, "payload": payload })
}

fn message(content: &OutboundContent) -> Value {
    match content {
        OutboundContent::Text {
            text,
            quick_replies,
        } => {
            let mut message = json!({ "text": text });
            if !quick_replies.is_empty() {
                message["quick_replies"] = quick_replies
                    .iter()
                    .map(|q| quick_reply(&q.title, &q.payload))
                    .collect();
            }
            message
        }
        OutboundContent::Buttons { text, buttons } => json!({
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "button",
                    "text": text,
                    "buttons": buttons.iter().map(|b| match &b.action {
                        ButtonAction::Postback { payload } =>
                            json!({ "type": "postback", "title": b.title, "payload": payload }),
                        ButtonAction::Url { url } =>
                            json!({ "type": "web_url", "url": url, "title": b.title }),
                    }).collect::<Vec<_>>(),
                }
            }
        }),
        // The Messenger Platform retired its list template: a list goes out as the body
        // with one quick reply per row (validation kept it within 13 rows of 20 chars).
        OutboundContent::List { body, sections, .. } => json!({
            "text": body,
            "quick_replies": sections
                .iter()
                .flat_map(|s| &s.rows)
                .map(|row| quick_reply(&row.title, &row.id))
                .collect::<Vec<_>>(),
        }),
        OutboundContent::Image { url, .. } => json!({
            "attachment": {
                "type": "image",
                "payload": { "url": url, "is_reusable": true }
            }
        }),
        // Validation refuses templates outside WhatsApp; send the name as text rather
        // than fail if one ever got here.
        OutboundContent::Template { name, .. } => json!({ "text": name }),
    }
}
