//! Notifications: each member's feed, their preferences, the deliveries on their way
//! out (email, WhatsApp) and the messages gathering into "new message" summaries.
//!
//! A notification and its deliveries are written in one transaction and a delivery row
//! stays until it is sent or abandoned, so a crash between raising and sending loses
//! nothing.

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
                    .table(Notifications::Table)
                    .col(uuid(Notifications::Id).primary_key())
                    .col(uuid(Notifications::WorkspaceId))
                    .col(uuid(Notifications::MemberId))
                    .col(string(Notifications::Kind))
                    .col(text(Notifications::Title))
                    .col(text(Notifications::Body))
                    .col(text_null(Notifications::Link))
                    .col(uuid_null(Notifications::SubjectId))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone(Notifications::VisibleAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .foreign_key(&mut references_workspace(
                        Notifications::Table,
                        Notifications::WorkspaceId,
                    ))
                    .to_owned(),
            )
            .await?;
        // The feed: one member's notifications, newest visible first.
        index(
            manager,
            "ix_notifications_member_visible_at",
            Notifications::Table,
            &[
                Notifications::WorkspaceId.into_iden(),
                Notifications::MemberId.into_iden(),
                Notifications::VisibleAt.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(NotificationPreferences::Table)
                    .col(uuid(NotificationPreferences::WorkspaceId))
                    .col(uuid(NotificationPreferences::MemberId))
                    // JSON: [{"kind", "medium", "enabled"}], only what the member chose.
                    .col(text(NotificationPreferences::Choices))
                    .col(string_null(NotificationPreferences::WhatsappNumber))
                    .col(string_null(NotificationPreferences::QuietStart))
                    .col(string_null(NotificationPreferences::QuietEnd))
                    .col(string_null(NotificationPreferences::QuietTimezone))
                    .col(timestamp_with_time_zone(NotificationPreferences::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(NotificationPreferences::WorkspaceId)
                            .col(NotificationPreferences::MemberId),
                    )
                    .foreign_key(&mut references_workspace(
                        NotificationPreferences::Table,
                        NotificationPreferences::WorkspaceId,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(NotificationDeliveries::Table)
                    .col(uuid(NotificationDeliveries::Id).primary_key())
                    .col(uuid(NotificationDeliveries::WorkspaceId))
                    .col(uuid(NotificationDeliveries::NotificationId))
                    .col(uuid(NotificationDeliveries::MemberId))
                    .col(string(NotificationDeliveries::Medium))
                    .col(string(NotificationDeliveries::Address))
                    // JSON of the rendered message (subject, text, HTML, short text).
                    .col(text(NotificationDeliveries::Message))
                    .col(timestamp_with_time_zone(NotificationDeliveries::SendAt))
                    .col(timestamp_with_time_zone_null(
                        NotificationDeliveries::SentAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        NotificationDeliveries::AbandonedAt,
                    ))
                    .col(integer(NotificationDeliveries::Attempts))
                    .col(text_null(NotificationDeliveries::LastError))
                    .foreign_key(&mut references_workspace(
                        NotificationDeliveries::Table,
                        NotificationDeliveries::WorkspaceId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notification_deliveries_notification_id")
                            .from(
                                NotificationDeliveries::Table,
                                NotificationDeliveries::NotificationId,
                            )
                            .to(Notifications::Table, Notifications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The sender reads due, unsent rows.
        index(
            manager,
            "ix_notification_deliveries_send_at",
            NotificationDeliveries::Table,
            &[
                NotificationDeliveries::SentAt.into_iden(),
                NotificationDeliveries::AbandonedAt.into_iden(),
                NotificationDeliveries::SendAt.into_iden(),
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(NotificationBatchItems::Table)
                    .col(uuid(NotificationBatchItems::Id).primary_key())
                    .col(uuid(NotificationBatchItems::WorkspaceId))
                    .col(uuid(NotificationBatchItems::MemberId))
                    // The batch: its member and the instant it is due.
                    .col(timestamp_with_time_zone(NotificationBatchItems::DueAt))
                    .col(timestamp_with_time_zone(NotificationBatchItems::OpenedAt))
                    .col(uuid(NotificationBatchItems::ConversationId))
                    .col(string(NotificationBatchItems::CustomerName))
                    .col(text(NotificationBatchItems::Text))
                    .col(timestamp_with_time_zone(NotificationBatchItems::CreatedAt))
                    .foreign_key(&mut references_workspace(
                        NotificationBatchItems::Table,
                        NotificationBatchItems::WorkspaceId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_notification_batch_items_member_due_at",
            NotificationBatchItems::Table,
            &[
                NotificationBatchItems::WorkspaceId.into_iden(),
                NotificationBatchItems::MemberId.into_iden(),
                NotificationBatchItems::DueAt.into_iden(),
            ],
        )
        .await?;
        index(
            manager,
            "ix_notification_batch_items_due_at",
            NotificationBatchItems::Table,
            &[NotificationBatchItems::DueAt.into_iden()],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            NotificationBatchItems::Table.into_iden(),
            NotificationDeliveries::Table.into_iden(),
            NotificationPreferences::Table.into_iden(),
            Notifications::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Notifications {
    Table,
    Id,
    WorkspaceId,
    MemberId,
    Kind,
    Title,
    Body,
    Link,
    SubjectId,
    CreatedAt,
    VisibleAt,
    ReadAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum NotificationPreferences {
    Table,
    WorkspaceId,
    MemberId,
    Choices,
    WhatsappNumber,
    QuietStart,
    QuietEnd,
    QuietTimezone,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum NotificationDeliveries {
    Table,
    Id,
    WorkspaceId,
    NotificationId,
    MemberId,
    Medium,
    Address,
    Message,
    SendAt,
    SentAt,
    AbandonedAt,
    Attempts,
    LastError,
}

#[derive(DeriveIden, Clone, Copy)]
enum NotificationBatchItems {
    Table,
    Id,
    WorkspaceId,
    MemberId,
    DueAt,
    OpenedAt,
    ConversationId,
    CustomerName,
    Text,
    CreatedAt,
}
