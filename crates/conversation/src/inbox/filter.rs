//! What the inbox list is narrowed by, already validated.

use channels::{ChannelId, Platform};
use chrono::{DateTime, Utc};
use handoff::{Lifecycle, Owner};
use uuid::Uuid;

use super::Tag;

/// The longest search text, in characters.
pub const SEARCH_MAX: usize = 100;

/// Which channel: every channel of a platform, or one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelScope {
    Platform(Platform),
    Channel(ChannelId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InboxSort {
    /// Most recent activity first (the default).
    #[default]
    Updated,
    /// Newest conversations first.
    Created,
}

/// Text searched in the customer's name and the conversation's messages: trimmed,
/// lower-cased, 1 to `SEARCH_MAX` characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText(String);

impl SearchText {
    pub fn parse(raw: &str) -> Option<Self> {
        let text = raw.trim().to_lowercase();
        (!text.is_empty() && text.chars().count() <= SEARCH_MAX).then_some(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxFilter {
    pub lifecycle: Option<Lifecycle>,
    pub channel: Option<ChannelScope>,
    pub owner: Option<Owner>,
    /// The member a person-owned conversation is assigned to.
    pub assigned_member_id: Option<Uuid>,
    pub tag: Option<Tag>,
    /// Only conversations with (true) or without (false) unread customer messages.
    pub unread: Option<bool>,
    /// Only conversations with (true) or without (false) an order captured in them.
    pub has_order: Option<bool>,
    /// Last activity (`updated_at`) from this instant, inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Last activity before this instant, exclusive.
    pub to: Option<DateTime<Utc>>,
    pub search: Option<SearchText>,
    pub sort: InboxSort,
}
