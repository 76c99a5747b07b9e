//! `MessageRepository`: messages in both directions, idempotent on the platform's
//! message id and on our idempotency key, with a delivery status that only moves
//! forward.

use channels::ports::{Insertion, MessageRepositoryError};
use channels::{
    ContactId, DeliveryStatus, Direction, FailureReason, InboundMessage, MessageFailure, MessageId,
    MessageRecord, Platform, Sender,
};
use futures_util::future::join_all;
use kernel::PageRequest;

use super::channel_fixtures::*;

pub async fn received_messages_are_recorded_once(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let page = stores.channel(ws, Platform::Messenger, "PAGE1").await;
    let other_page = stores.channel(ws, Platform::Messenger, "PAGE2").await;
    let sara = stores.contact(ws, Platform::Messenger, "PSID-1").await;
    let repo = &stores.channels.messages;

    let hello = received(&page, sara, text_message("mid.1", "hello 👋"), at(0));
    assert_eq!(
        repo.record_received(&hello).await.unwrap(),
        Insertion::Inserted
    );
    assert_eq!(repo.get(ws, hello.id).await.unwrap(), Some(hello.clone()));
    assert_eq!(
        repo.find_by_platform_id(page.id, &message_id("mid.1"))
            .await
            .unwrap(),
        Some(hello.clone())
    );
    // The job ran twice: the second row is never written.
    let twice = received(&page, sara, text_message("mid.1", "hello 👋"), at(0));
    assert_eq!(
        repo.record_received(&twice).await.unwrap(),
        Insertion::AlreadyExists(hello.id)
    );
    assert_eq!(repo.get(ws, twice.id).await.unwrap(), None);
    // Platform ids are unique per channel only.
    let elsewhere = received(&other_page, sara, text_message("mid.1", "hi"), at(0));
    assert_eq!(
        repo.record_received(&elsewhere).await.unwrap(),
        Insertion::Inserted
    );
    assert_eq!(
        repo.find_by_platform_id(page.id, &message_id("mid.404"))
            .await
            .unwrap(),
        None
    );

    // Messages without a platform id (an old postback) are each their own.
    let tap = InboundMessage {
        postback: Some(channels::Postback {
            title: None,
            payload: "BUY".to_owned(),
        }),
        ..InboundMessage::default()
    };
    let mut taps = Vec::new();
    for _ in 0..2 {
        let row = received(&page, sara, tap.clone(), at(1));
        assert_eq!(
            repo.record_received(&row).await.unwrap(),
            Insertion::Inserted
        );
        taps.push(row);
    }
    // The very same record presented again is the message that exists.
    for row in [&hello, &taps[0]] {
        assert_eq!(
            repo.record_received(row).await.unwrap(),
            Insertion::AlreadyExists(row.id)
        );
    }

    // Our own send, marked sent with its id: its echo is the same message.
    let reply = outbound(&page, sara, "reply:1", "Hi Sara!", 2);
    repo.enqueue_outbound(&reply, &send_job(&reply))
        .await
        .unwrap();
    repo.mark_sent(ws, reply.id, Some(&message_id("mid.ours")), at(3))
        .await
        .unwrap();
    let its_echo = echo(&page, sara, "mid.ours", "Hi Sara!", "our-app");
    assert_eq!(its_echo.direction, Direction::Outbound);
    assert_eq!(
        repo.record_received(&its_echo).await.unwrap(),
        Insertion::AlreadyExists(reply.id)
    );
    // A person answering in Meta's inbox is recorded, as outbound and already sent.
    let typed = echo(&page, sara, "mid.inbox", "Ciao!", "meta-inbox");
    assert_eq!(
        repo.record_received(&typed).await.unwrap(),
        Insertion::Inserted
    );
    let stored = repo.get(ws, typed.id).await.unwrap().unwrap();
    assert_eq!(
        (stored.sender, stored.status),
        (Sender::PlatformInbox, Some(DeliveryStatus::Sent))
    );
    assert_eq!(stored, typed);
}

