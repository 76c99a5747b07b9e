//! The inbox's lifecycle sweeper over the real store, driven by a `ManualClock`:
//! waiting conversations are abandoned after the inactivity timeout, resolved ones
//! archived after 90 days, and an unanswered customer of a person-handled
//! conversation raises one `ConversationNeedsAttention` after 10 minutes.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use channels::Platform;
use chatdesk_tests::db::TestDatabase;
use chrono::Duration;
use conversation::conversations::{Conversation, ConversationEventKind};
use conversation::inbox::{InboxPorts, InboxService, LifecyclePolicy};
use conversation::ports::ConversationRepository;
use handoff::Lifecycle;
use kernel::{Clock, DomainEvent, EventBus, EventBusError, ManualClock, WorkspaceId};
use store::{SeaOrmConversationRepository, SeaOrmInboxRepository};
use uuid::Uuid;

use super::channel_fixtures::{self, at};

#[derive(Default)]
struct RecordedEvents(Mutex<Vec<DomainEvent>>);

#[async_trait]
impl EventBus for RecordedEvents {
    async fn publish(&self, event: DomainEvent) -> Result<(), EventBusError> {
        self.0.lock().unwrap().push(event);
        Ok(())
    }
}

impl RecordedEvents {
    fn attention(&self) -> Vec<Uuid> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter_map(|e| match e {
                DomainEvent::ConversationNeedsAttention {
                    conversation_id, ..
                } => Some(*conversation_id),
                _ => None,
            })
            .collect()
    }
}

async fn stored(
    fixtures: &channel_fixtures::Stores,
    conversations: &SeaOrmConversationRepository,
    workspace_id: WorkspaceId,
    label: &str,
    shape: impl FnOnce(&mut Conversation),
) -> Conversation {
    let channel = fixtures
        .channel(
            workspace_id,
            Platform::Messenger,
            &format!("ACCOUNT-{label}"),
        )
        .await;
    let contact = fixtures
        .contact(workspace_id, Platform::Messenger, &format!("USER-{label}"))
        .await;
    let mut conversation = Conversation::start(
        workspace_id,
        channel.id,
        contact,
        Platform::Messenger,
        at(0),
    );
    shape(&mut conversation);
    let created = conversation.event(ConversationEventKind::Created, at(0));
    conversations
        .create(&conversation, &[created])
        .await
        .unwrap();
    conversation
}

#[tokio::test]
async fn the_sweeper_abandons_archives_and_alerts_once() {
    let database = TestDatabase::sqlite().await;
    let db = database.connect().await;
    let fixtures = channel_fixtures::Stores::open(&database).await;
    let conversations = SeaOrmConversationRepository::new(db.clone());
    let workspace_id = fixtures.workspace("sweeper").await;
    let member = Uuid::now_v7();

    let waiting = stored(&fixtures, &conversations, workspace_id, "w", |c| {
        c.customer_wrote(at(0));
        c.state.assistant_replied(at(0)).unwrap();
    })
    .await;
    let resolved = stored(&fixtures, &conversations, workspace_id, "r", |c| {
        c.resolve(at(0)).unwrap();
    })
    .await;
    let handled = stored(&fixtures, &conversations, workspace_id, "h", |c| {
        c.take_over(member, at(0)).unwrap();
        c.customer_wrote(at(0));
    })
    .await;
    let active = stored(&fixtures, &conversations, workspace_id, "a", |c| {
        c.customer_wrote(at(0));
    })
    .await;

    let events = Arc::new(RecordedEvents::default());
    let clock = Arc::new(ManualClock::new(at(0)));
    let inbox = InboxService::new(InboxPorts {
        inbox: Arc::new(SeaOrmInboxRepository::new(db.clone())),
        conversations: Arc::new(SeaOrmConversationRepository::new(db.clone())),
        events: events.clone(),
        clock: clock.clone(),
    });
    let policy = LifecyclePolicy::default();
    let lifecycle = |c: Conversation| {
        let repository = SeaOrmConversationRepository::new(db.clone());
        async move {
            repository
                .get(c.workspace_id, c.id)
                .await
                .unwrap()
                .unwrap()
                .state
                .lifecycle()
        }
    };

    // Four minutes: nothing is due yet.
    clock.advance(Duration::minutes(4));
    let report = inbox.sweep(clock.now(), &policy).await.unwrap();
    assert_eq!(
        (report.abandoned, report.archived, report.alerted),
        (0, 0, 0)
    );
    assert_eq!(lifecycle(waiting.clone()).await, Lifecycle::Waiting);

    // Six minutes: the waiting conversation is abandoned; an active one is not.
    clock.advance(Duration::minutes(2));
    let report = inbox.sweep(clock.now(), &policy).await.unwrap();
    assert_eq!(report.abandoned, 1);
    assert_eq!(lifecycle(waiting.clone()).await, Lifecycle::Abandoned);
    assert_eq!(lifecycle(active.clone()).await, Lifecycle::Active);
    assert!(events.attention().is_empty());

    // Ten and a half minutes: the customer the agent has not answered raises one
    // alert, and the next sweep does not raise it again.
    clock.advance(Duration::seconds(270));
    let report = inbox.sweep(clock.now(), &policy).await.unwrap();
    assert_eq!(report.alerted, 1);
    assert_eq!(events.attention(), vec![handled.id.as_uuid()]);
    clock.advance(policy.sweep_every);
    inbox.sweep(clock.now(), &policy).await.unwrap();
    assert_eq!(events.attention().len(), 1, "alerted once");

    // Ninety days on: the resolved conversation is archived.
    assert_eq!(lifecycle(resolved.clone()).await, Lifecycle::Resolved);
    clock.advance(Duration::days(90));
    let report = inbox.sweep(clock.now(), &policy).await.unwrap();
    assert_eq!(report.archived, 1);
    assert_eq!(lifecycle(resolved).await, Lifecycle::Archived);
    assert_eq!(lifecycle(handled).await, Lifecycle::AgentHandling);
}
