//! FAQs: one `faqs` row each, with derived columns the store computes on every write
//! (`dedupe_key`, unique per workspace; `category_key`; `search_text`, the folded
//! question and answer the list searches).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use kernel::{Page, PageRequest, WorkspaceId};
use knowledge::text::{fold, words};
use knowledge::{
    Faq, FaqAnswer, FaqCategory, FaqFilter, FaqId, FaqPriority, FaqQuestion, FaqTags,
    KnowledgeRepositoryError, SourceType,
};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::errors::{corrupt, is_unique_violation, unexpected};
use crate::batch::{IDS_PER_STATEMENT, insert_in_chunks};
use crate::entities::{chunks, faqs};
use crate::timestamps::stored;

pub(super) async fn create(
    db: &DatabaseConnection,
    faq: &Faq,
) -> Result<(), KnowledgeRepositoryError> {
    match faqs::Entity::insert(faq_row(faq))
        .exec_without_returning(db)
        .await
    {
        Ok(_) => Ok(()),
        Err(err) if is_unique_violation(&err) => {
            Err(holder_of_key(db, faq.workspace_id, &faq.dedupe_key(), None)
                .await?
                .map_or_else(|| unexpected(err), KnowledgeRepositoryError::DuplicateFaq))
        }
        Err(err) => Err(unexpected(err)),
    }
}

/// Every column but the keys and the creation time, which never moves.
pub(super) async fn update(
    db: &DatabaseConnection,
    faq: &Faq,
) -> Result<(), KnowledgeRepositoryError> {
    let mut changes = faq_row(faq);
    changes.id = NotSet;
    changes.workspace_id = NotSet;
    changes.created_at = NotSet;
    let result = faqs::Entity::update_many()
        .set(changes)
        .filter(faqs::Column::WorkspaceId.eq(faq.workspace_id.as_uuid()))
        .filter(faqs::Column::Id.eq(faq.id.as_uuid()))
        .exec(db)
        .await;
    match result {
        Ok(result) if result.rows_affected == 0 => Err(KnowledgeRepositoryError::FaqNotFound),
        Ok(_) => Ok(()),
        Err(err) if is_unique_violation(&err) => {
            Err(
                holder_of_key(db, faq.workspace_id, &faq.dedupe_key(), Some(faq.id))
                    .await?
                    .map_or_else(|| unexpected(err), KnowledgeRepositoryError::DuplicateFaq),
            )
        }
        Err(err) => Err(unexpected(err)),
    }
}

