//! Handoff to a human as a structured decision, with its reasons and policy.
//!
//! `reason` names why a conversation goes to a person, `settings` what a workspace
//! switched on, `confidence` the thresholds, `policy::decide` the pure decision for
//! one turn, and `ownership` who may talk to the customer (`may_assistant_send`,
//! checked again right before every send).
//!
//! Domain crate: depends only on plain-data libraries, never on
//! adapters (enforced by the architecture test in `tests/`).

mod confidence;
mod ownership;
pub mod policy;
mod reason;
mod settings;

pub use confidence::*;
pub use ownership::*;
pub use policy::{
    AssistantGate, Decision, SilenceReason, TurnSignals, decide, next_unhelpful_streak,
};
pub use reason::*;
pub use settings::*;
