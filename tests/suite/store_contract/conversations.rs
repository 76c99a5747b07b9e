//! `ConversationRepository` and `AssistantSettingsRepository`: conversations with
//! every field kept, one open conversation per customer per channel, optimistic saves
//! that write everything or nothing, the timeline in order, settings per workspace.

use catalog::{ProductId, VariantId};
use channels::{ContactId, MessageId, Platform};
use chatdesk_tests::db::TestDatabase;
use conversation::conversations::{
    AssistantSettings, Conversation, ConversationEvent, ConversationEventKind, ConversationId,
    Dialogue, ResponseDelay,
};
use conversation::ports::{
    AssistantSettingsRepository, ConversationRepository, ConversationRepositoryError,
};
use conversation::{Language, PendingQuestion};
use handoff::{ConversationState, HandoffReason, HandoffRecord, Lifecycle, Owner};
use kernel::WorkspaceId;
use orders::CaptureSnapshot;
use orders::capture::{SnapshotLine, SnapshotProduct, SnapshotVariant};
use store::{
    ChannelRepositories, IdentityRepositories, SeaOrmAssistantSettingsRepository,
    SeaOrmConversationRepository, SeaOrmJobQueue,
};
use uuid::Uuid;

use super::channel_fixtures::{self, at};

/// The conversation adapters, and the channel fixtures that make the workspaces,
/// channels and contacts conversations point at; all over one connection.
pub struct Stores {
    pub fixtures: channel_fixtures::Stores,
    pub conversations: SeaOrmConversationRepository,
    pub settings: SeaOrmAssistantSettingsRepository,
    pub notes: store::SeaOrmNoteRepository,
}

impl Stores {
    pub async fn open(database: &TestDatabase) -> Stores {
        let db = database.connect().await;
        Stores {
            fixtures: channel_fixtures::Stores {
                identity: IdentityRepositories::sea_orm(db.clone()),
                channels: ChannelRepositories::sea_orm(db.clone()),
                jobs: SeaOrmJobQueue::new(db.clone()),
            },
            conversations: SeaOrmConversationRepository::new(db.clone()),
            notes: store::SeaOrmNoteRepository::new(db.clone()),
            settings: SeaOrmAssistantSettingsRepository::new(db),
        }
    }

    pub async fn workspace(&self, label: &str) -> WorkspaceId {
        self.fixtures.workspace(label).await
    }

    /// A customer writing on a new channel of `workspace_id`: what a conversation
    /// starts from.
    pub async fn customer(
        &self,
        workspace_id: WorkspaceId,
        platform: Platform,
        label: &str,
    ) -> Customer {
        let channel = self
            .fixtures
            .channel(workspace_id, platform, &format!("ACCOUNT-{label}"))
            .await;
        let contact_id = self
            .fixtures
            .contact(workspace_id, platform, &format!("USER-{label}"))
            .await;
        Customer {
            workspace_id,
            channel_id: channel.id,
            contact_id,
            platform,
        }
    }

    /// A new conversation with `customer`, stored with its `created` entry.
    pub(super) async fn started(&self, customer: &Customer, seconds: i64) -> Conversation {
        let conversation = customer.start(seconds);
        let created = conversation.event(ConversationEventKind::Created, at(seconds));
        self.conversations
            .create(&conversation, &[created])
            .await
            .unwrap();
        conversation
    }
}

#[derive(Clone, Copy)]
pub struct Customer {
    workspace_id: WorkspaceId,
    channel_id: channels::ChannelId,
    contact_id: ContactId,
    platform: Platform,
}

impl Customer {
    fn start(&self, seconds: i64) -> Conversation {
        Conversation::start(
            self.workspace_id,
            self.channel_id,
            self.contact_id,
            self.platform,
            at(seconds),
        )
    }
}

