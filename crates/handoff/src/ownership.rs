//! Who may talk to the customer: the conversation's lifecycle and owner, as one type
//! whose only ways to change are the moves the lifecycle allows.
//!
//! `active -> waiting -> escalated -> agent_handling -> resolved`, plus `abandoned`
//! and `archived`. The owner follows the lifecycle: `active` and `waiting` belong to
//! the assistant, `escalated` and `agent_handling` to the team; the closed states
//! (`resolved`, `abandoned`, `archived`) keep whoever had it last, and nobody sends.
//!
//! The send path re-reads the state and calls `may_assistant_send` right before each
//! send: a reply drafted while the assistant owned the conversation is dropped if a
//! person took over in the meantime.
//!
//! Moves where the spec was silent:
//! - A customer writing to a resolved or abandoned conversation reopens it for the
//!   assistant (`active`); the team's work on it was finished. An archived
//!   conversation stays archived: the customer's next message starts a new one.
//! - A customer writing while the team has it changes nothing: it stays with them.
//! - A person may write to a resolved or abandoned conversation (a follow-up): it
//!   becomes theirs (`agent_handling`).
//! - The support spec's `agent_handling -> waiting` on an idle agent is not modelled:
//!   `waiting` would hand the conversation back to the assistant behind the agent's
//!   back. Idle agents are a dashboard alert, not an ownership change.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::HandoffReason;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    Assistant,
    Human,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// The customer wrote; the assistant is on it.
    Active,
    /// The assistant replied; waiting for the customer.
    Waiting,
    /// Handed off; waiting for a person to pick it up.
    Escalated,
    /// A person is handling it.
    AgentHandling,
    Resolved,
    /// The customer went quiet before it was resolved.
    Abandoned,
    Archived,
}

impl Lifecycle {
    pub const ALL: [Lifecycle; 7] = [
        Lifecycle::Active,
        Lifecycle::Waiting,
        Lifecycle::Escalated,
        Lifecycle::AgentHandling,
        Lifecycle::Resolved,
        Lifecycle::Abandoned,
        Lifecycle::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Active => "active",
            Lifecycle::Waiting => "waiting",
            Lifecycle::Escalated => "escalated",
            Lifecycle::AgentHandling => "agent_handling",
            Lifecycle::Resolved => "resolved",
            Lifecycle::Abandoned => "abandoned",
            Lifecycle::Archived => "archived",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let lower = raw.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.as_str() == lower)
    }

    /// The edges of the lifecycle.
    pub fn can_become(self, to: Lifecycle) -> bool {
        use Lifecycle::*;
        matches!(
            (self, to),
            (
                Active,
                Waiting | Escalated | AgentHandling | Resolved | Archived
            ) | (
                Waiting,
                Active | Escalated | AgentHandling | Abandoned | Resolved | Archived
            ) | (Escalated, AgentHandling | Active | Resolved | Archived)
                | (AgentHandling, Active | Resolved | Archived)
                | (Resolved | Abandoned, Active | AgentHandling | Archived)
        )
    }

    /// Who owns a conversation in this state, when the state decides it.
    pub fn owner(self) -> Option<Owner> {
        match self {
            Lifecycle::Active | Lifecycle::Waiting => Some(Owner::Assistant),
            Lifecycle::Escalated | Lifecycle::AgentHandling => Some(Owner::Human),
            Lifecycle::Resolved | Lifecycle::Abandoned | Lifecycle::Archived => None,
        }
    }

    pub fn is_closed(self) -> bool {
        self.owner().is_none()
    }
}

impl fmt::Display for Lifecycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The last handoff, kept for the dashboard ("escalated: complaint, 10:42").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HandoffRecord {
    pub reason: HandoffReason,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConversationState {
    lifecycle: Lifecycle,
    owner: Owner,
    last_handoff: Option<HandoffRecord>,
    changed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OwnershipError {
    #[error("a conversation cannot go from {from} to {to}")]
    InvalidTransition { from: Lifecycle, to: Lifecycle },
    #[error("the team already has this conversation")]
    AlreadyWithHuman,
    #[error("the assistant does not own this conversation")]
    NotAssistantTurn,
    #[error("a {lifecycle} conversation cannot be owned by the {owner:?}")]
    OwnerMismatch { lifecycle: Lifecycle, owner: Owner },
}

impl OwnershipError {
    pub fn code(&self) -> &'static str {
        match self {
            OwnershipError::InvalidTransition { .. } => "invalid_conversation_transition",
            OwnershipError::AlreadyWithHuman => "already_with_human",
            OwnershipError::NotAssistantTurn => "not_assistant_turn",
            OwnershipError::OwnerMismatch { .. } => "owner_mismatch",
        }
    }
}

/// Whether the assistant may send to the customer now: it owns the conversation and
/// the conversation is open. Called right before every send, on a state read fresh.
pub fn may_assistant_send(state: &ConversationState) -> bool {
    state.owner == Owner::Assistant
        && matches!(state.lifecycle, Lifecycle::Active | Lifecycle::Waiting)
}

impl ConversationState {
    /// A conversation the customer just opened: active, with the assistant.
    pub fn opened(at: DateTime<Utc>) -> Self {
        Self {
            lifecycle: Lifecycle::Active,
            owner: Owner::Assistant,
            last_handoff: None,
            changed_at: at,
        }
    }

