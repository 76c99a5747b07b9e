//! In-memory ports with switches to make them fail, so use cases are tested against
//! behaviour (what is stored, what is searchable) rather than call sequences.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::{JobProgress, Page, PageRequest, WorkspaceId};
use uuid::Uuid;

use crate::service::ports::*;
use crate::text::keywords;
use crate::*;

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[derive(Default)]
pub struct MemoryRepository {
    pub faqs: Mutex<Vec<Faq>>,
    pub documents: Mutex<Vec<Document>>,
    pub chunks: Mutex<HashMap<DocumentId, Vec<Chunk>>>,
    pub queries: Mutex<Vec<QueryLogEntry>>,
}

impl MemoryRepository {
    pub fn document(&self, id: DocumentId) -> Option<Document> {
        lock(&self.documents).iter().find(|d| d.id() == id).cloned()
    }
}

fn page<T: Clone>(items: &[T], request: PageRequest) -> Page<T> {
    let start = usize::try_from(request.offset()).unwrap_or(usize::MAX);
    let slice: Vec<T> = items
        .iter()
        .skip(start)
        .take(request.per_page() as usize)
        .cloned()
        .collect();
    Page::new(slice, items.len() as u64, request)
}

#[async_trait]
impl KnowledgeRepository for MemoryRepository {
    async fn create_faq(&self, faq: &Faq) -> Result<(), KnowledgeRepositoryError> {
        let mut faqs = lock(&self.faqs);
        if let Some(other) = faqs
            .iter()
            .find(|f| f.workspace_id == faq.workspace_id && f.dedupe_key() == faq.dedupe_key())
        {
            return Err(KnowledgeRepositoryError::DuplicateFaq(other.id));
        }
        faqs.push(faq.clone());
        Ok(())
    }

    async fn update_faq(&self, faq: &Faq) -> Result<(), KnowledgeRepositoryError> {
        let mut faqs = lock(&self.faqs);
        if let Some(other) = faqs.iter().find(|f| {
            f.workspace_id == faq.workspace_id
                && f.id != faq.id
                && f.dedupe_key() == faq.dedupe_key()
        }) {
            return Err(KnowledgeRepositoryError::DuplicateFaq(other.id));
        }
        let slot = faqs
            .iter_mut()
            .find(|f| f.workspace_id == faq.workspace_id && f.id == faq.id)
            .ok_or(KnowledgeRepositoryError::FaqNotFound)?;
        *slot = faq.clone();
        Ok(())
    }

    async fn get_faq(
        &self,
        workspace_id: WorkspaceId,
        id: FaqId,
    ) -> Result<Option<Faq>, KnowledgeRepositoryError> {
        Ok(lock(&self.faqs)
            .iter()
            .find(|f| f.workspace_id == workspace_id && f.id == id)
            .cloned())
    }

    async fn list_faqs(
        &self,
        workspace_id: WorkspaceId,
        filter: &FaqFilter,
        request: PageRequest,
    ) -> Result<Page<Faq>, KnowledgeRepositoryError> {
        let mut found: Vec<Faq> = lock(&self.faqs)
            .iter()
            .filter(|f| f.workspace_id == workspace_id)
            .filter(|f| filter.active.is_none_or(|a| f.active == a))
            .cloned()
            .collect();
        found.reverse();
        Ok(page(&found, request))
    }

    async fn delete_faq(
        &self,
        workspace_id: WorkspaceId,
        id: FaqId,
    ) -> Result<(), KnowledgeRepositoryError> {
        let mut faqs = lock(&self.faqs);
        let before = faqs.len();
        faqs.retain(|f| !(f.workspace_id == workspace_id && f.id == id));
        if faqs.len() == before {
            return Err(KnowledgeRepositoryError::FaqNotFound);
        }
        Ok(())
    }

