//! Live updates across replicas: two servers on one PostgreSQL database, an event
//! raised on the first reaches a dashboard connected to the second (NOTIFY/LISTEN),
//! once.

use chatdesk_tests::app::spawn_replicas_on_postgres;

use super::realtime::{ask_for_a_person, connect, next_envelope, next_of_type};

#[tokio::test]
async fn a_dashboard_on_one_replica_sees_what_happened_on_the_other() {
    let Some((first, second)) = spawn_replicas_on_postgres().await else {
        return;
    };
    let glow = first.register("ana@glow.it", "Glow Beauty").await;
    let mut on_second = connect(&second, &glow.access_token, None).await;
    let mut on_first = connect(&first, &glow.access_token, None).await;

    let answer = ask_for_a_person(&first, &glow, "replicas").await;
    let conversation = answer["conversation_id"].clone();
    let seen_on_first = next_of_type(&mut on_first, "conversation.escalated").await;
    let seen_on_second = next_of_type(&mut on_second, "conversation.escalated").await;
    assert_eq!(seen_on_second, seen_on_first);
    assert_eq!(seen_on_second["workspace_id"], glow.workspace_id);
    assert_eq!(seen_on_second["data"]["conversation_id"], conversation);

    // Each event arrives once: the next frame on the second replica is a later event,
    // never the same id again.
    ask_for_a_person(&first, &glow, "replicas-2").await;
    let next = next_envelope(&mut on_second).await;
    assert!(next["id"].as_i64().unwrap() > seen_on_second["id"].as_i64().unwrap());

    // And a resuming dashboard on the second replica replays from the shared log.
    let mut resumed = connect(&second, &glow.access_token, Some(0)).await;
    let replayed = next_envelope(&mut resumed).await;
    assert!(replayed["id"].as_i64().unwrap() <= seen_on_second["id"].as_i64().unwrap());
    assert_eq!(replayed["workspace_id"], glow.workspace_id);
}
