//! Every fixture (shaped like Meta's documented payloads) parsed into exactly the
//! events it holds, and hostile or odd bodies handled without a panic or a loss.

// Test helpers outside #[test] functions panic on purpose: a broken fixture should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use channels::*;
use chrono::DateTime;
use meta::{
    ParsedWebhook, WebhookParseError, parse_meta_webhook, parse_webhook, parse_whatsapp_webhook,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse_ok(name: &str) -> ParsedWebhook {
    let parsed = parse_webhook(&fixture(name)).unwrap();
    assert!(parsed.skipped.is_empty(), "{name}: {:?}", parsed.skipped);
    parsed
}

fn only_event(name: &str) -> InboundEvent {
    let mut parsed = parse_ok(name);
    assert_eq!(parsed.events.len(), 1, "{name}");
    parsed.events.remove(0)
}

fn message(event: &InboundEvent) -> &InboundMessage {
    match &event.kind {
        InboundEventKind::Message(m) => m,
        other => panic!("expected a message, got {other:?}"),
    }
}

fn status(event: &InboundEvent) -> &StatusUpdate {
    match &event.kind {
        InboundEventKind::Status(s) => s,
        other => panic!("expected a status, got {other:?}"),
    }
}

fn ms(millis: i64) -> chrono::DateTime<chrono::Utc> {
    DateTime::from_timestamp_millis(millis).unwrap()
}

// ------------------------------------------------------------------------- Messenger

#[test]
fn messenger_text_message() {
    let event = only_event("meta/text_message.json");
    assert_eq!(event.platform, Platform::Messenger);
    assert_eq!(event.account_id.as_str(), "106540352242922");
    assert_eq!(event.user_id.as_str(), "6952618704783512");
    assert_eq!(event.occurred_at, ms(1_458_692_752_478));
    let m = message(&event);
    assert_eq!(
        m.message_id.as_ref().unwrap().as_str(),
        "mid.1457764197618:41d102a3e1ae206a38"
    );
    assert_eq!(m.text.as_deref(), Some("hello, world!"));
    assert!(!m.is_echo);
    assert!(event.wants_reply());
    assert_eq!(
        event.dedup_key().as_str(),
        "msg:mid.1457764197618:41d102a3e1ae206a38"
    );
}

#[test]
fn messenger_quick_reply() {
    let event = only_event("meta/quick_reply.json");
    let m = message(&event);
    assert_eq!(m.text.as_deref(), Some("Red"));
    assert_eq!(m.quick_reply_payload.as_deref(), Some("SHADE_RED"));
    assert_eq!(m.selected_payload(), Some("SHADE_RED"));
}

#[test]
fn messenger_postback_with_referral() {
    let event = only_event("meta/postback.json");
    let m = message(&event);
    assert_eq!(
        m.postback,
        Some(Postback {
            title: Some("Get Started".into()),
            payload: "GET_STARTED".into(),
        })
    );
    let referral = m.referral.as_ref().unwrap();
    assert_eq!(referral.ref_param.as_deref(), Some("spring-sale"));
    assert_eq!(referral.source.as_deref(), Some("SHORTLINK"));
    assert_eq!(referral.kind.as_deref(), Some("OPEN_THREAD"));
    assert!(
        m.message_id
            .as_ref()
            .unwrap()
            .as_str()
            .starts_with("m_AG5Hz2Uq7")
    );
    assert_eq!(event.occurred_at, ms(1_527_459_824_000));
}

#[test]
fn messenger_image_attachment() {
    let event = only_event("meta/attachment.json");
    let m = message(&event);
    assert_eq!(m.text, None);
    assert_eq!(m.attachments.len(), 1);
    assert_eq!(m.attachments[0].kind, AttachmentKind::Image);
    assert_eq!(
        m.attachments[0].url.as_deref(),
        Some("https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg")
    );
}

#[test]
fn messenger_echo_is_ours_routed_by_sender_and_not_answered() {
    let event = only_event("meta/echo.json");
    // The Page sent it: our account is the sender, the person the recipient.
    assert_eq!(event.account_id.as_str(), "106540352242922");
    assert_eq!(event.user_id.as_str(), "6952618704783512");
    let m = message(&event);
    assert!(m.is_echo);
    assert_eq!(m.app_id.as_deref(), Some("1517776481860111"));
    assert_eq!(m.text.as_deref(), Some("Yes, we ship to Hà Nội 🚚"));
    assert!(!event.wants_reply());
}

#[test]
fn messenger_read_watermark() {
    let event = only_event("meta/read.json");
    let s = status(&event);
    assert_eq!(s.status, DeliveryStatus::Read);
    assert_eq!(
        s.target,
        StatusTarget::UpTo {
            watermark: ms(1_458_668_856_253)
        }
    );
    assert_eq!(event.user_id.as_str(), "6952618704783512");
}

#[test]
fn messenger_delivery_names_each_message() {
    let event = only_event("meta/delivery.json");
    let s = status(&event);
    assert_eq!(s.status, DeliveryStatus::Delivered);
    assert_eq!(
        s.target,
        StatusTarget::Message {
            message_id: PlatformMessageId::parse("mid.1458668856218:ed81099e15d3f4f233").unwrap()
        }
    );
    assert_eq!(s.error, None);
}

#[test]
fn messenger_reaction() {
    let event = only_event("meta/reaction.json");
    let InboundEventKind::Reaction(reaction) = &event.kind else {
        panic!("{event:?}")
    };
    assert_eq!(reaction.emoji.as_deref(), Some("❤️"));
    assert_eq!(reaction.action, ReactionAction::React);
    assert_eq!(
        reaction.message_id.as_str(),
        "mid.1457764197618:41d102a3e1ae206a40"
    );
}

#[test]
fn instagram_right_to_left_text_arrives_intact() {
    let event = only_event("meta/instagram_text.json");
    assert_eq!(event.platform, Platform::Instagram);
    assert_eq!(event.account_id.as_str(), "17841405822304914");
    assert_eq!(event.user_id.as_str(), "1914116295441526");
    assert_eq!(
        message(&event).text.as_deref(),
        Some("مرحبا، هل لديكم كريم الورد؟ 🌹")
    );
}

#[test]
fn batched_entries_are_all_read_and_the_rest_reported() {
    let parsed = parse_webhook(&fixture("meta/batched.json")).unwrap();
    let mids: Vec<_> = parsed
        .events
        .iter()
        .map(|e| message(e).message_id.as_ref().unwrap().as_str().to_owned())
        .collect();
    assert_eq!(mids, ["m_batch_1", "m_batch_2", "m_batch_3"]);
    assert_eq!(parsed.events[2].account_id.as_str(), "222222222222222");
    let paths: Vec<_> = parsed.skipped.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths, ["entry[0].messaging[2]", "entry[1].changes[0]"]);
    assert!(
        parsed.skipped[0].reason.contains("optin"),
        "{:?}",
        parsed.skipped[0]
    );
    assert!(parsed.skipped[1].reason.contains("feed"));
}

