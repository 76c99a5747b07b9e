//! Live updates for dashboards: `GET /api/v1/realtime` (a WebSocket) pushes a workspace's
//! events to its members as they happen.
//!
//! Domain events reach the process's `EventBus`; the publisher turns the ones
//! dashboards follow into envelopes, writes each to `realtime_events` (its id orders
//! and resumes the stream) and fans it out through the hub. On PostgreSQL every row is
//! also announced with NOTIFY, and every replica's listener fans out rows another
//! replica wrote, so a dashboard on replica B sees a webhook received by replica A. On
//! SQLite there is one process, and delivery stays in it.

pub mod envelope;
pub mod hub;
pub mod listener;
pub mod log;
pub mod publisher;
pub mod socket;

use std::sync::Arc;
use std::time::Duration;

use kernel::DomainEvent;
use sea_orm::{DatabaseConnection, DbBackend};
use tokio::sync::{broadcast, watch};

pub use envelope::{Draft, Envelope};
pub use hub::{RealtimeHub, Subscription};
pub use log::EventLog;
pub use publisher::Publisher;

/// How long the replay log keeps events.
const KEEP: chrono::Duration = chrono::Duration::hours(24);
/// How often each replica prunes it (deleting twice is harmless).
const PRUNE_EVERY: Duration = Duration::from_secs(3600);
/// How long start-up waits for the cross-replica listener before serving anyway.
const LISTEN_TIMEOUT: Duration = Duration::from_secs(5);

/// The realtime side of one process: its clients and the log they replay from.
#[derive(Debug)]
pub struct Realtime {
    pub hub: Arc<RealtimeHub>,
    pub log: EventLog,
    pub publisher: Publisher,
    listening: watch::Receiver<bool>,
}

impl Realtime {
    /// Starts relaying `events` to dashboards; with PostgreSQL (`database_url`) also
    /// announces to and listens for the other replicas. Must run inside the runtime.
    pub fn start(
        db: &DatabaseConnection,
        database_url: &str,
        events: broadcast::Receiver<DomainEvent>,
    ) -> Arc<Self> {
        let hub = Arc::new(RealtimeHub::new());
        let log = EventLog::new(db.clone());
        let postgres = (database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
            && db.get_database_backend() == DbBackend::Postgres;
        let (listening_tx, listening) = watch::channel(!postgres);
        let publisher = Publisher::new(log.clone(), hub.clone(), postgres.then(|| db.clone()));
        if postgres {
            tokio::spawn(listener::listen(
                db.get_postgres_connection_pool().clone(),
                log.clone(),
                hub.clone(),
                listening_tx,
            ));
        }
        tokio::spawn(publisher.clone().relay(events));
        tokio::spawn(prune(log.clone()));
        Arc::new(Self {
            hub,
            log,
            publisher,
            listening,
        })
    }

    /// Waits (a few seconds at most) until events of other replicas are heard, so a
    /// replica joining a running cluster does not miss what happens as it starts.
    pub async fn ready(&self) {
        let mut listening = self.listening.clone();
        let ready = listening.wait_for(|listening| *listening);
        if tokio::time::timeout(LISTEN_TIMEOUT, ready).await.is_err() {
            tracing::warn!("realtime listener not ready; serving without it for now");
        }
    }
}

/// Deletes day-old events, hourly, for as long as the process runs.
async fn prune(log: EventLog) {
    let mut every = tokio::time::interval(PRUNE_EVERY);
    loop {
        every.tick().await;
        match log.prune(chrono::Utc::now() - KEEP).await {
            Ok(0) => {}
            Ok(pruned) => tracing::debug!(pruned, "realtime events pruned"),
            Err(error) => tracing::warn!(%error, "cannot prune realtime events"),
        }
    }
}
