//! Per-account token buckets, so one busy Page or number never exceeds what the
//! platform allows it (Messenger 300 sends/s per Page, Instagram 100/s per account,
//! WhatsApp 80 messages/s per number) and earns rate-limit errors for everyone.
//!
//! Per process: with several replicas each keeps its own buckets, so configure the
//! rates divided by the number of replicas that send.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use channels::{Platform, SendFailure};
use tokio::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimits {
    pub messenger_per_second: f64,
    pub instagram_per_second: f64,
    pub whatsapp_per_second: f64,
    /// Longer than this in the queue and the call fails as transient instead: the job
    /// runner retries later rather than a worker sleeping on a backlog.
    pub max_wait: Duration,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            messenger_per_second: 300.0,
            instagram_per_second: 100.0,
            whatsapp_per_second: 80.0,
            max_wait: Duration::from_secs(2),
        }
    }
}

impl RateLimits {
    fn per_second(&self, platform: Platform) -> f64 {
        match platform {
            Platform::Messenger | Platform::Web | Platform::Playground => self.messenger_per_second,
            Platform::Instagram => self.instagram_per_second,
            Platform::WhatsApp => self.whatsapp_per_second,
        }
    }
}

struct Bucket {
    /// May go negative: each caller reserves its token and sleeps off the debt, so
    /// waiting callers are served in arrival order without polling.
    tokens: f64,
    refilled_at: Instant,
}

pub(crate) struct RateLimiter {
    limits: RateLimits,
    buckets: Mutex<HashMap<(Platform, String), Bucket>>,
}

impl RateLimiter {
    pub(crate) fn new(limits: RateLimits) -> Self {
        Self {
            limits,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for this account's next slot, or fails fast when the queue is too long.
    pub(crate) async fn acquire(
        &self,
        platform: Platform,
        account: &str,
    ) -> Result<(), SendFailure> {
        let rate = self.limits.per_second(platform).max(0.001);
        let wait = {
            let mut buckets = self
                .buckets
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = Instant::now();
            let bucket = buckets
                .entry((platform, account.to_owned()))
                .or_insert(Bucket {
                    tokens: rate,
                    refilled_at: now,
                });
            let elapsed = now.duration_since(bucket.refilled_at).as_secs_f64();
            bucket.tokens = (bucket.tokens + elapsed * rate).min(rate);
            bucket.refilled_at = now;
            let wait = if bucket.tokens >= 1.0 {
                Duration::ZERO
            } else {
                Duration::from_secs_f64((1.0 - bucket.tokens) / rate)
            };
            if wait > self.limits.max_wait {
                return Err(SendFailure::transient(format!(
                    "local rate limit for {platform} account {account}: queue longer than {:?}",
                    self.limits.max_wait
                )));
            }
            bucket.tokens -= 1.0;
            wait
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_second: f64, max_wait_ms: u64) -> RateLimiter {
        RateLimiter::new(RateLimits {
            messenger_per_second: per_second,
            instagram_per_second: per_second,
            whatsapp_per_second: per_second,
            max_wait: Duration::from_millis(max_wait_ms),
        })
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_up_to_the_rate_then_one_slot_per_interval() {
        let limiter = limiter(4.0, 10_000);
        let start = Instant::now();
        for _ in 0..4 {
            limiter
                .acquire(Platform::WhatsApp, "106540352242922")
                .await
                .unwrap();
        }
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "the first second's budget is immediate"
        );
        limiter
            .acquire(Platform::WhatsApp, "106540352242922")
            .await
            .unwrap();
        assert_eq!(start.elapsed(), Duration::from_millis(250));
        limiter
            .acquire(Platform::WhatsApp, "106540352242922")
            .await
            .unwrap();
        assert_eq!(start.elapsed(), Duration::from_millis(500));
        // Another number has its own bucket.
        let before = Instant::now();
        limiter.acquire(Platform::WhatsApp, "999").await.unwrap();
        assert_eq!(before.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_queue_longer_than_max_wait_fails_as_transient() {
        let limiter = limiter(1.0, 1_500);
        limiter.acquire(Platform::Messenger, "page").await.unwrap();
        limiter.acquire(Platform::Messenger, "page").await.unwrap(); // waited 1 s
        // Reserve without waiting: two callers racing.
        let second = limiter.acquire(Platform::Messenger, "page");
        let third = limiter.acquire(Platform::Messenger, "page");
        let (second, third) = tokio::join!(second, third);
        assert!(second.is_ok());
        let failure = third.unwrap_err();
        assert!(failure.is_retryable(), "{failure}");
    }
}
