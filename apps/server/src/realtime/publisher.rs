//! From domain events to dashboards: each event a dashboard follows is written to the
//! replay log, announced to the other replicas (PostgreSQL NOTIFY with the row id) and
//! fanned out to this process's clients.

use std::sync::Arc;

use chrono::{SubsecRound, Utc};
use kernel::DomainEvent;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use tokio::sync::broadcast::{self, error::RecvError};

use super::envelope::{Draft, Envelope};
use super::hub::RealtimeHub;
use super::log::{EventLog, EventLogError};

/// The PostgreSQL channel replicas announce new `realtime_events` ids on.
pub const CHANNEL: &str = "chatdesk_events";

#[derive(Debug, Clone)]
pub struct Publisher {
    log: EventLog,
    hub: Arc<RealtimeHub>,
    /// Set on PostgreSQL: other replicas hear of each event through it.
    notify: Option<DatabaseConnection>,
}

impl Publisher {
    pub fn new(log: EventLog, hub: Arc<RealtimeHub>, notify: Option<DatabaseConnection>) -> Self {
        Self { log, hub, notify }
    }

    /// Logs, announces and fans out one event; returns its envelope.
    #[tracing::instrument(skip_all, fields(kind = draft.kind))]
    pub async fn publish(&self, draft: Draft) -> Result<Envelope, EventLogError> {
        // Microseconds, what PostgreSQL keeps: live and replayed envelopes are equal.
        let envelope = self.log.append(draft, Utc::now().trunc_subsecs(6)).await?;
        if let Some(db) = &self.notify {
            let statement = Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), envelope.id.to_string().into()],
            );
            // The event is logged: a replica that missed the NOTIFY still replays it.
            if let Err(error) = db.execute_raw(statement).await {
                tracing::warn!(%error, id = envelope.id, "cannot announce a realtime event");
            }
        }
        self.hub.publish(envelope.clone());
        Ok(envelope)
    }

    /// Publishes what the process's event bus carries, until the bus is gone.
    pub async fn relay(self, mut events: broadcast::Receiver<DomainEvent>) {
        loop {
            match events.recv().await {
                Ok(event) => {
                    let Some(draft) = Draft::from_event(&event) else {
                        continue;
                    };
                    if let Err(error) = self.publish(draft).await {
                        tracing::error!(%error, "cannot publish a realtime event");
                    }
                }
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "realtime relay fell behind the event bus");
                }
                Err(RecvError::Closed) => return,
            }
        }
    }
}
