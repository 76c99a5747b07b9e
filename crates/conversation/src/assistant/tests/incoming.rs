//! A customer's message arrives: the conversation is found, started or reopened, and
//! the turn job is queued for when the burst window closes.

use channels::ports::{ReplyRequest, Responder};
use channels::{
    ChannelId, Consent, Contact, ContactId, InboundEventId, InboundMessage, MessageId, Platform,
    PlatformUserId,
};
use chrono::Duration;
use handoff::{Lifecycle, Owner};
use kernel::{DomainEvent, JobFailure};

use super::block_on;
use super::fakes::lock;
use super::world::*;
use crate::assistant::{ASSISTANT_TURN_JOB, TurnJob};
use crate::conversations::{ConversationEventKind, ConversationId, ResponseDelay};

#[test]
fn a_first_message_starts_the_conversation_and_queues_the_turn_after_the_burst_window() {
    let world = World::new();
    let message = world.write("hi");
    let at = world.now();

    let conversation = world.conversation();
    assert_eq!(conversation.workspace_id, world.workspace_id);
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Active);
    assert_eq!(conversation.last_customer_message_at, Some(at));
    assert_eq!(
        world
            .conversations
            .timeline(conversation.id)
            .iter()
            .map(|e| e.kind)
            .collect::<Vec<_>>(),
        [ConversationEventKind::Created]
    );

    let jobs = lock(&world.jobs.0).clone();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].kind, ASSISTANT_TURN_JOB);
    assert_eq!(jobs[0].workspace_id, Some(world.workspace_id));
    assert_eq!(jobs[0].run_at, at + Duration::seconds(2));
    assert_eq!(
        TurnJob::from_payload(&jobs[0].payload),
        Some(TurnJob {
            conversation_id: conversation.id,
            through: message
        })
    );
    assert!(lock(&world.outbox.typing).is_empty(), "instant: no typing");
    assert!(
        world
            .events
            .all()
            .contains(&DomainEvent::ConversationUpdated {
                workspace_id: world.workspace_id,
                conversation_id: conversation.id.as_uuid(),
            })
    );
}

#[test]
fn the_burst_window_setting_moves_the_job() {
    let world = World::new();
    world.configure(|s| s.set_burst_window_ms(5_000).unwrap());
    world.write("hi");
    let at = world.now();
    assert_eq!(lock(&world.jobs.0)[0].run_at, at + Duration::seconds(5));
}

#[test]
fn a_natural_delay_adds_typing_time_and_shows_the_typing_indicator() {
    let world = World::new();
    world.configure(|s| s.response_delay = ResponseDelay::Natural);
    // 10 characters: 1 s + 150 ms of "typing".
    let message = world.write("hi, hello!");
    let at = world.now();

    assert_eq!(
        lock(&world.jobs.0)[0].run_at,
        at + Duration::milliseconds(2_000 + 1_150)
    );
    assert_eq!(lock(&world.outbox.typing).as_slice(), [message]);
}

#[test]
fn a_natural_delay_is_at_most_three_seconds_more() {
    let world = World::new();
    world.configure(|s| s.response_delay = ResponseDelay::Natural);
    world.write(&"long message ".repeat(40));
    let at = world.now();
    assert_eq!(
        lock(&world.jobs.0)[0].run_at,
        at + Duration::milliseconds(2_000 + 3_000)
    );
}

#[test]
fn a_message_to_a_resolved_conversation_reopens_it() {
    let world = World::new();
    world.say("hi");
    let id = world.conversation().id;
    let now = world.now();
    world.conversations.tamper(id, |c| {
        c.state.resolve(now).unwrap();
        c.assigned_member_id = Some(uuid::Uuid::now_v7());
    });
    assert_eq!(world.conversation().state.lifecycle(), Lifecycle::Resolved);

    let message = world.write("how much is the glow serum?");
    let conversation = world.conversation();
    assert_eq!(conversation.id, id, "the same conversation, reopened");
    assert_eq!(conversation.state.lifecycle(), Lifecycle::Active);
    assert_eq!(conversation.state.owner(), Owner::Assistant);
    assert_eq!(conversation.assigned_member_id, None);
    assert_eq!(
        world.conversations.timeline(id).last().map(|e| e.kind),
        Some(ConversationEventKind::Reopened)
    );
    assert_eq!(world.conversations.all().len(), 1);

    let report = answered(world.turn(message));
    assert!(reply_text(&report).contains("€24.90"));
}

