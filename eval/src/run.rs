//! One evaluation run: a fresh SQLite store and embedded vector index, the sample
//! indexed through the knowledge service as the server does it (products through
//! `IndexProduct` tasks, FAQs created through the use case), then every labelled query
//! searched and the rank of the expected source recorded.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Instant;

use identity::{
    BusinessName, Member, MemberId, PasswordHash, Role, User, UserId, Workspace, WorkspaceProfile,
};
use kernel::{Currency, Email, JobProgress, SystemClock, WorkspaceId};
use knowledge::service::{KnowledgeQuery, TaskAttempt, TopK};
use knowledge::{
    Embedder, FaqAnswer, FaqCategory, FaqQuestion, KnowledgePorts, KnowledgeService, NewFaq,
};
use uuid::Uuid;

use crate::data::Sample;
use crate::ports::{CollectedTasks, NoExtractor, NoFiles, OneWorkspace, SampleCatalog};

/// Hits looked at per query: recall@5 needs five.
const TOP_K: i64 = 5;

pub struct Miss {
    pub query: String,
    pub expected: String,
    /// What came first instead.
    pub found: Vec<String>,
    /// 1-based rank of the expected source, if it was in the top `TOP_K`.
    pub rank: Option<usize>,
}

#[derive(Default, Clone, Copy)]
pub struct Tally {
    pub queries: usize,
    pub at_1: usize,
    pub at_5: usize,
}

impl Tally {
    fn add(&mut self, rank: Option<usize>) {
        self.queries += 1;
        self.at_1 += usize::from(rank == Some(1));
        self.at_5 += usize::from(rank.is_some_and(|r| r <= 5));
    }

    pub fn recall_at_1(&self) -> f64 {
        self.at_1 as f64 / self.queries.max(1) as f64
    }

    pub fn recall_at_5(&self) -> f64 {
        self.at_5 as f64 / self.queries.max(1) as f64
    }
}

pub struct Outcome {
    pub embedder: String,
    pub overall: Tally,
    pub by_language: BTreeMap<String, Tally>,
    pub by_kind: BTreeMap<String, Tally>,
    pub reciprocal_rank_sum: f64,
    pub index_seconds: f64,
    /// Per query, milliseconds, sorted.
    pub query_ms: Vec<f64>,
    /// Hits for a product that may not be offered (must stay 0).
    pub unavailable_hits: usize,
    pub misses: Vec<Miss>,
}

impl Outcome {
    pub fn mrr(&self) -> f64 {
        self.reciprocal_rank_sum / self.overall.queries.max(1) as f64
    }

    pub fn query_ms_at(&self, quantile: f64) -> f64 {
        if self.query_ms.is_empty() {
            return 0.0;
        }
        let index = ((self.query_ms.len() - 1) as f64 * quantile).round() as usize;
        self.query_ms[index.min(self.query_ms.len() - 1)]
    }
}

struct NoProgress;

#[async_trait::async_trait]
impl JobProgress for NoProgress {
    async fn report(&self, _: u8, _: &str) {}
}

fn fail(what: &str) -> impl Fn(String) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// The store's tables reference workspaces, so the run signs one up first.
async fn workspace(db: &store::DatabaseConnection) -> Result<WorkspaceId, String> {
    let at = chrono::Utc::now();
    let name = BusinessName::parse("Glow Beauty Milano").map_err(|e| e.to_string())?;
    let currency = Currency::parse("EUR").map_err(|e| e.to_string())?;
    let workspace = Workspace {
        id: WorkspaceId::new(),
        profile: WorkspaceProfile::new(name, currency),
        created_at: at,
        updated_at: at,
    };
    let user = User {
        id: UserId::new(),
        email: Email::parse("eval@chatdesk.local").map_err(|e| e.to_string())?,
        name: None,
        password_hash: PasswordHash::from_phc("$argon2id$v=19$never-signs-in".to_owned()),
        email_verified_at: None,
        created_at: at,
    };
    let owner = Member {
        id: MemberId::new(),
        workspace_id: workspace.id,
        user_id: user.id,
        role: Role::Owner,
        created_at: at,
    };
    store::IdentityRepositories::sea_orm(db.clone())
        .users
        .create_account(&user, &workspace, &owner)
        .await
        .map_err(|e| e.to_string())?;
    Ok(workspace.id)
}

