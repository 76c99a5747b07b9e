//! `InboundEventRepository`: webhook events stored once per channel with the job that
//! processes them, all or nothing, in one transaction.

use channels::ports::{InboundEventRepositoryError, PendingInbound, Recorded};
use channels::{
    Attachment, AttachmentKind, ChannelId, DeliveryStatus, InboundEventId, InboundEventKind,
    InboundMessage, Order, OrderItem, Platform, PlatformError, Postback, Reaction, ReactionAction,
    Referral, StatusTarget, StatusUpdate,
};
use futures_util::future::join_all;

use super::channel_fixtures::*;
use super::fixtures::now;

pub async fn new_and_duplicate_events_within_and_across_batches(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let page = stores.channel(ws, Platform::Messenger, "PAGE1").await;
    let other_page = stores.channel(ws, Platform::Messenger, "PAGE2").await;
    let repo = &stores.channels.inbound;

    let hello = pending(&page, text(&page, "PSID-1", "mid.1", "hello"));
    let price = pending(&page, text(&page, "PSID-1", "mid.2", "price?"));
    // The same message again in the same POST: a new record, the same dedup key.
    let hello_again = pending(&page, text(&page, "PSID-1", "mid.1", "hello"));
    let outcomes = repo
        .record_batch(&[hello.clone(), price.clone(), hello_again.clone()])
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        vec![Recorded::New, Recorded::New, Recorded::Duplicate]
    );
    assert_eq!(
        repo.get(ws, hello.record.id).await.unwrap(),
        Some(hello.record.clone())
    );
    assert_eq!(repo.get(ws, hello_again.record.id).await.unwrap(), None);

    // A redelivery of the webhook, with one new event; the same message id on another
    // channel is another event.
    let redelivered = pending(&page, text(&page, "PSID-1", "mid.2", "price?"));
    let thanks = pending(&page, text(&page, "PSID-1", "mid.3", "thanks"));
    let elsewhere = pending(&other_page, text(&other_page, "PSID-1", "mid.1", "hello"));
    let outcomes = repo
        .record_batch(&[redelivered.clone(), thanks.clone(), elsewhere.clone()])
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        vec![Recorded::Duplicate, Recorded::New, Recorded::New]
    );
    assert_eq!(repo.get(ws, redelivered.record.id).await.unwrap(), None);
    assert_eq!(
        repo.get(ws, price.record.id).await.unwrap(),
        Some(price.record.clone())
    );

    // One job per stored event, for that event, and none for the duplicates.
    let mut expected: Vec<_> = [&hello, &price, &thanks, &elsewhere]
        .iter()
        .map(|p| (Some(ws), p.record.id))
        .collect();
    expected.sort_by_key(|(_, id)| *id);
    assert_eq!(stores.inbound_jobs().await, expected);
    assert_eq!(repo.record_batch(&[]).await.unwrap(), Vec::new());
}