pub async fn enqueue_outbound_is_idempotent_and_writes_its_job(stores: &Stores) {
    let ana = stores.workspace("ana").await;
    let bea = stores.workspace("bea").await;
    let page = stores.channel(ana, Platform::Messenger, "PAGE1").await;
    let sara = stores.contact(ana, Platform::Messenger, "PSID-1").await;
    let repo = &stores.channels.messages;

    let reply = outbound(&page, sara, "reply:evt-1", "Our serum is €45.", 0);
    assert_eq!(
        repo.enqueue_outbound(&reply, &send_job(&reply))
            .await
            .unwrap(),
        Insertion::Inserted
    );
    assert_eq!(repo.get(ana, reply.id).await.unwrap(), Some(reply.clone()));
    assert_eq!(stores.send_jobs().await, vec![reply.id]);

    // The same reply composed again (the job ran twice): nothing written, no job.
    let again = outbound(&page, sara, "reply:evt-1", "Our serum is €45.", 1);
    assert_eq!(
        repo.enqueue_outbound(&again, &send_job(&again))
            .await
            .unwrap(),
        Insertion::AlreadyExists(reply.id)
    );
    assert_eq!(repo.get(ana, again.id).await.unwrap(), None);
    assert_eq!(
        repo.enqueue_outbound(&reply, &send_job(&reply))
            .await
            .unwrap(),
        Insertion::AlreadyExists(reply.id)
    );
    assert_eq!(stores.send_jobs().await, Vec::new());

    // Five workers composing the same reply at once: one message, one job.
    let racing: Vec<MessageRecord> = (0..5)
        .map(|i| outbound(&page, sara, "reply:evt-2", "Size M is in stock.", i))
        .collect();
    let results = join_all(
        racing
            .iter()
            .map(|m| async move { repo.enqueue_outbound(m, &send_job(m)).await }),
    )
    .await;
    let outcomes: Vec<Insertion> = results.into_iter().map(Result::unwrap).collect();
    let winners: Vec<MessageId> = racing
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| **o == Insertion::Inserted)
        .map(|(m, _)| m.id)
        .collect();
    assert_eq!(winners.len(), 1, "{outcomes:?}");
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, Insertion::Inserted)
                || *o == Insertion::AlreadyExists(winners[0])),
        "{outcomes:?}"
    );
    assert_eq!(stores.send_jobs().await, winners);

    // Keys are unique per workspace.
    let bea_page = stores.channel(bea, Platform::Messenger, "PAGE9").await;
    let bea_contact = stores.contact(bea, Platform::Messenger, "PSID-1").await;
    let theirs = outbound(&bea_page, bea_contact, "reply:evt-1", "Hello", 0);
    assert_eq!(
        repo.enqueue_outbound(&theirs, &send_job(&theirs))
            .await
            .unwrap(),
        Insertion::Inserted
    );
}

