//! Keeping long-lived Instagram tokens alive. A token lasts 60 days and can be
//! refreshed once it is a day old; we refresh it in its last week, one job per channel
//! scheduled for `expiry - 7 days`. A refresh that cannot reach the platform is tried
//! again the next day until the token expires; a refused token needs a person, so the
//! channel flips to `reconnect_required` and the owner hears about it.

use chrono::Duration;
use kernel::{NewJob, WorkspaceId};

use super::{
    ChannelError, ChannelsService, JobError, REFRESH_TOKEN_JOB, RefreshJob, refresh_job_payload,
};
use crate::models::*;

/// How long before expiry a token is refreshed.
pub const REFRESH_BEFORE_DAYS: i64 = 7;
/// How long to wait after a failed attempt the platform may answer next time.
pub const REFRESH_RETRY_HOURS: i64 = 24;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    Refreshed {
        expires_at: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// Not due yet (the job ran early): scheduled again for when it is.
    NotDue,
    /// A reconnect or an earlier refresh replaced the token this job was for, or the
    /// channel no longer needs refreshing (disconnected, reconnect required).
    Stale,
    /// The platform did not answer usefully; tried again tomorrow.
    RetryTomorrow(SendFailure),
    /// The platform refused the token: the channel needs reconnecting.
    Refused(SendFailure),
}

impl ChannelsService {
    /// Schedules the refresh of a channel whose token expires (Instagram only: Page and
    /// WhatsApp system-user tokens do not).
    pub(super) async fn schedule_refresh(&self, channel: &Channel) -> Result<(), ChannelError> {
        let Some(expires_at) = channel.token_expires_at else {
            return Ok(());
        };
        if channel.platform != Platform::Instagram {
            return Ok(());
        }
        let run_at = (expires_at - Duration::days(REFRESH_BEFORE_DAYS)).max(self.now());
        self.enqueue_refresh(channel, expires_at, run_at).await?;
        Ok(())
    }

    async fn enqueue_refresh(
        &self,
        channel: &Channel,
        expires_at: chrono::DateTime<chrono::Utc>,
        run_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), kernel::JobQueueError> {
        let mut job = NewJob::now(
            REFRESH_TOKEN_JOB,
            Some(channel.workspace_id),
            refresh_job_payload(RefreshJob {
                channel_id: channel.id,
                expires_at,
            }),
            run_at,
        );
        job.run_at = run_at;
        self.ports.jobs.enqueue(job).await.map(drop)
    }

    /// Runs one refresh job; see the module docs.
    pub async fn refresh_token(
        &self,
        workspace_id: WorkspaceId,
        job: RefreshJob,
    ) -> Result<RefreshOutcome, JobError> {
        let now = self.now();
        let mut channel = self
            .ports
            .channels
            .get(workspace_id, job.channel_id)
            .await?
            .ok_or(JobError::NotFound("channel"))?;
        // Another job (after a reconnect or a refresh) owns the current token.
        // Payloads keep whole seconds; stored expiries may carry a fraction.
        let same_token =
            channel.token_expires_at.map(|t| t.timestamp()) == Some(job.expires_at.timestamp());
        if channel.status != ChannelStatus::Active
            || channel.platform != Platform::Instagram
            || !same_token
        {
            return Ok(RefreshOutcome::Stale);
        }
        let expires_at = channel.token_expires_at.unwrap_or(job.expires_at);
        let due = expires_at - Duration::days(REFRESH_BEFORE_DAYS);
        if now < due {
            self.enqueue_refresh(&channel, expires_at, due).await?;
            return Ok(RefreshOutcome::NotDue);
        }
        if expires_at <= now {
            // Too late to refresh: only a person signing in again helps.
            return self
                .refused(
                    &channel,
                    SendFailure::InvalidToken {
                        reason: FailureReason::new("the token expired before it was refreshed"),
                    },
                )
                .await;
        }
        let token = match channel.credentials.open(self.ports.cipher.as_ref()) {
            Ok(token) => token,
            Err(unreadable) => {
                return self
                    .refused(
                        &channel,
                        SendFailure::InvalidToken {
                            reason: FailureReason::new(unreadable.to_string()),
                        },
                    )
                    .await;
            }
        };
        match self.ports.accounts.refresh_instagram_token(&token).await {
            Ok(issued) => {
                let expires_at = issued
                    .expires_in_seconds
                    .map(|seconds| now + Duration::seconds(seconds));
                let credentials = Credentials::seal(self.ports.cipher.as_ref(), &issued.token)
                    .map_err(|e| JobError::Unexpected(e.to_string()))?;
                channel.reconnect(credentials, expires_at, now);
                self.ports.channels.update(&channel).await?;
                if let Some(expires_at) = expires_at {
                    let next = (expires_at - Duration::days(REFRESH_BEFORE_DAYS)).max(now);
                    self.enqueue_refresh(&channel, expires_at, next).await?;
                }
                Ok(RefreshOutcome::Refreshed { expires_at })
            }
            Err(failure) if failure.requires_reconnect() => self.refused(&channel, failure).await,
            Err(failure) => {
                let tomorrow = now + Duration::hours(REFRESH_RETRY_HOURS);
                if tomorrow < expires_at {
                    self.enqueue_refresh(&channel, expires_at, tomorrow).await?;
                }
                Ok(RefreshOutcome::RetryTomorrow(failure))
            }
        }
    }

    async fn refused(
        &self,
        channel: &Channel,
        failure: SendFailure,
    ) -> Result<RefreshOutcome, JobError> {
        self.flag_reconnect(channel).await?;
        Ok(RefreshOutcome::Refused(failure))
    }

    /// Flips the channel to `reconnect_required` and tells the workspace.
    pub(super) async fn flag_reconnect(&self, channel: &Channel) -> Result<(), JobError> {
        self.ports
            .channels
            .set_status(
                channel.workspace_id,
                channel.id,
                ChannelStatus::ReconnectRequired,
                self.now(),
            )
            .await?;
        let mut flagged = channel.clone();
        flagged.status = ChannelStatus::ReconnectRequired;
        self.ports.alerts.reconnect_required(&flagged).await;
        Ok(())
    }
}
