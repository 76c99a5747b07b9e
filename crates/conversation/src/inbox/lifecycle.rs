//! Lifecycle automation: what the periodic sweeper does to conversations nobody
//! touched. `waiting -> abandoned` after the inactivity timeout, `resolved ->
//! archived` after 90 days, and a `ConversationNeedsAttention` event when a person
//! handles a conversation and the customer has had no answer for 10 minutes.
//!
//! The alert fires once per unanswered customer message: it looks at customers who
//! wrote in the one sweep interval that just crossed the 10-minute mark, so the
//! sweeper must run every `sweep_every` (it re-enqueues itself that far ahead).

use chrono::{DateTime, Duration, Utc};
use handoff::Lifecycle;
use kernel::DomainEvent;

use super::{ActionError, InboxService};

/// How many conversations one sweep moves per rule; the next sweep takes the rest.
pub const SWEEP_BATCH: u64 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LifecyclePolicy {
    /// A conversation waiting on the customer this long is abandoned (default 5 min).
    pub abandon_after: Duration,
    /// A resolved conversation this old is archived (default 90 days).
    pub archive_after: Duration,
    /// A person-handled conversation whose customer waited this long without an
    /// agent's reply raises an alert (default 10 min).
    pub attention_after: Duration,
    /// How often the sweeper runs (default 1 min).
    pub sweep_every: Duration,
}

impl Default for LifecyclePolicy {
    fn default() -> Self {
        Self {
            abandon_after: Duration::minutes(5),
            archive_after: Duration::days(90),
            attention_after: Duration::minutes(10),
            sweep_every: Duration::minutes(1),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub abandoned: usize,
    pub archived: usize,
    pub alerted: usize,
}

impl InboxService {
    /// One sweep at `now`, over every workspace.
    #[tracing::instrument(skip_all)]
    pub async fn sweep(
        &self,
        now: DateTime<Utc>,
        policy: &LifecyclePolicy,
    ) -> Result<SweepReport, ActionError> {
        let mut report = SweepReport::default();
        for (from, to, cutoff) in [
            (
                Lifecycle::Waiting,
                Lifecycle::Abandoned,
                now - policy.abandon_after,
            ),
            (
                Lifecycle::Resolved,
                Lifecycle::Archived,
                now - policy.archive_after,
            ),
        ] {
            let due = self
                .ports
                .inbox
                .idle_since(from, cutoff, SWEEP_BATCH)
                .await
                .map_err(super::InboxError::from)?;
            for (workspace_id, id) in due {
                let mut moved = false;
                let changed = self
                    .change(workspace_id, id, |c| {
                        // Read again: the customer may have written since the query.
                        moved = c.state.lifecycle() == from && c.state.changed_at() < cutoff;
                        if moved {
                            match to {
                                Lifecycle::Abandoned => c.state.abandon(now)?,
                                _ => c.state.archive(now)?,
                            }
                            c.updated_at = now;
                        }
                        Ok(Vec::new())
                    })
                    .await;
                match changed {
                    Ok(_) if moved => match to {
                        Lifecycle::Abandoned => report.abandoned += 1,
                        _ => report.archived += 1,
                    },
                    Ok(_) => {}
                    // One conversation that cannot move never stops the sweep.
                    Err(e) => {
                        tracing::warn!(error = %e, conversation_id = %id.as_uuid(), "sweep skipped a conversation")
                    }
                }
            }
        }
        let to = now - policy.attention_after;
        let from = to - policy.sweep_every;
        let unanswered = self
            .ports
            .inbox
            .unanswered(from, to, SWEEP_BATCH)
            .await
            .map_err(super::InboxError::from)?;
        for (workspace_id, id) in unanswered {
            let event = DomainEvent::ConversationNeedsAttention {
                workspace_id,
                conversation_id: id.as_uuid(),
                reason: "no_agent_reply".to_owned(),
            };
            if let Err(e) = self.ports.events.publish(event).await {
                tracing::warn!(error = %e, "publishing a needs-attention event failed");
            } else {
                report.alerted += 1;
            }
        }
        Ok(report)
    }
}
