//! Documents (one `documents` row each) and their chunks (`chunks` rows whose source
//! is the document). A document's chunks are only ever written whole, in one
//! transaction with a lock on the document's row, so a re-run never leaves a mix of
//! old and new chunks and a document deleted meanwhile keeps none.

use kernel::{Page, PageRequest, WorkspaceId};
use knowledge::{
    Chunk, Document, DocumentFailure, DocumentFormat, DocumentId, DocumentRecord, DocumentStatus,
    FileName, KnowledgeRepositoryError, SourceType,
};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

use super::errors::{corrupt, unexpected};
use crate::batch::insert_in_chunks;
use crate::entities::{chunks, documents};
use crate::timestamps::stored;

pub(super) async fn create(
    db: &DatabaseConnection,
    document: &Document,
) -> Result<(), KnowledgeRepositoryError> {
    documents::Entity::insert(document_row(document)?)
        .exec_without_returning(db)
        .await
        .map_err(unexpected)?;
    Ok(())
}

/// Status, progress, failure, chunk count and the time of the change.
pub(super) async fn update(
    db: &DatabaseConnection,
    document: &Document,
) -> Result<(), KnowledgeRepositoryError> {
    let failure = document.failure();
    let result = documents::Entity::update_many()
        .col_expr(
            documents::Column::Status,
            Expr::value(document.status().as_str()),
        )
        .col_expr(
            documents::Column::Progress,
            Expr::value(i16::from(document.progress())),
        )
        .col_expr(
            documents::Column::FailureCode,
            Expr::value(failure.map(|f| f.code().to_owned())),
        )
        .col_expr(
            documents::Column::FailureMessage,
            Expr::value(failure.map(|f| f.message().to_owned())),
        )
        .col_expr(
            documents::Column::ChunkCount,
            Expr::value(chunk_count_cell(document.chunk_count())?),
        )
        .col_expr(
            documents::Column::UpdatedAt,
            Expr::value(stored(document.updated_at())),
        )
        .filter(documents::Column::WorkspaceId.eq(document.workspace_id().as_uuid()))
        .filter(documents::Column::Id.eq(document.id().as_uuid()))
        .exec(db)
        .await
        .map_err(unexpected)?;
    if result.rows_affected == 0 {
        return Err(KnowledgeRepositoryError::DocumentNotFound);
    }
    Ok(())
}

