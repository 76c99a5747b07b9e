//! JSON shapes of the channel routes. A channel never carries its token out: the API
//! shows what it is connected to and how it is doing, nothing that could send as it.

use channels::ports::ChannelStats;
use channels::{ChannelView, Platform, WidgetTheme};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::FieldErrors;

#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelResponse {
    pub id: uuid::Uuid,
    /// `messenger`, `instagram`, `whatsapp` or `web`.
    #[schema(example = "messenger")]
    pub platform: String,
    /// Page id, Instagram account id, WhatsApp phone number id, or the widget's public key.
    #[schema(example = "106540352242922")]
    pub account_id: String,
    #[schema(example = "Glow Beauty")]
    pub name: String,
    /// `active`, `reconnect_required` or `disconnected`.
    #[schema(example = "active")]
    pub status: String,
    pub token_expires_at: Option<DateTime<Utc>>,
    pub last_message_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Web widgets only.
    pub widget: Option<WidgetResponse>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WidgetResponse {
    #[schema(example = "wk_0190f5a27b1c7d3e9f00aa11bb22cc33")]
    pub public_key: String,
    /// Pages allowed to embed the widget; empty allows any.
    pub allowed_origins: Vec<String>,
    /// Paste before `</body>` on the site.
    pub embed_snippet: String,
    pub theme: WidgetThemeResponse,
}

/// How the widget looks; the widget script gets the same from its start response.
#[derive(Debug, Serialize, ToSchema)]
pub struct WidgetThemeResponse {
    /// `left` or `right`.
    #[schema(example = "right")]
    pub position: String,
    /// `#rrggbb`; absent: the widget's default.
    #[schema(example = "#4f46e5")]
    pub color: Option<String>,
    /// Beside the launcher's icon; absent: the icon alone.
    pub button_text: Option<String>,
    /// Shown in the header.
    pub avatar_url: Option<String>,
    /// The header's title; absent: the channel's name.
    pub title: Option<String>,
    /// The first bubble of every conversation.
    pub greeting: Option<String>,
}

impl From<&WidgetTheme> for WidgetThemeResponse {
    fn from(theme: &WidgetTheme) -> Self {
        Self {
            position: theme.position.as_str().to_owned(),
            color: theme.color.as_ref().map(|c| c.as_str().to_owned()),
            button_text: theme.button_text.clone(),
            avatar_url: theme.avatar_url.as_ref().map(|u| u.as_str().to_owned()),
            title: theme.title.clone(),
            greeting: theme.greeting.clone(),
        }
    }
}

impl ChannelResponse {
    pub fn from_view(view: ChannelView, script_url: &str) -> Self {
        let channel = view.channel;
        let widget = view.widget.map(|config| WidgetResponse {
            public_key: channel.account_id.as_str().to_owned(),
            allowed_origins: config
                .allowed_origins
                .iter()
                .map(|o| o.as_str().to_owned())
                .collect(),
            embed_snippet: format!(
                "<script src=\"{script_url}\" data-chatdesk-widget=\"{}\" async></script>",
                channel.account_id
            ),
            theme: (&config.theme).into(),
        });
        Self {
            id: channel.id.as_uuid(),
            platform: channel.platform.as_str().to_owned(),
            account_id: channel.account_id.as_str().to_owned(),
            name: channel.display_name.as_str().to_owned(),
            status: channel.status.as_str().to_owned(),
            token_expires_at: channel.token_expires_at,
            last_message_at: channel.last_message_at,
            created_at: channel.created_at,
            updated_at: channel.updated_at,
            widget,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelStatsResponse {
    /// Customers' messages received.
    pub messages_in: u64,
    /// Messages sent by the business (replies and echoes), whatever became of them.
    pub messages_out: u64,
    /// Outbound messages that did not reach the person.
    pub failed: u64,
    pub last_message_at: Option<DateTime<Utc>>,
}

impl From<ChannelStats> for ChannelStatsResponse {
    fn from(stats: ChannelStats) -> Self {
        Self {
            messages_in: stats.messages_in,
            messages_out: stats.messages_out,
            failed: stats.failed,
            last_message_at: stats.last_message_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"page_id": "106540352242922", "access_token": "EAAG..."}))]
pub struct ConnectMessengerRequest {
    #[schema(required = true)]
    pub page_id: Option<String>,
    /// A Page access token with `pages_messaging`; stored encrypted, never returned.
    #[schema(required = true)]
    pub access_token: Option<String>,
    /// Your name for the channel; the Page's name when absent.
    pub name: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"instagram_account_id": "17841405822304914", "page_id": "106540352242922", "access_token": "EAAG..."}))]