/// An order capture two lines in, focused on the first product.
fn capture() -> CaptureSnapshot {
    let serum = SnapshotProduct {
        product_id: ProductId::new(),
        name: "Rose Serum".to_owned(),
        offered: true,
        stock: Some(4),
        variants: vec![
            SnapshotVariant {
                id: VariantId::new(),
                name: "30 ml".to_owned(),
                offered: true,
                stock: Some(3),
            },
            SnapshotVariant {
                id: VariantId::new(),
                name: "50 ml".to_owned(),
                offered: false,
                stock: None,
            },
        ],
    };
    let cream = SnapshotProduct {
        product_id: ProductId::new(),
        name: "Night Cream".to_owned(),
        offered: true,
        stock: None,
        variants: Vec::new(),
    };
    CaptureSnapshot {
        engaged: true,
        captured: false,
        awaiting_more: true,
        lines: vec![
            SnapshotLine {
                no: 1,
                variant_id: Some(serum.variants[0].id),
                quantity: Some(2),
                product: serum.clone(),
            },
            SnapshotLine {
                no: 2,
                product: cream,
                variant_id: None,
                quantity: None,
            },
        ],
        location: Some("Milano, via Roma 1".to_owned()),
        focus: Some(serum),
        last_line: Some(2),
        loose_quantity: Some(3),
        next_line_no: 3,
    }
}

fn dialogue(focus: &CaptureSnapshot) -> Dialogue {
    Dialogue {
        language: Some(Language::Italian),
        pending: Some(PendingQuestion::Quantity),
        focus: focus
            .lines
            .iter()
            .map(|line| line.product.product_id)
            .collect(),
        unhelpful_streak: 2,
        // The customer's words are data: quotes, commas, emoji, a NUL.
        recent: vec![
            "ciao, vorrei il \"siero\" 🌹".to_owned(),
            "quanto costa?\n\t\u{0}".to_owned(),
        ],
        turns: 4,
        offered_human: true,
    }
}

/// `conversation` with every field away from its starting value.
fn filled(mut conversation: Conversation) -> Conversation {
    conversation.state = ConversationState::from_parts(
        Lifecycle::AgentHandling,
        Owner::Human,
        Some(HandoffRecord {
            reason: HandoffReason::Complaint,
            at: at(10),
        }),
        at(11),
    )
    .unwrap();
    conversation.assigned_member_id = Some(Uuid::now_v7());
    conversation.assistant_enabled = false;
    conversation.capture = capture();
    conversation.dialogue = dialogue(&conversation.capture);
    conversation.answered_through = Some(MessageId::new());
    conversation.answered_at = Some(at(9));
    conversation.last_customer_message_at = Some(at(8));
    conversation.version = 7;
    conversation.updated_at = at(12);
    conversation
}

pub async fn conversation_round_trips_every_field(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let customer = stores.customer(ws, Platform::WhatsApp, "giulia").await;
    let repo = &stores.conversations;

    let conversation = filled(customer.start(0));
    let created = conversation.event(ConversationEventKind::Created, at(0));
    repo.create(&conversation, std::slice::from_ref(&created))
        .await
        .unwrap();

    assert_eq!(
        repo.get(ws, conversation.id).await.unwrap(),
        Some(conversation.clone())
    );
    assert_eq!(
        repo.find_current(ws, customer.channel_id, customer.contact_id)
            .await
            .unwrap(),
        Some(conversation.clone())
    );
    assert_eq!(repo.events(ws, conversation.id).await.unwrap(), [created]);

    // A conversation as it starts (nothing optional set) round-trips too, on every
    // platform, the dashboard's playground included.
    for platform in Platform::ALL {
        let customer = stores
            .customer(ws, platform, &format!("fresh-{platform}"))
            .await;
        let fresh = stores.started(&customer, 1).await;
        assert_eq!(fresh.platform, platform);
        assert_eq!(fresh.state.lifecycle(), Lifecycle::Active);
        assert_eq!(repo.get(ws, fresh.id).await.unwrap(), Some(fresh.clone()));
    }
}

