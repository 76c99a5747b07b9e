//! Channel rows the domain's constructors refuse (edited by hand, or left by a bad
//! migration) surface as `Unexpected`, never as a panic or a half-valid value.

use channels::ports::{
    ContactRepository, ContactRepositoryError, InboundEventRepository, InboundEventRepositoryError,
    MessageRepository, MessageRepositoryError,
};
use channels::{ContactId, InboundEventId, MessageId};
use kernel::WorkspaceId;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use uuid::Uuid;

use super::{SeaOrmContactRepository, SeaOrmInboundEventRepository, SeaOrmMessageRepository};
use crate::entities::{channels as channel_rows, contacts, inbound_events, messages, workspaces};

/// A migrated SQLite file with one workspace, one channel and one contact in it.
struct Fixture {
    db: DatabaseConnection,
    workspace: Uuid,
    channel: Uuid,
    contact: Uuid,
}

async fn database(root: &tempfile::TempDir) -> Fixture {
    let db = crate::connect(&format!("sqlite:{}/chatdesk.db", root.path().display()))
        .await
        .unwrap();
    crate::migrate(&db).await.unwrap();
    let workspace = Uuid::now_v7();
    let now = chrono::Utc::now();
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
    contacts::Entity::insert(contact_row(contact, workspace, "en_US"))
        .exec_without_returning(&db)
        .await
        .unwrap();
    Fixture {
        db,
        workspace,
        channel,
        contact,
    }
}

fn contact_row(id: Uuid, workspace: Uuid, locale: &str) -> contacts::ActiveModel {
    let now = chrono::Utc::now();
    contacts::ActiveModel {
        id: Set(id),
        workspace_id: Set(workspace),
        platform: Set("messenger".to_owned()),
        platform_user_id: Set(format!("PSID-{id}")),
        display_name: Set(Some("Giulia".to_owned())),
        name_key: Set(Some("giulia".to_owned())),
        avatar_url: Set(None),
        locale: Set(Some(locale.to_owned())),
        blocked: Set(false),
        consent: Set("unknown".to_owned()),
        consent_at: Set(None),
        notes: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

#[tokio::test]
async fn a_contact_with_a_malformed_locale_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let f = database(&root).await;
    let id = Uuid::now_v7();
    contacts::Entity::insert(contact_row(id, f.workspace, "english"))
        .exec_without_returning(&f.db)
        .await
        .unwrap();
    let found = SeaOrmContactRepository::new(f.db)
        .get(
            WorkspaceId::from_uuid(f.workspace),
            ContactId::from_uuid(id),
        )
        .await;
    assert!(
        matches!(&found, Err(ContactRepositoryError::Unexpected(m)) if m.contains("contact locale")),
        "{found:?}"
    );
}

#[tokio::test]
async fn an_event_naming_an_invalid_platform_id_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let f = database(&root).await;
    let id = Uuid::now_v7();
    inbound_events::Entity::insert(inbound_events::ActiveModel {
        id: Set(id),
        workspace_id: Set(f.workspace),
        channel_id: Set(f.channel),
        dedup_key: Set("msg:m1".to_owned()),
        // A user id with a space: the platform id types refuse it on the way in.
        event: Set(serde_json::json!({
            "platform": "messenger",
            "account_id": "PAGE1",
            "user_id": "PS ID",
            "occurred_at": "2026-01-01T00:00:00Z",
            "kind": {"type": "reaction", "reaction_id": null, "message_id": "m1",
                     "emoji": null, "action": "react"}
        })),
        received_at: Set(chrono::Utc::now()),
        processed_at: Set(None),
    })
    .exec_without_returning(&f.db)
    .await
    .unwrap();
    let found = SeaOrmInboundEventRepository::new(f.db)
        .get(
            WorkspaceId::from_uuid(f.workspace),
            InboundEventId::from_uuid(id),
        )
        .await;
    assert!(
        matches!(&found, Err(InboundEventRepositoryError::Unexpected(m)) if m.contains("inbound event")),
        "{found:?}"
    );
}

#[tokio::test]
async fn a_message_whose_rank_disagrees_with_its_status_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let f = database(&root).await;
    let id = Uuid::now_v7();
    let now = chrono::Utc::now();
    messages::Entity::insert(messages::ActiveModel {
        id: Set(id),
        workspace_id: Set(f.workspace),
        channel_id: Set(f.channel),
        contact_id: Set(f.contact),
        direction: Set("outbound".to_owned()),
        sender_kind: Set("assistant".to_owned()),
        sender_member_id: Set(None),
        body: Set(serde_json::json!({"composed": {"type": "text", "text": "Hi"}})),
        platform_message_id: Set(None),
        idempotency_key: Set(Some("reply:1".to_owned())),
        status: Set(Some("read".to_owned())),
        // `read` is rank 4: a rank of 0 would let a late `sent` move it back.
        status_rank: Set(Some(0)),
        failure_code: Set(None),
        failure_message: Set(None),
        failure_platform_code: Set(None),
        failure_platform_subcode: Set(None),
        occurred_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&f.db)
    .await
    .unwrap();
    let found = SeaOrmMessageRepository::new(f.db)
        .get(
            WorkspaceId::from_uuid(f.workspace),
            MessageId::from_uuid(id),
        )
        .await;
    assert!(
        matches!(&found, Err(MessageRepositoryError::Unexpected(m)) if m.contains("status rank")),
        "{found:?}"
    );
}
