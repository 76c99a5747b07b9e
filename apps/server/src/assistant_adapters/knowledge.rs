//! The knowledge the assistant answers from: the knowledge base's hybrid search, with
//! an FAQ hit turned into its answer (the indexed text is question and answer).

use async_trait::async_trait;
use conversation::ports::{KnowledgeHit, KnowledgeLookup, LookupError, SourceKind};
use kernel::WorkspaceId;
use knowledge::service::{KnowledgeQuery, TopK};
use knowledge::{FaqId, KnowledgeService, SourceType};

pub struct KnowledgeSearch {
    knowledge: KnowledgeService,
}

impl KnowledgeSearch {
    pub fn new(knowledge: KnowledgeService) -> Self {
        Self { knowledge }
    }
}

#[async_trait]
impl KnowledgeLookup for KnowledgeSearch {
    async fn lookup(
        &self,
        workspace_id: WorkspaceId,
        question: &str,
        limit: usize,
    ) -> Result<Vec<KnowledgeHit>, LookupError> {
        let Ok(query) = KnowledgeQuery::parse(question) else {
            // Empty or too long to be a question: nothing to look up.
            return Ok(Vec::new());
        };
        let top_k = TopK::new(i64::try_from(limit).unwrap_or(5)).unwrap_or_default();
        let found = self
            .knowledge
            .search(workspace_id, &query, top_k)
            .await
            .map_err(|e| LookupError(e.to_string()))?;
        let mut hits = Vec::with_capacity(found.hits.len());
        for hit in found.hits {
            let title = hit
                .metadata
                .get(knowledge::ranking::METADATA_NAME)
                .cloned()
                .unwrap_or_default();
            let (kind, text) = match hit.source.source_type {
                SourceType::Product => (SourceKind::Product, hit.text),
                SourceType::Document => (SourceKind::Document, hit.text),
                SourceType::Faq => {
                    let answer = self
                        .knowledge
                        .get_faq(workspace_id, FaqId::from_uuid(hit.source.source_id))
                        .await
                        .map(|faq| faq.answer.as_str().to_owned());
                    match answer {
                        Ok(answer) => (SourceKind::Faq, answer),
                        // Deleted since it was indexed: not something to say.
                        Err(_) => continue,
                    }
                }
            };
            hits.push(KnowledgeHit {
                kind,
                id: hit.source.source_id,
                title,
                text,
                score: hit.score,
            });
        }
        Ok(hits)
    }
}
