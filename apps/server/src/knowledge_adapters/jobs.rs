//! Knowledge tasks on the jobs table: scheduling one is enqueuing a job whose payload
//! is the task as JSON; each task kind has a handler that decodes it and runs it.

use std::sync::Arc;

use async_trait::async_trait;
use kernel::{Clock, Job, JobFailure, JobHandler, JobProgress, JobQueue, NewJob};
use knowledge::KnowledgeService;
use knowledge::service::{KnowledgeTask, ScheduleError, TaskAttempt, TaskScheduler};

pub struct JobQueueScheduler {
    queue: Arc<dyn JobQueue>,
    clock: Arc<dyn Clock>,
}

impl JobQueueScheduler {
    pub fn new(queue: Arc<dyn JobQueue>, clock: Arc<dyn Clock>) -> Self {
        Self { queue, clock }
    }
}

#[async_trait]
impl TaskScheduler for JobQueueScheduler {
    async fn schedule(&self, task: KnowledgeTask) -> Result<(), ScheduleError> {
        let payload = serde_json::to_string(&task).map_err(|e| ScheduleError(e.to_string()))?;
        self.queue
            .enqueue(NewJob::now(
                task.kind(),
                task.workspace_id(),
                payload,
                self.clock.now(),
            ))
            .await
            .map(|_| ())
            .map_err(|e| ScheduleError(e.to_string()))
    }
}

/// Runs the knowledge tasks of one job kind.
pub struct KnowledgeJobHandler {
    kind: &'static str,
    service: KnowledgeService,
}

impl KnowledgeJobHandler {
    /// One handler per task kind, for the job runner.
    pub fn all(service: &KnowledgeService) -> Vec<Arc<dyn JobHandler>> {
        KnowledgeTask::KINDS
            .iter()
            .map(|kind| {
                Arc::new(KnowledgeJobHandler {
                    kind,
                    service: service.clone(),
                }) as Arc<dyn JobHandler>
            })
            .collect()
    }
}

#[async_trait]
impl JobHandler for KnowledgeJobHandler {
    fn kind(&self) -> &'static str {
        self.kind
    }

    async fn run(&self, job: &Job, progress: &dyn JobProgress) -> Result<(), JobFailure> {
        let task: KnowledgeTask = serde_json::from_str(&job.payload)
            .map_err(|e| JobFailure::Permanent(format!("unreadable knowledge task: {e}")))?;
        if task.kind() != self.kind {
            return Err(JobFailure::Permanent(format!(
                "a {} payload in a {} job",
                task.kind(),
                self.kind
            )));
        }
        let attempt = TaskAttempt {
            final_attempt: job.attempts >= job.max_attempts,
        };
        self.service.run_task(task, attempt, progress).await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use kernel::WorkspaceId;
    use knowledge::{DocumentId, FaqId, SourceType};
    use uuid::Uuid;

    use super::*;

    #[test]
    fn every_task_survives_the_trip_through_a_job_payload() {
        let workspace_id = WorkspaceId::new();
        let tasks = [
            KnowledgeTask::ProcessDocument {
                workspace_id,
                document_id: DocumentId::new(),
            },
            KnowledgeTask::IndexProduct {
                workspace_id,
                product_id: Uuid::now_v7(),
            },
            KnowledgeTask::IndexFaqs {
                workspace_id,
                faq_ids: vec![FaqId::new(), FaqId::new()],
            },
            KnowledgeTask::RemoveSource {
                workspace_id,
                source_type: SourceType::Product,
                source_id: Uuid::now_v7(),
            },
            KnowledgeTask::Reindex,
            KnowledgeTask::ReindexWorkspace { workspace_id },
        ];
        for task in tasks {
            let payload = serde_json::to_string(&task).unwrap();
            assert!(payload.contains("\"task\":"), "{payload}");
            assert_eq!(
                serde_json::from_str::<KnowledgeTask>(&payload).unwrap(),
                task
            );
        }
    }
}
