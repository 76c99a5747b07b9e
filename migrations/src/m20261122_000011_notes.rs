//! Internal notes on conversations: what the team writes for itself beside the
//! customer's thread (never sent), with the members each note mentions.

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
                    .table(ConversationNotes::Table)
                    .col(pk_uuid(ConversationNotes::Id))
                    .col(uuid(ConversationNotes::WorkspaceId))
                    .col(uuid(ConversationNotes::ConversationId))
                    // The author's user id (no foreign key: the note outlives the membership).
                    .col(uuid(ConversationNotes::AuthorMemberId))
                    // 1 to 5,000 characters (`notes::NoteBody`).
                    .col(text(ConversationNotes::Body))
                    // The mentioned members' user ids, a JSON array.
                    .col(text(ConversationNotes::Mentions))
                    .col(timestamp_with_time_zone(ConversationNotes::CreatedAt))
                    .foreign_key(&mut references_workspace(
                        ConversationNotes::Table,
                        ConversationNotes::WorkspaceId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conversation_notes_conversation")
                            .from(
                                ConversationNotes::Table,
                                (
                                    ConversationNotes::ConversationId,
                                    ConversationNotes::WorkspaceId,
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
        // A conversation's notes, oldest first.
        index(
            manager,
            "ix_conversation_notes_conversation_created",
            ConversationNotes::Table,
            &[
                ConversationNotes::ConversationId.into_iden(),
                ConversationNotes::CreatedAt.into_iden(),
                ConversationNotes::Id.into_iden(),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(ConversationNotes::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ConversationNotes {
    Table,
    Id,
    WorkspaceId,
    ConversationId,
    AuthorMemberId,
    Body,
    Mentions,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Conversations {
    Table,
    Id,
    WorkspaceId,
}