pub(super) async fn get(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
    id: DocumentId,
) -> Result<Option<Document>, KnowledgeRepositoryError> {
    documents::Entity::find()
        .filter(documents::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .filter(documents::Column::Id.eq(id.as_uuid()))
        .one(db)
        .await
        .map_err(unexpected)?
        .map(document_from_row)
        .transpose()
}

/// Newest first, the id (descending too) breaking ties.
pub(super) async fn list(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
    page: PageRequest,
) -> Result<Page<Document>, KnowledgeRepositoryError> {
    let pages = documents::Entity::find()
        .filter(documents::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .order_by_desc(documents::Column::CreatedAt)
        .order_by_desc(documents::Column::Id)
        .paginate(db, u64::from(page.per_page()));
    let total = pages.num_items().await.map_err(unexpected)?;
    let rows = pages
        .fetch_page(u64::from(page.page() - 1))
        .await
        .map_err(unexpected)?;
    let items = rows
        .into_iter()
        .map(document_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::new(items, total, page))
}

/// The row first (which locks it against a concurrent `replace_chunks`), then its
/// chunks, in one transaction.
pub(super) async fn delete(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
    id: DocumentId,
) -> Result<(), KnowledgeRepositoryError> {
    let txn = db.begin().await.map_err(unexpected)?;
    let deleted = documents::Entity::delete_many()
        .filter(documents::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .filter(documents::Column::Id.eq(id.as_uuid()))
        .exec(&txn)
        .await
        .map_err(unexpected)?;
    if deleted.rows_affected == 0 {
        return Err(KnowledgeRepositoryError::DocumentNotFound);
    }
    chunks::Entity::delete_many()
        .filter(of_document(workspace_id, id))
        .exec(&txn)
        .await
        .map_err(unexpected)?;
    txn.commit().await.map_err(unexpected)
}

/// One transaction: a no-op write to the document's row (which proves it is still
/// there and holds its lock until commit, on both databases), then the old chunks out
/// and the new ones in.
pub(super) async fn replace_chunks(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
    document_id: DocumentId,
    chunks: &[Chunk],
) -> Result<(), KnowledgeRepositoryError> {
    if let Some(stray) = chunks
        .iter()
        .find(|c| c.workspace_id != workspace_id || c.document_id != document_id)
    {
        return Err(KnowledgeRepositoryError::Unexpected(format!(
            "chunk {} of document {} (workspace {}) given to replace the chunks of document \
             {document_id} (workspace {workspace_id})",
            stray.position, stray.document_id, stray.workspace_id
        )));
    }
    let rows = chunks
        .iter()
        .map(chunk_row)
        .collect::<Result<Vec<_>, _>>()?;
    let txn = db.begin().await.map_err(unexpected)?;
    let locked = documents::Entity::update_many()
        .col_expr(
            documents::Column::UpdatedAt,
            Expr::col(documents::Column::UpdatedAt),
        )
        .filter(documents::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .filter(documents::Column::Id.eq(document_id.as_uuid()))
        .exec(&txn)
        .await
        .map_err(unexpected)?;
    if locked.rows_affected == 0 {
        return Err(KnowledgeRepositoryError::DocumentNotFound);
    }
    chunks::Entity::delete_many()
        .filter(of_document(workspace_id, document_id))
        .exec(&txn)
        .await
        .map_err(unexpected)?;
    insert_in_chunks(&txn, rows, None)
        .await
        .map_err(unexpected)?;
    txn.commit().await.map_err(unexpected)
}

/// In position order.
pub(super) async fn list_chunks(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
    document_id: DocumentId,
) -> Result<Vec<Chunk>, KnowledgeRepositoryError> {
    chunks::Entity::find()
        .filter(of_document(workspace_id, document_id))
        .order_by_asc(chunks::Column::Position)
        .all(db)
        .await
        .map_err(unexpected)?
        .into_iter()
        .map(chunk_from_row)
        .collect()
}

fn of_document(workspace_id: WorkspaceId, document_id: DocumentId) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(chunks::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .add(chunks::Column::SourceType.eq(SourceType::Document.as_str()))
        .add(chunks::Column::SourceId.eq(document_id.as_uuid()))
}

fn chunk_count_cell(count: u32) -> Result<i32, KnowledgeRepositoryError> {
    i32::try_from(count).map_err(|_| {
        KnowledgeRepositoryError::Unexpected(format!("{count} chunks are too many to store"))
    })
}

fn document_row(document: &Document) -> Result<documents::ActiveModel, KnowledgeRepositoryError> {
    let size = i64::try_from(document.size_bytes()).map_err(|_| {
        KnowledgeRepositoryError::Unexpected(format!(
            "a document of {} bytes is too large to store",
            document.size_bytes()
        ))
    })?;
    let failure = document.failure();
    Ok(documents::ActiveModel {
        id: Set(document.id().as_uuid()),
        workspace_id: Set(document.workspace_id().as_uuid()),
        file_name: Set(document.file_name().as_str().to_owned()),
        mime_type: Set(document.format().mime_type().to_owned()),
        size_bytes: Set(size),
        status: Set(document.status().as_str().to_owned()),
        progress: Set(i16::from(document.progress())),
        failure_code: Set(failure.map(|f| f.code().to_owned())),
        failure_message: Set(failure.map(|f| f.message().to_owned())),
        chunk_count: Set(chunk_count_cell(document.chunk_count())?),
        content_hash: Set(None),
        created_at: Set(stored(document.created_at())),
        updated_at: Set(stored(document.updated_at())),
    })
}

fn document_from_row(row: documents::Model) -> Result<Document, KnowledgeRepositoryError> {
    let failure = match (&row.failure_code, &row.failure_message) {
        (Some(code), Some(message)) => Some(DocumentFailure::new(code, message)),
        (Some(code), None) => Some(DocumentFailure::new(code, "")),
        (None, _) => None,
    };
    Ok(Document::from_record(DocumentRecord {
        id: DocumentId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        file_name: FileName::parse(&row.file_name).map_err(|e| corrupt("document file name", e))?,
        format: DocumentFormat::from_mime(&row.mime_type)
            .ok_or_else(|| corrupt("document type", format!("'{}'", row.mime_type)))?,
        size_bytes: u64::try_from(row.size_bytes)
            .map_err(|_| corrupt("document size", row.size_bytes))?,
        status: DocumentStatus::parse(&row.status)
            .ok_or_else(|| corrupt("document status", format!("'{}'", row.status)))?,
        progress: u8::try_from(row.progress)
            .map_err(|_| corrupt("document progress", row.progress))?,
        failure,
        chunk_count: u32::try_from(row.chunk_count)
            .map_err(|_| corrupt("document chunk count", row.chunk_count))?,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }))
}

fn chunk_row(chunk: &Chunk) -> Result<chunks::ActiveModel, KnowledgeRepositoryError> {
    let too_far = |what: &str, n: u32| {
        KnowledgeRepositoryError::Unexpected(format!("chunk {what} {n} is too large to store"))
    };
    Ok(chunks::ActiveModel {
        source_type: Set(SourceType::Document.as_str().to_owned()),
        source_id: Set(chunk.document_id.as_uuid()),
        position: Set(
            i32::try_from(chunk.position).map_err(|_| too_far("position", chunk.position))?
        ),
        workspace_id: Set(chunk.workspace_id.as_uuid()),
        text: Set(chunk.text.clone()),
        page: Set(chunk
            .page
            .map(|page| i32::try_from(page).map_err(|_| too_far("page", page)))
            .transpose()?),
        section_path: Set(chunk.section.clone()),
    })
}

fn chunk_from_row(row: chunks::Model) -> Result<Chunk, KnowledgeRepositoryError> {
    Ok(Chunk {
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        document_id: DocumentId::from_uuid(row.source_id),
        position: u32::try_from(row.position)
            .map_err(|_| corrupt("chunk position", row.position))?,
        text: row.text,
        page: row
            .page
            .map(|page| u32::try_from(page).map_err(|_| corrupt("chunk page", page)))
            .transpose()?,
        section: row.section_path,
    })
}