    async fn faq_keys(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<HashMap<String, FaqId>, KnowledgeRepositoryError> {
        Ok(lock(&self.faqs)
            .iter()
            .filter(|f| f.workspace_id == workspace_id)
            .map(|f| (f.dedupe_key(), f.id))
            .collect())
    }

    async fn save_faq_import(
        &self,
        _workspace_id: WorkspaceId,
        created: &[Faq],
        updated: &[Faq],
    ) -> Result<(), KnowledgeRepositoryError> {
        let mut faqs = lock(&self.faqs);
        for faq in updated {
            if let Some(slot) = faqs.iter_mut().find(|f| f.id == faq.id) {
                *slot = faq.clone();
            }
        }
        faqs.extend(created.iter().cloned());
        Ok(())
    }

    async fn create_document(&self, document: &Document) -> Result<(), KnowledgeRepositoryError> {
        lock(&self.documents).push(document.clone());
        Ok(())
    }

    async fn update_document(&self, document: &Document) -> Result<(), KnowledgeRepositoryError> {
        let mut documents = lock(&self.documents);
        let slot = documents
            .iter_mut()
            .find(|d| d.id() == document.id())
            .ok_or(KnowledgeRepositoryError::DocumentNotFound)?;
        *slot = document.clone();
        Ok(())
    }

    async fn get_document(
        &self,
        workspace_id: WorkspaceId,
        id: DocumentId,
    ) -> Result<Option<Document>, KnowledgeRepositoryError> {
        Ok(lock(&self.documents)
            .iter()
            .find(|d| d.workspace_id() == workspace_id && d.id() == id)
            .cloned())
    }

    async fn list_documents(
        &self,
        workspace_id: WorkspaceId,
        request: PageRequest,
    ) -> Result<Page<Document>, KnowledgeRepositoryError> {
        let mut found: Vec<Document> = lock(&self.documents)
            .iter()
            .filter(|d| d.workspace_id() == workspace_id)
            .cloned()
            .collect();
        found.reverse();
        Ok(page(&found, request))
    }

    async fn delete_document(
        &self,
        workspace_id: WorkspaceId,
        id: DocumentId,
    ) -> Result<(), KnowledgeRepositoryError> {
        let mut documents = lock(&self.documents);
        let before = documents.len();
        documents.retain(|d| !(d.workspace_id() == workspace_id && d.id() == id));
        if documents.len() == before {
            return Err(KnowledgeRepositoryError::DocumentNotFound);
        }
        lock(&self.chunks).remove(&id);
        Ok(())
    }

    async fn replace_chunks(
        &self,
        _workspace_id: WorkspaceId,
        document_id: DocumentId,
        chunks: &[Chunk],
    ) -> Result<(), KnowledgeRepositoryError> {
        lock(&self.chunks).insert(document_id, chunks.to_vec());
        Ok(())
    }

    async fn list_chunks(
        &self,
        _workspace_id: WorkspaceId,
        document_id: DocumentId,
    ) -> Result<Vec<Chunk>, KnowledgeRepositoryError> {
        Ok(lock(&self.chunks)
            .get(&document_id)
            .cloned()
            .unwrap_or_default())
    }

    async fn log_query(&self, entry: &QueryLogEntry) -> Result<(), KnowledgeRepositoryError> {
        lock(&self.queries).push(entry.clone());
        Ok(())
    }

    async fn weak_queries(
        &self,
        workspace_id: WorkspaceId,
        since: DateTime<Utc>,
        below: f32,
        limit: u32,
    ) -> Result<Vec<QueryLogEntry>, KnowledgeRepositoryError> {
        let mut found: Vec<QueryLogEntry> = lock(&self.queries)
            .iter()
            .filter(|q| q.workspace_id == workspace_id && q.asked_at >= since)
            .filter(|q| q.hit_count == 0 || q.best_score.is_none_or(|s| s < below))
            .cloned()
            .collect();
        found.reverse();
        found.truncate(limit as usize);
        Ok(found)
    }
}

/// A collection: when it was created, and its points by id.
type StoredCollection = (DateTime<Utc>, HashMap<Uuid, VectorPoint>);

/// Exact cosine search over every point, with a switch to be unreachable.
#[derive(Default)]
pub struct MemoryIndex {
    pub collections: Mutex<BTreeMap<EmbedderSpec, StoredCollection>>,
    pub unavailable: AtomicBool,
    pub upserts: AtomicUsize,
    /// When set, upserts succeed this many more times, then fail as unavailable.
    pub upsert_budget: Mutex<Option<usize>>,
}

impl MemoryIndex {
    fn check(&self) -> Result<(), VectorIndexError> {
        if self.unavailable.load(Ordering::SeqCst) {
            return Err(VectorIndexError::Unavailable("connection refused".into()));
        }
        Ok(())
    }

    /// Points of one source type and id in a collection.
    pub fn points_of(&self, spec: &EmbedderSpec, source_id: Uuid) -> Vec<VectorPoint> {
        lock(&self.collections)
            .get(spec)
            .map(|(_, points)| {
                let mut found: Vec<VectorPoint> = points
                    .values()
                    .filter(|p| p.source.source_id == source_id)
                    .cloned()
                    .collect();
                found.sort_by_key(|p| p.source);
                found
            })
            .unwrap_or_default()
    }

    pub fn count(&self, spec: &EmbedderSpec) -> usize {
        lock(&self.collections)
            .get(spec)
            .map_or(0, |(_, points)| points.len())
    }
}

#[async_trait]
impl VectorIndex for MemoryIndex {
    async fn list_collections(&self) -> Result<Vec<CollectionInfo>, VectorIndexError> {
        self.check()?;
        Ok(lock(&self.collections)
            .iter()
            .map(|(spec, (created_at, points))| CollectionInfo {
                spec: spec.clone(),
                points: points.len() as u64,
                created_at: *created_at,
            })
            .collect())
    }

