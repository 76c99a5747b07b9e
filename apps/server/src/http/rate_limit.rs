//! Sliding-window rate limits for sign-in and sign-up.
//!
//! Kept in memory per process: behind a load balancer each replica counts on its own, so
//! the effective limit is per replica. Good enough against guessing from one address;
//! a shared store belongs here once deployments need a global limit.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct RateLimiter {
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// Counts one attempt for `key`; `Err(wait)` when `limit` attempts already happened
    /// within `window` (the attempt is then not counted).
    pub fn hit(&self, key: &str, limit: u32, window: Duration) -> Result<(), Duration> {
        let now = Instant::now();
        let Ok(mut hits) = self.hits.lock() else {
            return Ok(());
        };
        if hits.len() > 10_000 {
            hits.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < window)
            });
        }
        let times = hits.entry(key.to_owned()).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            times.pop_front();
        }
        if times.len() >= limit as usize {
            let oldest = times.front().copied().unwrap_or(now);
            return Err(window.saturating_sub(now.duration_since(oldest)));
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_limit_and_says_how_long_to_wait() {
        let limiter = RateLimiter::default();
        let window = Duration::from_secs(900);
        for _ in 0..5 {
            assert!(limiter.hit("1.2.3.4|a@b.co", 5, window).is_ok());
        }
        let wait = limiter.hit("1.2.3.4|a@b.co", 5, window).unwrap_err();
        assert!(wait > Duration::from_secs(890) && wait <= window);
        assert!(limiter.hit("1.2.3.4|other@b.co", 5, window).is_ok());
    }

    #[test]
    fn forgets_attempts_older_than_the_window() {
        let limiter = RateLimiter::default();
        let window = Duration::from_millis(20);
        assert!(limiter.hit("k", 1, window).is_ok());
        assert!(limiter.hit("k", 1, window).is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(limiter.hit("k", 1, window).is_ok());
    }
}
