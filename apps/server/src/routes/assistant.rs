//! `/assistant`: how the workspace's assistant behaves (switch, handoff triggers,
//! out-of-hours behaviour, response delay, burst window, welcome message, custom
//! instructions), and a preview of each brand tone. Tone, languages, time zone and
//! operating hours are on `/workspace`.

use actix_web::{get, patch, web};
use conversation::assistant::SettingsPatch;
use conversation::conversations::{AssistantSettings, ResponseDelay};
use conversation::{HandoffReason as ReplyReason, Language, OrderLine, OrderSummary, Reply, Tone};
use handoff::{HandoffReason, OutOfHours};
use identity::Permission;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

use crate::http::{ApiError, Authenticated, ErrorBody, FieldErrors, Json};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"enabled": true, "handoff_triggers": {"order_confirmed": true, "medical_question": true, "custom_request": true, "complaint": true, "low_confidence": true, "customer_request": true, "repeated_failure": true, "outside_hours": true}, "repeated_failure_limit": 3, "out_of_hours": "hand_off", "response_delay": "instant", "burst_window_ms": 2000, "welcome_message": null, "custom_instructions": null, "inactivity_timeout_minutes": 5}))]
pub struct AssistantSettingsResponse {
    /// Workspace-wide switch: off, every message waits for a person.
    pub enabled: bool,
    /// Each handoff reason and whether it hands the conversation to the team.
    /// `order_confirmed` is always on.
    pub handoff_triggers: BTreeMap<String, bool>,
    /// Unhelpful answers in a row before `repeated_failure` hands off (1 to 10).
    pub repeated_failure_limit: u8,
    /// `hand_off` (the out-of-hours message, the team answers when back) or
    /// `keep_answering`. The same switch as the `outside_hours` trigger.
    pub out_of_hours: String,
    /// `instant`, or `natural` (1 to 3 s more, with the typing indicator).
    pub response_delay: String,
    /// Messages this close together get one reply (0 to 30,000 ms).
    pub burst_window_ms: u32,
    /// Sent before the assistant's first answer in a conversation.
    pub welcome_message: Option<String>,
    /// Extra instructions for a language model, when one is configured.
    pub custom_instructions: Option<String>,
    /// A conversation waiting on the customer this long is abandoned (1 to 1,440
    /// minutes; 5 by default).
    pub inactivity_timeout_minutes: u32,
}

impl From<&AssistantSettings> for AssistantSettingsResponse {
    fn from(settings: &AssistantSettings) -> Self {
        Self {
            enabled: settings.enabled,
            handoff_triggers: HandoffReason::ALL
                .into_iter()
                .map(|r| (r.as_str().to_owned(), settings.handoff.is_enabled(r)))
                .collect(),
            repeated_failure_limit: settings.handoff.repeated_failure_limit(),
            out_of_hours: match settings.out_of_hours() {
                OutOfHours::HandOff => "hand_off",
                OutOfHours::KeepAnswering => "keep_answering",
            }
            .to_owned(),
            response_delay: settings.response_delay.as_str().to_owned(),
            burst_window_ms: settings.burst_window_ms(),
            welcome_message: settings.welcome_message().map(str::to_owned),
            custom_instructions: settings.custom_instructions().map(str::to_owned),
            inactivity_timeout_minutes: settings.inactivity_timeout_minutes(),
        }
    }
}

/// Tells `"field": null` (clear it) from a missing field (leave it).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Only the fields present change; `null` clears a text.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"handoff_triggers": {"complaint": false}, "response_delay": "natural", "welcome_message": "Hi! I'm the Glow Beauty assistant."}))]
pub struct UpdateAssistantSettingsRequest {
    pub enabled: Option<bool>,
    pub handoff_triggers: Option<BTreeMap<String, bool>>,
    pub repeated_failure_limit: Option<u8>,
    pub out_of_hours: Option<String>,
    pub response_delay: Option<String>,
    pub burst_window_ms: Option<u32>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub welcome_message: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub custom_instructions: Option<Option<String>>,
    /// 1 to 1,440.
    pub inactivity_timeout_minutes: Option<u32>,
}

impl UpdateAssistantSettingsRequest {
    fn try_into_domain(self) -> Result<SettingsPatch, ApiError> {
        let mut errors = FieldErrors::new();
        let mut patch = SettingsPatch {
            enabled: self.enabled,
            repeated_failure_limit: self.repeated_failure_limit,
            burst_window_ms: self.burst_window_ms,
            welcome_message: self.welcome_message,
            custom_instructions: self.custom_instructions,
            inactivity_timeout_minutes: self.inactivity_timeout_minutes,
            ..SettingsPatch::default()
        };
        for (name, on) in self.handoff_triggers.unwrap_or_default() {
            match HandoffReason::parse(&name) {
                Ok(reason) => patch.triggers.push((reason, on)),
                Err(_) => errors.add(
                    &format!("handoff_triggers.{name}"),
                    "unknown_reason",
                    "not a handoff reason",
                ),
            }
        }
        if let Some(raw) = self.out_of_hours.as_deref() {
            match raw.trim() {
                "hand_off" => patch.out_of_hours = Some(OutOfHours::HandOff),
                "keep_answering" => patch.out_of_hours = Some(OutOfHours::KeepAnswering),
                _ => errors.add("out_of_hours", "invalid", "hand_off or keep_answering"),
            }
        }
        if let Some(raw) = self.response_delay.as_deref() {
            match ResponseDelay::parse(raw) {
                Some(delay) => patch.response_delay = Some(delay),
                None => errors.add("response_delay", "invalid", "instant or natural"),
            }
        }
        errors.finish()?;
        Ok(patch)
    }
}

