//! Why a call to a platform failed, and what that means: try again later, give up on
//! this message, or stop using the channel until someone reconnects it.

use std::fmt;

use kernel::JobFailure;

use super::PlatformError;

/// The failure of a `ChannelGateway` call, classified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendFailure {
    /// Worth retrying with backoff: a timeout, a connection error, a 5xx, a rate limit.
    #[error("temporary failure: {reason}")]
    Transient { reason: FailureReason },
    /// The token was refused (Graph 190): the channel must be reconnected, and every
    /// send through it will fail the same way until then.
    #[error("the access token is invalid or expired: {reason}")]
    InvalidToken { reason: FailureReason },
    /// Sent outside the messaging window (Messenger 10, WhatsApp 131047).
    #[error("outside the messaging window: {reason}")]
    OutsideWindow { reason: FailureReason },
    /// The person cannot be reached: they blocked the business, turned off its
    /// messages, or are not on the platform (Messenger 551, WhatsApp 131026).
    #[error("the person cannot be reached: {reason}")]
    UserBlocked { reason: FailureReason },
    /// Anything else the platform refused; retrying the same request cannot help.
    #[error("the platform refused the message: {reason}")]
    Permanent { reason: FailureReason },
}

/// What we store on a failed message and show to agents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureReason {
    pub code: Option<i64>,
    pub subcode: Option<i64>,
    pub message: String,
}

impl FailureReason {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            code: None,
            subcode: None,
            message: message.into(),
        }
    }
}

impl From<&PlatformError> for FailureReason {
    fn from(error: &PlatformError) -> Self {
        Self {
            code: Some(error.code),
            subcode: error.subcode,
            message: error.message.clone(),
        }
    }
}

