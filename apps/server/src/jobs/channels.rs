//! The channels jobs: process a stored webhook event, send an outbound message,
//! refresh an expiring token.

use async_trait::async_trait;
use channels::{
    ChannelsService, DeliveryOutcome, PROCESS_INBOUND_JOB, Processed, REFRESH_TOKEN_JOB,
    RefreshOutcome, ReplyOutcome, SEND_MESSAGE_JOB, parse_inbound_job_payload,
    parse_refresh_job_payload, parse_send_job_payload,
};
use kernel::{Job, JobFailure, JobHandler, JobProgress, WorkspaceId};

/// Every channels job names its workspace; one that does not was not written by us.
fn workspace_of(job: &Job) -> Result<WorkspaceId, JobFailure> {
    job.workspace_id
        .ok_or_else(|| JobFailure::Permanent("the job names no workspace".into()))
}

fn bad_payload(job: &Job) -> JobFailure {
    JobFailure::Permanent(format!("unreadable payload for {}", job.kind))
}

pub struct ProcessInboundHandler(pub ChannelsService);

#[async_trait]
impl JobHandler for ProcessInboundHandler {
    fn kind(&self) -> &'static str {
        PROCESS_INBOUND_JOB
    }

    async fn run(&self, job: &Job, _progress: &dyn JobProgress) -> Result<(), JobFailure> {
        let workspace_id = workspace_of(job)?;
        let id = parse_inbound_job_payload(&job.payload).ok_or_else(|| bad_payload(job))?;
        let processed = self
            .0
            .process_inbound(workspace_id, id)
            .await
            .map_err(|e| e.to_job_failure())?;
        if let Processed::CustomerMessage {
            message_id, reply, ..
        } = processed
        {
            match reply {
                ReplyOutcome::Invalid(invalid) => {
                    tracing::warn!(%message_id, %invalid, "the responder's answer was not sent");
                }
                ReplyOutcome::Blocked => {
                    tracing::info!(%message_id, "message from a blocked contact: not answered");
                }
                _ => tracing::debug!(%message_id, ?reply, "customer message processed"),
            }
        }
        Ok(())
    }
}

pub struct SendMessageHandler(pub ChannelsService);

#[async_trait]
impl JobHandler for SendMessageHandler {
    fn kind(&self) -> &'static str {
        SEND_MESSAGE_JOB
    }

    async fn run(&self, job: &Job, _progress: &dyn JobProgress) -> Result<(), JobFailure> {
        let workspace_id = workspace_of(job)?;
        let id = parse_send_job_payload(&job.payload).ok_or_else(|| bad_payload(job))?;
        // The runner gives up after this attempt, so a transient failure must be
        // recorded now or the message would stay pending for ever.
        let final_attempt = job.attempts >= job.max_attempts;
        let outcome = self
            .0
            .deliver(workspace_id, id, final_attempt)
            .await
            .map_err(|e| e.to_job_failure())?;
        match &outcome {
            DeliveryOutcome::Failed(failure) if failure.requires_reconnect() => {
                tracing::warn!(message_id = %id, %failure, "token refused: channel needs reconnecting");
            }
            DeliveryOutcome::Failed(failure) => {
                tracing::warn!(message_id = %id, %failure, "message refused by the platform");
            }
            DeliveryOutcome::NotSent(failure) => {
                tracing::info!(message_id = %id, code = %failure.code, reason = %failure.reason, "message not sent");
            }
            _ => {}
        }
        outcome.job_result()
    }
}

pub struct RefreshTokenHandler(pub ChannelsService);

#[async_trait]
impl JobHandler for RefreshTokenHandler {
    fn kind(&self) -> &'static str {
        REFRESH_TOKEN_JOB
    }

    async fn run(&self, job: &Job, _progress: &dyn JobProgress) -> Result<(), JobFailure> {
        let workspace_id = workspace_of(job)?;
        let refresh = parse_refresh_job_payload(&job.payload).ok_or_else(|| bad_payload(job))?;
        let outcome = self
            .0
            .refresh_token(workspace_id, refresh)
            .await
            .map_err(|e| e.to_job_failure())?;
        let channel_id = refresh.channel_id;
        match outcome {
            RefreshOutcome::Refreshed { expires_at } => {
                tracing::info!(%channel_id, ?expires_at, "channel token refreshed");
            }
            RefreshOutcome::RetryTomorrow(failure) => {
                tracing::warn!(%channel_id, %failure, "token refresh failed; trying again tomorrow");
            }
            RefreshOutcome::Refused(failure) => {
                tracing::warn!(%channel_id, %failure, "token refresh refused: channel needs reconnecting");
            }
            RefreshOutcome::NotDue | RefreshOutcome::Stale => {}
        }
        Ok(())
    }
}
