//! The knowledge base: FAQs, uploaded documents, the chunks documents are cut into,
//! and the log of what the assistant looked up (the raw material for gap reports).
//!
//! Conventions, as in the catalog migration: application-generated UUIDv7 ids, named
//! unique indexes (`ux_*`) so the store can tell which rule a violation broke, every
//! table scoped by `workspace_id` (cascading with the workspace), and derived match
//! columns (`dedupe_key`, `category_key`, `search_text`, `normalized`) computed by the
//! store in Rust on every write, so both databases compare the same folded text.

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
        create_faqs(manager).await?;
        create_documents(manager).await?;
        create_chunks(manager).await?;
        create_query_log(manager).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            QueryLog::Table.into_iden(),
            Chunks::Table.into_iden(),
            Documents::Table.into_iden(),
            Faqs::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_faqs(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Faqs::Table)
                .col(pk_uuid(Faqs::Id))
                .col(uuid(Faqs::WorkspaceId))
                .col(text(Faqs::Question))
                .col(text(Faqs::Answer))
                .col(string_null(Faqs::Category))
                // Lower-cased category: the list filters on it ignoring case.
                .col(string_null(Faqs::CategoryKey))
                // JSON array of lower-cased tags, in the seller's order.
                .col(json_binary(Faqs::Tags))
                .col(
                    string(Faqs::Priority)
                        .check(Expr::col(Faqs::Priority).is_in(["high", "medium", "low"])),
                )
                .col(boolean(Faqs::Active))
                // `FaqQuestion::dedupe_key`: folded keywords of the question. Two FAQs
                // with the same key are the same question.
                .col(text(Faqs::DedupeKey))
                // Folded question and answer, one per line, for the list's word search.
                .col(text(Faqs::SearchText))
                .col(timestamp_with_time_zone(Faqs::CreatedAt))
                .col(timestamp_with_time_zone(Faqs::UpdatedAt))
                .foreign_key(&mut references_workspace(Faqs::Table, Faqs::WorkspaceId))
                .to_owned(),
        )
        .await?;
    // FAQs are deleted for good (there is no soft delete), so every stored row is live
    // and the rule holds over all of them.
    unique_index(
        manager,
        "ux_faqs_workspace_dedupe_key",
        Faqs::Table,
        &[Faqs::WorkspaceId.into_iden(), Faqs::DedupeKey.into_iden()],
    )
    .await?;
    // Newest first, ties broken by id.
    index(
        manager,
        "ix_faqs_workspace_created",
        Faqs::Table,
        &[
            Faqs::WorkspaceId.into_iden(),
            Faqs::CreatedAt.into_iden(),
            Faqs::Id.into_iden(),
        ],
    )
    .await
}

async fn create_documents(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Documents::Table)
                .col(pk_uuid(Documents::Id))
                .col(uuid(Documents::WorkspaceId))
                .col(string(Documents::FileName))
                // The format's canonical MIME type (`DocumentFormat::mime_type`).
                .col(string(Documents::MimeType))
                .col(big_integer(Documents::SizeBytes))
                .col(
                    string(Documents::Status).check(Expr::col(Documents::Status).is_in([
                        "queued",
                        "extracting",
                        "chunking",
                        "embedding",
                        "completed",
                        "failed",
                    ])),
                )
                .col(
                    small_integer(Documents::Progress)
                        .check(Expr::col(Documents::Progress).between(0, 100)),
                )
                // Both set when the document failed, both NULL otherwise.
                .col(string_null(Documents::FailureCode))
                .col(text_null(Documents::FailureMessage))
                .col(integer(Documents::ChunkCount))
                // SHA-256 of the uploaded bytes, hex. Not carried by the domain yet: kept
                // for spotting the same file uploaded twice once `Document` has it.
                .col(string_null(Documents::ContentHash))
                .col(timestamp_with_time_zone(Documents::CreatedAt))
                .col(timestamp_with_time_zone(Documents::UpdatedAt))
                .foreign_key(&mut references_workspace(
                    Documents::Table,
                    Documents::WorkspaceId,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "ix_documents_workspace_created",
        Documents::Table,
        &[
            Documents::WorkspaceId.into_iden(),
            Documents::CreatedAt.into_iden(),
            Documents::Id.into_iden(),
        ],
    )
    .await
}

async fn create_chunks(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Chunks::Table)
                // The chunk's `SourceRef`: a piece of a document, a FAQ or a product.
                // Sources live in different tables, so there is no foreign key on
                // `source_id`; the store deletes a source's chunks with the source.
                .col(
                    string(Chunks::SourceType)
                        .check(Expr::col(Chunks::SourceType).is_in(["product", "faq", "document"])),
                )
                .col(uuid(Chunks::SourceId))
                // From 0, in reading order.
                .col(integer(Chunks::Position))
                .col(uuid(Chunks::WorkspaceId))
                .col(text(Chunks::Text))
                // The page the chunk starts on, for paged formats.
                .col(integer_null(Chunks::Page))
                // The heading path it falls under ("Shipping > Italy").
                .col(text_null(Chunks::SectionPath))
                .primary_key(
                    Index::create()
                        .name("pk_chunks")
                        .col(Chunks::SourceType)
                        .col(Chunks::SourceId)
                        .col(Chunks::Position),
                )
                .foreign_key(&mut references_workspace(
                    Chunks::Table,
                    Chunks::WorkspaceId,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "ix_chunks_workspace_source",
        Chunks::Table,
        &[
            Chunks::WorkspaceId.into_iden(),
            Chunks::SourceType.into_iden(),
            Chunks::SourceId.into_iden(),
        ],
    )
    .await
}

async fn create_query_log(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(QueryLog::Table)
                .col(pk_uuid(QueryLog::Id))
                .col(uuid(QueryLog::WorkspaceId))
                .col(text(QueryLog::QueryText))
                // Folded keywords of the query, space-separated: what gap reports group.
                .col(text(QueryLog::Normalized))
                // Best normalised score among the hits, 0..1; NULL when nothing was found.
                .col(float_null(QueryLog::BestScore))
                .col(integer(QueryLog::HitCount))
                .col(timestamp_with_time_zone(QueryLog::CreatedAt))
                .foreign_key(&mut references_workspace(
                    QueryLog::Table,
                    QueryLog::WorkspaceId,
                ))
                .to_owned(),
        )
        .await?;
    // Weak queries over a period, newest first.
    index(
        manager,
        "ix_query_log_workspace_created",
        QueryLog::Table,
        &[
            QueryLog::WorkspaceId.into_iden(),
            QueryLog::CreatedAt.into_iden(),
        ],
    )
    .await
}

#[derive(DeriveIden, Clone, Copy)]
enum Faqs {
    Table,
    Id,
    WorkspaceId,
    Question,
    Answer,
    Category,
    CategoryKey,
    Tags,
    Priority,
    Active,
    DedupeKey,
    SearchText,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Documents {
    Table,
    Id,
    WorkspaceId,
    FileName,
    MimeType,
    SizeBytes,
    Status,
    Progress,
    FailureCode,
    FailureMessage,
    ChunkCount,
    ContentHash,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Chunks {
    Table,
    SourceType,
    SourceId,
    Position,
    WorkspaceId,
    Text,
    Page,
    SectionPath,
}

#[derive(DeriveIden, Clone, Copy)]
enum QueryLog {
    Table,
    Id,
    WorkspaceId,
    QueryText,
    Normalized,
    BestScore,
    HitCount,
    CreatedAt,
}
