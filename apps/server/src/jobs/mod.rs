//! Job handlers: the wiring between the job runner and the domains' use cases. Each
//! handler reads its payload, calls one use case, logs what happened, and tells the
//! runner whether to retry. The rules live in the domains.

mod channels;
mod owner_alerts;

pub use channels::{ProcessInboundHandler, RefreshTokenHandler, SendMessageHandler};
pub use owner_alerts::OwnerEmailAlerts;