pub struct ConnectInstagramRequest {
    #[schema(required = true)]
    pub instagram_account_id: Option<String>,
    /// The Facebook Page linked to the account, whose webhooks are subscribed; absent
    /// for an Instagram-login token, which subscribes the account itself.
    pub page_id: Option<String>,
    #[schema(required = true)]
    pub access_token: Option<String>,
    /// For a long-lived Instagram token: seconds until it expires (`expires_in`). The
    /// token is then refreshed in its last week.
    pub token_expires_in_seconds: Option<i64>,
    pub name: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"phone_number_id": "106540352242922", "waba_id": "102290129340398", "access_token": "EAAG..."}))]
pub struct ConnectWhatsAppRequest {
    #[schema(required = true)]
    pub phone_number_id: Option<String>,
    /// The WhatsApp Business Account the app subscribes to.
    #[schema(required = true)]
    pub waba_id: Option<String>,
    /// A system-user token with `whatsapp_business_messaging`.
    #[schema(required = true)]
    pub access_token: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Website chat", "allowed_origins": ["https://glow.example"]}))]
pub struct CreateWidgetRequest {
    #[schema(required = true)]
    pub name: Option<String>,
    /// `https://host[:port]` of every page that embeds the widget; empty allows any.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"theme": {"position": "left", "color": "#0e7490", "button_text": "Chat with us"}}))]
pub struct UpdateWidgetRequest {
    /// Replaces the list when given; empty allows any page.
    pub allowed_origins: Option<Vec<String>>,
    /// Replaces the theme when given (fields left out go back to the defaults).
    pub theme: Option<WidgetThemeRequest>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WidgetThemeRequest {
    /// `left` or `right` (default).
    pub position: Option<String>,
    /// `#rrggbb`.
    pub color: Option<String>,
    /// Up to 40 characters on one line; blank: the icon alone.
    pub button_text: Option<String>,
    /// An http(s) image URL.
    pub avatar_url: Option<String>,
    /// Up to 80 characters on one line; blank: the channel's name.
    pub title: Option<String>,
    /// Up to 500 characters.
    pub greeting: Option<String>,
}

impl WidgetThemeRequest {
    /// The theme, or every invalid field named `theme.<field>`.
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<WidgetTheme> {
        use channels::{
            BUTTON_TEXT_MAX, WIDGET_TITLE_MAX, WidgetAvatarUrl, WidgetColor, WidgetPosition,
            theme_greeting, theme_label,
        };
        fn field<T, E: std::fmt::Display>(
            errors: &mut FieldErrors,
            name: &str,
            raw: Option<&str>,
            parse: impl FnOnce(&str) -> Result<T, E>,
        ) -> Option<Option<T>> {
            match raw {
                Some(raw) => errors.check(&format!("theme.{name}"), parse(raw)).map(Some),
                None => Some(None),
            }
        }
        let position = field(
            errors,
            "position",
            self.position.as_deref(),
            WidgetPosition::parse,
        );
        let color = field(errors, "color", self.color.as_deref(), WidgetColor::parse);
        let button_text = field(errors, "button_text", self.button_text.as_deref(), |raw| {
            theme_label(raw, BUTTON_TEXT_MAX)
        });
        let avatar_url = field(errors, "avatar_url", self.avatar_url.as_deref(), |raw| {
            // A blank avatar is no avatar, like the texts.
            if raw.trim().is_empty() {
                Ok(None)
            } else {
                WidgetAvatarUrl::parse(raw).map(Some)
            }
        });
        let title = field(errors, "title", self.title.as_deref(), |raw| {
            theme_label(raw, WIDGET_TITLE_MAX)
        });
        let greeting = field(errors, "greeting", self.greeting.as_deref(), theme_greeting);
        Some(WidgetTheme {
            position: position?.unwrap_or_default(),
            color: color?,
            button_text: button_text?.flatten(),
            avatar_url: avatar_url?.flatten(),
            title: title?.flatten(),
            greeting: greeting?.flatten(),
        })
    }
}

/// `platform` as a query or body field: `messenger` (default) or `instagram`.
pub fn meta_platform(errors: &mut FieldErrors, field: &str, raw: Option<&str>) -> Option<Platform> {
    match raw.unwrap_or("messenger") {
        "messenger" => Some(Platform::Messenger),
        "instagram" => Some(Platform::Instagram),
        _ => {
            errors.add(field, "invalid", "messenger or instagram");
            None
        }
    }
}

/// A required text field: present and not blank.
pub fn required<'a>(
    errors: &mut FieldErrors,
    field: &str,
    raw: Option<&'a str>,
) -> Option<&'a str> {
    match raw.map(str::trim) {
        Some(value) if !value.is_empty() => Some(value),
        _ => {
            errors.add(field, "missing", format!("{field} is required"));
            None
        }
    }
}