pub async fn every_kind_of_event_round_trips(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let number = stores.channel(ws, Platform::WhatsApp, "PHONE1").await;
    let repo = &stores.channels.inbound;
    let mut image = Attachment::new(AttachmentKind::Image, "image");
    image.media_id = Some("1479537139650973".to_owned());
    image.mime_type = Some("image/jpeg".to_owned());
    image.caption = Some("هل هذا متوفر؟ 😍".to_owned());
    let mut location = Attachment::new(AttachmentKind::Location, "location");
    location.latitude = Some("45.4642".to_owned());
    location.longitude = Some("9.1900".to_owned());
    let kinds = [
        InboundEventKind::Message(InboundMessage {
            message_id: Some(message_id(
                "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
            )),
            text: Some("שלום! I'd like the serum 👍🏽\n\tand a \"quote\" \\ backslash".to_owned()),
            attachments: vec![image, location],
            reply_to: Some(message_id("wamid.previous")),
            sender_name: Some("Nguyễn Thị Hoa".to_owned()),
            referral: Some(Referral {
                source: Some("ad".to_owned()),
                ad_id: Some("120".to_owned()),
                ..Referral::default()
            }),
            ..InboundMessage::default()
        }),
        InboundEventKind::Message(InboundMessage {
            postback: Some(Postback {
                title: Some("Rose serum".to_owned()),
                payload: "product:42".to_owned(),
            }),
            order: Some(Order {
                catalog_id: Some("cat-1".to_owned()),
                text: None,
                items: vec![OrderItem {
                    product_retailer_id: "SKU-1".to_owned(),
                    quantity: 2,
                    item_price: "45.00".to_owned(),
                    currency: "EUR".to_owned(),
                }],
            }),
            ..InboundMessage::default()
        }),
        InboundEventKind::Reaction(Reaction {
            reaction_id: None,
            message_id: message_id("wamid.ours"),
            emoji: Some("❤️".to_owned()),
            action: ReactionAction::React,
        }),
        InboundEventKind::Status(StatusUpdate {
            target: StatusTarget::Message {
                message_id: message_id("wamid.ours"),
            },
            status: DeliveryStatus::Failed,
            error: Some(PlatformError {
                code: 131_047,
                subcode: None,
                message: "Re-engagement message".to_owned(),
            }),
        }),
        InboundEventKind::Status(StatusUpdate {
            target: StatusTarget::UpTo { watermark: at(-5) },
            status: DeliveryStatus::Read,
            error: None,
        }),
    ];
    let batch: Vec<PendingInbound> = kinds
        .into_iter()
        .map(|kind| pending(&number, event(&number, "393331234567", now(), kind)))
        .collect();
    let outcomes = repo.record_batch(&batch).await.unwrap();
    assert_eq!(outcomes, vec![Recorded::New; batch.len()]);
    for item in &batch {
        assert_eq!(
            repo.get(ws, item.record.id).await.unwrap(),
            Some(item.record.clone())
        );
    }
}

pub async fn a_failing_batch_stores_no_event_and_no_job(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let page = stores.channel(ws, Platform::Messenger, "PAGE1").await;
    let repo = &stores.channels.inbound;
    let hello = pending(&page, text(&page, "PSID-1", "mid.1", "hello"));
    // Routed to a channel that is gone by the time the batch is written.
    let mut gone = page.clone();
    gone.id = ChannelId::new();
    let orphan = pending(&gone, text(&gone, "PSID-1", "mid.2", "price?"));

    let failed = repo.record_batch(&[hello.clone(), orphan]).await;
    assert!(
        matches!(failed, Err(InboundEventRepositoryError::Unexpected(_))),
        "{failed:?}"
    );
    assert_eq!(repo.get(ws, hello.record.id).await.unwrap(), None);
    assert_eq!(stores.inbound_jobs().await, Vec::new());

    // The platform redelivers; this time it goes through.
    assert_eq!(
        repo.record_batch(std::slice::from_ref(&hello))
            .await
            .unwrap(),
        vec![Recorded::New]
    );
    assert_eq!(
        stores.inbound_jobs().await,
        vec![(Some(ws), hello.record.id)]
    );
}

/// The same webhook delivered five times at once (the platform retrying while the
/// first delivery is still being written): one event, one job.
pub async fn concurrent_deliveries_store_one_event_and_one_job(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let page = stores.channel(ws, Platform::Messenger, "PAGE1").await;
    let repo = &stores.channels.inbound;
    let first = pending(&page, text(&page, "PSID-1", "mid.1", "hello"));
    let second = pending(&page, text(&page, "PSID-1", "mid.2", "price?"));

    // The very same batch...
    let batch = vec![first.clone(), second.clone()];
    let results = join_all((0..5).map(|_| repo.record_batch(&batch))).await;
    let mut new = [0, 0];
    for outcomes in results {
        for (i, outcome) in outcomes.unwrap().into_iter().enumerate() {
            new[i] += usize::from(outcome == Recorded::New);
        }
    }
    assert_eq!(new, [1, 1]);

    // ...and five separate parses of one webhook (new record ids, in another order).
    let batches: Vec<Vec<PendingInbound>> = (0..5)
        .map(|_| {
            vec![
                pending(&page, text(&page, "PSID-1", "mid.4", "ok")),
                pending(&page, text(&page, "PSID-1", "mid.3", "size M")),
            ]
        })
        .collect();
    let results = join_all(batches.iter().map(|b| repo.record_batch(b))).await;
    let mut stored = Vec::new();
    for (batch, outcomes) in batches.iter().zip(results) {
        for (item, outcome) in batch.iter().zip(outcomes.unwrap()) {
            if outcome == Recorded::New {
                stored.push(item.record.id);
            }
        }
    }
    assert_eq!(stored.len(), 2, "{stored:?}");

    let mut expected: Vec<InboundEventId> = vec![first.record.id, second.record.id];
    expected.extend(stored);
    expected.sort();
    let jobs: Vec<InboundEventId> = stores
        .inbound_jobs()
        .await
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    assert_eq!(jobs, expected);
}