pub(super) async fn get(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
    id: FaqId,
) -> Result<Option<Faq>, KnowledgeRepositoryError> {
    faqs::Entity::find()
        .filter(faqs::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .filter(faqs::Column::Id.eq(id.as_uuid()))
        .one(db)
        .await
        .map_err(unexpected)?
        .map(faq_from_row)
        .transpose()
}

/// Newest first, the id (descending too) breaking ties.
pub(super) async fn list(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
    filter: &FaqFilter,
    page: PageRequest,
) -> Result<Page<Faq>, KnowledgeRepositoryError> {
    let pages = faqs::Entity::find()
        .filter(matching(workspace_id, filter))
        .order_by_desc(faqs::Column::CreatedAt)
        .order_by_desc(faqs::Column::Id)
        .paginate(db, u64::from(page.per_page()));
    let total = pages.num_items().await.map_err(unexpected)?;
    let rows = pages
        .fetch_page(u64::from(page.page() - 1))
        .await
        .map_err(unexpected)?;
    let items = rows
        .into_iter()
        .map(faq_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::new(items, total, page))
}

/// The FAQ and any chunks indexed from it, in one transaction.
pub(super) async fn delete(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
    id: FaqId,
) -> Result<(), KnowledgeRepositoryError> {
    let txn = db.begin().await.map_err(unexpected)?;
    let deleted = faqs::Entity::delete_many()
        .filter(faqs::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .filter(faqs::Column::Id.eq(id.as_uuid()))
        .exec(&txn)
        .await
        .map_err(unexpected)?;
    if deleted.rows_affected == 0 {
        return Err(KnowledgeRepositoryError::FaqNotFound);
    }
    chunks::Entity::delete_many()
        .filter(chunks::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .filter(chunks::Column::SourceType.eq(SourceType::Faq.as_str()))
        .filter(chunks::Column::SourceId.eq(id.as_uuid()))
        .exec(&txn)
        .await
        .map_err(unexpected)?;
    txn.commit().await.map_err(unexpected)
}

pub(super) async fn keys(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
) -> Result<HashMap<String, FaqId>, KnowledgeRepositoryError> {
    let rows: Vec<(String, Uuid)> = faqs::Entity::find()
        .select_only()
        .column(faqs::Column::DedupeKey)
        .column(faqs::Column::Id)
        .filter(faqs::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .into_tuple()
        .all(db)
        .await
        .map_err(unexpected)?;
    Ok(rows
        .into_iter()
        .map(|(key, id)| (key, FaqId::from_uuid(id)))
        .collect())
}

/// A whole FAQ import in one transaction. The FAQs being updated are read (which
/// proves they exist here and keeps their creation times), deleted, and written again
/// with the new ones in multi-row inserts; so an update may take a question another
/// updated FAQ gives up, whatever the order. Any failure rolls everything back.
pub(super) async fn save_import(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
    created: &[Faq],
    updated: &[Faq],
) -> Result<(), KnowledgeRepositoryError> {
    if let Some(foreign) = created
        .iter()
        .chain(updated)
        .map(|faq| faq.workspace_id)
        .find(|id| *id != workspace_id)
    {
        return Err(KnowledgeRepositoryError::Unexpected(format!(
            "a FAQ import for workspace {workspace_id} holds a FAQ of workspace {foreign}"
        )));
    }
    let txn = db.begin().await.map_err(unexpected)?;
    match write_import(&txn, workspace_id, created, updated).await {
        Ok(()) => txn.commit().await.map_err(unexpected),
        Err(failure) => {
            txn.rollback().await.map_err(unexpected)?;
            Err(match failure {
                Failure::Domain(err) => err,
                Failure::Db(err) if is_unique_violation(&err) => {
                    match import_duplicate(db, workspace_id, created, updated).await? {
                        Some(id) => KnowledgeRepositoryError::DuplicateFaq(id),
                        None => unexpected(err),
                    }
                }
                Failure::Db(err) => unexpected(err),
            })
        }
    }
}

enum Failure {
    Domain(KnowledgeRepositoryError),
    Db(DbErr),
}

impl From<DbErr> for Failure {
    fn from(err: DbErr) -> Self {
        Failure::Db(err)
    }
}

async fn write_import(
    txn: &DatabaseTransaction,
    workspace_id: WorkspaceId,
    created: &[Faq],
    updated: &[Faq],
) -> Result<(), Failure> {
    let workspace = workspace_id.as_uuid();
    let updated_ids = unique_ids(updated);
    let mut created_at: HashMap<Uuid, DateTime<Utc>> = HashMap::with_capacity(updated_ids.len());
    for chunk in updated_ids.chunks(IDS_PER_STATEMENT) {
        let found: Vec<(Uuid, DateTime<Utc>)> = faqs::Entity::find()
            .select_only()
            .column(faqs::Column::Id)
            .column(faqs::Column::CreatedAt)
            .filter(faqs::Column::WorkspaceId.eq(workspace))
            .filter(faqs::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(txn)
            .await?;
        if found.len() != chunk.len() {
            return Err(Failure::Domain(KnowledgeRepositoryError::FaqNotFound));
        }
        created_at.extend(found);
        faqs::Entity::delete_many()
            .filter(faqs::Column::WorkspaceId.eq(workspace))
            .filter(faqs::Column::Id.is_in(chunk.iter().copied()))
            .exec(txn)
            .await?;
    }
    let mut rows: Vec<faqs::ActiveModel> = created.iter().map(faq_row).collect();
    // The last version of a FAQ given twice wins, as two updates in a row would.
    let mut seen = HashSet::with_capacity(updated.len());
    for faq in updated.iter().rev() {
        if !seen.insert(faq.id.as_uuid()) {
            continue;
        }
        let mut row = faq_row(faq);
        if let Some(at) = created_at.get(&faq.id.as_uuid()) {
            row.created_at = Set(*at);
        }
        rows.push(row);
    }
    insert_in_chunks(txn, rows, None).await?;
    Ok(())
}

/// After a question clash in an import, the FAQ it clashed with: an earlier FAQ of
/// the batch with the same question, or a stored FAQ outside the batch.
async fn import_duplicate(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
    created: &[Faq],
    updated: &[Faq],
) -> Result<Option<FaqId>, KnowledgeRepositoryError> {
    let batch: Vec<&Faq> = created.iter().chain(updated).collect();
    let mut first_with_key: HashMap<String, FaqId> = HashMap::new();
    for faq in &batch {
        match first_with_key.get(&faq.dedupe_key()) {
            Some(first) if *first != faq.id => return Ok(Some(*first)),
            Some(_) => {}
            None => {
                first_with_key.insert(faq.dedupe_key(), faq.id);
            }
        }
    }
    // Updated FAQs were rewritten by the import, so their stored questions do not
    // count; a created FAQ already stored (an import run twice) clashes with itself.
    let rewritten: HashSet<Uuid> = updated.iter().map(|faq| faq.id.as_uuid()).collect();
    let keys: Vec<&String> = first_with_key.keys().collect();
    for chunk in keys.chunks(IDS_PER_STATEMENT) {
        let holders: Vec<Uuid> = faqs::Entity::find()
            .select_only()
            .column(faqs::Column::Id)
            .filter(faqs::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(faqs::Column::DedupeKey.is_in(chunk.iter().map(|key| key.as_str())))
            .order_by_asc(faqs::Column::Id)
            .into_tuple()
            .all(db)
            .await
            .map_err(unexpected)?;
        if let Some(holder) = holders.into_iter().find(|id| !rewritten.contains(id)) {
            return Ok(Some(FaqId::from_uuid(holder)));
        }
    }
    Ok(None)
}

/// The FAQ of the workspace holding `key`, other than `except`.
async fn holder_of_key<C: ConnectionTrait>(
    db: &C,
    workspace_id: WorkspaceId,
    key: &str,
    except: Option<FaqId>,
) -> Result<Option<FaqId>, KnowledgeRepositoryError> {
    let mut query = faqs::Entity::find()
        .select_only()
        .column(faqs::Column::Id)
        .filter(faqs::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .filter(faqs::Column::DedupeKey.eq(key));
    if let Some(except) = except {
        query = query.filter(faqs::Column::Id.ne(except.as_uuid()));
    }
    let holder: Option<Uuid> = query.into_tuple().one(db).await.map_err(unexpected)?;
    Ok(holder.map(FaqId::from_uuid))
}

/// FAQs of the workspace that pass every filter.
fn matching(workspace_id: WorkspaceId, filter: &FaqFilter) -> Condition {
    let mut condition = Condition::all().add(faqs::Column::WorkspaceId.eq(workspace_id.as_uuid()));
    if let Some(category) = &filter.category {
        condition = condition.add(faqs::Column::CategoryKey.eq(category_key(category)));
    }
    if let Some(active) = filter.active {
        condition = condition.add(faqs::Column::Active.eq(active));
    }
    if let Some(search) = &filter.search {
        // Folded words are letters and digits only, so they hold no LIKE wildcard.
        for word in words(search) {
            condition = condition
                .add(Expr::col((faqs::Entity, faqs::Column::SearchText)).like(format!("%{word}%")));
        }
    }
    condition
}

fn category_key(category: &str) -> String {
    category.trim().to_lowercase()
}

fn unique_ids(faqs: &[Faq]) -> Vec<Uuid> {
    let mut seen = HashSet::with_capacity(faqs.len());
    faqs.iter()
        .map(|faq| faq.id.as_uuid())
        .filter(|id| seen.insert(*id))
        .collect()
}

fn faq_row(faq: &Faq) -> faqs::ActiveModel {
    let tags = faq
        .tags
        .as_slice()
        .iter()
        .map(|tag| serde_json::Value::String(tag.clone()))
        .collect();
    faqs::ActiveModel {
        id: Set(faq.id.as_uuid()),
        workspace_id: Set(faq.workspace_id.as_uuid()),
        question: Set(faq.question.as_str().to_owned()),
        answer: Set(faq.answer.as_str().to_owned()),
        category: Set(faq.category.as_ref().map(|c| c.as_str().to_owned())),
        category_key: Set(faq.category.as_ref().map(|c| category_key(c.as_str()))),
        tags: Set(serde_json::Value::Array(tags)),
        priority: Set(faq.priority.as_str().to_owned()),
        active: Set(faq.active),
        dedupe_key: Set(faq.dedupe_key()),
        search_text: Set(format!(
            "{}\n{}",
            fold(faq.question.as_str()),
            fold(faq.answer.as_str())
        )),
        created_at: Set(stored(faq.created_at)),
        updated_at: Set(stored(faq.updated_at)),
    }
}

fn faq_from_row(row: faqs::Model) -> Result<Faq, KnowledgeRepositoryError> {
    let tags: Vec<&str> = row
        .tags
        .as_array()
        .ok_or_else(|| {
            corrupt(
                "FAQ tags",
                format!("expected a JSON array, found {}", row.tags),
            )
        })?
        .iter()
        .map(|tag| {
            tag.as_str()
                .ok_or_else(|| corrupt("FAQ tags", format!("expected a tag, found {tag}")))
        })
        .collect::<Result<_, _>>()?;
    Ok(Faq {
        id: FaqId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        question: FaqQuestion::parse(&row.question).map_err(|e| corrupt("FAQ question", e))?,
        answer: FaqAnswer::parse(&row.answer).map_err(|e| corrupt("FAQ answer", e))?,
        category: row
            .category
            .as_deref()
            .map(FaqCategory::parse)
            .transpose()
            .map_err(|e| corrupt("FAQ category", e))?,
        tags: FaqTags::new(&tags).map_err(|e| corrupt("FAQ tags", e))?,
        priority: FaqPriority::parse(&row.priority)
            .ok_or_else(|| corrupt("FAQ priority", format!("'{}'", row.priority)))?,
        active: row.active,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
