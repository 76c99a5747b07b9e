//! Sends what is due: turns due "new message" batches into summaries, then sends every
//! due delivery. The rows are the durable part (written with the notification), so a
//! process that dies between raising and sending sends on its next tick; a delivery
//! sent twice is prevented by `sent_at`, checked in the same UPDATE that records it.

use std::time::Duration;

use notifications::service::NotificationService;

/// How often the sender looks for due work; a batch or a quiet-hours email goes out at
/// most this long after it is due.
pub const TICK: Duration = Duration::from_secs(1);

/// Deliveries sent per tick; the rest wait for the next one.
const PER_TICK: u32 = 100;

pub async fn run_sender(service: NotificationService) {
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        if let Err(error) = service.flush_batches().await {
            tracing::error!(%error, "cannot flush notification batches");
        }
        if let Err(error) = service.deliver_due(PER_TICK).await {
            tracing::error!(%error, "cannot send due notifications");
        }
    }
}