    async fn create_collection(
        &self,
        spec: &EmbedderSpec,
        at: DateTime<Utc>,
    ) -> Result<CollectionInfo, VectorIndexError> {
        self.check()?;
        let mut collections = lock(&self.collections);
        let (created_at, points) = collections
            .entry(spec.clone())
            .or_insert_with(|| (at, HashMap::new()));
        Ok(CollectionInfo {
            spec: spec.clone(),
            points: points.len() as u64,
            created_at: *created_at,
        })
    }

    async fn drop_collection(&self, spec: &EmbedderSpec) -> Result<(), VectorIndexError> {
        self.check()?;
        lock(&self.collections).remove(spec);
        Ok(())
    }

    async fn upsert(
        &self,
        spec: &EmbedderSpec,
        points: &[VectorPoint],
    ) -> Result<(), VectorIndexError> {
        self.check()?;
        if let Some(budget) = lock(&self.upsert_budget).as_mut() {
            if *budget == 0 {
                return Err(VectorIndexError::Unavailable("timed out".into()));
            }
            *budget -= 1;
        }
        let mut collections = lock(&self.collections);
        let (_, stored) = collections
            .get_mut(spec)
            .ok_or_else(|| VectorIndexError::CollectionMissing(spec.clone()))?;
        if let Some(bad) = points.iter().find(|p| p.vector.len() != spec.dimension()) {
            return Err(VectorIndexError::DimensionMismatch {
                expected: spec.dimension(),
                actual: bad.vector.len(),
            });
        }
        for point in points {
            stored.insert(point.id(), point.clone());
        }
        self.upserts.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    async fn delete_source(
        &self,
        spec: &EmbedderSpec,
        workspace_id: WorkspaceId,
        source_type: SourceType,
        source_id: Uuid,
    ) -> Result<(), VectorIndexError> {
        self.check()?;
        let mut collections = lock(&self.collections);
        let (_, stored) = collections
            .get_mut(spec)
            .ok_or_else(|| VectorIndexError::CollectionMissing(spec.clone()))?;
        stored.retain(|_, p| {
            !(p.workspace_id == workspace_id
                && p.source.source_type == source_type
                && p.source.source_id == source_id)
        });
        Ok(())
    }

    async fn search(
        &self,
        spec: &EmbedderSpec,
        workspace_id: WorkspaceId,
        vector: &[f32],
        filter: &SearchFilter,
        top_k: usize,
    ) -> Result<Vec<VectorHit>, VectorIndexError> {
        self.check()?;
        let collections = lock(&self.collections);
        let (_, stored) = collections
            .get(spec)
            .ok_or_else(|| VectorIndexError::CollectionMissing(spec.clone()))?;
        let mut hits: Vec<VectorHit> = stored
            .values()
            .filter(|p| p.workspace_id == workspace_id)
            .filter(|p| !filter.available_only || p.available)
            .filter(|p| {
                filter.source_types.is_empty()
                    || filter.source_types.contains(&p.source.source_type)
            })
            .map(|p| VectorHit {
                source: p.source,
                text: p.text.clone(),
                available: p.available,
                metadata: p.metadata.clone(),
                score: p.vector.iter().zip(vector).map(|(a, b)| a * b).sum(),
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        hits.truncate(top_k);
        Ok(hits)
    }
}

/// Keywords hashed into 64 dimensions: texts sharing words are near, others far.
pub struct WordEmbedder {
    spec: EmbedderSpec,
    pub fail_with: Mutex<Option<EmbedError>>,
    pub calls: AtomicUsize,
}

impl WordEmbedder {
    pub fn named(name: &str) -> Self {
        Self {
            spec: EmbedderSpec::new(name, 64).unwrap(),
            fail_with: Mutex::new(None),
            calls: AtomicUsize::new(0),
        }
    }

    pub fn vector(text: &str) -> Vec<f32> {
        let mut vector = vec![0f32; 64];
        for word in keywords(text) {
            let slot = word
                .bytes()
                .fold(7usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize))
                % 64;
            vector[slot] += 1.0;
        }
        let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-6);
        vector.iter().map(|v| v / norm).collect()
    }
}

#[async_trait]
impl Embedder for WordEmbedder {
    fn spec(&self) -> &EmbedderSpec {
        &self.spec
    }

    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if let Some(error) = lock(&self.fail_with).clone() {
            return Err(error);
        }
        Ok(texts.iter().map(|t| Self::vector(t)).collect())
    }
}

/// Text formats are read as UTF-8; a "PDF" must start with `%PDF` and has pages
/// separated by form feeds; a "DOCX" containing `BOMB` is a zip bomb.
pub struct FakeExtractor;

#[async_trait]
impl TextExtractor for FakeExtractor {
    async fn extract(
        &self,
        bytes: &[u8],
        format: DocumentFormat,
    ) -> Result<ExtractedText, ExtractError> {
        match format {
            DocumentFormat::Pdf => {
                let text = std::str::from_utf8(bytes)
                    .ok()
                    .and_then(|t| t.strip_prefix("%PDF"))
                    .ok_or_else(|| ExtractError::Corrupt {
                        format: "PDF",
                        detail: "no PDF header".into(),
                    })?;
                Ok(ExtractedText::paged(text.split('\u{c}')))
            }
            DocumentFormat::Docx => {
                if bytes.windows(4).any(|w| w == b"BOMB") {
                    return Err(ExtractError::ZipBomb {
                        limit_bytes: 1 << 20,
                    });
                }
                Ok(ExtractedText::plain(String::from_utf8_lossy(bytes)))
            }
            _ => std::str::from_utf8(bytes)
                .map(ExtractedText::plain)
                .map_err(|_| ExtractError::Binary {
                    expected: "plain text",
                }),
        }
    }
}

#[derive(Default)]
pub struct MemoryFiles {
    pub files: Mutex<HashMap<DocumentId, Vec<u8>>>,
}

#[async_trait]
impl DocumentFiles for MemoryFiles {
    async fn save(
        &self,
        _workspace_id: WorkspaceId,
        document_id: DocumentId,
        bytes: &[u8],
    ) -> Result<(), FileStoreError> {
        lock(&self.files).insert(document_id, bytes.to_vec());
        Ok(())
    }

