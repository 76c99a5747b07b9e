//! FAQs: create, read, change, delete, CSV import; each indexed as one point whose
//! text is the question and the answer.

use std::collections::BTreeMap;

use kernel::{Page, PageRequest, WorkspaceId};

use super::errors::{FaqError, FaqImportError, IndexError};
use super::{KnowledgeService, KnowledgeTask};
use crate::ranking::METADATA_NAME;
use crate::{
    DuplicateOf, Faq, FaqAnswer, FaqCategory, FaqDuplicate, FaqFilter, FaqId, FaqPriority,
    FaqQuestion, FaqSheet, FaqTags, NewFaq, SourceRef, SourceType, VectorPoint, parse_faq_sheet,
};

/// Imports up to this many FAQs are indexed within the request, so they are searchable
/// when it returns; larger ones are indexed by a task.
const INLINE_INDEX_MAX: usize = 128;

/// A partial change; `None` leaves a field as it is, `category: Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaqPatch {
    pub question: Option<FaqQuestion>,
    pub answer: Option<FaqAnswer>,
    pub category: Option<Option<FaqCategory>>,
    pub tags: Option<FaqTags>,
    pub priority: Option<FaqPriority>,
    pub active: Option<bool>,
}

/// What an import did (or, in a dry run, would do), row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaqImport {
    /// New FAQs with the row they come from.
    pub created: Vec<(usize, Faq)>,
    /// Existing FAQs overwritten by a row (only when overwriting was asked for).
    pub updated: Vec<(usize, Faq)>,
    /// Rows repeating a question already known, not imported.
    pub skipped: Vec<FaqDuplicate>,
    /// Every problem; when there is one, a real import writes nothing.
    pub errors: Vec<crate::FaqRowError>,
}

impl FaqImport {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

impl KnowledgeService {
    pub async fn create_faq(
        &self,
        workspace_id: WorkspaceId,
        new: NewFaq,
    ) -> Result<Faq, FaqError> {
        let faq = Faq::new(workspace_id, new, self.now());
        self.ports.repository.create_faq(&faq).await?;
        self.index_faqs_or_schedule(workspace_id, std::slice::from_ref(&faq))
            .await
            .map_err(|e| FaqError::Unexpected(e.to_string()))?;
        Ok(faq)
    }

    pub async fn get_faq(&self, workspace_id: WorkspaceId, id: FaqId) -> Result<Faq, FaqError> {
        self.ports
            .repository
            .get_faq(workspace_id, id)
            .await?
            .ok_or(FaqError::NotFound)
    }

    pub async fn list_faqs(
        &self,
        workspace_id: WorkspaceId,
        filter: &FaqFilter,
        page: PageRequest,
    ) -> Result<Page<Faq>, FaqError> {
        Ok(self
            .ports
            .repository
            .list_faqs(workspace_id, filter, page)
            .await?)
    }

    pub async fn update_faq(
        &self,
        workspace_id: WorkspaceId,
        id: FaqId,
        patch: FaqPatch,
    ) -> Result<Faq, FaqError> {
        let mut faq = self.get_faq(workspace_id, id).await?;
        let before = faq.clone();
        if let Some(question) = patch.question {
            faq.question = question;
        }
        if let Some(answer) = patch.answer {
            faq.answer = answer;
        }
        if let Some(category) = patch.category {
            faq.category = category;
        }
        if let Some(tags) = patch.tags {
            faq.tags = tags;
        }
        if let Some(priority) = patch.priority {
            faq.priority = priority;
        }
        if let Some(active) = patch.active {
            faq.active = active;
        }
        if faq == before {
            return Ok(faq);
        }
        faq.updated_at = self.now();
        self.ports.repository.update_faq(&faq).await?;
        self.index_faqs_or_schedule(workspace_id, std::slice::from_ref(&faq))
            .await
            .map_err(|e| FaqError::Unexpected(e.to_string()))?;
        Ok(faq)
    }

    /// Removes the FAQ from search first, then deletes it: if the index cannot be
    /// reached nothing changes and the caller can try again, so a deleted FAQ is never
    /// left searchable.
    pub async fn delete_faq(&self, workspace_id: WorkspaceId, id: FaqId) -> Result<(), FaqError> {
        self.get_faq(workspace_id, id).await?;
        self.delete_points(workspace_id, SourceType::Faq, id.as_uuid())
            .await?;
        self.ports.repository.delete_faq(workspace_id, id).await?;
        Ok(())
    }

    /// What importing these CSV records (header first) would do. Writes nothing.
    pub async fn preview_faq_import(
        &self,
        workspace_id: WorkspaceId,
        records: &[Vec<String>],
        overwrite: bool,
    ) -> Result<FaqImport, FaqImportError> {
        let existing = self.ports.repository.faq_keys(workspace_id).await?;
        let sheet = parse_faq_sheet(records, &existing);
        self.plan_import(workspace_id, sheet, overwrite).await
    }

