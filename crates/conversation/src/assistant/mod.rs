//! The assistant: takes a customer's burst of messages and answers it, grounded in the
//! catalog, the knowledge and the customer's orders, capturing orders and handing off
//! by policy.
//!
//! The path of one burst:
//! 1. `customer_wrote` (from the channel's `Responder`, for every stored customer
//!    message): the conversation is found or started, reopened if closed, and a turn
//!    job is queued for when the burst window (default 2 s) has passed.
//! 2. `take_turn` (that job, or the playground at once): if a later message arrived
//!    meanwhile, this job leaves the burst to the later one's job. Otherwise every
//!    customer message since the last answered one is read as one text, understood,
//!    fed to the order capture, answered (grounded engine, or a language model when
//!    configured, falling back to the grounded answer on any model failure), passed
//!    through the policy (`handoff::decide`) and the guardrails, queued for sending
//!    under the key `reply:{last message id}`, and the conversation saved.
//!
//! A crash at any point is safe: the reply key makes a re-run queue nothing twice, the
//! order's placement key (the confirming message's id) places it once, and the
//! conversation is saved after the reply is queued, so a re-run never skips a reply.

mod capture_input;
mod cart_cues;
mod compose;
mod finish;
mod incoming;
mod manage;
mod model_turn;
mod report;
mod settings;
mod tools;
mod turn;

use std::sync::Arc;

use channels::MessageId;
use chrono::{DateTime, Utc};
use kernel::{Clock, DomainEvent, EventBus, JobQueue};
use orders::OrderService;
use serde::{Deserialize, Serialize};

pub use compose::Source;
pub use incoming::CustomerMessage;
pub use manage::ManageError;
pub use report::{CartLineReport, CartReport, ReplyReport, StateReport, TurnOutcome, TurnReport};
pub use settings::SettingsPatch;

use crate::conversations::ConversationId;
use crate::llm::LanguageModel;
use crate::ports::*;

/// The job that answers a burst.
pub const ASSISTANT_TURN_JOB: &str = "assistant.turn";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnJob {
    pub conversation_id: ConversationId,
    /// The customer message this job was queued for.
    pub through: MessageId,
}

impl TurnJob {
    pub fn to_payload(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_payload(raw: &str) -> Option<Self> {
        serde_json::from_str(raw).ok()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AssistantError {
    #[error("conversation not found")]
    ConversationNotFound,
    /// Storage or a lookup failed: the job runs again.
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl From<ConversationRepositoryError> for AssistantError {
    fn from(e: ConversationRepositoryError) -> Self {
        match e {
            ConversationRepositoryError::NotFound => AssistantError::ConversationNotFound,
            other => AssistantError::Unexpected(other.to_string()),
        }
    }
}

macro_rules! unexpected_from {
    ($($error:ty),*) => {$(
        impl From<$error> for AssistantError {
            fn from(e: $error) -> Self {
                AssistantError::Unexpected(e.to_string())
            }
        }
    )*};
}
unexpected_from!(
    SettingsRepositoryError,
    LookupError,
    kernel::JobQueueError,
    crate::tones::RenderError,
    orders::OrderError
);

impl AssistantError {
    pub fn to_job_failure(&self) -> kernel::JobFailure {
        match self {
            AssistantError::ConversationNotFound => kernel::JobFailure::Permanent(self.to_string()),
            AssistantError::Unexpected(_) => kernel::JobFailure::Transient(self.to_string()),
        }
    }
}

/// Every port the assistant uses.
#[derive(Clone)]
pub struct AssistantPorts {
    pub conversations: Arc<dyn ConversationRepository>,
    pub settings: Arc<dyn AssistantSettingsRepository>,
    pub shops: Arc<dyn ShopProfiles>,
    pub catalogs: Arc<dyn CatalogSnapshots>,
    pub knowledge: Arc<dyn KnowledgeLookup>,
    pub messages: Arc<dyn MessageLog>,
    pub customers: Arc<dyn CustomerDirectory>,
    pub outbox: Arc<dyn ReplyOutbox>,
    pub orders: OrderService,
    pub jobs: Arc<dyn JobQueue>,
    pub events: Arc<dyn EventBus>,
    /// `None`: the grounded engine alone (the default).
    pub model: Option<Arc<dyn LanguageModel>>,
    pub clock: Arc<dyn Clock>,
}

#[derive(Clone)]
pub struct AssistantService {
    ports: AssistantPorts,
}

impl AssistantService {
    pub fn new(ports: AssistantPorts) -> Self {
        Self { ports }
    }

    fn now(&self) -> DateTime<Utc> {
        self.ports.clock.now()
    }

    /// Which engine answers: "grounded", or the model's name.
    pub fn engine(&self) -> String {
        self.ports
            .model
            .as_ref()
            .map_or_else(|| "grounded".to_owned(), |m| m.name().to_owned())
    }

    async fn publish(&self, events: Vec<DomainEvent>) {
        for event in events {
            if let Err(e) = self.ports.events.publish(event).await {
                tracing::warn!(error = %e, "publishing an assistant event failed");
            }
        }
    }

    /// Runs one turn job.
    #[tracing::instrument(skip_all)]
    pub async fn run_turn_job(
        &self,
        workspace_id: kernel::WorkspaceId,
        payload: &str,
    ) -> Result<(), kernel::JobFailure> {
        let job = TurnJob::from_payload(payload).ok_or_else(|| {
            kernel::JobFailure::Permanent(format!("unreadable turn job payload: {payload}"))
        })?;
        self.take_turn(workspace_id, job.conversation_id, job.through)
            .await
            .map(|_| ())
            .map_err(|e| e.to_job_failure())
    }
}

#[cfg(test)]
mod tests;
