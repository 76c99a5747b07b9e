//! Job handlers: the wiring between the job runner and the domains' use cases. Each
//! handler reads its payload, calls one use case, logs what happened, and tells the
//! runner whether to retry. The rules live in the domains.

mod channels;
mod digest;
mod lifecycle;
mod owner_alerts;
mod recurring;

pub use channels::{ProcessInboundHandler, RefreshTokenHandler, SendMessageHandler};
pub use digest::{WEEKLY_DIGEST_JOB, WeeklyDigests};
pub use lifecycle::{LIFECYCLE_SWEEP_JOB, LifecycleSweep};
pub use owner_alerts::OwnerEmailAlerts;
pub use recurring::{RecurringHandler, RecurringWork, schedule};

/// Every recurring job kind, seeded at start-up (see `recurring`).
pub const RECURRING_JOBS: [&str; 2] = [LIFECYCLE_SWEEP_JOB, WEEKLY_DIGEST_JOB];