    /// Imports all or nothing: a row error and nothing is written. Duplicates are
    /// skipped (or, with `overwrite`, replace the FAQ they repeat), never doubled.
    pub async fn apply_faq_import(
        &self,
        workspace_id: WorkspaceId,
        records: &[Vec<String>],
        overwrite: bool,
    ) -> Result<FaqImport, FaqImportError> {
        let plan = self
            .preview_faq_import(workspace_id, records, overwrite)
            .await?;
        if !plan.is_valid() {
            return Err(FaqImportError::Invalid(plan.errors));
        }
        let created: Vec<Faq> = plan.created.iter().map(|(_, f)| f.clone()).collect();
        let updated: Vec<Faq> = plan.updated.iter().map(|(_, f)| f.clone()).collect();
        if created.is_empty() && updated.is_empty() {
            return Ok(plan);
        }
        self.ports
            .repository
            .save_faq_import(workspace_id, &created, &updated)
            .await?;
        let written: Vec<Faq> = created.into_iter().chain(updated).collect();
        self.index_faqs_or_schedule(workspace_id, &written)
            .await
            .map_err(|e| FaqImportError::Unexpected(e.to_string()))?;
        Ok(plan)
    }

    async fn plan_import(
        &self,
        workspace_id: WorkspaceId,
        sheet: FaqSheet,
        overwrite: bool,
    ) -> Result<FaqImport, FaqImportError> {
        let now = self.now();
        let mut plan = FaqImport {
            created: sheet
                .new
                .into_iter()
                .map(|parsed| (parsed.row, Faq::new(workspace_id, parsed.faq, now)))
                .collect(),
            updated: Vec::new(),
            skipped: Vec::new(),
            errors: sheet.errors,
        };
        for duplicate in sheet.duplicates {
            let target = match duplicate.of {
                DuplicateOf::Existing(id) if overwrite => id,
                _ => {
                    plan.skipped.push(duplicate);
                    continue;
                }
            };
            let Some(mut faq) = self.ports.repository.get_faq(workspace_id, target).await? else {
                // Deleted since the keys were read: importing it anew would race the
                // delete; the next run reports it as new.
                plan.skipped.push(duplicate);
                continue;
            };
            let before = faq.clone();
            faq.question = duplicate.faq.question.clone();
            faq.answer = duplicate.faq.answer.clone();
            faq.category = duplicate.faq.category.clone();
            faq.tags = duplicate.faq.tags.clone();
            if faq == before {
                plan.skipped.push(duplicate);
                continue;
            }
            faq.updated_at = now;
            plan.updated.push((duplicate.row, faq));
        }
        Ok(plan)
    }

    /// Indexes FAQs in the request when there are few (searchable at once), else
    /// schedules it; a failure inline falls back to a task, which retries with backoff.
    async fn index_faqs_or_schedule(
        &self,
        workspace_id: WorkspaceId,
        faqs: &[Faq],
    ) -> Result<(), IndexError> {
        if faqs.is_empty() {
            return Ok(());
        }
        if faqs.len() <= INLINE_INDEX_MAX && self.index_faqs(faqs).await.is_ok() {
            return Ok(());
        }
        self.ports
            .tasks
            .schedule(KnowledgeTask::IndexFaqs {
                workspace_id,
                faq_ids: faqs.iter().map(|f| f.id).collect(),
            })
            .await?;
        Ok(())
    }

    /// The `IndexFaqs` task: indexes the FAQs that still exist, removes the others.
    pub async fn index_faqs_by_id(
        &self,
        workspace_id: WorkspaceId,
        ids: &[FaqId],
    ) -> Result<(), IndexError> {
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            match self.ports.repository.get_faq(workspace_id, *id).await? {
                Some(faq) => found.push(faq),
                None => {
                    self.delete_points(workspace_id, SourceType::Faq, id.as_uuid())
                        .await?
                }
            }
        }
        self.index_faqs(&found).await
    }

    pub(super) async fn index_faqs(&self, faqs: &[Faq]) -> Result<(), IndexError> {
        let texts: Vec<String> = faqs.iter().map(Faq::index_text).collect();
        let vectors = self.embed_batches(&texts).await?;
        let points: Vec<VectorPoint> = faqs
            .iter()
            .zip(texts)
            .zip(vectors)
            .map(|((faq, text), vector)| VectorPoint {
                workspace_id: faq.workspace_id,
                source: SourceRef::faq(faq.id),
                text,
                available: faq.active,
                metadata: faq_metadata(faq),
                vector,
            })
            .collect();
        self.upsert_points(&points).await
    }
}

/// Shown with hits, and read by ranking: the question is the FAQ's "name", so a query
/// that says the question finds it first.
fn faq_metadata(faq: &Faq) -> BTreeMap<String, String> {
    let mut metadata = BTreeMap::from([
        (METADATA_NAME.to_owned(), faq.question.as_str().to_owned()),
        ("priority".to_owned(), faq.priority.as_str().to_owned()),
    ]);
    if let Some(category) = &faq.category {
        metadata.insert("category".to_owned(), category.as_str().to_owned());
    }
    if !faq.tags.as_slice().is_empty() {
        metadata.insert("tags".to_owned(), faq.tags.as_slice().join(","));
    }
    metadata
}
