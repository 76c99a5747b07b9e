//! Lifecycle automation: what the periodic sweeper does to conversations nobody
//! touched. `waiting -> abandoned` after the workspace's inactivity timeout (assistant
//! settings, 5 minutes by default), `resolved -> archived` after 90 days, and
//! `ConversationNeedsAttention` events: `no_agent_reply` when a person handles a
//! conversation and the customer has had no answer for 10 minutes, `customer_waiting`
//! when an open conversation's customer has had no answer at all for an hour.
//!
//! Each alert fires once per unanswered customer message: a sweep looks at customers
//! who wrote in the interval between the previous sweep and this one, shifted back by
//! the alert's delay, so consecutive sweeps cover time without gaps or overlaps
//! (`sweep_after`; the server's `lifecycle.sweep` job keeps the previous sweep's
//! instant in its payload).

use chrono::{DateTime, Duration, Utc};
use handoff::Lifecycle;
use kernel::DomainEvent;

use super::{ActionError, ConversationId, InboxService};

/// How many conversations one sweep moves per rule; the next sweep takes the rest.
pub const SWEEP_BATCH: u64 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LifecyclePolicy {
    /// A conversation waiting on the customer this long is abandoned, in workspaces
    /// that did not set their own inactivity timeout (default 5 min).
    pub abandon_after: Duration,
    /// A resolved conversation this old is archived (default 90 days).
    pub archive_after: Duration,
    /// A person-handled conversation whose customer waited this long without an
    /// agent's reply raises an alert (default 10 min).
    pub attention_after: Duration,
    /// An open conversation whose customer waited this long without any reply raises
    /// a "customer waiting" alert (default 1 hour).
    pub waiting_after: Duration,
    /// How often the sweeper runs (default 1 min).
    pub sweep_every: Duration,
    /// The longest stretch one sweep looks back over when the previous one is long
    /// past (the sweeper was down): older customers are not alerted about any more.
    pub catch_up: Duration,
}

impl Default for LifecyclePolicy {
    fn default() -> Self {
        Self {
            abandon_after: Duration::minutes(5),
            archive_after: Duration::days(90),
            attention_after: Duration::minutes(10),
            waiting_after: Duration::hours(1),
            sweep_every: Duration::minutes(1),
            catch_up: Duration::hours(1),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub abandoned: usize,
    pub archived: usize,
    /// `no_agent_reply` alerts raised.
    pub alerted: usize,
    /// `customer_waiting` alerts raised.
    pub waiting: usize,
}

impl InboxService {
    /// One sweep at `now`, over every workspace, as if the previous one ran one
    /// `sweep_every` earlier.
    pub async fn sweep(
        &self,
        now: DateTime<Utc>,
        policy: &LifecyclePolicy,
    ) -> Result<SweepReport, ActionError> {
        self.sweep_after(now - policy.sweep_every, now, policy)
            .await
    }

    /// One sweep at `now`, the previous one having run at `previous`: alerts cover the
    /// customers whose wait crossed its threshold in between.
    #[tracing::instrument(skip_all)]
    pub async fn sweep_after(
        &self,
        previous: DateTime<Utc>,
        now: DateTime<Utc>,
        policy: &LifecyclePolicy,
    ) -> Result<SweepReport, ActionError> {
        let mut report = SweepReport::default();
        let abandonable = self
            .ports
            .inbox
            .abandonable(now, policy.abandon_after, SWEEP_BATCH)
            .await
            .map_err(super::InboxError::from)?;
        for (workspace_id, id, cutoff) in abandonable {
            if self
                .close_idle(workspace_id, id, Lifecycle::Waiting, cutoff, now)
                .await
            {
                report.abandoned += 1;
            }
        }
        let cutoff = now - policy.archive_after;
        let archivable = self
            .ports
            .inbox
            .idle_since(Lifecycle::Resolved, cutoff, SWEEP_BATCH)
            .await
            .map_err(super::InboxError::from)?;
        for (workspace_id, id) in archivable {
            if self
                .close_idle(workspace_id, id, Lifecycle::Resolved, cutoff, now)
                .await
            {
                report.archived += 1;
            }
        }

        // Customers whose wait crossed a threshold since the previous sweep.
        let previous = previous.clamp(now - policy.catch_up, now);
        let window = |delay: Duration| (previous - delay, now - delay);
        let (from, to) = window(policy.attention_after);
        let unanswered = self
            .ports
            .inbox
            .unanswered(from, to, SWEEP_BATCH)
            .await
            .map_err(super::InboxError::from)?;
        report.alerted = self.alert(unanswered, "no_agent_reply").await;
        let (from, to) = window(policy.waiting_after);
        let unreplied = self
            .ports
            .inbox
            .unreplied(from, to, SWEEP_BATCH)
            .await
            .map_err(super::InboxError::from)?;
        report.waiting = self.alert(unreplied, "customer_waiting").await;
        Ok(report)
    }

    /// Moves one idle conversation on (`Waiting` to abandoned, `Resolved` to archived)
    /// if it is still as the query found it; true when it moved.
    async fn close_idle(
        &self,
        workspace_id: kernel::WorkspaceId,
        id: ConversationId,
        from: Lifecycle,
        cutoff: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> bool {
        let mut moved = false;
        let changed = self
            .change(workspace_id, id, |c| {
                // Read again: the customer may have written since the query.
                moved = c.state.lifecycle() == from && c.state.changed_at() < cutoff;
                if moved {
                    match from {
                        Lifecycle::Waiting => c.state.abandon(now)?,
                        _ => c.state.archive(now)?,
                    }
                    c.updated_at = now;
                }
                Ok(Vec::new())
            })
            .await;
        match changed {
            Ok(_) => moved,
            // One conversation that cannot move never stops the sweep.
            Err(e) => {
                tracing::warn!(error = %e, conversation_id = %id.as_uuid(), "sweep skipped a conversation");
                false
            }
        }
    }

    /// Publishes one `ConversationNeedsAttention` per conversation; answers how many.
    async fn alert(
        &self,
        conversations: Vec<(kernel::WorkspaceId, ConversationId)>,
        reason: &str,
    ) -> usize {
        let mut alerted = 0;
        for (workspace_id, id) in conversations {
            let event = DomainEvent::ConversationNeedsAttention {
                workspace_id,
                conversation_id: id.as_uuid(),
                reason: reason.to_owned(),
            };
            if let Err(e) = self.ports.events.publish(event).await {
                tracing::warn!(error = %e, reason, "publishing a needs-attention event failed");
            } else {
                alerted += 1;
            }
        }
        alerted
    }
}
