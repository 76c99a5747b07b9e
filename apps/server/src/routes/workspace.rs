//! `/workspace`: the business profile of the caller's workspace.

use actix_web::{get, patch, web};
use chrono::{DateTime, Utc};
use identity::*;
use kernel::Currency;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::http::{ApiError, Authenticated, ClientIp, ErrorBody, FieldErrors, Json};
use crate::state::AppState;

#[derive(Debug, Serialize, Deserialize, ToSchema, Clone)]
pub struct OpeningWindow {
    /// mon, tue, wed, thu, fri, sat or sun.
    #[schema(example = "mon")]
    pub day: String,
    #[schema(example = "09:00")]
    pub opens: String,
    #[schema(example = "18:00")]
    pub closes: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OnboardingStepStatus {
    Pending,
    Done,
    Skipped,
}

#[derive(Debug, Serialize, Deserialize, ToSchema, Clone)]
pub struct OnboardingDto {
    pub business_details: OnboardingStepStatus,
    pub channel: OnboardingStepStatus,
    pub products: OnboardingStepStatus,
    pub tone: OnboardingStepStatus,
    pub completed: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkspaceResponse {
    pub id: uuid::Uuid,
    pub business_name: String,
    pub business_type: Option<String>,
    #[schema(example = "Europe/Rome")]
    pub timezone: String,
    #[schema(example = "EUR")]
    pub currency: String,
    /// friendly, luxe, influencer, professional or casual.
    pub brand_tone: String,
    #[schema(example = json!(["it", "en"]))]
    pub languages: Vec<String>,
    /// Empty means always open.
    pub operating_hours: Vec<OpeningWindow>,
    pub onboarding: OnboardingDto,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Only the fields present change. `business_type: null` clears it.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(example = json!({"timezone": "Europe/Rome", "currency": "EUR", "brand_tone": "luxe", "languages": ["it", "en"], "operating_hours": [{"day": "mon", "opens": "09:00", "closes": "18:00"}]}))]
#[serde(deny_unknown_fields)]
pub struct UpdateWorkspaceRequest {
    pub business_name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub business_type: Option<Option<String>>,
    pub timezone: Option<String>,
    pub currency: Option<String>,
    pub brand_tone: Option<String>,
    pub languages: Option<Vec<String>>,
    pub operating_hours: Option<Vec<OpeningWindow>>,
    pub onboarding: Option<OnboardingDto>,
}

/// Tells "absent" (outer None) from "null" (Some(None)).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

impl UpdateWorkspaceRequest {
    fn try_into_domain(self) -> Result<WorkspaceProfilePatch, ApiError> {
        let mut errors = FieldErrors::new();
        let mut patch = WorkspaceProfilePatch::default();
        if let Some(raw) = &self.business_name {
            patch.business_name = errors.check("business_name", BusinessName::parse(raw));
        }
        if let Some(raw) = self.business_type {
            patch.business_type = match raw {
                Some(raw) => errors
                    .check("business_type", BusinessType::parse(&raw))
                    .map(Some),
                None => Some(None),
            };
        }
        if let Some(raw) = &self.timezone {
            patch.timezone = errors.check("timezone", Timezone::parse(raw));
        }
        if let Some(raw) = &self.currency {
            patch.currency = errors.check("currency", Currency::parse(raw));
        }
        if let Some(raw) = &self.brand_tone {
            patch.brand_tone = BrandTone::parse(raw);
            if patch.brand_tone.is_none() {
                errors.add(
                    "brand_tone",
                    "invalid",
                    format!(
                        "'{raw}' is not one of friendly, luxe, influencer, professional, casual"
                    ),
                );
            }
        }
        if let Some(raw) = &self.languages {
            patch.languages = errors.check("languages", Languages::parse(raw));
        }
        if let Some(windows) = &self.operating_hours {
            let triples: Vec<_> = windows
                .iter()
                .map(|w| (w.day.clone(), w.opens.clone(), w.closes.clone()))
                .collect();
            patch.operating_hours =
                errors.check("operating_hours", OperatingHours::parse(&triples));
        }
        if let Some(onboarding) = &self.onboarding {
            patch.onboarding = Some(Onboarding {
                business_details: step(onboarding.business_details),
                channel: step(onboarding.channel),
                products: step(onboarding.products),
                tone: step(onboarding.tone),
                completed: onboarding.completed,
            });
        }
        errors.finish()?;
        Ok(patch)
    }
}

fn step(status: OnboardingStepStatus) -> StepStatus {
    match status {
        OnboardingStepStatus::Pending => StepStatus::Pending,
        OnboardingStepStatus::Done => StepStatus::Done,
        OnboardingStepStatus::Skipped => StepStatus::Skipped,
    }
}

fn step_dto(status: StepStatus) -> OnboardingStepStatus {
    match status {
        StepStatus::Pending => OnboardingStepStatus::Pending,
        StepStatus::Done => OnboardingStepStatus::Done,
        StepStatus::Skipped => OnboardingStepStatus::Skipped,
    }
}

impl From<&Workspace> for WorkspaceResponse {
    fn from(workspace: &Workspace) -> Self {
        let profile = &workspace.profile;
        Self {
            id: workspace.id.as_uuid(),
            business_name: profile.business_name.as_str().to_owned(),
            business_type: profile
                .business_type
                .as_ref()
                .map(|t| t.as_str().to_owned()),
            timezone: profile.timezone.name().to_owned(),
            currency: profile.currency.code().to_owned(),
            brand_tone: profile.brand_tone.as_str().to_owned(),
            languages: profile.languages.codes().to_vec(),
            operating_hours: profile
                .operating_hours
                .days()
                .flat_map(|(day, windows)| {
                    windows.iter().map(move |w| OpeningWindow {
                        day: day.as_str().to_owned(),
                        opens: w.opens.format("%H:%M").to_string(),
                        closes: w.closes.format("%H:%M").to_string(),
                    })
                })
                .collect(),
            onboarding: OnboardingDto {
                business_details: step_dto(profile.onboarding.business_details),
                channel: step_dto(profile.onboarding.channel),
                products: step_dto(profile.onboarding.products),
                tone: step_dto(profile.onboarding.tone),
                completed: profile.onboarding.completed,
            },
            created_at: workspace.created_at,
            updated_at: workspace.updated_at,
        }
    }
}

/// The caller's workspace profile.
#[utoipa::path(
    tag = "workspace",
    security(("bearer" = [])),
    responses((status = 200, body = WorkspaceResponse), (status = 401, body = ErrorBody))
)]
#[get("/workspace")]
pub async fn get_workspace(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<web::Json<WorkspaceResponse>, ApiError> {
    let workspace = state.identity.workspace(&principal).await?;
    Ok(web::Json(WorkspaceResponse::from(&workspace)))
}

/// Updates the profile (owner and admin).
#[utoipa::path(
    tag = "workspace",
    security(("bearer" = [])),
    request_body = UpdateWorkspaceRequest,
    responses(
        (status = 200, body = WorkspaceResponse),
        (status = 403, body = ErrorBody),
        (status = 422, description = "Invalid field; details.fields names every one", body = ErrorBody),
    )
)]
#[patch("/workspace")]
pub async fn update_workspace(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    ip: ClientIp,
    Json(body): Json<UpdateWorkspaceRequest>,
) -> Result<web::Json<WorkspaceResponse>, ApiError> {
    principal.require(Permission::EditWorkspace)?;
    let patch = body.try_into_domain()?;
    let workspace = state
        .identity
        .update_workspace(&principal, patch, ip.as_deref())
        .await?;
    Ok(web::Json(WorkspaceResponse::from(&workspace)))
}