pub async fn one_current_conversation_per_channel_and_contact(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let customer = stores.customer(ws, Platform::Messenger, "giulia").await;
    let repo = &stores.conversations;
    let first = stores.started(&customer, 0).await;

    // A second worker handling the same first message.
    let second = customer.start(1);
    let created = second.event(ConversationEventKind::Created, at(1));
    let refused = repo.create(&second, &[created]).await;
    assert!(
        matches!(refused, Err(ConversationRepositoryError::Duplicate)),
        "{refused:?}"
    );
    assert_eq!(repo.get(ws, second.id).await.unwrap(), None);
    assert_eq!(
        repo.events(ws, second.id).await.unwrap(),
        [],
        "the refused conversation's events are not kept either"
    );
    assert_eq!(
        repo.find_current(ws, customer.channel_id, customer.contact_id)
            .await
            .unwrap(),
        Some(first)
    );

    // The same person on another channel, or another person on this one, is another
    // conversation.
    let other_channel = stores.customer(ws, Platform::Messenger, "giulia-ig").await;
    let elsewhere = Customer {
        contact_id: customer.contact_id,
        ..other_channel
    };
    stores.started(&elsewhere, 2).await;
    let someone_else = Customer {
        channel_id: customer.channel_id,
        ..other_channel
    };
    stores.started(&someone_else, 3).await;
}

pub async fn an_archived_conversation_does_not_block_a_new_one(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let customer = stores.customer(ws, Platform::Instagram, "giulia").await;
    let repo = &stores.conversations;

    let mut old = stores.started(&customer, 0).await;
    old.state.archive(at(5)).unwrap();
    old.updated_at = at(5);
    old.version = repo.save(&old, &[]).await.unwrap();
    assert_eq!(
        repo.find_current(ws, customer.channel_id, customer.contact_id)
            .await
            .unwrap(),
        None,
        "an archived conversation is not current"
    );

    let new = stores.started(&customer, 6).await;
    assert_eq!(
        repo.find_current(ws, customer.channel_id, customer.contact_id)
            .await
            .unwrap(),
        Some(new)
    );
    assert_eq!(
        repo.get(ws, old.id).await.unwrap(),
        Some(old),
        "the archived one is kept"
    );
}

pub async fn save_increments_the_version_and_a_stale_save_writes_nothing(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let customer = stores.customer(ws, Platform::WhatsApp, "giulia").await;
    let repo = &stores.conversations;
    let started = stores.started(&customer, 0).await;
    assert_eq!(started.version, 0);

    // The assistant hands off...
    let mut assistant = started.clone();
    let escalated = assistant
        .hand_off(HandoffReason::CustomerRequest, at(1))
        .unwrap();
    assistant.dialogue.turns = 1;
    assistant.answered_at = Some(at(1));
    assert_eq!(repo.save(&assistant, &[escalated]).await.unwrap(), 1);
    assistant.version = 1;
    assert_eq!(
        repo.get(ws, started.id).await.unwrap(),
        Some(assistant.clone())
    );
    let timeline = repo.events(ws, started.id).await.unwrap();

    // ...while an agent, who read version 0, takes over: refused, nothing written.
    let mut agent = started.clone();
    let joined = agent.take_over(Uuid::now_v7(), at(2)).unwrap();
    let stale = repo.save(&agent, &[joined]).await;
    assert!(
        matches!(stale, Err(ConversationRepositoryError::VersionConflict)),
        "{stale:?}"
    );
    assert_eq!(
        repo.get(ws, started.id).await.unwrap(),
        Some(assistant.clone())
    );
    assert_eq!(
        repo.events(ws, started.id).await.unwrap(),
        timeline,
        "the stale save's events are not kept"
    );

    // Read again, the agent's save goes through.
    let mut agent = repo.get(ws, started.id).await.unwrap().unwrap();
    let joined = agent.take_over(Uuid::now_v7(), at(3)).unwrap();
    assert_eq!(repo.save(&agent, &[joined]).await.unwrap(), 2);
    let stored = repo.get(ws, started.id).await.unwrap().unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(stored.state.lifecycle(), Lifecycle::AgentHandling);

    // A conversation that was never stored is not found.
    let never = customer.start(4);
    let missing = repo.save(&never, &[]).await;
    assert!(
        matches!(missing, Err(ConversationRepositoryError::NotFound)),
        "{missing:?}"
    );
}

