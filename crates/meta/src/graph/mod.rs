//! `MetaGraph`: the `ChannelGateway` for Messenger, Instagram and WhatsApp.
//!
//! Messenger and Instagram calls carry the Page access token as the `access_token`
//! query parameter, as the Send API reference shows; WhatsApp calls send it as a
//! Bearer header, as the Cloud API reference shows. Either way the token never reaches
//! a log: errors are reported without their URL.

mod accounts;
mod errors;
mod messenger;
mod rate_limit;
mod whatsapp;

use std::time::Duration;

use async_trait::async_trait;
use channels::ports::{ChannelGateway, Recipient, SendReceipt};
use channels::{
    AvatarUrl, ContactProfile, DisplayName, Locale, OutboundMessage, Platform, PlatformMessageId,
    SendFailure, SendMode,
};
use reqwest::Url;
use serde::Deserialize;
use serde_json::Value;

pub use accounts::{MetaAccounts, MetaApp, PAGE_SUBSCRIBED_FIELDS};
use rate_limit::RateLimiter;
pub use rate_limit::RateLimits;

/// Where the Graph API is and how long to wait for it. Tests point `base_url` at a
/// local server.
#[derive(Debug, Clone, PartialEq)]
pub struct MetaGraphConfig {
    /// `https://graph.facebook.com`
    pub base_url: String,
    /// `v25.0`
    pub api_version: String,
    pub timeout: Duration,
    pub rate_limits: RateLimits,
}

impl Default for MetaGraphConfig {
    fn default() -> Self {
        Self {
            base_url: "https://graph.facebook.com".to_owned(),
            api_version: "v25.0".to_owned(),
            timeout: Duration::from_secs(10),
            rate_limits: RateLimits::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetaConfigError {
    #[error("the Graph base URL must be an absolute http(s) URL: {0}")]
    BaseUrl(String),
    #[error("the Graph API version must look like v25.0: {0}")]
    ApiVersion(String),
    #[error("could not build the HTTP client: {0}")]
    Client(String),
}

/// Longest error body we read: Graph errors are a few hundred bytes.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub struct MetaGraph {
    http: reqwest::Client,
    base: Url,
    version: String,
    limiter: RateLimiter,
}

impl MetaGraph {
    pub fn new(config: MetaGraphConfig) -> Result<Self, MetaConfigError> {
        let base = Url::parse(config.base_url.trim_end_matches('/'))
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && !u.cannot_be_a_base())
            .ok_or_else(|| MetaConfigError::BaseUrl(config.base_url.clone()))?;
        let version = config.api_version.trim();
        let valid_version = version.strip_prefix('v').is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
        });
        if !valid_version {
            return Err(MetaConfigError::ApiVersion(config.api_version));
        }
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .build()
            .map_err(|e| MetaConfigError::Client(e.to_string()))?;
        Ok(Self {
            http,
            base,
            version: version.to_owned(),
            limiter: RateLimiter::new(config.rate_limits),
        })
    }

    /// `{base}/{version}/{segments...}`. Segments are percent-encoded, so an id can
    /// never climb to another path.
    fn url(&self, segments: &[&str]) -> Result<Url, SendFailure> {
        let mut url = self.base.clone();
        {
            let mut path = url
                .path_segments_mut()
                .map_err(|()| SendFailure::Permanent {
                    reason: channels::FailureReason::new("the Graph base URL cannot take a path"),
                })?;
            path.pop_if_empty().push(&self.version);
            for segment in segments {
                path.push(segment);
            }
        }
        Ok(url)
    }

    /// The node messages are posted to: the Page for Messenger; `me` (the Page the
    /// token belongs to) for Instagram, whose channels are routed by the Instagram
    /// account id; the phone number id for WhatsApp.
    fn messages_url(&self, to: &Recipient) -> Result<Url, SendFailure> {
        match to.platform {
            Platform::Messenger | Platform::WhatsApp => {
                self.url(&[to.account_id.as_str(), "messages"])
            }
            Platform::Instagram => self.url(&["me", "messages"]),
            Platform::Web | Platform::Playground => Err(SendFailure::Permanent {
                reason: channels::FailureReason::new(
                    "web widget channels are not on the Graph API",
                ),
            }),
        }
    }

    /// One authenticated POST, rate limited per account, answered with its JSON body.
    async fn post(&self, to: &Recipient, body: &Value) -> Result<Value, SendFailure> {
        let url = self.messages_url(to)?;
        self.limiter
            .acquire(to.platform, to.account_id.as_str())
            .await?;
        let request = self.http.post(url).json(body);
        let request = match to.platform {
            Platform::WhatsApp => request.bearer_auth(to.access_token.expose()),
            _ => request.query(&[("access_token", to.access_token.expose())]),
        };
        self.answer(request).await
    }

    async fn answer(&self, request: reqwest::RequestBuilder) -> Result<Value, SendFailure> {
        let response = request
            .send()
            .await
            .map_err(errors::failure_from_transport)?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(errors::failure_from_transport)?;
        if !status.is_success() {
            let body = &bytes[..bytes.len().min(MAX_ERROR_BODY)];
            let failure = errors::failure_from_response(status.as_u16(), body);
            tracing::warn!(status = status.as_u16(), %failure, "Graph API call failed");
            return Err(failure);
        }
        // A 2xx means the platform took the request; an unreadable body must not turn
        // that into a failure (a retry would send the message twice).
        Ok(serde_json::from_slice(&bytes).unwrap_or_else(|error| {
            tracing::warn!(%error, "Graph API answered 2xx with a body that is not JSON");
            Value::Null
        }))
    }
}

