//! The inbox: tags on conversations, when the team last read each conversation (the
//! unread count), and an index to find a conversation's messages by time.
//!
//! Unread is per conversation, not per member: a customer message is unread until any
//! member reads the conversation (`conversation_reads`, one row per conversation). A
//! shared inbox answers "has anyone seen this?", which is what a small team asks.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, references_workspace, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_conversation_tags(manager).await?;
        create_conversation_reads(manager).await?;
        // A conversation's messages (the channel's rows for one customer), newest first:
        // the inbox's last message, unread count and message pages.
        index(
            manager,
            "ix_messages_channel_contact_created",
            Messages::Table,
            &[
                Messages::ChannelId.into_iden(),
                Messages::ContactId.into_iden(),
                Messages::CreatedAt.into_iden(),
                Messages::Id.into_iden(),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_messages_channel_contact_created")
                    .table(Messages::Table)
                    .to_owned(),
            )
            .await?;
        for table in [
            ConversationReads::Table.into_iden(),
            ConversationTags::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_conversation_tags(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(ConversationTags::Table)
                .col(uuid(ConversationTags::WorkspaceId))
                .col(uuid(ConversationTags::ConversationId))
                // A validated tag (`inbox::Tag`): lower-case, no spaces.
                .col(string(ConversationTags::Tag))
                .primary_key(
                    Index::create()
                        .col(ConversationTags::ConversationId)
                        .col(ConversationTags::Tag),
                )
                .foreign_key(&mut references_workspace(
                    ConversationTags::Table,
                    ConversationTags::WorkspaceId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_conversation_tags_conversation")
                        .from(
                            ConversationTags::Table,
                            (
                                ConversationTags::ConversationId,
                                ConversationTags::WorkspaceId,
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
    // The inbox filtered by tag.
    index(
        manager,
        "ix_conversation_tags_workspace_tag",
        ConversationTags::Table,
        &[
            ConversationTags::WorkspaceId.into_iden(),
            ConversationTags::Tag.into_iden(),
        ],
    )
    .await
}

async fn create_conversation_reads(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(ConversationReads::Table)
                .col(pk_uuid(ConversationReads::ConversationId))
                .col(uuid(ConversationReads::WorkspaceId))
                // Who read it last (no foreign key: the record outlives the membership).
                .col(uuid(ConversationReads::MemberId))
                .col(timestamp_with_time_zone(ConversationReads::ReadAt))
                .foreign_key(&mut references_workspace(
                    ConversationReads::Table,
                    ConversationReads::WorkspaceId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_conversation_reads_conversation")
                        .from(
                            ConversationReads::Table,
                            (
                                ConversationReads::ConversationId,
                                ConversationReads::WorkspaceId,
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
    unique_index(
        manager,
        "ux_conversation_reads_conversation_workspace",
        ConversationReads::Table,
        &[
            ConversationReads::ConversationId.into_iden(),
            ConversationReads::WorkspaceId.into_iden(),
        ],
    )
    .await
}

#[derive(DeriveIden, Clone, Copy)]
enum ConversationTags {
    Table,
    WorkspaceId,
    ConversationId,
    Tag,
}

#[derive(DeriveIden, Clone, Copy)]
enum ConversationReads {
    Table,
    ConversationId,
    WorkspaceId,
    MemberId,
    ReadAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Conversations {
    Table,
    Id,
    WorkspaceId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Messages {
    Table,
    ChannelId,
    ContactId,
    CreatedAt,
    Id,
}
