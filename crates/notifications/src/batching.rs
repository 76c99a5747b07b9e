//! "New message" notifications gather into one summary per member per five minutes:
//! fifty messages in a burst are one email, not fifty.
//!
//! The first message opens a batch due five minutes later; messages until then join
//! it; when it is due, the batch becomes one notification (which quiet hours may still
//! hold back). The batch is stored, so a restart in between loses nothing.

use chrono::{DateTime, Duration, Utc};
use kernel::WorkspaceId;

use crate::notification::MemberId;
use crate::templates::{MAX_PREVIEWS, MessagePreview, NewMessages};

/// How long a batch stays open after its first message.
pub fn window() -> Duration {
    Duration::minutes(5)
}

/// One member's open (or due) batch; the member and `due_at` identify it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub workspace_id: WorkspaceId,
    pub member_id: MemberId,
    pub opened_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub count: u32,
    /// The first few messages, for the summary.
    pub previews: Vec<MessagePreview>,
}

impl Batch {
    pub fn open(
        workspace_id: WorkspaceId,
        member_id: MemberId,
        first: MessagePreview,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            workspace_id,
            member_id,
            opened_at: now,
            due_at: now + window(),
            count: 1,
            previews: vec![first],
        }
    }

    /// Whether a message arriving at `now` joins this batch rather than opening the next.
    pub fn accepts(&self, now: DateTime<Utc>) -> bool {
        now < self.due_at
    }

    pub fn add(&mut self, preview: MessagePreview) {
        self.count = self.count.saturating_add(1);
        if self.previews.len() < MAX_PREVIEWS {
            self.previews.push(preview);
        }
    }

    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        now >= self.due_at
    }

    pub fn summary(&self) -> NewMessages {
        NewMessages {
            count: self.count,
            previews: self.previews.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use kernel::{Clock, ManualClock};
    use uuid::Uuid;

    use super::*;

    fn preview(i: u32) -> MessagePreview {
        MessagePreview {
            conversation_id: Uuid::nil(),
            customer_name: format!("Customer {i}"),
            text: "hi".into(),
        }
    }

    #[test]
    fn a_batch_is_open_for_five_minutes_and_keeps_a_few_previews() {
        let clock = ManualClock::new(chrono::Utc::now());
        let mut batch = Batch::open(WorkspaceId::new(), MemberId::new(), preview(0), clock.now());
        for i in 1..50 {
            clock.advance(Duration::seconds(5));
            assert!(batch.accepts(clock.now()));
            batch.add(preview(i));
        }
        assert_eq!(batch.count, 50);
        assert_eq!(batch.previews.len(), MAX_PREVIEWS);
        assert!(!batch.is_due(clock.now()));
        clock.advance(window());
        assert!(batch.is_due(clock.now()));
        assert!(!batch.accepts(clock.now()));
        assert_eq!(batch.summary().count, 50);
    }
}
