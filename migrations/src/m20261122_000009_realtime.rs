//! The realtime replay log: every live event pushed to dashboards, kept for a day so a
//! dashboard that reconnects with `since=<id>` gets what it missed, and so replicas can
//! fan out each other's events (PostgreSQL NOTIFY carries only the id).

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, references_workspace};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RealtimeEvents::Table)
                    // Monotonic on both backends (identity on PostgreSQL, rowid on
                    // SQLite): clients resume after the last id they saw.
                    .col(big_pk_auto(RealtimeEvents::Id))
                    .col(uuid(RealtimeEvents::WorkspaceId))
                    .col(string(RealtimeEvents::Kind))
                    .col(text(RealtimeEvents::Payload))
                    .col(timestamp_with_time_zone(RealtimeEvents::At))
                    .foreign_key(&mut references_workspace(
                        RealtimeEvents::Table,
                        RealtimeEvents::WorkspaceId,
                    ))
                    .to_owned(),
            )
            .await?;
        // Replay reads one workspace's events after an id.
        index(
            manager,
            "ix_realtime_events_workspace_id",
            RealtimeEvents::Table,
            &[
                RealtimeEvents::WorkspaceId.into_iden(),
                RealtimeEvents::Id.into_iden(),
            ],
        )
        .await?;
        // Pruning deletes by age.
        index(
            manager,
            "ix_realtime_events_at",
            RealtimeEvents::Table,
            &[RealtimeEvents::At.into_iden()],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(RealtimeEvents::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum RealtimeEvents {
    Table,
    Id,
    WorkspaceId,
    Kind,
    Payload,
    At,
}
