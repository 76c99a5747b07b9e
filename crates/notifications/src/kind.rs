//! What a notification is about, how urgent that is, and how it can reach a person.

use serde::{Deserialize, Serialize};

/// What happened. Each kind has a fixed [`Priority`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// The assistant captured an order.
    OrderCaptured,
    /// A conversation was handed to the team.
    HandoffRequested,
    /// A customer has waited over an hour for an answer.
    CustomerWaiting,
    /// A channel's token stopped working; someone must reconnect it.
    ChannelReconnect,
    /// Customers wrote; batched into one summary per member per five minutes.
    NewMessage,
    /// The week in numbers, every Monday.
    WeeklyDigest,
    /// A teammate mentioned the member in an internal note.
    Mention,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 7] = [
        NotificationKind::OrderCaptured,
        NotificationKind::HandoffRequested,
        NotificationKind::CustomerWaiting,
        NotificationKind::ChannelReconnect,
        NotificationKind::NewMessage,
        NotificationKind::WeeklyDigest,
        NotificationKind::Mention,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::OrderCaptured => "order_captured",
            NotificationKind::HandoffRequested => "handoff_requested",
            NotificationKind::CustomerWaiting => "customer_waiting",
            NotificationKind::ChannelReconnect => "channel_reconnect",
            NotificationKind::NewMessage => "new_message",
            NotificationKind::WeeklyDigest => "weekly_digest",
            NotificationKind::Mention => "mention",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }

    pub fn priority(self) -> Priority {
        match self {
            NotificationKind::OrderCaptured
            | NotificationKind::HandoffRequested
            | NotificationKind::ChannelReconnect
            | NotificationKind::Mention => Priority::High,
            NotificationKind::CustomerWaiting => Priority::Medium,
            NotificationKind::NewMessage | NotificationKind::WeeklyDigest => Priority::Low,
        }
    }

    /// Whether a member who never chose gets this kind through `medium`. Email carries
    /// what needs acting on; WhatsApp is opt-in (it needs a number); the feed shows all.
    pub fn default_enabled(self, medium: Medium) -> bool {
        match medium {
            Medium::InApp => true,
            Medium::Email => true,
            Medium::WhatsApp => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    High,
    Medium,
    Low,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
        }
    }
}

/// How a notification reaches a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    /// The dashboard's notification feed.
    InApp,
    Email,
    /// A message to the member's own WhatsApp number from the business number.
    #[serde(rename = "whatsapp")]
    WhatsApp,
}

impl Medium {
    pub const ALL: [Medium; 3] = [Medium::InApp, Medium::Email, Medium::WhatsApp];

    pub fn as_str(self) -> &'static str {
        match self {
            Medium::InApp => "in_app",
            Medium::Email => "email",
            Medium::WhatsApp => "whatsapp",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|medium| medium.as_str() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_media_round_trip_and_have_the_spec_priorities() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.as_str()), Some(kind));
        }
        for medium in Medium::ALL {
            assert_eq!(Medium::parse(medium.as_str()), Some(medium));
        }
        assert_eq!(NotificationKind::OrderCaptured.priority(), Priority::High);
        assert_eq!(
            NotificationKind::HandoffRequested.priority(),
            Priority::High
        );
        assert_eq!(
            NotificationKind::ChannelReconnect.priority(),
            Priority::High
        );
        assert_eq!(
            NotificationKind::CustomerWaiting.priority(),
            Priority::Medium
        );
        assert_eq!(NotificationKind::NewMessage.priority(), Priority::Low);
        assert_eq!(NotificationKind::Mention.priority(), Priority::High);
        assert!(NotificationKind::Mention.default_enabled(Medium::InApp));
        assert!(NotificationKind::Mention.default_enabled(Medium::Email));
        assert_eq!(NotificationKind::parse("nope"), None);
    }
}