pub async fn events_of_one_workspace_are_invisible_from_another(stores: &Stores) {
    let ana = stores.workspace("ana").await;
    let bea = stores.workspace("bea").await;
    let page = stores.channel(ana, Platform::Messenger, "PAGE1").await;
    let repo = &stores.channels.inbound;
    let hello = pending(&page, text(&page, "PSID-1", "mid.1", "hello"));
    repo.record_batch(std::slice::from_ref(&hello))
        .await
        .unwrap();

    assert_eq!(repo.get(bea, hello.record.id).await.unwrap(), None);
    assert_eq!(
        repo.get(ana, hello.record.id).await.unwrap(),
        Some(hello.record.clone())
    );
    // An event claiming another workspace than its channel's is refused by the
    // database, and with it the whole batch.
    let mut forged = pending(&page, text(&page, "PSID-1", "mid.2", "hi"));
    forged.record.workspace_id = bea;
    assert!(
        repo.record_batch(std::slice::from_ref(&forged))
            .await
            .is_err()
    );
    assert_eq!(repo.get(bea, forged.record.id).await.unwrap(), None);
}

/// PostgreSQL cannot store U+0000 in text or JSON; a customer who sends one must not
/// make the webhook fail forever. Both databases store U+FFFD in its place.
pub async fn a_nul_character_is_stored_as_the_replacement_character(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let page = stores.channel(ws, Platform::Messenger, "PAGE1").await;
    let sara = stores.contact(ws, Platform::Messenger, "PSID-1").await;
    let repo = &stores.channels.inbound;
    let typed = pending(&page, text(&page, "PSID-1", "mid.1", "a\u{0}b"));
    // Without a message id, the payload is part of the dedup key.
    let tapped = pending(
        &page,
        event(
            &page,
            "PSID-1",
            now(),
            InboundEventKind::Message(InboundMessage {
                postback: Some(Postback {
                    title: None,
                    payload: "BUY\u{0}1".to_owned(),
                }),
                ..InboundMessage::default()
            }),
        ),
    );
    let outcomes = repo
        .record_batch(&[typed.clone(), tapped.clone()])
        .await
        .unwrap();
    assert_eq!(outcomes, vec![Recorded::New, Recorded::New]);
    let stored = repo.get(ws, typed.record.id).await.unwrap().unwrap();
    let InboundEventKind::Message(message) = &stored.event.kind else {
        panic!("{stored:?}")
    };
    assert_eq!(message.text.as_deref(), Some("a\u{FFFD}b"));
    assert_eq!(
        repo.record_batch(std::slice::from_ref(&tapped))
            .await
            .unwrap(),
        vec![Recorded::Duplicate],
        "a redelivery is still the same event"
    );

    let row = received(&page, sara, text_message("mid.1", "a\u{0}b"), now());
    stores
        .channels
        .messages
        .record_received(&row)
        .await
        .unwrap();
    let stored = stores
        .channels
        .messages
        .get(ws, row.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.body,
        channels::MessageBody::Received(text_message("mid.1", "a\u{FFFD}b"))
    );
}
