//! Messaging channels: connected accounts, the contacts who write to them, inbound
//! webhook events as received, and messages in both directions.
//!
//! Conventions, as in the earlier migrations: application-generated UUIDv7 ids, named
//! unique indexes (`ux_*`) so the store can tell which rule a violation broke, and
//! `workspace_id` on every table. Rows that point at a channel or a contact do so with
//! a composite foreign key `(channel_id, workspace_id)` / `(contact_id, workspace_id)`,
//! so the database itself refuses a message of one workspace attached to another
//! workspace's channel or contact.
//!
//! Event bodies and message bodies are JSON documents the domain types serialize and
//! re-validate on load. Delivery status is stored twice: its name (`status`) and its
//! place in the forward-only order (`status_rank`, from `DeliveryStatus::rank()`), so
//! "only forward" is one conditional UPDATE (`... WHERE status_rank < ?`).

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, references_workspace, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const PLATFORMS: [&str; 5] = ["messenger", "instagram", "whatsapp", "web", "playground"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_channels(manager).await?;
        create_contacts(manager).await?;
        create_inbound_events(manager).await?;
        create_messages(manager).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents, so foreign keys never point at a dropped table.
        let tables = [
            Messages::Table.into_iden(),
            InboundEvents::Table.into_iden(),
            Contacts::Table.into_iden(),
            Channels::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_channels(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Channels::Table)
                .col(pk_uuid(Channels::Id))
                .col(uuid(Channels::WorkspaceId))
                .col(
                    string(Channels::Platform)
                        .check(Expr::col(Channels::Platform).is_in(PLATFORMS)),
                )
                // Page id, Instagram account id or WhatsApp phone_number_id: the routing key.
                .col(string(Channels::AccountId))
                .col(string(Channels::DisplayName))
                // The access token as the cipher sealed it; never plaintext.
                .col(text(Channels::Credentials))
                .col(
                    string(Channels::Status).check(Expr::col(Channels::Status).is_in([
                        "active",
                        "reconnect_required",
                        "disconnected",
                    ])),
                )
                .col(timestamp_with_time_zone_null(Channels::TokenExpiresAt))
                .col(timestamp_with_time_zone_null(Channels::LastMessageAt))
                // Per-channel options (a JSON object); `{}` until the domain has some.
                .col(json_binary(Channels::Settings))
                .col(timestamp_with_time_zone(Channels::CreatedAt))
                .col(timestamp_with_time_zone(Channels::UpdatedAt))
                .foreign_key(&mut references_workspace(
                    Channels::Table,
                    Channels::WorkspaceId,
                ))
                .to_owned(),
        )
        .await?;
    // Routing must find exactly one workspace for an account: among channels that are
    // not disconnected, a platform account is connected once, whatever the workspace.
    manager
        .create_index(
            Index::create()
                .name("ux_channels_platform_account")
                .table(Channels::Table)
                .col(Channels::Platform)
                .col(Channels::AccountId)
                .unique()
                .and_where(Expr::col(Channels::Status).ne("disconnected"))
                .to_owned(),
        )
        .await?;
    // The target of the composite foreign keys of events and messages.
    unique_index(
        manager,
        "ux_channels_id_workspace",
        Channels::Table,
        &[Channels::Id.into_iden(), Channels::WorkspaceId.into_iden()],
    )
    .await?;
    // Routing a webhook, disconnected channels included.
    index(
        manager,
        "ix_channels_platform_account",
        Channels::Table,
        &[
            Channels::Platform.into_iden(),
            Channels::AccountId.into_iden(),
        ],
    )
    .await?;
    index(
        manager,
        "ix_channels_workspace_created",
        Channels::Table,
        &[
            Channels::WorkspaceId.into_iden(),
            Channels::CreatedAt.into_iden(),
            Channels::Id.into_iden(),
        ],
    )
    .await
}

