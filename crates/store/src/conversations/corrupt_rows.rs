//! Conversation rows the domain refuses (edited by hand, or left by a bad migration)
//! surface as `Unexpected`, never as a panic or a half-valid value.

use channels::{ChannelId, ContactId, Platform};
use chrono::Utc;
use conversation::conversations::{Conversation, ConversationEventKind};
use conversation::ports::{
    AssistantSettingsRepository, ConversationRepository, ConversationRepositoryError,
    SettingsRepositoryError,
};
use kernel::WorkspaceId;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{SeaOrmAssistantSettingsRepository, SeaOrmConversationRepository};
use crate::entities::{
    assistant_settings, channels as channel_rows, contacts, conversation_events, conversations,
    workspaces,
};

/// A migrated SQLite file with one conversation (and its `created` entry) stored.
struct Fixture {
    db: DatabaseConnection,
    repo: SeaOrmConversationRepository,
    conversation: Conversation,
}

async fn database(root: &tempfile::TempDir) -> Fixture {
    let db = crate::connect(&format!("sqlite:{}/chatdesk.db", root.path().display()))
        .await
        .unwrap();
    crate::migrate(&db).await.unwrap();
    let now = Utc::now();
    let workspace = Uuid::now_v7();
    workspaces::Entity::insert(workspaces::ActiveModel {
        id: Set(workspace),
        business_name: Set("Glow Beauty".to_owned()),
        business_type: Set(None),
        timezone: Set("Europe/Rome".to_owned()),
        currency: Set("EUR".to_owned()),
        brand_tone: Set("friendly".to_owned()),
        languages: Set(serde_json::json!(["en"])),
        operating_hours: Set(serde_json::json!([])),
        onboarding: Set(serde_json::json!({
            "business_details": "done", "channel": "pending", "products": "pending",
            "tone": "pending", "completed": false
        })),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&db)
    .await
    .unwrap();
    let channel = Uuid::now_v7();
    channel_rows::Entity::insert(channel_rows::ActiveModel {
        id: Set(channel),
        workspace_id: Set(workspace),
        platform: Set("messenger".to_owned()),
        account_id: Set("PAGE1".to_owned()),
        display_name: Set("Glow Beauty".to_owned()),
        credentials: Set("enc:x".to_owned()),
        status: Set("active".to_owned()),
        token_expires_at: Set(None),
        last_message_at: Set(None),
        settings: Set(serde_json::json!({})),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&db)
    .await
    .unwrap();
    let contact = Uuid::now_v7();
    contacts::Entity::insert(contacts::ActiveModel {
        id: Set(contact),
        workspace_id: Set(workspace),
        platform: Set("messenger".to_owned()),
        platform_user_id: Set("PSID-1".to_owned()),
        display_name: Set(None),
        name_key: Set(None),
        avatar_url: Set(None),
        locale: Set(None),
        blocked: Set(false),
        consent: Set("unknown".to_owned()),
        consent_at: Set(None),
        notes: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&db)
    .await
    .unwrap();
    let conversation = Conversation::start(
        WorkspaceId::from_uuid(workspace),
        ChannelId::from_uuid(channel),
        ContactId::from_uuid(contact),
        Platform::Messenger,
        now,
    );
    let repo = SeaOrmConversationRepository::new(db.clone());
    let created = conversation.event(ConversationEventKind::Created, now);
    repo.create(&conversation, &[created]).await.unwrap();
    Fixture {
        db,
        repo,
        conversation,
    }
}

impl Fixture {
    /// Overwrites one column of the stored conversation.
    async fn corrupt(&self, column: conversations::Column, value: &str) {
        conversations::Entity::update_many()
            .col_expr(column, Expr::value(value))
            .filter(conversations::Column::Id.eq(self.conversation.id.as_uuid()))
            .exec(&self.db)
            .await
            .unwrap();
    }

    async fn read(&self) -> Result<Option<Conversation>, ConversationRepositoryError> {
        self.repo
            .get(self.conversation.workspace_id, self.conversation.id)
            .await
    }
}

fn unexpected_about<T: std::fmt::Debug>(
    found: &Result<T, ConversationRepositoryError>,
    what: &str,
) -> bool {
    matches!(found, Err(ConversationRepositoryError::Unexpected(m)) if m.contains(what))
}

#[tokio::test]
async fn an_owner_the_lifecycle_contradicts_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let f = database(&root).await;
    // Escalated conversations belong to the team; the assistant must not talk.
    f.corrupt(conversations::Column::Lifecycle, "escalated")
        .await;
    let found = f.read().await;
    assert!(unexpected_about(&found, "conversation state"), "{found:?}");
}

#[tokio::test]
async fn a_dialogue_in_an_unknown_language_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let f = database(&root).await;
    f.corrupt(
        conversations::Column::Dialogue,
        "{\"language\": \"klingon\"}",
    )
    .await;
    let found = f.read().await;
    assert!(unexpected_about(&found, "dialogue"), "{found:?}");
}

#[tokio::test]
async fn an_escalation_without_its_reason_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let f = database(&root).await;
    conversation_events::Entity::update_many()
        .col_expr(conversation_events::Column::Kind, Expr::value("escalated"))
        .filter(conversation_events::Column::ConversationId.eq(f.conversation.id.as_uuid()))
        .exec(&f.db)
        .await
        .unwrap();
    let found = f
        .repo
        .events(f.conversation.workspace_id, f.conversation.id)
        .await;
    assert!(unexpected_about(&found, "without a reason"), "{found:?}");
}

#[tokio::test]
async fn settings_the_setters_refuse_are_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let f = database(&root).await;
    let settings = SeaOrmAssistantSettingsRepository::new(f.db.clone());
    let workspace = f.conversation.workspace_id;
    settings.put(workspace, &Default::default()).await.unwrap();
    assistant_settings::Entity::update_many()
        .col_expr(
            assistant_settings::Column::BurstWindowMs,
            Expr::value(60_000),
        )
        .exec(&f.db)
        .await
        .unwrap();
    let found = settings.get(workspace).await;
    assert!(
        matches!(&found, Err(SettingsRepositoryError::Unexpected(m)) if m.contains("burst window")),
        "{found:?}"
    );
    assistant_settings::Entity::update_many()
        .col_expr(assistant_settings::Column::BurstWindowMs, Expr::value(0))
        .col_expr(
            assistant_settings::Column::HandoffTriggers,
            Expr::value("complaint,moon_phase"),
        )
        .exec(&f.db)
        .await
        .unwrap();
    let found = settings.get(workspace).await;
    assert!(
        matches!(&found, Err(SettingsRepositoryError::Unexpected(m)) if m.contains("handoff triggers")),
        "{found:?}"
    );
}