pub async fn a_failing_write_keeps_nothing_of_it(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let customer = stores.customer(ws, Platform::Web, "visitor").await;
    let repo = &stores.conversations;

    // An entry for a conversation that does not exist fails the whole create.
    let conversation = customer.start(0);
    let stray = ConversationEvent::new(
        ws,
        ConversationId::new(),
        ConversationEventKind::Created,
        at(0),
    );
    let created = conversation.event(ConversationEventKind::Created, at(0));
    let failed = repo.create(&conversation, &[created, stray.clone()]).await;
    assert!(
        matches!(failed, Err(ConversationRepositoryError::Unexpected(_))),
        "{failed:?}"
    );
    assert_eq!(repo.get(ws, conversation.id).await.unwrap(), None);

    // The same in a save: the version stays, and so does every field.
    let started = stores.started(&customer, 1).await;
    let mut changed = started.clone();
    let resolved = changed.event(ConversationEventKind::Resolved, at(2));
    changed.state.resolve(at(2)).unwrap();
    let failed = repo.save(&changed, &[resolved, stray]).await;
    assert!(
        matches!(failed, Err(ConversationRepositoryError::Unexpected(_))),
        "{failed:?}"
    );
    assert_eq!(
        repo.get(ws, started.id).await.unwrap(),
        Some(started.clone())
    );
    assert_eq!(repo.events(ws, started.id).await.unwrap().len(), 1);
}

pub async fn events_are_appended_in_order_with_their_details(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let customer = stores.customer(ws, Platform::Messenger, "giulia").await;
    let repo = &stores.conversations;
    let mut conversation = customer.start(0);
    let mut timeline = vec![conversation.event(ConversationEventKind::Created, at(0))];
    repo.create(&conversation, &timeline).await.unwrap();

    let agent = Uuid::now_v7();
    let first_batch = vec![
        conversation
            .hand_off(HandoffReason::MedicalQuestion, at(1))
            .unwrap(),
        conversation.take_over(agent, at(2)).unwrap(),
    ];
    conversation.version = repo.save(&conversation, &first_batch).await.unwrap();
    timeline.extend(first_batch);

    // Two entries of one instant keep the order they were made in.
    let second_batch = vec![
        conversation
            .return_to_assistant(Some(agent), at(3))
            .unwrap(),
        conversation.event(
            ConversationEventKind::AssistantSwitched { enabled: false },
            at(3),
        ),
        conversation.event(
            ConversationEventKind::AssistantSwitched { enabled: true },
            at(4),
        ),
        conversation.event(ConversationEventKind::Resolved, at(5)),
        conversation.event(ConversationEventKind::Reopened, at(6)),
        conversation.event(
            ConversationEventKind::Escalated {
                reason: HandoffReason::OutsideHours,
            },
            at(7),
        ),
        conversation.event(
            ConversationEventKind::ReturnedToAssistant { member_id: None },
            at(8),
        ),
    ];
    conversation.version = repo.save(&conversation, &second_batch).await.unwrap();
    timeline.extend(second_batch);

    let stored = repo.events(ws, conversation.id).await.unwrap();
    assert_eq!(stored, timeline);
    assert_eq!(
        stored.iter().map(|e| e.kind.reason()).collect::<Vec<_>>(),
        [
            None,
            Some(HandoffReason::MedicalQuestion),
            None,
            None,
            None,
            None,
            None,
            None,
            Some(HandoffReason::OutsideHours),
            None,
        ]
    );
    assert_eq!(stored[2].kind.member_id(), Some(agent));
    assert_eq!(stored[3].kind.member_id(), Some(agent));
    assert_eq!(stored[9].kind.member_id(), None);
    assert_eq!(
        stored[4].kind,
        ConversationEventKind::AssistantSwitched { enabled: false }
    );
}

