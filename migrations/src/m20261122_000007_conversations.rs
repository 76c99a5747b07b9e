//! Conversations: one customer on one channel, who owns it, where its order capture
//! stands and what the assistant remembers; their timeline; and each workspace's
//! assistant settings.
//!
//! Conventions, as in the channels migration: application-generated UUIDv7 ids, named
//! unique indexes (`ux_*`) so the store can tell which rule a violation broke, and
//! composite foreign keys `(channel_id, workspace_id)` / `(contact_id, workspace_id)` /
//! `(conversation_id, workspace_id)`, so the database itself refuses a row of one
//! workspace pointing at another workspace's channel, contact or conversation.
//!
//! The order capture and the dialogue memory are JSON documents kept as `text`, not
//! `jsonb`: the store only ever reads them whole, and a customer's words (which the
//! dialogue remembers) may hold U+0000, which `jsonb` refuses while JSON text keeps it
//! escaped (`\u0000`) like any other character.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, references_workspace, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `conversations.platform` values (`Platform`), as in the channels migration.
const PLATFORMS: [&str; 5] = ["messenger", "instagram", "whatsapp", "web", "playground"];
/// `conversations.lifecycle` values (`Lifecycle`).
const LIFECYCLES: [&str; 7] = [
    "active",
    "waiting",
    "escalated",
    "agent_handling",
    "resolved",
    "abandoned",
    "archived",
];
/// The lifecycle of a conversation the customer's next message no longer reaches.
const ARCHIVED: &str = "archived";
/// `conversations.owner` values (`Owner`).
const OWNERS: [&str; 2] = ["assistant", "human"];
/// `assistant_settings.response_delay` values (`ResponseDelay`).
const RESPONSE_DELAYS: [&str; 2] = ["instant", "natural"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_conversations(manager).await?;
        create_conversation_events(manager).await?;
        create_assistant_settings(manager).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents, so foreign keys never point at a dropped table.
        let tables = [
            AssistantSettings::Table.into_iden(),
            ConversationEvents::Table.into_iden(),
            Conversations::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_conversations(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Conversations::Table)
                .col(pk_uuid(Conversations::Id))
                .col(uuid(Conversations::WorkspaceId))
                .col(uuid(Conversations::ChannelId))
                .col(uuid(Conversations::ContactId))
                .col(
                    string(Conversations::Platform)
                        .check(Expr::col(Conversations::Platform).is_in(PLATFORMS)),
                )
                .col(
                    string(Conversations::Lifecycle)
                        .check(Expr::col(Conversations::Lifecycle).is_in(LIFECYCLES)),
                )
                .col(
                    string(Conversations::Owner)
                        .check(Expr::col(Conversations::Owner).is_in(OWNERS)),
                )
                // The last handoff (`HandoffRecord`): its reason and instant, both or
                // neither (the table check below).
                .col(string_null(Conversations::LastHandoffReason))
                .col(timestamp_with_time_zone_null(Conversations::LastHandoffAt))
                .col(timestamp_with_time_zone(Conversations::StateChangedAt))
                // The member who took it over. No foreign key: the conversation and its
                // history outlive the membership.
                .col(uuid_null(Conversations::AssignedMemberId))
                .col(boolean(Conversations::AssistantEnabled))
                // `CaptureSnapshot` as JSON text.
                .col(text(Conversations::Capture))
                // `Dialogue` as JSON text.
                .col(text(Conversations::Dialogue))
                // The customer's latest message answered; a message id, no foreign key
                // (messages are the channel's records, pruned on their own terms).
                .col(uuid_null(Conversations::AnsweredThrough))
                .col(timestamp_with_time_zone_null(Conversations::AnsweredAt))
                .col(timestamp_with_time_zone_null(
                    Conversations::LastCustomerMessageAt,
                ))
                // Optimistic concurrency: every save is `... WHERE version = ?` and
                // sets `version = version + 1`.
                .col(big_integer(Conversations::Version))
                .col(timestamp_with_time_zone(Conversations::CreatedAt))
                .col(timestamp_with_time_zone(Conversations::UpdatedAt))
                .check(
                    Expr::col(Conversations::LastHandoffReason)
                        .is_null()
                        .and(Expr::col(Conversations::LastHandoffAt).is_null())
                        .or(Expr::col(Conversations::LastHandoffReason)
                            .is_not_null()
                            .and(Expr::col(Conversations::LastHandoffAt).is_not_null())),
                )
                .foreign_key(&mut references_workspace(
                    Conversations::Table,
                    Conversations::WorkspaceId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_conversations_channel")
                        .from(
                            Conversations::Table,
                            (Conversations::ChannelId, Conversations::WorkspaceId),
                        )
                        .to(Channels::Table, (Channels::Id, Channels::WorkspaceId))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_conversations_contact")
                        .from(
                            Conversations::Table,
                            (Conversations::ContactId, Conversations::WorkspaceId),
                        )
                        .to(Contacts::Table, (Contacts::Id, Contacts::WorkspaceId))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    // At most one conversation per customer per channel is not archived: two workers
    // handling the customer's first messages at once cannot open two. A partial index
    // (both databases have them), so archived conversations pile up freely.
    manager
        .create_index(
            Index::create()
                .name("ux_conversations_current")
                .table(Conversations::Table)
                .col(Conversations::ChannelId)
                .col(Conversations::ContactId)
                .unique()
                .and_where(Expr::col(Conversations::Lifecycle).ne(ARCHIVED))
                .to_owned(),
        )
        .await?;
    // The target of the timeline's composite foreign key.
    unique_index(
        manager,
        "ux_conversations_id_workspace",
        Conversations::Table,
        &[
            Conversations::Id.into_iden(),
            Conversations::WorkspaceId.into_iden(),
        ],
    )
    .await?;
    // The inbox: most recently updated first, ties broken by id.
    index(
        manager,
        "ix_conversations_workspace_updated",
        Conversations::Table,
        &[
            Conversations::WorkspaceId.into_iden(),
            Conversations::UpdatedAt.into_iden(),
            Conversations::Id.into_iden(),
        ],
    )
    .await?;
    // The inbox filtered by state ("escalated", "agent_handling"), and the counts.
    index(
        manager,
        "ix_conversations_workspace_lifecycle",
        Conversations::Table,
        &[
            Conversations::WorkspaceId.into_iden(),
            Conversations::Lifecycle.into_iden(),
        ],
    )
    .await?;
    // A contact's conversations.
    index(
        manager,
        "ix_conversations_workspace_contact",
        Conversations::Table,
        &[
            Conversations::WorkspaceId.into_iden(),
            Conversations::ContactId.into_iden(),
        ],
    )
    .await
}

async fn create_conversation_events(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(ConversationEvents::Table)
                .col(pk_uuid(ConversationEvents::Id))
                .col(uuid(ConversationEvents::WorkspaceId))
                .col(uuid(ConversationEvents::ConversationId))
                // `ConversationEventKind::as_str()`. Not checked here: the timeline grows
                // kinds with the assistant, and the store refuses unknown ones on read.
                .col(string(ConversationEvents::Kind))
                // The handoff reason of an escalation.
                .col(string_null(ConversationEvents::Reason))
                // The member who acted, when one did (no foreign key, as above).
                .col(uuid_null(ConversationEvents::MemberId))
                // The new value of an assistant switch.
                .col(boolean_null(ConversationEvents::Enabled))
                .col(timestamp_with_time_zone(ConversationEvents::At))
                .foreign_key(&mut references_workspace(
                    ConversationEvents::Table,
                    ConversationEvents::WorkspaceId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_conversation_events_conversation")
                        .from(
                            ConversationEvents::Table,
                            (
                                ConversationEvents::ConversationId,
                                ConversationEvents::WorkspaceId,
                            ),
                        )
                        .to(
                            Conversations::Table,
                            (Conversations::Id, Conversations::WorkspaceId),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    // The timeline, oldest first.
    index(
        manager,
        "ix_conversation_events_conversation_at",
        ConversationEvents::Table,
        &[
            ConversationEvents::ConversationId.into_iden(),
            ConversationEvents::At.into_iden(),
            ConversationEvents::Id.into_iden(),
        ],
    )
    .await
}

async fn create_assistant_settings(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(AssistantSettings::Table)
                // One row per workspace, written the first time it changes anything;
                // no row means the defaults.
                .col(pk_uuid(AssistantSettings::WorkspaceId))
                .col(boolean(AssistantSettings::Enabled))
                // The enabled handoff reasons' names, comma-separated
                // (`HandoffSettings::enabled`).
                .col(text(AssistantSettings::HandoffTriggers))
                .col(integer(AssistantSettings::RepeatedFailureLimit))
                .col(
                    string(AssistantSettings::ResponseDelay)
                        .check(Expr::col(AssistantSettings::ResponseDelay).is_in(RESPONSE_DELAYS)),
                )
                .col(integer(AssistantSettings::BurstWindowMs))
                .col(text_null(AssistantSettings::WelcomeMessage))
                .col(text_null(AssistantSettings::CustomInstructions))
                .col(timestamp_with_time_zone(AssistantSettings::UpdatedAt))
                .foreign_key(&mut references_workspace(
                    AssistantSettings::Table,
                    AssistantSettings::WorkspaceId,
                ))
                .to_owned(),
        )
        .await
}

#[derive(DeriveIden, Clone, Copy)]
enum Conversations {
    Table,
    Id,
    WorkspaceId,
    ChannelId,
    ContactId,
    Platform,
    Lifecycle,
    Owner,
    LastHandoffReason,
    LastHandoffAt,
    StateChangedAt,
    AssignedMemberId,
    AssistantEnabled,
    Capture,
    Dialogue,
    AnsweredThrough,
    AnsweredAt,
    LastCustomerMessageAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ConversationEvents {
    Table,
    Id,
    WorkspaceId,
    ConversationId,
    Kind,
    Reason,
    MemberId,
    Enabled,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum AssistantSettings {
    Table,
    WorkspaceId,
    Enabled,
    HandoffTriggers,
    RepeatedFailureLimit,
    ResponseDelay,
    BurstWindowMs,
    WelcomeMessage,
    CustomInstructions,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Channels {
    Table,
    Id,
    WorkspaceId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Contacts {
    Table,
    Id,
    WorkspaceId,
}