pub async fn evaluate(embedder: Arc<dyn Embedder>, sample: &Sample) -> Result<Outcome, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("eval.db").display());
    let db = store::connect(&url).await.map_err(|e| e.to_string())?;
    store::migrate(&db).await.map_err(|e| e.to_string())?;
    let workspace_id = workspace(&db).await?;
    let index =
        vector::EmbeddedIndex::open(dir.path().join("vectors")).map_err(|e| e.to_string())?;
    let catalog = Arc::new(SampleCatalog::new(workspace_id, &sample.products));
    let tasks = Arc::new(CollectedTasks::default());
    let name = embedder.spec().to_string();
    let service = KnowledgeService::with_default_settings(KnowledgePorts {
        repository: Arc::new(store::SeaOrmKnowledgeRepository::new(db)),
        embedder,
        index: Arc::new(index),
        extractor: Arc::new(NoExtractor),
        files: Arc::new(NoFiles),
        catalog: catalog.clone(),
        workspaces: Arc::new(OneWorkspace(workspace_id)),
        tasks: tasks.clone(),
        clock: Arc::new(SystemClock),
    });

    let started = Instant::now();
    service
        .prepare_index()
        .await
        .map_err(|e| fail("preparing the index")(e.to_string()))?;
    for product in &catalog.products {
        service
            .product_changed(workspace_id, product.product_id)
            .await
            .map_err(|e| e.to_string())?;
    }
    // The first-start re-index and one IndexProduct per product, as the job runner
    // would run them.
    while !tasks.0.lock().map(|t| t.is_empty()).unwrap_or(true) {
        for task in tasks.take() {
            service
                .run_task(
                    task,
                    TaskAttempt {
                        final_attempt: true,
                    },
                    &NoProgress,
                )
                .await
                .map_err(|e| fail("indexing")(e.to_string()))?;
        }
    }
    let mut sources: HashMap<String, Uuid> = HashMap::new();
    for (product, sample) in catalog.products.iter().zip(&sample.products) {
        sources.insert(format!("product:{}", sample.sku), product.product_id);
    }
    for faq in &sample.faqs {
        let mut new = NewFaq::new(
            FaqQuestion::parse(&faq.question).map_err(|e| e.to_string())?,
            FaqAnswer::parse(&faq.answer).map_err(|e| e.to_string())?,
        );
        new.category = FaqCategory::parse(&faq.category).ok();
        let created = service
            .create_faq(workspace_id, new)
            .await
            .map_err(|e| fail("creating a FAQ")(e.to_string()))?;
        sources.insert(format!("faq:{}", faq.key), created.id.as_uuid());
    }
    let index_seconds = started.elapsed().as_secs_f64();
    let names: HashMap<Uuid, &str> = sources.iter().map(|(k, v)| (*v, k.as_str())).collect();
    let unavailable: Vec<Uuid> = catalog
        .products
        .iter()
        .filter(|p| !p.offered)
        .map(|p| p.product_id)
        .collect();

    let mut outcome = Outcome {
        embedder: name,
        overall: Tally::default(),
        by_language: BTreeMap::new(),
        by_kind: BTreeMap::new(),
        reciprocal_rank_sum: 0.0,
        index_seconds,
        query_ms: Vec::new(),
        unavailable_hits: 0,
        misses: Vec::new(),
    };
    let top_k = TopK::new(TOP_K).map_err(|e| e.to_string())?;
    for labelled in &sample.queries {
        let query = KnowledgeQuery::parse(&labelled.query).map_err(|e| e.to_string())?;
        let asked = Instant::now();
        let result = service
            .search(workspace_id, &query, top_k)
            .await
            .map_err(|e| fail("searching")(e.to_string()))?;
        outcome
            .query_ms
            .push(asked.elapsed().as_secs_f64() * 1000.0);
        let expected = sources.get(&labelled.expected).copied();
        let found: Vec<Uuid> = result.hits.iter().map(|h| h.source.source_id).collect();
        outcome.unavailable_hits += found.iter().filter(|id| unavailable.contains(id)).count();
        let rank = found
            .iter()
            .position(|id| Some(*id) == expected)
            .map(|i| i + 1);
        if let Some(rank) = rank {
            outcome.reciprocal_rank_sum += 1.0 / rank as f64;
        }
        outcome.overall.add(rank);
        outcome
            .by_language
            .entry(labelled.language.clone())
            .or_default()
            .add(rank);
        outcome
            .by_kind
            .entry(labelled.kind.clone())
            .or_default()
            .add(rank);
        if rank != Some(1) {
            outcome.misses.push(Miss {
                query: labelled.query.clone(),
                expected: labelled.expected.clone(),
                found: found
                    .iter()
                    .take(3)
                    .map(|id| {
                        names
                            .get(id)
                            .map_or_else(|| id.to_string(), |n| (*n).to_owned())
                    })
                    .collect(),
                rank,
            });
        }
    }
    outcome.query_ms.sort_by(f64::total_cmp);
    Ok(outcome)
}