// -------------------------------------------------------------------------- WhatsApp

#[test]
fn whatsapp_text() {
    let event = only_event("whatsapp/text.json");
    assert_eq!(event.platform, Platform::WhatsApp);
    assert_eq!(
        event.account_id.as_str(),
        "106540352242922",
        "routed by phone_number_id"
    );
    assert_eq!(event.user_id.as_str(), "16505551234");
    assert_eq!(event.occurred_at.timestamp(), 1_749_416_383);
    let m = message(&event);
    assert_eq!(m.text.as_deref(), Some("Does it come in another color?"));
    assert_eq!(m.sender_name.as_deref(), Some("Sheena Nelson"));
    assert_eq!(
        event.dedup_key().as_str(),
        "msg:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="
    );
}

#[test]
fn whatsapp_button_and_list_replies_are_postbacks() {
    let button = only_event("whatsapp/interactive_button_reply.json");
    let m = message(&button);
    assert_eq!(m.selected_payload(), Some("BUY_ROSE_SERUM"));
    assert_eq!(m.text.as_deref(), Some("Buy now"));
    assert_eq!(
        m.reply_to.as_ref().unwrap().as_str(),
        "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NzNDRUUxNDlBMDNBNTFBRjMA"
    );
    let list = only_event("whatsapp/interactive_list_reply.json");
    let m = message(&list);
    assert_eq!(
        m.postback,
        Some(Postback {
            title: Some("Rose serum".into()),
            payload: "product:42".into(),
        })
    );
}

#[test]
fn whatsapp_order_keeps_exact_prices() {
    let event = only_event("whatsapp/order.json");
    let order = message(&event).order.as_ref().unwrap();
    assert_eq!(order.catalog_id.as_deref(), Some("194836987003835"));
    assert_eq!(order.text.as_deref(), Some("Please deliver before Friday"));
    assert_eq!(
        order.items,
        vec![
            OrderItem {
                product_retailer_id: "rose-serum-30ml".into(),
                quantity: 2,
                item_price: "24.9".into(),
                currency: "EUR".into(),
            },
            OrderItem {
                product_retailer_id: "lip-balm".into(),
                quantity: 1,
                item_price: "8".into(),
                currency: "EUR".into(),
            },
        ]
    );
}