async fn create_contacts(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Contacts::Table)
                .col(pk_uuid(Contacts::Id))
                .col(uuid(Contacts::WorkspaceId))
                .col(
                    string(Contacts::Platform)
                        .check(Expr::col(Contacts::Platform).is_in(PLATFORMS)),
                )
                .col(string(Contacts::PlatformUserId))
                .col(string_null(Contacts::DisplayName))
                // The display name lower-cased by the store on every write: search
                // ignores case in any script on both databases (SQLite's lower() only
                // knows ASCII).
                .col(string_null(Contacts::NameKey))
                .col(text_null(Contacts::AvatarUrl))
                .col(string_null(Contacts::Locale))
                .col(boolean(Contacts::Blocked))
                .col(
                    string(Contacts::Consent).check(Expr::col(Contacts::Consent).is_in([
                        "unknown",
                        "opted_in",
                        "opted_out",
                    ])),
                )
                // When the person opted in or out; NULL while consent is unknown.
                .col(timestamp_with_time_zone_null(Contacts::ConsentAt))
                .col(text_null(Contacts::Notes))
                .col(timestamp_with_time_zone(Contacts::CreatedAt))
                .col(timestamp_with_time_zone(Contacts::UpdatedAt))
                .foreign_key(&mut references_workspace(
                    Contacts::Table,
                    Contacts::WorkspaceId,
                ))
                .to_owned(),
        )
        .await?;
    // One contact per person per platform per workspace; the upsert's conflict target.
    unique_index(
        manager,
        "ux_contacts_workspace_platform_user",
        Contacts::Table,
        &[
            Contacts::WorkspaceId.into_iden(),
            Contacts::Platform.into_iden(),
            Contacts::PlatformUserId.into_iden(),
        ],
    )
    .await?;
    unique_index(
        manager,
        "ux_contacts_id_workspace",
        Contacts::Table,
        &[Contacts::Id.into_iden(), Contacts::WorkspaceId.into_iden()],
    )
    .await?;
    // The contact list: most recently updated first, ties broken by id.
    index(
        manager,
        "ix_contacts_workspace_updated",
        Contacts::Table,
        &[
            Contacts::WorkspaceId.into_iden(),
            Contacts::UpdatedAt.into_iden(),
            Contacts::Id.into_iden(),
        ],
    )
    .await
}