pub async fn conversations_of_one_workspace_are_invisible_from_another(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let other = stores.workspace("bob").await;
    let customer = stores.customer(ws, Platform::WhatsApp, "giulia").await;
    let repo = &stores.conversations;
    let conversation = stores.started(&customer, 0).await;

    assert_eq!(repo.get(other, conversation.id).await.unwrap(), None);
    assert_eq!(
        repo.find_current(other, customer.channel_id, customer.contact_id)
            .await
            .unwrap(),
        None
    );
    assert_eq!(repo.events(other, conversation.id).await.unwrap(), []);

    // Saving it as the other workspace's finds nothing to save.
    let mut hijacked = conversation.clone();
    hijacked.workspace_id = other;
    hijacked.assistant_enabled = false;
    let refused = repo.save(&hijacked, &[]).await;
    assert!(
        matches!(refused, Err(ConversationRepositoryError::NotFound)),
        "{refused:?}"
    );
    assert_eq!(
        repo.get(ws, conversation.id).await.unwrap(),
        Some(conversation.clone())
    );

    // Nor can a conversation of one workspace point at another's channel and contact.
    let unclaimed = stores.customer(ws, Platform::Web, "visitor").await;
    let mut crossed = unclaimed.start(1);
    crossed.workspace_id = other;
    let refused = repo.create(&crossed, &[]).await;
    assert!(
        matches!(refused, Err(ConversationRepositoryError::Unexpected(_))),
        "{refused:?}"
    );
    assert_eq!(repo.get(other, crossed.id).await.unwrap(), None);
}

/// Settings with every field away from the default.
fn custom_settings() -> AssistantSettings {
    let mut settings = AssistantSettings::default();
    settings.enabled = false;
    settings.response_delay = ResponseDelay::Natural;
    settings
        .set_trigger(HandoffReason::LowConfidence, false)
        .unwrap();
    settings
        .set_trigger(HandoffReason::OutsideHours, false)
        .unwrap();
    settings.handoff = handoff::HandoffSettings::new(
        &settings.handoff.enabled(),
        handoff::ConfidenceThresholds::default(),
        5,
    )
    .unwrap();
    settings.set_burst_window_ms(4_500).unwrap();
    settings
        .set_welcome_message(Some("Ciao! Sono l'assistente di Glow, \"qui\" per te 🌹"))
        .unwrap();
    settings
        .set_custom_instructions(Some("Never promise delivery dates.\nBe brief."))
        .unwrap();
    settings
}

pub async fn settings_are_none_until_put(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    assert_eq!(stores.settings.get(ws).await.unwrap(), None);
}

pub async fn settings_round_trip_and_put_overwrites(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let other = stores.workspace("bob").await;
    let repo = &stores.settings;

    let custom = custom_settings();
    assert_ne!(custom, AssistantSettings::default());
    repo.put(ws, &custom).await.unwrap();
    assert_eq!(repo.get(ws).await.unwrap(), Some(custom.clone()));
    let stored = repo.get(ws).await.unwrap().unwrap();
    assert!(!stored.handoff.is_enabled(HandoffReason::LowConfidence));
    assert!(stored.handoff.is_enabled(HandoffReason::OrderConfirmed));
    assert_eq!(stored.handoff.repeated_failure_limit(), 5);

    // A second put replaces everything, the cleared texts included.
    let mut back = AssistantSettings::default();
    back.set_burst_window_ms(0).unwrap();
    repo.put(ws, &back).await.unwrap();
    assert_eq!(repo.get(ws).await.unwrap(), Some(back));

    // Only with every trigger off but the one that is always on.
    let mut quiet = AssistantSettings::default();
    for reason in HandoffReason::ALL.into_iter().filter(|r| r.is_switchable()) {
        quiet.set_trigger(reason, false).unwrap();
    }
    repo.put(ws, &quiet).await.unwrap();
    assert_eq!(repo.get(ws).await.unwrap(), Some(quiet));

    assert_eq!(
        repo.get(other).await.unwrap(),
        None,
        "another workspace keeps its defaults"
    );
}
