//! The migrations themselves: re-running them is a no-op, rolling them back drops
//! every table, and the schema can be rebuilt after that.

use chatdesk_tests::db::TestDatabase;
use migrations::Migrator;
use sea_orm_migration::{MigratorTrait, SchemaManager};
use store::IdentityRepositories;

use super::fixtures::*;

const TABLES: [&str; 9] = [
    "users",
    "workspaces",
    "members",
    "sessions",
    "refresh_tokens",
    "one_time_tokens",
    "invitations",
    "api_keys",
    "audit_events",
];

async fn existing_tables(manager: &SchemaManager<'_>) -> Vec<&'static str> {
    let mut found = Vec::new();
    for table in TABLES {
        if manager.has_table(table).await.unwrap() {
            found.push(table);
        }
    }
    found
}

pub async fn migrations_are_idempotent_and_reversible(database: &TestDatabase) {
    let db = database.connect().await;
    let manager = SchemaManager::new(&db);
    assert_eq!(existing_tables(&manager).await, TABLES);

    let repos = IdentityRepositories::sea_orm(db.clone());
    let account = sign_up(&repos, "ana@example.com").await;
    // A second start-up migrates nothing and keeps the data.
    store::migrate(&db).await.unwrap();
    assert!(
        repos
            .users
            .find_by_id(account.user.id)
            .await
            .unwrap()
            .is_some()
    );

    Migrator::down(&db, None).await.unwrap();
    assert_eq!(existing_tables(&manager).await, Vec::<&str>::new());

    store::migrate(&db).await.unwrap();
    assert_eq!(existing_tables(&manager).await, TABLES);
    assert!(
        repos
            .users
            .find_by_id(account.user.id)
            .await
            .unwrap()
            .is_none()
    );
}

/// Replicas start together: both run the start-up migration on an empty database at
/// once, and both must come up (on PostgreSQL an advisory lock serialises them).
pub async fn replicas_migrating_at_once_all_come_up(database: &TestDatabase) {
    let first = store::connect(&database.url).await.unwrap();
    let second = store::connect(&database.url).await.unwrap();
    let (a, b) = tokio::join!(store::migrate(&first), store::migrate(&second));
    a.unwrap();
    b.unwrap();
    assert_eq!(existing_tables(&SchemaManager::new(&first)).await, TABLES);
}
