//! Use-case tests with in-memory ports (`fakes`), one file per area.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod collections;
mod documents;
pub mod fakes;
mod faqs;
mod products;
mod retrieval;

use std::sync::Arc;

use chrono::Utc;
use kernel::{ManualClock, WorkspaceId};
use uuid::Uuid;

use super::{KnowledgePorts, KnowledgeService, KnowledgeSettings, KnowledgeTask, TaskAttempt};
use super::{KnowledgeQuery, ProductFacts, TopK, VariantFacts};
use crate::{ChunkingOptions, FaqAnswer, FaqQuestion, NewFaq, RankedHit, SourceType};
use fakes::*;

pub struct Harness {
    pub workspace: WorkspaceId,
    pub repository: Arc<MemoryRepository>,
    pub index: Arc<MemoryIndex>,
    pub embedder: Arc<WordEmbedder>,
    pub files: Arc<MemoryFiles>,
    pub catalog: Arc<MemoryCatalog>,
    pub workspaces: Arc<MemoryWorkspaces>,
    pub tasks: Arc<RecordedTasks>,
    pub clock: Arc<ManualClock>,
    pub service: KnowledgeService,
}

impl Harness {
    pub fn new() -> Self {
        Self::build(
            WordEmbedder::named("test-words"),
            Arc::default(),
            Arc::default(),
            Arc::default(),
        )
    }

    /// Another process on the same storage, index and catalog, with another embedder:
    /// what a restart after changing the configuration looks like.
    pub fn restarted_with(&self, embedder: &str) -> Self {
        let mut next = Self::build(
            WordEmbedder::named(embedder),
            self.repository.clone(),
            self.index.clone(),
            self.catalog.clone(),
        );
        next.workspace = self.workspace;
        next
    }

    fn build(
        embedder: WordEmbedder,
        repository: Arc<MemoryRepository>,
        index: Arc<MemoryIndex>,
        catalog: Arc<MemoryCatalog>,
    ) -> Self {
        let embedder = Arc::new(embedder);
        let files = Arc::new(MemoryFiles::default());
        let workspaces = Arc::new(MemoryWorkspaces::default());
        let tasks = Arc::new(RecordedTasks::default());
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let service = KnowledgeService::new(
            KnowledgePorts {
                repository: repository.clone(),
                embedder: embedder.clone(),
                index: index.clone(),
                extractor: Arc::new(FakeExtractor),
                files: files.clone(),
                catalog: catalog.clone(),
                workspaces: workspaces.clone(),
                tasks: tasks.clone(),
                clock: clock.clone(),
            },
            // Small batches, so every test crosses batch boundaries.
            KnowledgeSettings {
                chunking: ChunkingOptions::new(20, 30, 5).unwrap(),
                embed_batch: 2,
                upsert_batch: 3,
            },
        );
        Self {
            workspace: WorkspaceId::new(),
            repository,
            index,
            embedder,
            files,
            catalog,
            workspaces,
            tasks,
            clock,
            service,
        }
    }

    pub async fn search(&self, workspace: WorkspaceId, query: &str) -> Vec<RankedHit> {
        self.service
            .search(
                workspace,
                &KnowledgeQuery::parse(query).unwrap(),
                TopK::new(10).unwrap(),
            )
            .await
            .unwrap()
            .hits
    }

    /// The source ids found for `query` in the harness workspace, best first.
    pub async fn found(&self, query: &str) -> Vec<Uuid> {
        self.search(self.workspace, query)
            .await
            .into_iter()
            .map(|h| h.source.source_id)
            .collect()
    }

    /// Runs every scheduled task (and the tasks they schedule) as the worker would.
    pub async fn run_tasks(&self) {
        let progress = RecordedProgress::default();
        for _ in 0..10 {
            let tasks = self.tasks.take();
            if tasks.is_empty() {
                return;
            }
            for task in tasks {
                self.service
                    .run_task(
                        task,
                        TaskAttempt {
                            final_attempt: false,
                        },
                        &progress,
                    )
                    .await
                    .unwrap();
            }
        }
        panic!("tasks keep scheduling tasks");
    }

    pub fn spec(&self) -> crate::EmbedderSpec {
        self.service.embedder_spec().clone()
    }
}

pub fn product(workspace: WorkspaceId, name: &str, sku: &str, description: &str) -> ProductFacts {
    ProductFacts {
        workspace_id: workspace,
        product_id: Uuid::now_v7(),
        name: name.to_owned(),
        sku: (!sku.is_empty()).then(|| sku.to_owned()),
        description: description.to_owned(),
        category: Some("Skincare > Serums".to_owned()),
        tags: vec!["vegan".to_owned()],
        price: "45.00 EUR".to_owned(),
        list_price: None,
        offered: true,
        variants: vec![
            VariantFacts {
                kind: "size".into(),
                name: "30ml".into(),
                price: "45.00 EUR".to_owned(),
                offered: true,
            },
            VariantFacts {
                kind: "size".into(),
                name: "50ml".into(),
                price: "55.00 EUR".to_owned(),
                offered: false,
            },
        ],
    }
}

pub fn new_faq(question: &str, answer: &str) -> NewFaq {
    NewFaq::new(
        FaqQuestion::parse(question).unwrap(),
        FaqAnswer::parse(answer).unwrap(),
    )
}

#[test]
fn tasks_have_distinct_kinds_and_name_their_workspace() {
    let workspace_id = WorkspaceId::new();
    let tasks = [
        KnowledgeTask::ProcessDocument {
            workspace_id,
            document_id: crate::DocumentId::new(),
        },
        KnowledgeTask::IndexProduct {
            workspace_id,
            product_id: Uuid::now_v7(),
        },
        KnowledgeTask::IndexFaqs {
            workspace_id,
            faq_ids: vec![crate::FaqId::new()],
        },
        KnowledgeTask::RemoveSource {
            workspace_id,
            source_type: SourceType::Document,
            source_id: Uuid::now_v7(),
        },
        KnowledgeTask::Reindex,
        KnowledgeTask::ReindexWorkspace { workspace_id },
    ];
    let mut kinds: Vec<&str> = tasks.iter().map(KnowledgeTask::kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(kinds.len(), KnowledgeTask::KINDS.len());
    for task in tasks {
        assert_eq!(
            task.workspace_id().is_some(),
            task != KnowledgeTask::Reindex
        );
    }
}

#[test]
fn minilm_reads_short_chunks_and_other_embedders_the_default() {
    let minilm = crate::EmbedderSpec::new("all-minilm-l6-v2", 384).unwrap();
    let settings = KnowledgeSettings::for_embedder(&minilm);
    assert!(settings.chunking.max_tokens() <= 200);
    let hashing = crate::EmbedderSpec::new("hashing-v1", 512).unwrap();
    assert_eq!(
        KnowledgeSettings::for_embedder(&hashing).chunking,
        ChunkingOptions::default()
    );
}