#[test]
fn whatsapp_image_with_caption() {
    let event = only_event("whatsapp/image.json");
    let m = message(&event);
    assert_eq!(m.text.as_deref(), Some("Do you have this one?"));
    let image = &m.attachments[0];
    assert_eq!(image.kind, AttachmentKind::Image);
    assert_eq!(image.media_id.as_deref(), Some("1003383421387256"));
    assert_eq!(image.mime_type.as_deref(), Some("image/jpeg"));
}

#[test]
fn whatsapp_reaction() {
    let event = only_event("whatsapp/reaction.json");
    let InboundEventKind::Reaction(reaction) = &event.kind else {
        panic!("{event:?}")
    };
    assert_eq!(reaction.emoji.as_deref(), Some("👍"));
    assert!(reaction.reaction_id.is_some());
    assert!(event.dedup_key().as_str().starts_with("reaction:wamid."));
}

#[test]
fn whatsapp_statuses_out_of_order_end_forward() {
    let parsed = parse_ok("whatsapp/statuses.json");
    let statuses: Vec<DeliveryStatus> = parsed.events.iter().map(|e| status(e).status).collect();
    assert_eq!(
        statuses,
        [
            DeliveryStatus::Read,
            DeliveryStatus::Sent,
            DeliveryStatus::Delivered
        ]
    );
    assert!(
        parsed
            .events
            .iter()
            .all(|e| e.user_id.as_str() == "16505551234")
    );
    // Applied in the order they came, the message ends read.
    let end = statuses.iter().fold(DeliveryStatus::Pending, |now, next| {
        now.advance(*next).unwrap_or(now)
    });
    assert_eq!(end, DeliveryStatus::Read);
}

#[test]
fn whatsapp_failed_status_carries_code_and_details() {
    let event = only_event("whatsapp/status_failed.json");
    let s = status(&event);
    assert_eq!(s.status, DeliveryStatus::Failed);
    let error = s.error.as_ref().unwrap();
    assert_eq!(error.code, 131047);
    assert!(
        error
            .message
            .starts_with("Re-engagement message: Message failed to send"),
        "{}",
        error.message
    );
    let failure = SendFailure::classify(None, Some(error), false);
    assert!(matches!(failure, SendFailure::OutsideWindow { .. }));
}

#[test]
fn the_specific_parsers_refuse_the_other_platform() {
    assert!(parse_meta_webhook(&fixture("meta/text_message.json")).is_ok());
    assert!(parse_whatsapp_webhook(&fixture("whatsapp/text.json")).is_ok());
    assert!(matches!(
        parse_meta_webhook(&fixture("whatsapp/text.json")),
        Err(WebhookParseError::WrongObject { .. })
    ));
    assert!(matches!(
        parse_whatsapp_webhook(&fixture("meta/text_message.json")),
        Err(WebhookParseError::WrongObject { .. })
    ));
}

// ------------------------------------------------------------------------ bad input

#[test]
fn bodies_that_are_not_webhooks_fail_whole() {
    for body in [
        &b""[..],
        b"not json",
        b"[1,2,3]",
        b"{\"entry\":[]}",
        b"{\"object\":42}",
    ] {
        assert!(
            matches!(parse_webhook(body), Err(WebhookParseError::Malformed(_))),
            "{:?}",
            String::from_utf8_lossy(body)
        );
    }
    assert_eq!(
        parse_webhook(br#"{"object":"user","entry":[]}"#),
        Err(WebhookParseError::UnknownObject("user".into()))
    );
}

#[test]
fn a_megabyte_of_nesting_is_refused_without_a_stack_overflow() {
    let depth = 512 * 1024;
    let mut body = String::with_capacity(depth * 2 + 64);
    body.push_str(r#"{"object":"page","entry":"#);
    body.push_str(&"[".repeat(depth));
    body.push_str(&"]".repeat(depth));
    body.push('}');
    assert!(body.len() > 1_000_000);
    assert!(matches!(
        parse_webhook(body.as_bytes()),
        Err(WebhookParseError::Malformed(_))
    ));
}

#[test]
fn oversized_bodies_are_refused_before_parsing() {
    let body = vec![b' '; meta::MAX_WEBHOOK_BODY_BYTES + 1];
    assert!(matches!(
        parse_webhook(&body),
        Err(WebhookParseError::TooLarge { .. })
    ));
}

#[test]
fn odd_items_are_reported_and_their_neighbours_kept() {
    let body = br#"{
      "object": "page",
      "entry": [
        "not an entry",
        {"id": "1", "time": 1, "messaging": [
          {"sender": {"id": "2"}, "recipient": {"id": "1"}, "timestamp": 1700000000000,
           "message": {"mid": "m_ok", "text": "\u05e9\u05dc\u05d5\u05dd \ud83d\udc4b"}},
          {"sender": {"user_ref": "ref"}, "recipient": {"id": "1"}, "timestamp": 1,
           "message": {"mid": "m_user_ref", "text": "x"}},
          {"sender": {"id": "2 3"}, "recipient": {"id": "1"}, "timestamp": 1,
           "message": {"mid": "m_bad_id", "text": "x"}},
          {"sender": {"id": "2"}, "recipient": {"id": "1"},
           "message": {"mid": "m_no_time", "text": "entry time is used"}},
          {"sender": {"id": "2"}, "recipient": {"id": "1"}, "timestamp": 1,
           "message": {"mid": 42}},
          42
        ]}
      ]
    }"#;
    let parsed = parse_webhook(body).unwrap();
    let texts: Vec<_> = parsed
        .events
        .iter()
        .map(|e| message(e).text.clone().unwrap())
        .collect();
    assert_eq!(texts, ["שלום 👋", "entry time is used"]);
    assert_eq!(parsed.events[1].occurred_at.timestamp(), 1);
    let paths: Vec<_> = parsed.skipped.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "entry[0]",
            "entry[1].messaging[1]",
            "entry[1].messaging[2]",
            "entry[1].messaging[4]",
            "entry[1].messaging[5]"
        ]
    );
}