pub async fn status_only_moves_forward(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let page = stores.channel(ws, Platform::WhatsApp, "PHONE1").await;
    let sara = stores.contact(ws, Platform::WhatsApp, "393331234567").await;
    let repo = &stores.channels.messages;
    let status = |m: Option<MessageRecord>| m.and_then(|m| m.status);

    let reply = outbound(&page, sara, "reply:1", "Hello!", 0);
    repo.enqueue_outbound(&reply, &send_job(&reply))
        .await
        .unwrap();
    repo.mark_sent(ws, reply.id, Some(&message_id("wamid.1")), at(1))
        .await
        .unwrap();
    let sent = repo.get(ws, reply.id).await.unwrap().unwrap();
    assert_eq!(
        MessageRecord {
            status: Some(DeliveryStatus::Sent),
            platform_message_id: Some(message_id("wamid.1")),
            occurred_at: Some(at(1)),
            updated_at: at(1),
            ..reply.clone()
        },
        sent
    );
    for (next, moves) in [
        (DeliveryStatus::Delivered, true),
        (DeliveryStatus::Delivered, false),
        (DeliveryStatus::Read, true),
        (DeliveryStatus::Delivered, false),
        (DeliveryStatus::Failed, false),
        (DeliveryStatus::Sent, false),
    ] {
        assert_eq!(
            repo.advance_status(ws, reply.id, next, None, at(2))
                .await
                .unwrap(),
            moves,
            "{next:?}"
        );
    }
    assert_eq!(
        status(repo.get(ws, reply.id).await.unwrap()),
        Some(DeliveryStatus::Read)
    );

    // A failure is stored with `Failed`, and a later receipt proves it arrived.
    let failing = outbound(&page, sara, "reply:2", "Are you there?", 3);
    repo.enqueue_outbound(&failing, &send_job(&failing))
        .await
        .unwrap();
    let failure = MessageFailure {
        code: "outside_window".to_owned(),
        reason: FailureReason {
            code: Some(131_047),
            subcode: Some(2_494_010),
            message: "Re-engagement message".to_owned(),
        },
    };
    assert!(
        repo.advance_status(
            ws,
            failing.id,
            DeliveryStatus::Failed,
            Some(&failure),
            at(4)
        )
        .await
        .unwrap()
    );
    let failed = repo.get(ws, failing.id).await.unwrap().unwrap();
    assert_eq!(
        (failed.status, failed.failure.as_ref(), failed.updated_at),
        (Some(DeliveryStatus::Failed), Some(&failure), at(4))
    );
    assert!(
        !repo
            .advance_status(ws, failing.id, DeliveryStatus::Sent, None, at(5))
            .await
            .unwrap()
    );
    assert!(
        repo.advance_status(ws, failing.id, DeliveryStatus::Read, Some(&failure), at(6))
            .await
            .unwrap()
    );
    let read = repo.get(ws, failing.id).await.unwrap().unwrap();
    assert_eq!(
        (read.status, read.failure),
        (Some(DeliveryStatus::Read), None)
    );

    // A status webhook faster than the send's answer: marking sent keeps it.
    let fast = outbound(&page, sara, "reply:3", "Thanks!", 7);
    repo.enqueue_outbound(&fast, &send_job(&fast))
        .await
        .unwrap();
    repo.advance_status(ws, fast.id, DeliveryStatus::Delivered, None, at(8))
        .await
        .unwrap();
    repo.mark_sent(ws, fast.id, Some(&message_id("wamid.3")), at(9))
        .await
        .unwrap();
    let marked = repo.get(ws, fast.id).await.unwrap().unwrap();
    assert_eq!(
        (
            marked.status,
            marked.platform_message_id.clone(),
            marked.occurred_at
        ),
        (
            Some(DeliveryStatus::Delivered),
            Some(message_id("wamid.3")),
            Some(at(9))
        )
    );
    // Web widget messages have no platform id to store.
    let web = outbound(&page, sara, "reply:4", "Hi", 10);
    repo.enqueue_outbound(&web, &send_job(&web)).await.unwrap();
    repo.mark_sent(ws, web.id, None, at(11)).await.unwrap();
    let web_sent = repo.get(ws, web.id).await.unwrap().unwrap();
    assert_eq!(
        (web_sent.status, web_sent.platform_message_id),
        (Some(DeliveryStatus::Sent), None)
    );
    assert!(matches!(
        repo.mark_sent(ws, MessageId::new(), None, at(12)).await,
        Err(MessageRepositoryError::NotFound)
    ));

    // A customer's message has no status to move.
    let customer = received(&page, sara, text_message("wamid.in", "hi"), at(0));
    repo.record_received(&customer).await.unwrap();
    assert!(
        !repo
            .advance_status(ws, customer.id, DeliveryStatus::Read, None, at(13))
            .await
            .unwrap()
    );
    assert_eq!(status(repo.get(ws, customer.id).await.unwrap()), None);
}

