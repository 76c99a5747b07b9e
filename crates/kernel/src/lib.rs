//! The vocabulary every ChatDesk domain crate shares.
//!
//! Nothing here knows about HTTP, databases or the network: values are built
//! through validating constructors, so holding one means it is valid.

pub mod clock;
pub mod email;
pub mod events;
pub mod ids;
pub mod jobs;
pub mod mail;
pub mod money;
pub mod pagination;

pub use clock::{Clock, ManualClock, SystemClock};
pub use email::{Email, EmailError};
pub use events::{DomainEvent, EventBus, EventBusError};
pub use ids::WorkspaceId;
pub use jobs::{
    Job, JobFailure, JobHandler, JobId, JobProgress, JobQueue, JobQueueError, JobStatus, NewJob,
};
pub use mail::{MailError, Mailer, OutgoingEmail};
pub use money::{Currency, CurrencyError, Money, MoneyError};
pub use pagination::{Page, PageRequest, PaginationError};