#[test]
fn whatsapp_unknown_types_and_fields_are_reported() {
    let body = br#"{
      "object": "whatsapp_business_account",
      "entry": [{"id": "w", "changes": [
        {"field": "message_template_status_update", "value": {"event": "APPROVED"}},
        {"field": "messages", "value": {
          "metadata": {"phone_number_id": "106540352242922"},
          "messages": [
            {"from": "1", "id": "wamid.a", "timestamp": "1750000000", "type": "unsupported",
             "errors": [{"code": 131051, "title": "Message type unknown"}]},
            {"from": "1", "id": "wamid.b", "timestamp": "1750000001", "type": "text",
             "text": {"body": "still here"}}
          ],
          "statuses": [
            {"id": "wamid.c", "status": "deleted", "timestamp": "1750000002", "recipient_id": "1"}
          ]
        }},
        {"field": "messages", "value": {"messages": []}}
      ]}]
    }"#;
    let parsed = parse_webhook(body).unwrap();
    assert_eq!(parsed.events.len(), 1);
    assert_eq!(
        message(&parsed.events[0]).text.as_deref(),
        Some("still here")
    );
    assert!(parsed.events[0].wants_reply());
    let reasons: Vec<_> = parsed.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    assert!(reasons[0].contains("message_template_status_update"));
    assert!(reasons[1].contains("unsupported message type"));
    assert!(reasons[2].contains("unsupported status 'deleted'"));
    assert!(reasons[3].contains("phone_number_id"));
}

#[test]
fn every_parsed_event_round_trips_through_json_for_storage() {
    let names = [
        "meta/text_message.json",
        "meta/quick_reply.json",
        "meta/postback.json",
        "meta/attachment.json",
        "meta/echo.json",
        "meta/read.json",
        "meta/delivery.json",
        "meta/reaction.json",
        "meta/instagram_text.json",
        "meta/batched.json",
        "whatsapp/text.json",
        "whatsapp/interactive_button_reply.json",
        "whatsapp/interactive_list_reply.json",
        "whatsapp/order.json",
        "whatsapp/image.json",
        "whatsapp/reaction.json",
        "whatsapp/statuses.json",
        "whatsapp/status_failed.json",
    ];
    let mut count = 0;
    for name in names {
        for event in parse_webhook(&fixture(name)).unwrap().events {
            let stored = serde_json::to_string(&event).unwrap();
            let loaded: InboundEvent = serde_json::from_str(&stored).unwrap();
            assert_eq!(loaded, event, "{name}");
            assert_eq!(loaded.dedup_key(), event.dedup_key());
            count += 1;
        }
    }
    assert_eq!(count, 22);
    // Loading re-validates ids: a tampered row does not become an event.
    let tampered = r#"{"platform":"messenger","account_id":"1 2","user_id":"2","occurred_at":"2024-01-01T00:00:00Z","kind":{"type":"reaction","reaction_id":null,"message_id":"m","emoji":null,"action":"react"}}"#;
    assert!(serde_json::from_str::<InboundEvent>(tampered).is_err());
}
