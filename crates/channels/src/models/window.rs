//! When a business may write to a person, as Meta's policies put it:
//!
//! - Messenger and Instagram: anything within 24 hours of the person's last message;
//!   from 24 hours to 7 days only a human agent, with the `HUMAN_AGENT` tag; after
//!   that nothing.
//! - WhatsApp: anything within 24 hours of the person's last message (the customer
//!   service window); after that only an approved template.
//! - Our web widget has no window.

use chrono::{DateTime, Duration, Utc};

use super::Platform;

pub const STANDARD_WINDOW_HOURS: i64 = 24;
pub const HUMAN_AGENT_WINDOW_DAYS: i64 = 7;

/// Who wrote the reply; the platforms treat people and bots differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    Assistant,
    Human,
}

/// How a permitted message goes out on the Messenger Platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendMode {
    /// `messaging_type: RESPONSE`, within the standard window (WhatsApp and the web
    /// widget need no marker, and use this too).
    Response,
    /// `messaging_type: MESSAGE_TAG`, `tag: HUMAN_AGENT`: a person answering after 24
    /// hours and within 7 days.
    HumanAgent,
}

/// Where a conversation stands, for showing in the inbox and for deciding a send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowState {
    /// Anyone may write anything until `until`.
    Open { until: Option<DateTime<Utc>> },
    /// Messenger/Instagram, 24 h to 7 days: only a human agent, until `until`.
    HumanAgentOnly { until: DateTime<Utc> },
    /// WhatsApp after 24 hours: only templates.
    TemplatesOnly,
    /// Messenger/Instagram after 7 days, or nobody ever wrote: nothing may be sent.
    Closed,
}

/// Why a send is not allowed now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WindowRefusal {
    #[error("the person has not written to this channel, so it may not write first")]
    NoConversation,
    #[error(
        "more than 24 hours since the person's last message: only a human agent may answer now"
    )]
    HumanAgentOnly,
    #[error(
        "more than 24 hours since the person's last message: WhatsApp only allows a template now"
    )]
    TemplateRequired,
    #[error("the messaging window has closed")]
    Closed,
}

