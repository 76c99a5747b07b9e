//! `AssistantSettingsRepository` on sea-orm: one row per workspace, written whole by
//! every `put` (an upsert), absent until the workspace changes anything.
//!
//! Rebuilt through the domain's setters, so a stored value they refuse (a burst window
//! out of range, a welcome message too long) surfaces as `Unexpected`. The confidence
//! thresholds are not stored: no setting changes them, so they are the defaults.

use async_trait::async_trait;
use chrono::Utc;
use conversation::conversations::{AssistantSettings, ResponseDelay};
use conversation::ports::{AssistantSettingsRepository, SettingsRepositoryError};
use handoff::{ConfidenceThresholds, HandoffReason, HandoffSettings};
use kernel::WorkspaceId;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, Iterable};

use crate::entities::assistant_settings as settings_rows;
use crate::timestamps::stored;

/// Between the reason names in `handoff_triggers`.
const SEPARATOR: char = ',';

pub struct SeaOrmAssistantSettingsRepository {
    db: DatabaseConnection,
}

impl SeaOrmAssistantSettingsRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl AssistantSettingsRepository for SeaOrmAssistantSettingsRepository {
    #[tracing::instrument(skip_all)]
    async fn get(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Option<AssistantSettings>, SettingsRepositoryError> {
        settings_rows::Entity::find_by_id(workspace_id.as_uuid())
            .one(&self.db)
            .await
            .map_err(unexpected)?
            .map(settings_from_row)
            .transpose()
    }

    /// The port carries no instant, so `updated_at` is the store's clock.
    #[tracing::instrument(skip_all)]
    async fn put(
        &self,
        workspace_id: WorkspaceId,
        settings: &AssistantSettings,
    ) -> Result<(), SettingsRepositoryError> {
        let row = settings_row(workspace_id, settings)?;
        // Every column but the key is replaced: `put` writes the settings whole.
        let every_other_column = settings_rows::Column::iter()
            .filter(|column| !matches!(column, settings_rows::Column::WorkspaceId));
        settings_rows::Entity::insert(row)
            .on_conflict(
                OnConflict::column(settings_rows::Column::WorkspaceId)
                    .update_columns(every_other_column)
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(())
    }
}

fn settings_row(
    workspace_id: WorkspaceId,
    settings: &AssistantSettings,
) -> Result<settings_rows::ActiveModel, SettingsRepositoryError> {
    let triggers: Vec<&str> = settings
        .handoff
        .enabled()
        .into_iter()
        .map(HandoffReason::as_str)
        .collect();
    Ok(settings_rows::ActiveModel {
        workspace_id: Set(workspace_id.as_uuid()),
        enabled: Set(settings.enabled),
        handoff_triggers: Set(triggers.join(&SEPARATOR.to_string())),
        repeated_failure_limit: Set(i32::from(settings.handoff.repeated_failure_limit())),
        response_delay: Set(settings.response_delay.as_str().to_owned()),
        burst_window_ms: Set(i32::try_from(settings.burst_window_ms()).map_err(unexpected)?),
        welcome_message: Set(settings.welcome_message().map(str::to_owned)),
        custom_instructions: Set(settings.custom_instructions().map(str::to_owned)),
        inactivity_timeout_minutes: Set(
            i32::try_from(settings.inactivity_timeout_minutes()).map_err(unexpected)?
        ),
        updated_at: Set(stored(Utc::now())),
    })
}

fn settings_from_row(
    row: settings_rows::Model,
) -> Result<AssistantSettings, SettingsRepositoryError> {
    let triggers = row
        .handoff_triggers
        .split(SEPARATOR)
        .filter(|name| !name.is_empty())
        .map(HandoffReason::parse)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| corrupt("handoff triggers", e))?;
    let limit = u8::try_from(row.repeated_failure_limit)
        .map_err(|e| corrupt("repeated-failure limit", e))?;
    let burst_window_ms =
        u32::try_from(row.burst_window_ms).map_err(|e| corrupt("burst window", e))?;

    let inactivity_timeout_minutes = u32::try_from(row.inactivity_timeout_minutes)
        .map_err(|e| corrupt("inactivity timeout", e))?;

    let mut settings = AssistantSettings::default();
    settings.enabled = row.enabled;
    settings.handoff = HandoffSettings::new(&triggers, ConfidenceThresholds::default(), limit)
        .map_err(|e| corrupt("repeated-failure limit", e))?;
    settings.response_delay = ResponseDelay::parse(&row.response_delay)
        .ok_or_else(|| corrupt("response delay", &row.response_delay))?;
    settings
        .set_burst_window_ms(burst_window_ms)
        .map_err(|e| corrupt("burst window", e))?;
    settings
        .set_inactivity_timeout_minutes(inactivity_timeout_minutes)
        .map_err(|e| corrupt("inactivity timeout", e))?;
    settings
        .set_welcome_message(row.welcome_message.as_deref())
        .map_err(|e| corrupt("welcome message", e))?;
    settings
        .set_custom_instructions(row.custom_instructions.as_deref())
        .map_err(|e| corrupt("custom instructions", e))?;
    Ok(settings)
}

fn unexpected(err: impl std::fmt::Display) -> SettingsRepositoryError {
    SettingsRepositoryError::Unexpected(err.to_string())
}

fn corrupt(what: &str, detail: impl std::fmt::Display) -> SettingsRepositoryError {
    SettingsRepositoryError::Unexpected(format!("stored assistant {what} is invalid: {detail}"))
}
