//! What the team does to a conversation beyond taking it and giving it back: resolve,
//! reopen, assign, and an admin's forced takeover.

use chrono::{DateTime, Utc};
use handoff::{Lifecycle, OwnershipError};
use uuid::Uuid;

use super::{Conversation, ConversationEvent, ConversationEventKind};

impl Conversation {
    /// A person closes the conversation. The customer's next message reopens it
    /// (`customer_wrote`), with the assistant.
    pub fn resolve(&mut self, at: DateTime<Utc>) -> Result<ConversationEvent, OwnershipError> {
        self.state.resolve(at)?;
        self.updated_at = at;
        Ok(self.event(ConversationEventKind::Resolved, at))
    }

    /// A person reopens a resolved or abandoned conversation: they handle it.
    pub fn reopen(
        &mut self,
        member_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<Vec<ConversationEvent>, OwnershipError> {
        let from = self.state.lifecycle();
        if !matches!(from, Lifecycle::Resolved | Lifecycle::Abandoned) {
            return Err(OwnershipError::InvalidTransition {
                from,
                to: Lifecycle::AgentHandling,
            });
        }
        self.state.take_over(at)?;
        self.assigned_member_id = Some(member_id);
        self.updated_at = at;
        Ok(vec![
            self.event(ConversationEventKind::Reopened, at),
            self.event(ConversationEventKind::AgentJoined { member_id }, at),
        ])
    }

    /// Gives an open conversation to `member_id`: it becomes theirs to handle (the
    /// assistant stops), whoever had it before. Closed conversations are reopened
    /// first (`reopen`).
    pub fn assign(
        &mut self,
        member_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<Option<ConversationEvent>, OwnershipError> {
        let lifecycle = self.state.lifecycle();
        if lifecycle.is_closed() {
            return Err(OwnershipError::InvalidTransition {
                from: lifecycle,
                to: Lifecycle::AgentHandling,
            });
        }
        if lifecycle == Lifecycle::AgentHandling && self.assigned_member_id == Some(member_id) {
            return Ok(None);
        }
        if lifecycle != Lifecycle::AgentHandling {
            self.state.take_over(at)?;
        }
        self.assigned_member_id = Some(member_id);
        self.updated_at = at;
        Ok(Some(self.event(
            ConversationEventKind::AgentJoined { member_id },
            at,
        )))
    }

    /// Takes the conversation over even from the person handling it (an admin's
    /// "force"): the same as `take_over` when nobody handles it.
    pub fn take_over_forced(
        &mut self,
        member_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<ConversationEvent, OwnershipError> {
        match self.assign(member_id, at)? {
            Some(event) => Ok(event),
            // They already had it.
            None => Err(OwnershipError::AlreadyWithHuman),
        }
    }
}

#[cfg(test)]
mod tests {
    use channels::{ChannelId, ContactId, Platform};
    use chrono::TimeZone;
    use kernel::WorkspaceId;

    use super::*;

    fn conversation() -> (Conversation, DateTime<Utc>) {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
        let c = Conversation::start(
            WorkspaceId::new(),
            ChannelId::new(),
            ContactId::new(),
            Platform::Messenger,
            at,
        );
        (c, at)
    }

    #[test]
    fn resolve_then_reopen_gives_it_to_the_person_who_reopened_it() {
        let (mut c, at) = conversation();
        let ana = Uuid::now_v7();
        assert_eq!(c.resolve(at).unwrap().kind, ConversationEventKind::Resolved);
        assert_eq!(c.state.lifecycle(), Lifecycle::Resolved);
        assert!(c.resolve(at).is_err(), "resolving twice is refused");
        let events = c.reopen(ana, at).unwrap();
        assert_eq!(events[0].kind, ConversationEventKind::Reopened);
        assert_eq!(c.state.lifecycle(), Lifecycle::AgentHandling);
        assert_eq!(c.assigned_member_id, Some(ana));
        assert!(
            c.reopen(ana, at).is_err(),
            "an open conversation is not reopened"
        );
    }

    #[test]
    fn assigning_moves_it_to_the_member_and_refuses_closed_ones() {
        let (mut c, at) = conversation();
        let (ana, bo) = (Uuid::now_v7(), Uuid::now_v7());
        c.take_over(ana, at).unwrap();
        assert!(
            c.take_over(bo, at).is_err(),
            "a plain second takeover is refused"
        );
        let forced = c.take_over_forced(bo, at).unwrap();
        assert_eq!(
            forced.kind,
            ConversationEventKind::AgentJoined { member_id: bo }
        );
        assert_eq!(c.assigned_member_id, Some(bo));
        assert_eq!(c.assign(bo, at).unwrap(), None, "already theirs");
        assert!(c.assign(ana, at).unwrap().is_some());
        c.resolve(at).unwrap();
        assert!(c.assign(bo, at).is_err());
    }
}