impl WindowState {
    /// The window at `now`, given when the person last wrote to us. A last message
    /// stamped in the future (clock skew between us and the platform) counts as now.
    pub fn at(
        platform: Platform,
        last_inbound_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Self {
        if !platform.has_messaging_window() {
            return WindowState::Open { until: None };
        }
        let Some(last) = last_inbound_at else {
            return if platform == Platform::WhatsApp {
                WindowState::TemplatesOnly
            } else {
                WindowState::Closed
            };
        };
        let last = last.min(now);
        let standard_end = last + Duration::hours(STANDARD_WINDOW_HOURS);
        if now < standard_end {
            return WindowState::Open {
                until: Some(standard_end),
            };
        }
        if platform == Platform::WhatsApp {
            return WindowState::TemplatesOnly;
        }
        let human_end = last + Duration::days(HUMAN_AGENT_WINDOW_DAYS);
        if now < human_end {
            WindowState::HumanAgentOnly { until: human_end }
        } else {
            WindowState::Closed
        }
    }

    /// Whether `author` may send this kind of content now, and how.
    pub fn decide(self, author: Author, is_template: bool) -> Result<SendMode, WindowRefusal> {
        match self {
            WindowState::Open { .. } => Ok(SendMode::Response),
            WindowState::HumanAgentOnly { .. } => match author {
                Author::Human => Ok(SendMode::HumanAgent),
                Author::Assistant => Err(WindowRefusal::HumanAgentOnly),
            },
            WindowState::TemplatesOnly if is_template => Ok(SendMode::Response),
            WindowState::TemplatesOnly => Err(WindowRefusal::TemplateRequired),
            WindowState::Closed => Err(WindowRefusal::Closed),
        }
    }
}

/// The whole rule in one call: may `author` send this content to a person who last
/// wrote at `last_inbound_at`, and with which marker?
pub fn messaging_window(
    platform: Platform,
    author: Author,
    is_template: bool,
    last_inbound_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<SendMode, WindowRefusal> {
    let state = WindowState::at(platform, last_inbound_at, now);
    match (state, last_inbound_at) {
        // A conversation must start with the person on Messenger and Instagram.
        (WindowState::Closed, None) => Err(WindowRefusal::NoConversation),
        _ => state.decide(author, is_template),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_767_225_600, 0).unwrap()
    }

    fn decide(
        platform: Platform,
        author: Author,
        template: bool,
        elapsed: Duration,
    ) -> Result<SendMode, WindowRefusal> {
        messaging_window(platform, author, template, Some(t0()), t0() + elapsed)
    }

    #[test]
    fn messenger_bot_answers_within_24_hours_only() {
        for platform in [Platform::Messenger, Platform::Instagram] {
            assert_eq!(
                decide(platform, Author::Assistant, false, Duration::hours(23)),
                Ok(SendMode::Response)
            );
            assert_eq!(
                decide(
                    platform,
                    Author::Assistant,
                    false,
                    Duration::hours(23) + Duration::minutes(59)
                ),
                Ok(SendMode::Response)
            );
            // The window is 24 hours: at exactly 24 h it has closed for the bot.
            assert_eq!(
                decide(platform, Author::Assistant, false, Duration::hours(24)),
                Err(WindowRefusal::HumanAgentOnly)
            );
        }
    }

    #[test]
    fn a_human_uses_human_agent_from_24_hours_to_7_days() {
        assert_eq!(
            decide(
                Platform::Messenger,
                Author::Human,
                false,
                Duration::hours(2)
            ),
            Ok(SendMode::Response)
        );
        assert_eq!(
            decide(
                Platform::Messenger,
                Author::Human,
                false,
                Duration::hours(24)
            ),
            Ok(SendMode::HumanAgent)
        );
        assert_eq!(
            decide(
                Platform::Instagram,
                Author::Human,
                false,
                Duration::days(7) - Duration::seconds(1)
            ),
            Ok(SendMode::HumanAgent)
        );
        assert_eq!(
            decide(Platform::Messenger, Author::Human, false, Duration::days(7)),
            Err(WindowRefusal::Closed)
        );
        assert_eq!(
            decide(
                Platform::Messenger,
                Author::Assistant,
                false,
                Duration::days(8)
            ),
            Err(WindowRefusal::Closed)
        );
    }

    #[test]
    fn whatsapp_needs_a_template_after_24_hours() {
        assert_eq!(
            decide(
                Platform::WhatsApp,
                Author::Assistant,
                false,
                Duration::hours(1)
            ),
            Ok(SendMode::Response)
        );
        assert_eq!(
            decide(Platform::WhatsApp, Author::Human, true, Duration::hours(1)),
            Ok(SendMode::Response)
        );
        assert_eq!(
            decide(
                Platform::WhatsApp,
                Author::Human,
                false,
                Duration::hours(25)
            ),
            Err(WindowRefusal::TemplateRequired),
            "HUMAN_AGENT is a Messenger Platform tag; WhatsApp has no such exception"
        );
        assert_eq!(
            decide(
                Platform::WhatsApp,
                Author::Assistant,
                true,
                Duration::days(30)
            ),
            Ok(SendMode::Response)
        );
        // Nobody wrote yet: a business may still open with a template.
        assert_eq!(
            messaging_window(Platform::WhatsApp, Author::Assistant, true, None, t0()),
            Ok(SendMode::Response)
        );
        assert_eq!(
            messaging_window(Platform::WhatsApp, Author::Assistant, false, None, t0()),
            Err(WindowRefusal::TemplateRequired)
        );
    }

    #[test]
    fn messenger_never_writes_first_and_web_has_no_window() {
        assert_eq!(
            messaging_window(Platform::Messenger, Author::Human, false, None, t0()),
            Err(WindowRefusal::NoConversation)
        );
        assert_eq!(
            messaging_window(Platform::Web, Author::Assistant, false, None, t0()),
            Ok(SendMode::Response)
        );
        assert_eq!(
            decide(Platform::Web, Author::Assistant, false, Duration::days(365)),
            Ok(SendMode::Response)
        );
    }

    #[test]
    fn the_state_says_until_when_and_tolerates_clock_skew() {
        assert_eq!(
            WindowState::at(Platform::Messenger, Some(t0()), t0() + Duration::hours(1)),
            WindowState::Open {
                until: Some(t0() + Duration::hours(24))
            }
        );
        assert_eq!(
            WindowState::at(Platform::Instagram, Some(t0()), t0() + Duration::days(2)),
            WindowState::HumanAgentOnly {
                until: t0() + Duration::days(7)
            }
        );
        // The platform's clock ran ahead of ours: the window opens now, not in the future.
        let future = t0() + Duration::minutes(5);
        assert_eq!(
            WindowState::at(Platform::WhatsApp, Some(future), t0()),
            WindowState::Open {
                until: Some(t0() + Duration::hours(24))
            }
        );
    }
}
