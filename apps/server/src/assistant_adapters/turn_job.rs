//! The job that answers a burst of customer messages.

use async_trait::async_trait;
use conversation::assistant::{ASSISTANT_TURN_JOB, AssistantService};
use kernel::{Job, JobFailure, JobHandler, JobProgress};

pub struct AssistantTurnHandler(pub AssistantService);

#[async_trait]
impl JobHandler for AssistantTurnHandler {
    fn kind(&self) -> &'static str {
        ASSISTANT_TURN_JOB
    }

    async fn run(&self, job: &Job, _progress: &dyn JobProgress) -> Result<(), JobFailure> {
        let workspace_id = job
            .workspace_id
            .ok_or_else(|| JobFailure::Permanent("the job names no workspace".into()))?;
        self.0.run_turn_job(workspace_id, &job.payload).await
    }
}
