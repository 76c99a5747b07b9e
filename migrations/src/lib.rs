//! The database schema, as an ordered list of migrations.
//!
//! Every migration is written with the schema builder (never raw SQL), so the same
//! files create the same tables on SQLite and PostgreSQL. `Migrator::up` records what
//! it applied, so running it at every start-up is a no-op once the schema is current.

use sea_orm_migration::prelude::*;

mod helpers;
mod m20261121_000001_identity;
mod m20261122_000002_catalog;
mod m20261122_000003_jobs;
mod m20261122_000004_channels;
mod m20261122_000005_knowledge;
mod m20261122_000006_orders;
mod m20261122_000007_conversations;
mod m20261122_000008_inbox;
mod m20261122_000009_realtime;
mod m20261122_000010_notifications;
mod m20261122_000011_notes;
mod m20261122_000012_lifecycle;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_identity::Migration),
            Box::new(m20261122_000002_catalog::Migration),
            Box::new(m20261122_000003_jobs::Migration),
            Box::new(m20261122_000004_channels::Migration),
            Box::new(m20261122_000005_knowledge::Migration),
            Box::new(m20261122_000006_orders::Migration),
            Box::new(m20261122_000007_conversations::Migration),
            Box::new(m20261122_000008_inbox::Migration),
            Box::new(m20261122_000009_realtime::Migration),
            Box::new(m20261122_000010_notifications::Migration),
            Box::new(m20261122_000011_notes::Migration),
            Box::new(m20261122_000012_lifecycle::Migration),
        ]
    }
}