#[test]
fn a_message_after_the_conversation_was_archived_starts_a_new_one() {
    let world = World::new();
    world.say("hi");
    let old = world.conversation().id;
    let now = world.now();
    world
        .conversations
        .tamper(old, |c| c.state.archive(now).unwrap());

    world.write("hello again");
    let conversations = world.conversations.all();
    assert_eq!(conversations.len(), 2);
    let current = world.conversation();
    assert_ne!(current.id, old);
    assert_eq!(current.state.lifecycle(), Lifecycle::Active);
}

#[test]
fn the_queued_job_runs_the_turn() {
    let world = World::new();
    world.write("how much is the glow serum?");
    let job = lock(&world.jobs.0)[0].clone();
    world.clock.advance(Duration::seconds(2));

    block_on(world.service.run_turn_job(world.workspace_id, &job.payload)).unwrap();
    assert_eq!(world.replies().len(), 1);
    assert!(world.replies()[0].contains("€24.90"));
}

#[test]
fn a_job_that_can_never_run_fails_for_good() {
    let world = World::new();
    let unreadable = block_on(world.service.run_turn_job(world.workspace_id, "{nope"));
    assert!(matches!(unreadable, Err(JobFailure::Permanent(_))));

    let gone = TurnJob {
        conversation_id: ConversationId::new(),
        through: MessageId::new(),
    };
    let missing = block_on(
        world
            .service
            .run_turn_job(world.workspace_id, &gone.to_payload()),
    );
    assert!(matches!(missing, Err(JobFailure::Permanent(_))));
}

#[test]
fn the_responder_queues_the_turn_for_the_stored_message() {
    let world = World::new();
    let channel_id: ChannelId = world.channel_id;
    let contact_id: ContactId = world.contact_id;
    let inbound = InboundEventId::new();
    let request = ReplyRequest {
        workspace_id: world.workspace_id,
        channel_id,
        platform: Platform::Instagram,
        inbound_event_id: inbound,
        contact: Contact {
            id: contact_id,
            workspace_id: world.workspace_id,
            platform: Platform::Instagram,
            platform_user_id: PlatformUserId::parse("1784140000000").unwrap(),
            display_name: None,
            avatar_url: None,
            locale: None,
            blocked: false,
            consent: Consent::Unknown,
            notes: None,
            created_at: world.now(),
            updated_at: world.now(),
        },
        message: InboundMessage {
            text: Some("hello there".to_owned()),
            ..InboundMessage::default()
        },
    };

    let immediate = block_on(world.service.reply(&request)).unwrap();
    assert_eq!(immediate, None, "the assistant answers later, in its job");
    let conversation = world.conversation();
    assert_eq!(conversation.platform, Platform::Instagram);
    let jobs = lock(&world.jobs.0).clone();
    assert_eq!(jobs.len(), 1);
    assert_eq!(
        TurnJob::from_payload(&jobs[0].payload).map(|j| j.through),
        Some(MessageId::from_uuid(inbound.as_uuid())),
        "the stored message's id is the inbound event's"
    );
}

#[test]
fn a_message_recorded_while_another_writer_saves_is_recorded_on_the_fresh_copy() {
    let world = World::new();
    world.say("hi");
    let before = world.conversation();
    *lock(&world.conversations.conflicts) = 1;

    world.write("how much is the glow serum?");
    let after = world.conversation();
    assert_eq!(after.id, before.id);
    assert_eq!(after.last_customer_message_at, Some(world.now()));
    assert_eq!(
        after.version,
        before.version + 2,
        "the other save, then ours"
    );
    assert_eq!(lock(&world.jobs.0).len(), 2);
}

#[test]
fn a_message_processed_again_after_its_answer_changes_nothing() {
    let world = World::new();
    let message = world.write("hi");
    answered(world.turn(message));
    // A person resolves it.
    let mut resolved = world.conversation();
    let event = resolved.resolve(world.now()).unwrap();
    block_on(crate::ports::ConversationRepository::save(
        &*world.conversations,
        &resolved,
        &[event],
    ))
    .unwrap();
    let jobs_before = lock(&world.jobs.0).len();

    // The processing job of the same message runs again (a redelivery, a crash).
    block_on(
        world
            .service
            .customer_wrote(&crate::assistant::CustomerMessage {
                workspace_id: world.workspace_id,
                channel_id: world.channel_id,
                contact_id: world.contact_id,
                platform: Platform::WhatsApp,
                message_id: message,
                chars: 2,
                at: world.now(),
            }),
    )
    .unwrap();

    assert_eq!(world.conversation().state.lifecycle(), Lifecycle::Resolved);
    assert_eq!(
        lock(&world.jobs.0).len(),
        jobs_before,
        "no second turn queued"
    );
}