impl fmt::Display for FailureReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.code, self.subcode) {
            (Some(code), Some(sub)) => write!(f, "({code}/{sub}) {}", self.message),
            (Some(code), None) => write!(f, "({code}) {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

// Graph API error codes (Messenger Platform and WhatsApp Cloud API share the Graph
// error format; WhatsApp's own codes are in the 13xxxx range, so the two never clash).
const INVALID_TOKEN: &[i64] = &[
    190, // Invalid OAuth 2.0 access token (any subcode: expired, revoked, password changed)
    102, // API session
];
const OUTSIDE_WINDOW: &[i64] = &[
    10,     // Messenger: "This message is sent outside of allowed window" (subcode 2018278)
    131047, // WhatsApp: re-engagement message, more than 24 hours since the customer wrote
    470,    // WhatsApp on-premises predecessor of 131047
];
const USER_UNREACHABLE: &[i64] = &[
    551,    // Messenger: "This person isn't available right now"
    131026, // WhatsApp: message undeliverable (blocked us, not on WhatsApp, old app)
    131050, // WhatsApp: the user stopped marketing messages from this business
];
const TRANSIENT: &[i64] = &[
    1,      // API unknown, possibly temporary
    2,      // API service temporarily unavailable
    4,      // application request limit reached
    17,     // user request limit reached
    32,     // page request limit reached
    341,    // application limit reached
    613,    // calls exceeded the rate limit
    1200,   // Messenger: temporary send message failure
    80006,  // Messenger rate limit
    80007,  // WhatsApp Business Account rate limit
    130429, // WhatsApp throughput rate limit (80 messages per second per number)
    131000, // WhatsApp: something went wrong
    131016, // WhatsApp: service unavailable
    131048, // WhatsApp: spam rate limit
    131056, // WhatsApp: pair rate limit (too many messages to one person)
    133004, // WhatsApp: server temporarily unavailable
];
const SUBCODES_USER_UNREACHABLE: &[i64] = &[
    1545041, // Messenger 551: person isn't available
    2018001, // Messenger 100: no matching user found
    2018108, // Messenger: person cannot be messaged (blocked the Page)
];
const SUBCODES_OUTSIDE_WINDOW: &[i64] = &[2018278];

impl SendFailure {
    /// Classifies a platform's answer: the HTTP status and, when the body had one, the
    /// Graph error (`error.code`, `error.error_subcode`, `error.message`, `is_transient`).
    pub fn classify(
        http_status: Option<u16>,
        error: Option<&PlatformError>,
        graph_says_transient: bool,
    ) -> SendFailure {
        let Some(error) = error else {
            let message = match http_status {
                Some(status) => format!("HTTP {status} without a Graph error body"),
                None => "no response from the platform".to_owned(),
            };
            let reason = FailureReason::new(message);
            return match http_status {
                Some(401) => SendFailure::InvalidToken { reason },
                Some(s) if s == 408 || s == 429 || s >= 500 => SendFailure::Transient { reason },
                None => SendFailure::Transient { reason },
                Some(_) => SendFailure::Permanent { reason },
            };
        };
        let reason = FailureReason::from(error);
        let code = error.code;
        let subcode = error.subcode.unwrap_or_default();
        if INVALID_TOKEN.contains(&code) {
            SendFailure::InvalidToken { reason }
        } else if USER_UNREACHABLE.contains(&code) || SUBCODES_USER_UNREACHABLE.contains(&subcode) {
            SendFailure::UserBlocked { reason }
        } else if OUTSIDE_WINDOW.contains(&code) || SUBCODES_OUTSIDE_WINDOW.contains(&subcode) {
            SendFailure::OutsideWindow { reason }
        } else if TRANSIENT.contains(&code)
            || graph_says_transient
            || http_status.is_some_and(|s| s == 429 || s >= 500)
        {
            SendFailure::Transient { reason }
        } else {
            SendFailure::Permanent { reason }
        }
    }

    pub fn transient(message: impl Into<String>) -> Self {
        SendFailure::Transient {
            reason: FailureReason::new(message),
        }
    }

    pub fn reason(&self) -> &FailureReason {
        match self {
            SendFailure::Transient { reason }
            | SendFailure::InvalidToken { reason }
            | SendFailure::OutsideWindow { reason }
            | SendFailure::UserBlocked { reason }
            | SendFailure::Permanent { reason } => reason,
        }
    }

    /// Whether the same call may succeed later without anyone changing anything.
    pub fn is_retryable(&self) -> bool {
        matches!(self, SendFailure::Transient { .. })
    }

    /// Whether the channel must be flipped to `reconnect_required`.
    pub fn requires_reconnect(&self) -> bool {
        matches!(self, SendFailure::InvalidToken { .. })
    }

    /// A short machine-readable name, stored with the failed message.
    pub fn code(&self) -> &'static str {
        match self {
            SendFailure::Transient { .. } => "transient",
            SendFailure::InvalidToken { .. } => "invalid_token",
            SendFailure::OutsideWindow { .. } => "outside_window",
            SendFailure::UserBlocked { .. } => "user_blocked",
            SendFailure::Permanent { .. } => "rejected",
        }
    }

    /// What the job runner should do with the attempt.
    pub fn to_job_failure(&self) -> JobFailure {
        if self.is_retryable() {
            JobFailure::Transient(self.to_string())
        } else {
            JobFailure::Permanent(self.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(code: i64, subcode: Option<i64>) -> PlatformError {
        PlatformError {
            code,
            subcode,
            message: format!("error {code}"),
        }
    }

    fn classify(status: u16, code: i64, subcode: Option<i64>) -> SendFailure {
        SendFailure::classify(Some(status), Some(&graph(code, subcode)), false)
    }

    #[test]
    fn invalid_tokens_require_reconnecting() {
        let failure = classify(400, 190, Some(463));
        assert!(matches!(failure, SendFailure::InvalidToken { .. }));
        assert!(failure.requires_reconnect());
        assert!(!failure.is_retryable());
        assert_eq!(failure.reason().code, Some(190));
        assert_eq!(failure.reason().subcode, Some(463));
        assert!(matches!(
            SendFailure::classify(Some(401), None, false),
            SendFailure::InvalidToken { .. }
        ));
    }

    #[test]
    fn window_and_blocked_codes() {
        assert!(matches!(
            classify(400, 10, Some(2018278)),
            SendFailure::OutsideWindow { .. }
        ));
        assert!(matches!(
            classify(400, 10, None),
            SendFailure::OutsideWindow { .. }
        ));
        assert!(matches!(
            classify(400, 131047, None),
            SendFailure::OutsideWindow { .. }
        ));
        assert!(matches!(
            classify(400, 551, Some(1545041)),
            SendFailure::UserBlocked { .. }
        ));
        assert!(matches!(
            classify(400, 100, Some(2018001)),
            SendFailure::UserBlocked { .. }
        ));
        assert!(matches!(
            classify(400, 131026, None),
            SendFailure::UserBlocked { .. }
        ));
        for failure in [classify(400, 10, None), classify(400, 551, None)] {
            assert!(!failure.is_retryable());
            assert!(!failure.requires_reconnect());
            assert!(matches!(failure.to_job_failure(), JobFailure::Permanent(_)));
        }
    }

    #[test]
    fn rate_limits_and_server_errors_are_transient() {
        for code in [4, 32, 613, 130429, 131056, 80007, 2] {
            let failure = classify(400, code, None);
            assert!(failure.is_retryable(), "code {code}");
            assert!(matches!(failure.to_job_failure(), JobFailure::Transient(_)));
        }
        assert!(
            classify(500, 100, None).is_retryable(),
            "a 5xx is transient whatever the code"
        );
        assert!(SendFailure::classify(Some(503), None, false).is_retryable());
        assert!(SendFailure::classify(Some(429), None, false).is_retryable());
        assert!(SendFailure::classify(None, None, false).is_retryable());
        assert!(SendFailure::classify(Some(400), Some(&graph(100, None)), true).is_retryable());
        assert!(SendFailure::transient("timed out").is_retryable());
    }

    #[test]
    fn everything_else_is_permanent() {
        let failure = classify(400, 100, Some(2018047));
        assert!(matches!(failure, SendFailure::Permanent { .. }));
        assert_eq!(failure.code(), "rejected");
        assert!(matches!(
            classify(400, 131051, None),
            SendFailure::Permanent { .. }
        ));
        assert!(matches!(
            SendFailure::classify(Some(404), None, false),
            SendFailure::Permanent { .. }
        ));
        assert_eq!(
            classify(400, 131047, None).to_string(),
            "outside the messaging window: (131047) error 131047"
        );
    }
}
