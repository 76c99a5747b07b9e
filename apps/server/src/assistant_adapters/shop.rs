//! The workspace as the assistant reads it: tone, language, currency, and whether the
//! team is in right now (operating hours in the workspace's time zone).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use conversation::ports::{LookupError, ShopProfile, ShopProfiles};
use conversation::{Language, Opening, Tone};
use identity::ports::WorkspaceRepository;
use identity::{OperatingHours, Timezone};
use kernel::WorkspaceId;

pub struct WorkspaceShopProfiles {
    workspaces: Arc<dyn WorkspaceRepository>,
}

impl WorkspaceShopProfiles {
    pub fn new(workspaces: Arc<dyn WorkspaceRepository>) -> Self {
        Self { workspaces }
    }
}

/// Resolution of "when are you back": opening times are on the quarter hour in practice.
const STEP_MINUTES: i64 = 15;

/// The next instant within a week the hours say the team is in, as local weekday and time.
fn next_opening(hours: &OperatingHours, timezone: Timezone, now: DateTime<Utc>) -> Option<Opening> {
    let start = now
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now);
    (1..=(7 * 24 * 60 / STEP_MINUTES))
        .map(|step| start + Duration::minutes(step * STEP_MINUTES))
        .find(|at| hours.is_open_at(*at, timezone))
        .map(|at| {
            let local = at.with_timezone(&timezone.tz());
            Opening {
                weekday: local.weekday(),
                time: local.time(),
            }
        })
}

#[async_trait]
impl ShopProfiles for WorkspaceShopProfiles {
    async fn profile(
        &self,
        workspace_id: WorkspaceId,
        at: DateTime<Utc>,
    ) -> Result<ShopProfile, LookupError> {
        let workspace = self
            .workspaces
            .get(workspace_id)
            .await
            .map_err(|e| LookupError(e.to_string()))?
            .ok_or_else(|| LookupError("the workspace is gone".into()))?;
        let profile = workspace.profile;
        let open_now = profile.operating_hours.is_open_at(at, profile.timezone);
        Ok(ShopProfile {
            business_name: profile.business_name.as_str().to_owned(),
            tone: Tone::parse(profile.brand_tone.as_str()).unwrap_or(Tone::Friendly),
            language: Language::workspace_default(
                profile.languages.codes().iter().map(String::as_str),
            ),
            currency: profile.currency,
            open_now,
            back_at: if open_now {
                None
            } else {
                next_opening(&profile.operating_hours, profile.timezone, at)
            },
        })
    }
}