pub async fn racing_status_webhooks_end_at_the_most_advanced(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let page = stores.channel(ws, Platform::WhatsApp, "PHONE1").await;
    let sara = stores.contact(ws, Platform::WhatsApp, "393331234567").await;
    let repo = &stores.channels.messages;
    let reply = outbound(&page, sara, "reply:1", "Hello!", 0);
    repo.enqueue_outbound(&reply, &send_job(&reply))
        .await
        .unwrap();
    repo.mark_sent(ws, reply.id, Some(&message_id("wamid.1")), at(1))
        .await
        .unwrap();
    let arrivals = [
        DeliveryStatus::Read,
        DeliveryStatus::Delivered,
        DeliveryStatus::Sent,
        DeliveryStatus::Delivered,
        DeliveryStatus::Failed,
        DeliveryStatus::Read,
    ];
    let wamid = message_id("wamid.1");
    let moved = join_all(
        arrivals
            .iter()
            .map(|s| repo.advance_status_by_platform_id(page.id, &wamid, *s, None, at(2))),
    )
    .await;
    let moves = moved.into_iter().filter(|m| *m.as_ref().unwrap()).count();
    assert!((1..=3).contains(&moves), "{moves} moves");
    assert_eq!(
        repo.get(ws, reply.id).await.unwrap().unwrap().status,
        Some(DeliveryStatus::Read)
    );
}

pub async fn status_by_platform_id_and_up_to_a_watermark(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let page = stores.channel(ws, Platform::Messenger, "PAGE1").await;
    let other_page = stores.channel(ws, Platform::Messenger, "PAGE2").await;
    let sara = stores.contact(ws, Platform::Messenger, "PSID-1").await;
    let luca = stores.contact(ws, Platform::Messenger, "PSID-2").await;
    let repo = &stores.channels.messages;

    let mut sent = Vec::new();
    for i in 0..3 {
        let reply = outbound(&page, sara, &format!("reply:{i}"), "Hi", i);
        repo.enqueue_outbound(&reply, &send_job(&reply))
            .await
            .unwrap();
        repo.mark_sent(
            ws,
            reply.id,
            Some(&message_id(&format!("mid.{i}"))),
            at(10 * (i + 1)),
        )
        .await
        .unwrap();
        sent.push(reply.id);
    }
    let pending = outbound(&page, sara, "reply:pending", "Still queued", 5);
    repo.enqueue_outbound(&pending, &send_job(&pending))
        .await
        .unwrap();
    let to_luca = outbound(&page, luca, "reply:luca", "Hi Luca", 5);
    repo.enqueue_outbound(&to_luca, &send_job(&to_luca))
        .await
        .unwrap();
    repo.mark_sent(ws, to_luca.id, Some(&message_id("mid.luca")), at(10))
        .await
        .unwrap();
    let from_sara = received(&page, sara, text_message("mid.in", "ok"), at(5));
    repo.record_received(&from_sara).await.unwrap();

    let failure = MessageFailure {
        code: "delivery_failed".to_owned(),
        reason: FailureReason::new("(131026) Message undeliverable"),
    };
    assert!(
        repo.advance_status_by_platform_id(
            page.id,
            &message_id("mid.0"),
            DeliveryStatus::Failed,
            Some(&failure),
            at(40)
        )
        .await
        .unwrap()
    );
    let failed = repo.get(ws, sent[0]).await.unwrap().unwrap();
    assert_eq!(failed.failure, Some(failure.clone()));
    assert!(
        !repo
            .advance_status_by_platform_id(
                page.id,
                &message_id("mid.unknown"),
                DeliveryStatus::Read,
                None,
                at(40)
            )
            .await
            .unwrap(),
        "a message sent outside ChatDesk"
    );
    assert!(
        !repo
            .advance_status_by_platform_id(
                other_page.id,
                &message_id("mid.1"),
                DeliveryStatus::Read,
                None,
                at(40)
            )
            .await
            .unwrap(),
        "ids are per channel"
    );

    // Delivered up to the second message's send time: the first two (the failed one
    // turns out delivered after all), not the third, the pending one or Luca's.
    assert_eq!(
        repo.advance_status_up_to(page.id, sara, at(20), DeliveryStatus::Delivered, at(41))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        repo.advance_status_up_to(page.id, sara, at(20), DeliveryStatus::Delivered, at(42))
            .await
            .unwrap(),
        0,
        "a redelivered watermark moves nothing"
    );
    assert_eq!(
        repo.advance_status_up_to(page.id, sara, at(60), DeliveryStatus::Read, at(43))
            .await
            .unwrap(),
        3
    );
    let statuses = |ids: Vec<MessageId>| async move {
        let mut found = Vec::new();
        for id in ids {
            found.push(repo.get(ws, id).await.unwrap().unwrap().status);
        }
        found
    };
    assert_eq!(
        statuses(sent.clone()).await,
        vec![Some(DeliveryStatus::Read); 3]
    );
    assert_eq!(repo.get(ws, sent[0]).await.unwrap().unwrap().failure, None);
    assert_eq!(
        statuses(vec![pending.id, to_luca.id, from_sara.id]).await,
        vec![
            Some(DeliveryStatus::Pending),
            Some(DeliveryStatus::Sent),
            None
        ]
    );
}