    /// Rebuilds a stored state, refusing an owner the lifecycle contradicts.
    pub fn from_parts(
        lifecycle: Lifecycle,
        owner: Owner,
        last_handoff: Option<HandoffRecord>,
        changed_at: DateTime<Utc>,
    ) -> Result<Self, OwnershipError> {
        if lifecycle.owner().is_some_and(|expected| expected != owner) {
            return Err(OwnershipError::OwnerMismatch { lifecycle, owner });
        }
        Ok(Self {
            lifecycle,
            owner,
            last_handoff,
            changed_at,
        })
    }

    pub fn lifecycle(&self) -> Lifecycle {
        self.lifecycle
    }

    pub fn owner(&self) -> Owner {
        self.owner
    }

    pub fn last_handoff(&self) -> Option<HandoffRecord> {
        self.last_handoff
    }

    pub fn changed_at(&self) -> DateTime<Utc> {
        self.changed_at
    }

    /// A customer message arrived.
    pub fn customer_wrote(&mut self, at: DateTime<Utc>) -> Result<(), OwnershipError> {
        match self.lifecycle {
            Lifecycle::Active | Lifecycle::Escalated | Lifecycle::AgentHandling => Ok(()),
            Lifecycle::Waiting | Lifecycle::Resolved | Lifecycle::Abandoned => {
                self.go(Lifecycle::Active, at)
            }
            Lifecycle::Archived => Err(OwnershipError::InvalidTransition {
                from: Lifecycle::Archived,
                to: Lifecycle::Active,
            }),
        }
    }

    /// The assistant's reply was sent.
    pub fn assistant_replied(&mut self, at: DateTime<Utc>) -> Result<(), OwnershipError> {
        if !may_assistant_send(self) {
            return Err(OwnershipError::NotAssistantTurn);
        }
        match self.lifecycle {
            Lifecycle::Waiting => Ok(()),
            _ => self.go(Lifecycle::Waiting, at),
        }
    }

    /// The assistant (or its policy) hands the conversation to the team.
    pub fn hand_off(
        &mut self,
        reason: HandoffReason,
        at: DateTime<Utc>,
    ) -> Result<(), OwnershipError> {
        if self.owner == Owner::Human && !self.lifecycle.is_closed() {
            return Err(OwnershipError::AlreadyWithHuman);
        }
        self.go(Lifecycle::Escalated, at)?;
        self.last_handoff = Some(HandoffRecord { reason, at });
        Ok(())
    }

    /// A person takes the conversation: from the assistant directly (the dashboard's
    /// "take over"), by picking up an escalation, or by writing to a closed one.
    pub fn take_over(&mut self, at: DateTime<Utc>) -> Result<(), OwnershipError> {
        if self.lifecycle == Lifecycle::AgentHandling {
            return Err(OwnershipError::AlreadyWithHuman);
        }
        self.go(Lifecycle::AgentHandling, at)
    }

    /// The team gives the conversation back to the assistant.
    pub fn return_to_assistant(&mut self, at: DateTime<Utc>) -> Result<(), OwnershipError> {
        if self.owner == Owner::Assistant || self.lifecycle.is_closed() {
            return Err(OwnershipError::InvalidTransition {
                from: self.lifecycle,
                to: Lifecycle::Active,
            });
        }
        self.go(Lifecycle::Active, at)
    }

    pub fn resolve(&mut self, at: DateTime<Utc>) -> Result<(), OwnershipError> {
        self.go(Lifecycle::Resolved, at)
    }

    /// The customer went quiet after the assistant's reply.
    pub fn abandon(&mut self, at: DateTime<Utc>) -> Result<(), OwnershipError> {
        self.go(Lifecycle::Abandoned, at)
    }

    pub fn archive(&mut self, at: DateTime<Utc>) -> Result<(), OwnershipError> {
        self.go(Lifecycle::Archived, at)
    }

    fn go(&mut self, to: Lifecycle, at: DateTime<Utc>) -> Result<(), OwnershipError> {
        if !self.lifecycle.can_become(to) {
            return Err(OwnershipError::InvalidTransition {
                from: self.lifecycle,
                to,
            });
        }
        self.lifecycle = to;
        if let Some(owner) = to.owner() {
            self.owner = owner;
        }
        self.changed_at = at;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