/// The message id in a send answer: Messenger `{"message_id"}`, WhatsApp
/// `{"messages": [{"id"}]}`.
fn sent_message_id(answer: &Value) -> Option<PlatformMessageId> {
    answer
        .get("message_id")
        .or_else(|| answer.get("messages")?.get(0)?.get("id"))
        .and_then(Value::as_str)
        .and_then(|id| PlatformMessageId::parse(id).ok())
}

#[derive(Deserialize)]
struct Profile {
    first_name: Option<String>,
    last_name: Option<String>,
    name: Option<String>,
    username: Option<String>,
    profile_pic: Option<String>,
    locale: Option<String>,
}

#[async_trait]
impl ChannelGateway for MetaGraph {
    #[tracing::instrument(skip_all, fields(platform = %to.platform, account = %to.account_id))]
    async fn send(
        &self,
        to: &Recipient,
        message: &OutboundMessage,
        mode: SendMode,
    ) -> Result<SendReceipt, SendFailure> {
        let body = match to.platform {
            Platform::WhatsApp => whatsapp::send_body(to.user_id.as_str(), message.content()),
            _ => messenger::send_body(to.user_id.as_str(), message.content(), mode),
        };
        let answer = self.post(to, &body).await?;
        let platform_message_id = sent_message_id(&answer);
        if platform_message_id.is_none() {
            tracing::warn!("the platform accepted the message without naming its id");
        }
        Ok(SendReceipt {
            platform_message_id,
        })
    }

    #[tracing::instrument(skip_all, fields(platform = %to.platform, account = %to.account_id))]
    async fn mark_seen(&self, to: &Recipient, last: &PlatformMessageId) -> Result<(), SendFailure> {
        let body = match to.platform {
            Platform::WhatsApp => whatsapp::read_body(last.as_str(), false),
            _ => messenger::sender_action_body(to.user_id.as_str(), "mark_seen"),
        };
        self.post(to, &body).await.map(drop)
    }

    #[tracing::instrument(skip_all, fields(platform = %to.platform, account = %to.account_id))]
    async fn typing(
        &self,
        to: &Recipient,
        replying_to: &PlatformMessageId,
        on: bool,
    ) -> Result<(), SendFailure> {
        let body = match (to.platform, on) {
            (Platform::WhatsApp, true) => whatsapp::read_body(replying_to.as_str(), true),
            // WhatsApp hides the indicator by itself when we answer.
            (Platform::WhatsApp, false) => return Ok(()),
            (_, true) => messenger::sender_action_body(to.user_id.as_str(), "typing_on"),
            (_, false) => messenger::sender_action_body(to.user_id.as_str(), "typing_off"),
        };
        self.post(to, &body).await.map(drop)
    }

    #[tracing::instrument(skip_all, fields(platform = %of.platform, account = %of.account_id))]
    async fn fetch_profile(&self, of: &Recipient) -> Result<ContactProfile, SendFailure> {
        // The User Profile API's default fields; locale needs extra approval, so it is
        // read when present and not asked for.
        let fields = match of.platform {
            Platform::Messenger => "first_name,last_name,profile_pic",
            Platform::Instagram => "name,username,profile_pic",
            Platform::WhatsApp | Platform::Web | Platform::Playground => {
                return Ok(ContactProfile::default());
            }
        };
        let url = self.url(&[of.user_id.as_str()])?;
        self.limiter
            .acquire(of.platform, of.account_id.as_str())
            .await?;
        let request = self.http.get(url).query(&[
            ("fields", fields),
            ("access_token", of.access_token.expose()),
        ]);
        let answer = self.answer(request).await?;
        let profile: Profile = serde_json::from_value(answer).unwrap_or(Profile {
            first_name: None,
            last_name: None,
            name: None,
            username: None,
            profile_pic: None,
            locale: None,
        });
        let full_name = match (profile.first_name, profile.last_name) {
            (Some(first), Some(last)) => Some(format!("{first} {last}")),
            (first, last) => first.or(last),
        };
        Ok(ContactProfile {
            display_name: full_name
                .or(profile.name)
                .or(profile.username)
                .as_deref()
                .and_then(DisplayName::lenient),
            avatar_url: profile
                .profile_pic
                .as_deref()
                .and_then(|u| AvatarUrl::parse(u).ok()),
            locale: profile
                .locale
                .as_deref()
                .and_then(|l| Locale::parse(l).ok()),
        })
    }
}
