//! The inbox's request and response bodies: the list's filters, a row, a conversation
//! in full, a message.

use channels::{ChannelId, Direction, MessageBody, MessageRecord, Platform, Sender};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use conversation::conversations::ConversationEvent;
use conversation::inbox::{ChannelScope, InboxFilter, InboxRow, InboxSort, SearchText, Tag};
use handoff::{Lifecycle, Owner};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::conversations::ConversationStateResponse;
use super::orders_dto::OrderResponse;
use crate::http::ApiError;
use crate::http::validation::FieldErrors;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// Lifecycle: `active`, `waiting`, `escalated`, `agent_handling`, `resolved`,
    /// `abandoned` or `archived`.
    pub status: Option<String>,
    /// A platform (`messenger`, `instagram`, `whatsapp`, `web`, `playground`) or a
    /// channel id.
    pub channel: Option<String>,
    /// `assistant` or `human`.
    pub owner: Option<String>,
    /// The member a conversation is assigned to.
    pub assigned: Option<uuid::Uuid>,
    pub tag: Option<String>,
    /// Only conversations with (`true`) or without (`false`) unread customer messages.
    pub unread: Option<bool>,
    /// Only conversations with (`true`) or without (`false`) an order.
    pub has_order: Option<bool>,
    /// Last activity at or after: an RFC 3339 date-time, or a date (from the start of
    /// that day in the workspace's time zone).
    #[param(example = "2026-03-01")]
    pub from: Option<String>,
    /// Last activity before: an RFC 3339 date-time (excluded), or a date (that whole
    /// day included).
    #[param(example = "2026-03-31")]
    pub to: Option<String>,
    /// Searched in the customer's name and the messages' text (case-insensitive).
    pub q: Option<String>,
    /// `updated` (most recent activity first, the default) or `created`.
    pub sort: Option<String>,
}

impl InboxQuery {
    pub fn try_into_domain<Tz: TimeZone>(&self, tz: &Tz) -> Result<InboxFilter, ApiError> {
        let mut errors = FieldErrors::new();
        let mut filter = InboxFilter::default();
        if let Some(raw) = &self.status {
            match Lifecycle::parse(raw) {
                Some(lifecycle) => filter.lifecycle = Some(lifecycle),
                None => errors.add("status", "unknown_status", format!("no status {raw:?}")),
            }
        }
        if let Some(raw) = &self.channel {
            if let Ok(platform) = Platform::parse(raw) {
                filter.channel = Some(ChannelScope::Platform(platform));
            } else if let Ok(id) = uuid::Uuid::parse_str(raw.trim()) {
                filter.channel = Some(ChannelScope::Channel(ChannelId::from_uuid(id)));
            } else {
                errors.add(
                    "channel",
                    "unknown_channel",
                    "a platform name or a channel id",
                );
            }
        }
        if let Some(raw) = &self.owner {
            match raw.trim() {
                "assistant" => filter.owner = Some(Owner::Assistant),
                "human" => filter.owner = Some(Owner::Human),
                _ => errors.add("owner", "unknown_owner", "`assistant` or `human`"),
            }
        }
        filter.assigned_member_id = self.assigned;
        if let Some(raw) = &self.tag {
            match Tag::parse(raw) {
                Ok(tag) => filter.tag = Some(tag),
                Err(e) => errors.add("tag", "invalid_tag", e.to_string()),
            }
        }
        filter.unread = self.unread;
        filter.has_order = self.has_order;
        if let Some(raw) = &self.from {
            match instant(raw, tz, false) {
                Some(at) => filter.from = Some(at),
                None => errors.add("from", "invalid_date", "an RFC 3339 date-time or a date"),
            }
        }
        if let Some(raw) = &self.to {
            match instant(raw, tz, true) {
                Some(at) => filter.to = Some(at),
                None => errors.add("to", "invalid_date", "an RFC 3339 date-time or a date"),
            }
        }
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from >= to
        {
            errors.add("to", "date_range_reversed", "`to` is not after `from`");
        }
        if let Some(raw) = &self.q {
            match SearchText::parse(raw) {
                Some(search) => filter.search = Some(search),
                None if raw.trim().is_empty() => {}
                None => errors.add("q", "too_long", "at most 100 characters"),
            }
        }
        if let Some(raw) = &self.sort {
            match raw.trim() {
                "updated" => filter.sort = InboxSort::Updated,
                "created" => filter.sort = InboxSort::Created,
                _ => errors.add("sort", "unknown_sort", "`updated` or `created`"),
            }
        }
        errors.finish()?;
        Ok(filter)
    }
}

/// An RFC 3339 instant, or a date in `tz`: its start, or (`end`) the next day's start.
fn instant<Tz: TimeZone>(raw: &str, tz: &Tz, end: bool) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.with_timezone(&Utc));
    }
    let mut date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()?;
    if end {
        date = date.succ_opt()?;
    }
    tz.from_local_datetime(&date.and_time(NaiveTime::MIN))
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerResponse {
    pub contact_id: uuid::Uuid,
    pub name: Option<String>,
    pub platform: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LastMessageResponse {
    /// The text, cut to 140 characters.
    pub preview: String,
    /// `inbound` (the customer) or `outbound`.
    pub direction: String,
    pub at: DateTime<Utc>,
}

/// One conversation in the inbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxRowResponse {
    pub id: uuid::Uuid,
    /// The lifecycle (as `state.lifecycle`).
    pub status: String,
    pub state: ConversationStateResponse,
    pub customer: CustomerResponse,
    pub last_message: Option<LastMessageResponse>,
    /// Customer messages since anyone on the team last read it (`POST .../read`).
    pub unread_count: u64,
    pub tags: Vec<String>,
    pub has_order: bool,
    pub created_at: DateTime<Utc>,
}

