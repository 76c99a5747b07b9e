//! Rows the domain's constructors refuse (edited by hand, or left by a bad
//! migration) surface as `Unexpected`, never as a panic or a half-valid value.

use identity::UserId;
use identity::ports::{RepositoryError, UserRepository, WorkspaceRepository};
use kernel::WorkspaceId;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};

use super::{SeaOrmUserRepository, SeaOrmWorkspaceRepository};
use crate::entities::{users, workspaces};

async fn database(root: &tempfile::TempDir) -> DatabaseConnection {
    let db = crate::connect(&format!("sqlite:{}/chatdesk.db", root.path().display()))
        .await
        .unwrap();
    crate::migrate(&db).await.unwrap();
    db
}

#[tokio::test]
async fn a_user_with_a_malformed_email_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let db = database(&root).await;
    let id = uuid::Uuid::now_v7();
    users::Entity::insert(users::ActiveModel {
        id: Set(id),
        email: Set("not an email".to_owned()),
        name: Set(None),
        password_hash: Set("$argon2id$fake".to_owned()),
        email_verified_at: Set(None),
        created_at: Set(chrono::Utc::now()),
    })
    .exec_without_returning(&db)
    .await
    .unwrap();

    let found = SeaOrmUserRepository::new(db)
        .find_by_id(UserId::from_uuid(id))
        .await;
    assert!(
        matches!(&found, Err(RepositoryError::Unexpected(m)) if m.contains("user email")),
        "{found:?}"
    );
}

#[tokio::test]
async fn a_workspace_with_unparseable_hours_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let db = database(&root).await;
    let id = uuid::Uuid::now_v7();
    let now = chrono::Utc::now();
    workspaces::Entity::insert(workspaces::ActiveModel {
        id: Set(id),
        business_name: Set("Glow Beauty".to_owned()),
        business_type: Set(None),
        timezone: Set("Europe/Rome".to_owned()),
        currency: Set("EUR".to_owned()),
        brand_tone: Set("friendly".to_owned()),
        languages: Set(serde_json::json!(["en"])),
        operating_hours: Set(serde_json::json!([
            {"day": "mon", "opens": "18:00", "closes": "09:00"}
        ])),
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

    let found = SeaOrmWorkspaceRepository::new(db)
        .get(WorkspaceId::from_uuid(id))
        .await;
    assert!(
        matches!(&found, Err(RepositoryError::Unexpected(m)) if m.contains("operating hours")),
        "{found:?}"
    );
}
