//! Lifecycle automation and targeted live events: each workspace's inactivity timeout
//! (a waiting conversation is abandoned after it), and the member a live event is for
//! (a `notification.created` goes to its recipient's dashboards only; `NULL` is the
//! whole workspace, what every earlier event was).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `AssistantSettings::default()`'s inactivity timeout: rows written before the
/// column existed keep the default.
const DEFAULT_INACTIVITY_TIMEOUT_MINUTES: i32 = 5;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(AssistantSettings::Table)
                    .add_column(
                        integer(AssistantSettings::InactivityTimeoutMinutes)
                            .default(DEFAULT_INACTIVITY_TIMEOUT_MINUTES),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RealtimeEvents::Table)
                    .add_column(uuid_null(RealtimeEvents::MemberId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RealtimeEvents::Table)
                    .drop_column(RealtimeEvents::MemberId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AssistantSettings::Table)
                    .drop_column(AssistantSettings::InactivityTimeoutMinutes)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum AssistantSettings {
    Table,
    InactivityTimeoutMinutes,
}

#[derive(DeriveIden, Clone, Copy)]
enum RealtimeEvents {
    Table,
    MemberId,
}