    async fn load(
        &self,
        _workspace_id: WorkspaceId,
        document_id: DocumentId,
    ) -> Result<Option<Vec<u8>>, FileStoreError> {
        Ok(lock(&self.files).get(&document_id).cloned())
    }

    async fn remove(
        &self,
        _workspace_id: WorkspaceId,
        document_id: DocumentId,
    ) -> Result<(), FileStoreError> {
        lock(&self.files).remove(&document_id);
        Ok(())
    }
}

#[derive(Default)]
pub struct MemoryCatalog {
    pub products: Mutex<Vec<ProductFacts>>,
}

#[async_trait]
impl ProductCatalog for MemoryCatalog {
    async fn product(
        &self,
        workspace_id: WorkspaceId,
        product_id: Uuid,
    ) -> Result<Option<ProductFacts>, SourceReadError> {
        Ok(lock(&self.products)
            .iter()
            .find(|p| p.workspace_id == workspace_id && p.product_id == product_id)
            .cloned())
    }

    async fn all_products(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<ProductFacts>, SourceReadError> {
        Ok(lock(&self.products)
            .iter()
            .filter(|p| p.workspace_id == workspace_id)
            .cloned()
            .collect())
    }

    async fn find(
        &self,
        workspace_id: WorkspaceId,
        text: &str,
        limit: usize,
    ) -> Result<Vec<ProductFacts>, SourceReadError> {
        let text = text.to_lowercase();
        Ok(lock(&self.products)
            .iter()
            .filter(|p| p.workspace_id == workspace_id)
            .filter(|p| {
                p.name.to_lowercase().contains(&text)
                    || p.sku
                        .as_deref()
                        .is_some_and(|s| s.to_lowercase().contains(&text))
            })
            .take(limit)
            .cloned()
            .collect())
    }
}

#[derive(Default)]
pub struct MemoryWorkspaces {
    pub ids: Mutex<Vec<WorkspaceId>>,
}

#[async_trait]
impl WorkspaceDirectory for MemoryWorkspaces {
    async fn workspace_ids(&self) -> Result<Vec<WorkspaceId>, SourceReadError> {
        Ok(lock(&self.ids).clone())
    }
}

#[derive(Default)]
pub struct RecordedTasks {
    pub tasks: Mutex<Vec<KnowledgeTask>>,
    pub failing: AtomicBool,
}

impl RecordedTasks {
    pub fn take(&self) -> Vec<KnowledgeTask> {
        std::mem::take(&mut *lock(&self.tasks))
    }

    pub fn schedule_again(&self, task: KnowledgeTask) {
        lock(&self.tasks).push(task);
    }
}

#[async_trait]
impl TaskScheduler for RecordedTasks {
    async fn schedule(&self, task: KnowledgeTask) -> Result<(), ScheduleError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(ScheduleError("jobs table unreachable".into()));
        }
        lock(&self.tasks).push(task);
        Ok(())
    }
}

#[derive(Default)]
pub struct RecordedProgress {
    pub reports: Mutex<Vec<(u8, String)>>,
}

#[async_trait]
impl JobProgress for RecordedProgress {
    async fn report(&self, percent: u8, note: &str) {
        lock(&self.reports).push((percent, note.to_owned()));
    }
}
