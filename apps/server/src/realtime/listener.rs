//! The PostgreSQL side of cross-replica delivery: a dedicated connection LISTENs on
//! `chatdesk_events`, reads each announced row and fans it out here. Rows this replica
//! wrote were fanned out already; the hub skips ids it has seen.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::PgPool;
use sea_orm::sqlx::postgres::PgListener;
use tokio::sync::watch;

use super::hub::RealtimeHub;
use super::log::EventLog;
use super::publisher::CHANNEL;

/// Wait before reconnecting after the listening connection failed.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Listens until the process ends; `listening` turns true once LISTEN is in place
/// (and again after every reconnect).
pub async fn listen(
    pool: PgPool,
    log: EventLog,
    hub: Arc<RealtimeHub>,
    listening: watch::Sender<bool>,
) {
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => match listener.listen(CHANNEL).await {
                Ok(()) => {
                    listening.send_replace(true);
                    relay(&mut listener, &log, &hub).await;
                    listening.send_replace(false);
                }
                Err(error) => tracing::warn!(%error, "cannot LISTEN for realtime events"),
            },
            Err(error) => tracing::warn!(%error, "cannot open the realtime listener connection"),
        }
        tokio::time::sleep(RETRY_AFTER).await;
    }
}

/// Fans out announced events until the connection fails for good.
async fn relay(listener: &mut PgListener, log: &EventLog, hub: &RealtimeHub) {
    loop {
        let notification = match listener.recv().await {
            Ok(notification) => notification,
            Err(error) => {
                tracing::warn!(%error, "realtime listener connection lost");
                return;
            }
        };
        let Ok(id) = notification.payload().parse::<i64>() else {
            tracing::warn!(
                payload = notification.payload(),
                "unexpected realtime notification"
            );
            continue;
        };
        match log.get(id).await {
            Ok(Some(envelope)) => {
                hub.publish(envelope);
            }
            // Pruned already, or announced by a transaction that did not commit.
            Ok(None) => tracing::debug!(id, "announced realtime event not found"),
            Err(error) => tracing::warn!(%error, id, "cannot read an announced realtime event"),
        }
    }
}