impl From<InboxRow> for InboxRowResponse {
    fn from(row: InboxRow) -> Self {
        let c = &row.conversation;
        Self {
            id: c.id.as_uuid(),
            status: c.state.lifecycle().as_str().to_owned(),
            state: c.into(),
            customer: CustomerResponse {
                contact_id: row.customer.contact_id.as_uuid(),
                name: row.customer.name,
                platform: row.customer.platform.as_str().to_owned(),
            },
            last_message: row.last_message.map(|m| LastMessageResponse {
                preview: m.preview,
                direction: direction(m.direction).to_owned(),
                at: m.at,
            }),
            unread_count: row.unread,
            tags: row.tags.iter().map(|t| t.as_str().to_owned()).collect(),
            has_order: row.has_order,
            created_at: c.created_at,
        }
    }
}

fn direction(direction: Direction) -> &'static str {
    match direction {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

/// One entry of the timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntryResponse {
    pub id: uuid::Uuid,
    /// `created`, `escalated`, `agent_joined`, `returned_to_assistant`,
    /// `assistant_switched`, `resolved`, `reopened`, `note_added`.
    pub kind: String,
    /// The handoff reason of an escalation.
    pub reason: Option<String>,
    /// The member who acted, when one did (for `note_added`, the note's author).
    pub member_id: Option<uuid::Uuid>,
    pub at: DateTime<Utc>,
}

impl From<&ConversationEvent> for TimelineEntryResponse {
    fn from(e: &ConversationEvent) -> Self {
        Self {
            id: e.id.as_uuid(),
            kind: e.kind.as_str().to_owned(),
            reason: e.kind.reason().map(|r| r.as_str().to_owned()),
            member_id: e.kind.member_id(),
            at: e.at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationMessageResponse {
    pub id: uuid::Uuid,
    /// `inbound` or `outbound`.
    pub direction: String,
    /// `customer`, `assistant`, `agent` or `platform_inbox`.
    pub sender: String,
    /// The member who wrote it, for `agent`.
    pub sender_member_id: Option<uuid::Uuid>,
    /// The text (a template's or an attachment's description when there is no text).
    pub text: String,
    /// Outbound only: `pending`, `sent`, `delivered`, `read` or `failed`.
    pub status: Option<String>,
    /// Why it failed (`outside_window`, `invalid_token`, ...).
    pub failure_code: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<&MessageRecord> for ConversationMessageResponse {
    fn from(m: &MessageRecord) -> Self {
        let (sender, sender_member_id) = match m.sender {
            Sender::Customer => ("customer", None),
            Sender::Assistant => ("assistant", None),
            Sender::Agent { member_id } => ("agent", Some(member_id)),
            Sender::PlatformInbox => ("platform_inbox", None),
        };
        Self {
            id: m.id.as_uuid(),
            direction: direction(m.direction).to_owned(),
            sender: sender.to_owned(),
            sender_member_id,
            text: match &m.body {
                MessageBody::Received(received) => received.text.clone().unwrap_or_default(),
                MessageBody::Composed(content) => content.preview().to_owned(),
            },
            status: m.status.map(|s| s.as_str().to_owned()),
            failure_code: m.failure.as_ref().map(|f| f.code.clone()),
            at: m.occurred_at.unwrap_or(m.created_at),
        }
    }
}

/// A page of messages, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessagePageResponse {
    pub items: Vec<ConversationMessageResponse>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    pub total_pages: u64,
}

/// A conversation in full.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationDetailResponse {
    #[serde(flatten)]
    pub row: InboxRowResponse,
    /// What happened to it, oldest first.
    pub timeline: Vec<TimelineEntryResponse>,
    /// The team's internal notes, oldest first (never sent to the customer).
    pub notes: Vec<super::conversations_notes::NoteResponse>,
    /// Orders captured in it, newest first.
    pub orders: Vec<OrderResponse>,
    pub messages: MessagePageResponse,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"tags": ["vip", "refund"]}))]
pub struct TagsRequest {
    /// The conversation's whole set of tags (replaces the current one).
    pub tags: Vec<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"tags": ["refund"]}))]
pub struct ResolveRequest {
    /// Replaces the conversation's tags as it closes.
    pub tags: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    /// The member to hand it to (their user id, or their membership id).
    pub member_id: uuid::Uuid,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"force": true}))]
pub struct TakeOverRequest {
    /// Takes it even from the person handling it (owners and admins only).
    #[serde(default)]
    pub force: bool,
}

/// The longest reply an agent sends, in characters (Messenger's own limit is 2,000).
pub const AGENT_REPLY_MAX: usize = 2000;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "Hi Linh, the serum ships tomorrow.", "idempotency_key": "reply-7f3a"}))]
pub struct AgentReplyRequest {
    /// 1 to 2,000 characters.
    pub text: String,
    /// The same key twice sends once (a retried request); one is made up when absent.
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgentReplyResponse {
    pub message_id: uuid::Uuid,
    /// False when this key was sent before: nothing new goes out.
    pub new: bool,
    /// The conversation after the reply (the sender owns it now).
    pub state: ConversationStateResponse,
}