/// The assistant's settings.
#[utoipa::path(
    tag = "assistant",
    security(("bearer" = [])),
    responses((status = 200, body = AssistantSettingsResponse), (status = 401, body = ErrorBody))
)]
#[get("/assistant/settings")]
pub async fn get_assistant_settings(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<web::Json<AssistantSettingsResponse>, ApiError> {
    principal.require(Permission::ViewConversations)?;
    let settings = state.assistant.settings_of(principal.workspace_id).await?;
    Ok(web::Json((&settings).into()))
}

/// Changes the assistant's settings (owner, admin, agent).
#[utoipa::path(
    tag = "assistant",
    security(("bearer" = [])),
    request_body = UpdateAssistantSettingsRequest,
    responses(
        (status = 200, body = AssistantSettingsResponse),
        (status = 403, body = ErrorBody),
        (status = 422, description = "`validation_failed`: a field's code says what (`handoff_reason_always_on`, `repeated_failure_limit`, `burst_window`, `inactivity_timeout`, `too_long`, `unknown_reason`, `invalid`)", body = ErrorBody),
    )
)]
#[patch("/assistant/settings")]
pub async fn update_assistant_settings(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<UpdateAssistantSettingsRequest>,
) -> Result<web::Json<AssistantSettingsResponse>, ApiError> {
    principal.require(Permission::EditAssistantSettings)?;
    let patch = body.try_into_domain()?;
    let current = state.assistant.settings_of(principal.workspace_id).await?;
    let next = match patch.apply_to(&current) {
        Ok(next) => next,
        Err((field, error)) => {
            let mut errors = FieldErrors::new();
            errors.add(field, error.code(), error.to_string());
            errors.finish()?;
            return Err(ApiError::unexpected("a refused patch reported no field"));
        }
    };
    state
        .assistant
        .save_settings(principal.workspace_id, &next)
        .await?;
    Ok(web::Json((&next).into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TonePreviewQuery {
    /// `en`, `es` or `it`; default `en`.
    pub language: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ToneSampleDto {
    /// `greeting`, `price`, `order_confirmation` or `handoff`.
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TonePreviewDto {
    pub tone: String,
    pub samples: Vec<ToneSampleDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TonePreviewResponse {
    pub language: String,
    pub tones: Vec<TonePreviewDto>,
}

/// How each brand tone sounds, with sample replies, for choosing one.
#[utoipa::path(
    tag = "assistant",
    security(("bearer" = [])),
    params(TonePreviewQuery),
    responses((status = 200, body = TonePreviewResponse), (status = 422, body = ErrorBody))
)]
#[get("/assistant/tones/preview")]
pub async fn preview_tones(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<TonePreviewQuery>,
) -> Result<web::Json<TonePreviewResponse>, ApiError> {
    principal.require(Permission::ViewConversations)?;
    let language = match query.language.as_deref() {
        None => Language::English,
        Some(raw) => match Language::from_code(raw) {
            Some(language) => language,
            None => {
                let mut errors = FieldErrors::new();
                errors.add("language", "unsupported", "en, es or it");
                errors.finish()?;
                return Err(ApiError::unexpected("unreachable"));
            }
        },
    };
    let workspace = state.identity.workspace(&principal).await?;
    let currency = workspace.profile.currency;
    let price = kernel::Money::new(rust_decimal::Decimal::new(2900, 2), currency)
        .map_err(ApiError::unexpected)?;
    let total = kernel::Money::new(rust_decimal::Decimal::new(5800, 2), currency)
        .map_err(ApiError::unexpected)?;
    let summary = OrderSummary {
        lines: vec![OrderLine {
            product: "Glow Serum".into(),
            variant: Some("50ml".into()),
            quantity: 2,
            unit_price: price,
            line_total: total,
        }],
        total,
        location: "Milan".into(),
    };
    let samples = [
        ("greeting", Reply::Greeting),
        (
            "price",
            Reply::Price {
                product: "Glow Serum".into(),
                price,
                regular_price: None,
                variants: Vec::new(),
            },
        ),
        ("order_confirmation", Reply::OrderConfirmation(summary)),
        ("handoff", Reply::Handoff(ReplyReason::OrderConfirmed)),
    ];
    let mut tones = Vec::new();
    for tone in Tone::ALL {
        let mut rendered = Vec::new();
        for (kind, reply) in &samples {
            rendered.push(ToneSampleDto {
                kind: (*kind).to_owned(),
                text: reply.render(tone, language).map_err(ApiError::unexpected)?,
            });
        }
        tones.push(TonePreviewDto {
            tone: tone.as_str().to_owned(),
            samples: rendered,
        });
    }
    Ok(web::Json(TonePreviewResponse {
        language: language.code().to_owned(),
        tones,
    }))
}
