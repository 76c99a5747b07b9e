//! Reading and changing a workspace's assistant settings.

use handoff::{ConfidenceThresholds, HandoffReason, HandoffSettings, OutOfHours};
use kernel::WorkspaceId;

use super::{AssistantError, AssistantService};
use crate::conversations::{AssistantSettings, AssistantSettingsError, ResponseDelay};

/// A partial change; `None` leaves a setting as it is. `Some(None)` clears a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsPatch {
    pub enabled: Option<bool>,
    pub triggers: Vec<(HandoffReason, bool)>,
    pub repeated_failure_limit: Option<u8>,
    pub out_of_hours: Option<OutOfHours>,
    pub response_delay: Option<ResponseDelay>,
    pub burst_window_ms: Option<u32>,
    pub welcome_message: Option<Option<String>>,
    pub custom_instructions: Option<Option<String>>,
    pub inactivity_timeout_minutes: Option<u32>,
}

impl SettingsPatch {
    /// Applies every change, or none: the first invalid one is the error.
    pub fn apply_to(
        &self,
        current: &AssistantSettings,
    ) -> Result<AssistantSettings, (&'static str, AssistantSettingsError)> {
        let mut next = current.clone();
        if let Some(enabled) = self.enabled {
            next.enabled = enabled;
        }
        if let Some(limit) = self.repeated_failure_limit {
            let thresholds: ConfidenceThresholds = *next.handoff.thresholds();
            next.handoff = HandoffSettings::new(&next.handoff.enabled(), thresholds, limit)
                .map_err(|e| ("repeated_failure_limit", e.into()))?;
        }
        if let Some(behaviour) = self.out_of_hours {
            next.handoff.set_out_of_hours(behaviour);
        }
        for (reason, on) in &self.triggers {
            next.set_trigger(*reason, *on)
                .map_err(|e| ("handoff_triggers", e))?;
        }
        if let Some(delay) = self.response_delay {
            next.response_delay = delay;
        }
        if let Some(ms) = self.burst_window_ms {
            next.set_burst_window_ms(ms)
                .map_err(|e| ("burst_window_ms", e))?;
        }
        if let Some(minutes) = self.inactivity_timeout_minutes {
            next.set_inactivity_timeout_minutes(minutes)
                .map_err(|e| ("inactivity_timeout_minutes", e))?;
        }
        if let Some(text) = &self.welcome_message {
            next.set_welcome_message(text.as_deref())
                .map_err(|e| ("welcome_message", e))?;
        }
        if let Some(text) = &self.custom_instructions {
            next.set_custom_instructions(text.as_deref())
                .map_err(|e| ("custom_instructions", e))?;
        }
        Ok(next)
    }
}

impl AssistantService {
    /// The workspace's settings, or the defaults before it changed any.
    pub async fn settings_of(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<AssistantSettings, AssistantError> {
        Ok(self
            .ports
            .settings
            .get(workspace_id)
            .await?
            .unwrap_or_default())
    }

    pub async fn save_settings(
        &self,
        workspace_id: WorkspaceId,
        settings: &AssistantSettings,
    ) -> Result<(), AssistantError> {
        Ok(self.ports.settings.put(workspace_id, settings).await?)
    }
}
