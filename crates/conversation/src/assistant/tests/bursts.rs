//! Several messages within the burst window get one reply that reads them all.

use super::fakes::lock;
use super::world::*;
use crate::assistant::{ASSISTANT_TURN_JOB, TurnJob, TurnOutcome};
use crate::intents::Intent;

#[test]
fn the_first_messages_job_leaves_the_burst_to_the_last_one() {
    let world = World::new();
    let first = world.write("hi");
    let second = world.write("how much is the glow serum?");

    assert_eq!(world.turn(first), TurnOutcome::LeftToLaterMessage);
    assert!(world.replies().is_empty());
    assert_eq!(world.conversation().answered_through, None);

    let report = answered(world.turn(second));
    assert_eq!(report.through, second);
    assert_eq!(report.text, "hi\nhow much is the glow serum?");
    assert_eq!(report.understanding.intent(), Intent::PriceCheck);
    let replies = world.replies();
    assert_eq!(replies.len(), 1, "one reply for the burst");
    assert!(replies[0].contains("€24.90"), "{}", replies[0]);
    assert_eq!(
        lock(&world.outbox.sent)[0].key,
        format!("reply:{second}"),
        "keyed by the last message of the burst"
    );
    assert_eq!(world.conversation().answered_through, Some(second));
    // Both messages are remembered, for repeated questions later.
    assert_eq!(
        world.conversation().dialogue.recent,
        ["hi", "how much is the glow serum?"]
    );
}

#[test]
fn a_job_that_runs_after_its_burst_was_answered_does_nothing() {
    let world = World::new();
    let first = world.write("hi");
    let second = world.write("how much is the glow serum?");
    answered(world.turn(second));

    assert_eq!(world.turn(first), TurnOutcome::AlreadyAnswered);
    assert_eq!(world.replies().len(), 1);
}

#[test]
fn each_message_queues_a_job_for_its_own_burst() {
    let world = World::new();
    let first = world.write("hi");
    let second = world.write("how much is the glow serum?");

    let jobs = lock(&world.jobs.0).clone();
    assert_eq!(jobs.len(), 2);
    let conversation_id = world.conversation().id;
    let through: Vec<_> = jobs
        .iter()
        .map(|job| {
            assert_eq!(job.kind, ASSISTANT_TURN_JOB);
            let payload = TurnJob::from_payload(&job.payload).unwrap();
            assert_eq!(payload.conversation_id, conversation_id);
            payload.through
        })
        .collect();
    assert_eq!(through, [first, second]);
}

#[test]
fn the_next_burst_reads_only_the_messages_after_the_last_answer() {
    let world = World::new();
    world.say("hi");
    let report = world.say("how much is the retinol night cream?");

    assert_eq!(report.text, "how much is the retinol night cream?");
    assert_eq!(world.replies().len(), 2);
}