async fn create_inbound_events(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(InboundEvents::Table)
                .col(pk_uuid(InboundEvents::Id))
                .col(uuid(InboundEvents::WorkspaceId))
                .col(uuid(InboundEvents::ChannelId))
                // What makes a redelivery the same event (`InboundEvent::dedup_key`).
                .col(text(InboundEvents::DedupKey))
                // The normalized event (`InboundEvent`) as JSON.
                .col(json_binary(InboundEvents::Event))
                .col(timestamp_with_time_zone(InboundEvents::ReceivedAt))
                .col(timestamp_with_time_zone_null(InboundEvents::ProcessedAt))
                .foreign_key(&mut references_workspace(
                    InboundEvents::Table,
                    InboundEvents::WorkspaceId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_inbound_events_channel")
                        .from(
                            InboundEvents::Table,
                            (InboundEvents::ChannelId, InboundEvents::WorkspaceId),
                        )
                        .to(Channels::Table, (Channels::Id, Channels::WorkspaceId))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    // A platform delivering the same event twice stores it once.
    unique_index(
        manager,
        "ux_inbound_events_channel_dedup",
        InboundEvents::Table,
        &[
            InboundEvents::ChannelId.into_iden(),
            InboundEvents::DedupKey.into_iden(),
        ],
    )
    .await
}

async fn create_messages(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Messages::Table)
                .col(pk_uuid(Messages::Id))
                .col(uuid(Messages::WorkspaceId))
                .col(uuid(Messages::ChannelId))
                .col(uuid(Messages::ContactId))
                .col(
                    string(Messages::Direction)
                        .check(Expr::col(Messages::Direction).is_in(["inbound", "outbound"])),
                )
                .col(
                    string(Messages::SenderKind).check(Expr::col(Messages::SenderKind).is_in([
                        "customer",
                        "assistant",
                        "agent",
                        "platform_inbox",
                    ])),
                )
                // The workspace member who wrote it, for `agent` (no foreign key: the
                // message outlives the membership).
                .col(uuid_null(Messages::SenderMemberId))
                // `{"received": InboundMessage}` or `{"composed": OutboundContent}`.
                .col(json_binary(Messages::Body))
                // Unique per channel when present (NULLs are distinct in a unique index
                // on both databases).
                .col(text_null(Messages::PlatformMessageId))
                // Unique per workspace when present.
                .col(string_null(Messages::IdempotencyKey))
                // Outbound only; NULL for a customer's message.
                .col(
                    string_null(Messages::Status).check(Expr::col(Messages::Status).is_in([
                        "pending",
                        "sent",
                        "failed",
                        "delivered",
                        "read",
                    ])),
                )
                .col(small_integer_null(Messages::StatusRank))
                // `invalid_token`, `outside_window`, ..., `delivery_failed`.
                .col(string_null(Messages::FailureCode))
                .col(text_null(Messages::FailureMessage))
                // The platform's error code and subcode, when it gave them.
                .col(big_integer_null(Messages::FailurePlatformCode))
                .col(big_integer_null(Messages::FailurePlatformSubcode))
                // When the platform says it happened (received) or accepted it (sent).
                .col(timestamp_with_time_zone_null(Messages::OccurredAt))
                .col(timestamp_with_time_zone(Messages::CreatedAt))
                .col(timestamp_with_time_zone(Messages::UpdatedAt))
                .foreign_key(&mut references_workspace(
                    Messages::Table,
                    Messages::WorkspaceId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_messages_channel")
                        .from(
                            Messages::Table,
                            (Messages::ChannelId, Messages::WorkspaceId),
                        )
                        .to(Channels::Table, (Channels::Id, Channels::WorkspaceId))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_messages_contact")
                        .from(
                            Messages::Table,
                            (Messages::ContactId, Messages::WorkspaceId),
                        )
                        .to(Contacts::Table, (Contacts::Id, Contacts::WorkspaceId))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    unique_index(
        manager,
        "ux_messages_channel_platform_message",
        Messages::Table,
        &[
            Messages::ChannelId.into_iden(),
            Messages::PlatformMessageId.into_iden(),
        ],
    )
    .await?;
    unique_index(
        manager,
        "ux_messages_workspace_idempotency_key",
        Messages::Table,
        &[
            Messages::WorkspaceId.into_iden(),
            Messages::IdempotencyKey.into_iden(),
        ],
    )
    .await?;
    // A contact's conversation, newest first.
    index(
        manager,
        "ix_messages_contact_created",
        Messages::Table,
        &[
            Messages::WorkspaceId.into_iden(),
            Messages::ContactId.into_iden(),
            Messages::CreatedAt.into_iden(),
            Messages::Id.into_iden(),
        ],
    )
    .await?;
    // The messaging window (the person's last message on a channel) and read/delivery
    // watermarks (our messages to a person up to an instant).
    index(
        manager,
        "ix_messages_channel_contact_direction",
        Messages::Table,
        &[
            Messages::ChannelId.into_iden(),
            Messages::ContactId.into_iden(),
            Messages::Direction.into_iden(),
            Messages::OccurredAt.into_iden(),
        ],
    )
    .await
}

#[derive(DeriveIden, Clone, Copy)]
enum Channels {
    Table,
    Id,
    WorkspaceId,
    Platform,
    AccountId,
    DisplayName,
    Credentials,
    Status,
    TokenExpiresAt,
    LastMessageAt,
    Settings,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Contacts {
    Table,
    Id,
    WorkspaceId,
    Platform,
    PlatformUserId,
    DisplayName,
    NameKey,
    AvatarUrl,
    Locale,
    Blocked,
    Consent,
    ConsentAt,
    Notes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum InboundEvents {
    Table,
    Id,
    WorkspaceId,
    ChannelId,
    DedupKey,
    Event,
    ReceivedAt,
    ProcessedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Messages {
    Table,
    Id,
    WorkspaceId,
    ChannelId,
    ContactId,
    Direction,
    SenderKind,
    SenderMemberId,
    Body,
    PlatformMessageId,
    IdempotencyKey,
    Status,
    StatusRank,
    FailureCode,
    FailureMessage,
    FailurePlatformCode,
    FailurePlatformSubcode,
    OccurredAt,
    CreatedAt,
    UpdatedAt,
}