pub async fn an_echo_recorded_before_the_send_returned_is_folded_in(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let page = stores.channel(ws, Platform::Instagram, "IG1").await;
    let sara = stores.contact(ws, Platform::Instagram, "IGSID-1").await;
    let repo = &stores.channels.messages;
    let reply = outbound(&page, sara, "reply:1", "Hi Sara!", 0);
    repo.enqueue_outbound(&reply, &send_job(&reply))
        .await
        .unwrap();
    // The echo and a delivery receipt arrive before the Send API answers.
    let early_echo = echo(&page, sara, "mid.ours", "Hi Sara!", "our-app");
    assert_eq!(
        repo.record_received(&early_echo).await.unwrap(),
        Insertion::Inserted
    );
    assert!(
        repo.advance_status_by_platform_id(
            page.id,
            &message_id("mid.ours"),
            DeliveryStatus::Delivered,
            None,
            at(1)
        )
        .await
        .unwrap()
    );

    repo.mark_sent(ws, reply.id, Some(&message_id("mid.ours")), at(2))
        .await
        .unwrap();
    let ours = repo
        .find_by_platform_id(page.id, &message_id("mid.ours"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ours.id, reply.id);
    assert_eq!(ours.status, Some(DeliveryStatus::Delivered));
    assert_eq!(repo.get(ws, early_echo.id).await.unwrap(), None);
    let listed = repo
        .list_for_contact(ws, sara, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(listed.total, 1);

    // The id of a customer's message is never taken over.
    let from_sara = received(&page, sara, text_message("mid.theirs", "hey"), at(3));
    repo.record_received(&from_sara).await.unwrap();
    let other = outbound(&page, sara, "reply:2", "Hello?", 4);
    repo.enqueue_outbound(&other, &send_job(&other))
        .await
        .unwrap();
    assert!(matches!(
        repo.mark_sent(ws, other.id, Some(&message_id("mid.theirs")), at(5))
            .await,
        Err(MessageRepositoryError::Unexpected(_))
    ));
    assert_eq!(
        repo.get(ws, from_sara.id).await.unwrap(),
        Some(from_sara.clone())
    );
}

pub async fn conversation_is_listed_newest_first_and_the_window_reads_the_last_inbound(
    stores: &Stores,
) {
    let ws = stores.workspace("ana").await;
    let page = stores.channel(ws, Platform::Messenger, "PAGE1").await;
    let other_page = stores.channel(ws, Platform::Messenger, "PAGE2").await;
    let sara = stores.contact(ws, Platform::Messenger, "PSID-1").await;
    let luca = stores.contact(ws, Platform::Messenger, "PSID-2").await;
    let repo = &stores.channels.messages;
    assert_eq!(repo.last_inbound_at(page.id, sara).await.unwrap(), None);

    let mut written = Vec::new();
    for (i, occurred) in [(0, -300), (1, -100), (2, -200)] {
        let mut message = received(
            &page,
            sara,
            text_message(&format!("mid.{i}"), "hi"),
            at(occurred),
        );
        message.created_at = at(i);
        message.updated_at = at(i);
        repo.record_received(&message).await.unwrap();
        written.push(message);
    }
    // Our messages and echoes are not the customer writing.
    let reply = outbound(&page, sara, "reply:1", "Hello!", 3);
    repo.enqueue_outbound(&reply, &send_job(&reply))
        .await
        .unwrap();
    repo.mark_sent(ws, reply.id, Some(&message_id("mid.r")), at(4))
        .await
        .unwrap();
    written.push(repo.get(ws, reply.id).await.unwrap().unwrap());
    let mut typed = echo(&page, sara, "mid.echo", "Ciao", "meta-inbox");
    typed.occurred_at = Some(at(5));
    typed.created_at = at(5);
    repo.record_received(&typed).await.unwrap();
    written.push(typed);
    // Luca, and Sara on another channel, do not count either.
    repo.record_received(&received(&page, luca, text_message("mid.l", "yo"), at(-10)))
        .await
        .unwrap();
    let mut on_other_page = received(&other_page, sara, text_message("mid.o", "hi"), at(-10));
    on_other_page.created_at = at(10);
    repo.record_received(&on_other_page).await.unwrap();

    assert_eq!(
        repo.last_inbound_at(page.id, sara).await.unwrap(),
        Some(at(-100))
    );
    assert_eq!(
        repo.last_inbound_at(other_page.id, sara).await.unwrap(),
        Some(at(-10))
    );
    assert_eq!(
        repo.last_inbound_at(page.id, ContactId::new())
            .await
            .unwrap(),
        None
    );

    // Sara's messages on both channels, newest first, in pages that add up.
    let whole = repo
        .list_for_contact(ws, sara, PageRequest::new(1, 100).unwrap())
        .await
        .unwrap();
    assert_eq!(whole.total, 6);
    let mut expected = written.clone();
    expected.reverse();
    assert_eq!(whole.items[0], on_other_page);
    assert_eq!(&whole.items[1..], &expected[..]);
    let mut paged = Vec::new();
    for page_number in 1..=3 {
        let page = repo
            .list_for_contact(ws, sara, PageRequest::new(page_number, 2).unwrap())
            .await
            .unwrap();
        assert_eq!((page.total, page.items.len()), (6, 2));
        paged.extend(page.items);
    }
    assert_eq!(paged, whole.items);
}

pub async fn messages_of_one_workspace_are_invisible_from_another(stores: &Stores) {
    let ana = stores.workspace("ana").await;
    let bea = stores.workspace("bea").await;
    let page = stores.channel(ana, Platform::Messenger, "PAGE1").await;
    let sara = stores.contact(ana, Platform::Messenger, "PSID-1").await;
    let repo = &stores.channels.messages;
    let reply = outbound(&page, sara, "reply:1", "Hello!", 0);
    repo.enqueue_outbound(&reply, &send_job(&reply))
        .await
        .unwrap();

    assert_eq!(repo.get(bea, reply.id).await.unwrap(), None);
    let listed = repo
        .list_for_contact(bea, sara, PageRequest::default())
        .await
        .unwrap();
    assert_eq!((listed.total, listed.items.len()), (0, 0));
    assert!(matches!(
        repo.mark_sent(bea, reply.id, Some(&message_id("mid.1")), at(1))
            .await,
        Err(MessageRepositoryError::NotFound)
    ));
    assert!(
        !repo
            .advance_status(bea, reply.id, DeliveryStatus::Read, None, at(1))
            .await
            .unwrap()
    );
    assert_eq!(repo.get(ana, reply.id).await.unwrap(), Some(reply.clone()));

    // A message naming another workspace's channel or contact is refused by the
    // database itself.
    let bea_page = stores.channel(bea, Platform::Messenger, "PAGE9").await;
    let bea_contact = stores.contact(bea, Platform::Messenger, "PSID-9").await;
    let mut forged = outbound(&bea_page, bea_contact, "reply:x", "Hi", 0);
    forged.channel_id = page.id;
    assert!(matches!(
        repo.enqueue_outbound(&forged, &send_job(&forged)).await,
        Err(MessageRepositoryError::Unexpected(_))
    ));
    let mut forged = received(&bea_page, sara, text_message("mid.x", "hi"), at(0));
    forged.workspace_id = bea;
    assert!(matches!(
        repo.record_received(&forged).await,
        Err(MessageRepositoryError::Unexpected(_))
    ));
    assert_eq!(stores.send_jobs().await, vec![reply.id]);
}
