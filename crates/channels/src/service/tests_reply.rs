//! Processing asks the responder once per customer message and turns the answer into
//! one outbound row keyed by the inbound event; blocked contacts are never answered.

use std::sync::Arc;

use super::tests::{Mocks, contact_of, stored};
use super::*;
use crate::models::fixtures::{ReversingCipher, at, page_channel, text_message};
use crate::models::*;

fn answering(text: &'static str, times: usize) -> Arc<MockResponder> {
    let mut responder = MockResponder::new();
    responder
        .expect_reply()
        .times(times)
        .returning(move |_| Ok(Some(OutboundContent::text(text))));
    Arc::new(responder)
}

fn with_message(mocks: &mut Mocks, record: &InboundRecord, contact: &Contact, inserted: Insertion) {
    let r = record.clone();
    mocks
        .inbound
        .expect_get()
        .returning(move |_, _| Ok(Some(r.clone())));
    let c = contact.clone();
    mocks
        .contacts
        .expect_find_by_platform_user()
        .returning(move |_, _, _| Ok(Some(c.clone())));
    mocks
        .messages
        .expect_record_received()
        .times(1)
        .returning(move |_| Ok(inserted));
    mocks
        .channels
        .expect_touch_last_message()
        .returning(|_, _, _| Ok(()));
}

#[tokio::test]
async fn a_customer_message_gets_one_reply_row_keyed_by_its_event() {
    let channel = page_channel();
    let contact = contact_of(&channel);
    let record = stored(&channel, text_message("mid.1", "Do you have serum? 🧴"));
    let mut mocks = Mocks::new();
    with_message(&mut mocks, &record, &contact, Insertion::Inserted);
    mocks.responder = answering("Yes, 30 ml!", 1);
    let (key, contact_id) = (format!("reply:{}", record.id), contact.id);
    mocks
        .messages
        .expect_enqueue_outbound()
        .withf(move |row, job| {
            row.idempotency_key.as_ref().map(IdempotencyKey::as_str) == Some(key.as_str())
                && row.sender == Sender::Assistant
                && row.contact_id == contact_id
                && row.status == Some(DeliveryStatus::Pending)
                && row.body == MessageBody::Composed(OutboundContent::text("Yes, 30 ml!"))
                && job.kind == SEND_MESSAGE_JOB
                && parse_send_job_payload(&job.payload) == Some(row.id)
        })
        .times(1)
        .returning(|_, _| Ok(Insertion::Inserted));
    let processed = mocks
        .service(at(1))
        .process_inbound(channel.workspace_id, record.id)
        .await
        .unwrap();
    assert!(matches!(
        processed,
        Processed::CustomerMessage {
            reply: ReplyOutcome::Queued(_),
            blocked: false,
            ..
        }
    ));
}

#[tokio::test]
async fn a_blocked_contact_is_recorded_and_never_answered() {
    let channel = page_channel();
    let mut contact = contact_of(&channel);
    contact.blocked = true;
    let record = stored(&channel, text_message("mid.1", "hello?"));
    let mut mocks = Mocks::new();
    with_message(&mut mocks, &record, &contact, Insertion::Inserted);
    mocks.responder = answering("never", 0);
    mocks.messages.expect_enqueue_outbound().times(0);
    let processed = mocks
        .service(at(1))
        .process_inbound(channel.workspace_id, record.id)
        .await
        .unwrap();
    assert!(matches!(
        processed,
        Processed::CustomerMessage {
            blocked: true,
            reply: ReplyOutcome::Blocked,
            ..
        }
    ));
}

#[tokio::test]
async fn a_rerun_asks_again_but_the_key_keeps_it_to_one_message() {
    let channel = page_channel();
    let contact = contact_of(&channel);
    let record = stored(&channel, text_message("mid.1", "hi"));
    let mut mocks = Mocks::new();
    with_message(
        &mut mocks,
        &record,
        &contact,
        Insertion::AlreadyExists(MessageId::new()),
    );
    mocks.responder = answering("Hello!", 1);
    let existing = MessageId::new();
    mocks
        .messages
        .expect_enqueue_outbound()
        .times(1)
        .returning(move |_, _| Ok(Insertion::AlreadyExists(existing)));
    let processed = mocks
        .service(at(1))
        .process_inbound(channel.workspace_id, record.id)
        .await
        .unwrap();
    assert_eq!(processed, Processed::Recorded);
}

#[tokio::test]
async fn an_answer_the_platform_cannot_take_is_not_queued() {
    let channel = page_channel();
    let contact = contact_of(&channel);
    let record = stored(&channel, text_message("mid.1", "hi"));
    let mut mocks = Mocks::new();
    with_message(&mut mocks, &record, &contact, Insertion::Inserted);
    let mut responder = MockResponder::new();
    responder.expect_reply().returning(|_| {
        Ok(Some(OutboundContent::Template {
            name: "order_update".into(),
            language: "en".into(),
            body_parameters: vec![],
        }))
    });
    mocks.responder = Arc::new(responder);
    mocks.messages.expect_enqueue_outbound().times(0);
    let processed = mocks
        .service(at(1))
        .process_inbound(channel.workspace_id, record.id)
        .await
        .unwrap();
    assert!(matches!(
        processed,
        Processed::CustomerMessage {
            reply: ReplyOutcome::Invalid(_),
            ..
        }
    ));
}

#[tokio::test]
async fn a_first_messenger_contact_gets_its_profile_from_the_platform() {
    let mut channel = page_channel();
    channel.credentials =
        Credentials::seal(&ReversingCipher, &AccessToken::parse("PAGE_TOKEN").unwrap()).unwrap();
    let record = stored(&channel, text_message("mid.1", "hi"));
    let mut mocks = Mocks::new();
    let r = record.clone();
    mocks
        .inbound
        .expect_get()
        .returning(move |_, _| Ok(Some(r.clone())));
    mocks
        .contacts
        .expect_find_by_platform_user()
        .returning(|_, _, _| Ok(None));
    let ch = channel.clone();
    mocks
        .channels
        .expect_get()
        .returning(move |_, _| Ok(Some(ch.clone())));
    mocks
        .gateway
        .expect_fetch_profile()
        .withf(|to| to.access_token.expose() == "PAGE_TOKEN" && to.user_id.as_str() == "PSID1")
        .times(1)
        .returning(|_| {
            Ok(ContactProfile {
                display_name: DisplayName::parse("Linh Trần").ok(),
                ..ContactProfile::default()
            })
        });
    let contact = contact_of(&channel);
    mocks
        .contacts
        .expect_upsert()
        .withf(|upsert, _| {
            upsert
                .profile
                .display_name
                .as_ref()
                .map(DisplayName::as_str)
                == Some("Linh Trần")
        })
        .times(1)
        .returning(move |_, _| Ok(contact.clone()));
    mocks
        .messages
        .expect_record_received()
        .returning(|_| Ok(Insertion::Inserted));
    mocks
        .channels
        .expect_touch_last_message()
        .returning(|_, _, _| Ok(()));
    let processed = mocks
        .service(at(1))
        .process_inbound(channel.workspace_id, record.id)
        .await
        .unwrap();
    assert!(matches!(
        processed,
        Processed::CustomerMessage {
            reply: ReplyOutcome::NoReply,
            ..
        }
    ));
}
