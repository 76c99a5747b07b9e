//! How a workspace wants its assistant to behave. Tone, languages and operating hours
//! live on the workspace profile (identity); these are the assistant's own switches.

use std::time::Duration;

use handoff::{HandoffReason, HandoffSettings, HandoffSettingsError, OutOfHours};
use serde::Serialize;

pub const BURST_WINDOW_MIN_MS: u32 = 0;
pub const BURST_WINDOW_MAX_MS: u32 = 30_000;
const BURST_WINDOW_DEFAULT_MS: u32 = 2_000;
/// How long a conversation waiting on the customer stays open before it is abandoned,
/// in minutes (`inactivity_timeout_minutes`): a minute to a day, 5 by default.
pub const INACTIVITY_TIMEOUT_MIN_MINUTES: u32 = 1;
pub const INACTIVITY_TIMEOUT_MAX_MINUTES: u32 = 1_440;
pub const INACTIVITY_TIMEOUT_DEFAULT_MINUTES: u32 = 5;
/// Welcome message and custom instructions, in characters.
pub const TEXT_SETTING_MAX: usize = 2_000;

/// How soon the assistant answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseDelay {
    /// As soon as the burst window closes.
    Instant,
    /// 1 to 3 s more, with the typing indicator on: it reads like a person typing.
    Natural,
}

impl ResponseDelay {
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseDelay::Instant => "instant",
            ResponseDelay::Natural => "natural",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [ResponseDelay::Instant, ResponseDelay::Natural]
            .into_iter()
            .find(|d| d.as_str() == raw.trim())
    }

    /// The extra wait for a reply of `chars` characters: longer replies "take" longer
    /// to type, within 1 to 3 s.
    pub fn extra_for(self, chars: usize) -> Duration {
        match self {
            ResponseDelay::Instant => Duration::ZERO,
            ResponseDelay::Natural => {
                let ms = 1_000 + (chars as u64).saturating_mul(15).min(2_000);
                Duration::from_millis(ms)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssistantSettingsError {
    #[error(transparent)]
    Handoff(#[from] HandoffSettingsError),
    #[error("the burst window must be {BURST_WINDOW_MIN_MS} to {BURST_WINDOW_MAX_MS} ms")]
    BurstWindow,
    #[error("must be at most {TEXT_SETTING_MAX} characters")]
    TooLong,
    #[error(
        "the inactivity timeout must be {INACTIVITY_TIMEOUT_MIN_MINUTES} to {INACTIVITY_TIMEOUT_MAX_MINUTES} minutes"
    )]
    InactivityTimeout,
}

impl AssistantSettingsError {
    pub fn code(&self) -> &'static str {
        match self {
            AssistantSettingsError::Handoff(e) => e.code(),
            AssistantSettingsError::BurstWindow => "burst_window",
            AssistantSettingsError::TooLong => "too_long",
            AssistantSettingsError::InactivityTimeout => "inactivity_timeout",
        }
    }
}

/// The assistant's settings for one workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssistantSettings {
    /// Workspace-wide switch: off means every message waits for a person.
    pub enabled: bool,
    pub handoff: HandoffSettings,
    pub response_delay: ResponseDelay,
    burst_window_ms: u32,
    welcome_message: Option<String>,
    custom_instructions: Option<String>,
    inactivity_timeout_minutes: u32,
}

impl Default for AssistantSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            handoff: HandoffSettings::default(),
            response_delay: ResponseDelay::Instant,
            burst_window_ms: BURST_WINDOW_DEFAULT_MS,
            welcome_message: None,
            custom_instructions: None,
            inactivity_timeout_minutes: INACTIVITY_TIMEOUT_DEFAULT_MINUTES,
        }
    }
}

fn optional_text(raw: Option<&str>) -> Result<Option<String>, AssistantSettingsError> {
    let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > TEXT_SETTING_MAX {
        return Err(AssistantSettingsError::TooLong);
    }
    Ok(Some(text.to_owned()))
}

impl AssistantSettings {
    /// Messages that arrive within this window of each other get one reply.
    pub fn burst_window(&self) -> Duration {
        Duration::from_millis(u64::from(self.burst_window_ms))
    }

    pub fn burst_window_ms(&self) -> u32 {
        self.burst_window_ms
    }

    pub fn set_burst_window_ms(&mut self, ms: u32) -> Result<(), AssistantSettingsError> {
        if !(BURST_WINDOW_MIN_MS..=BURST_WINDOW_MAX_MS).contains(&ms) {
            return Err(AssistantSettingsError::BurstWindow);
        }
        self.burst_window_ms = ms;
        Ok(())
    }

    /// A conversation waiting on the customer this long is abandoned by the sweeper.
    pub fn inactivity_timeout(&self) -> chrono::Duration {
        chrono::Duration::minutes(i64::from(self.inactivity_timeout_minutes))
    }

    pub fn inactivity_timeout_minutes(&self) -> u32 {
        self.inactivity_timeout_minutes
    }

    pub fn set_inactivity_timeout_minutes(
        &mut self,
        minutes: u32,
    ) -> Result<(), AssistantSettingsError> {
        if !(INACTIVITY_TIMEOUT_MIN_MINUTES..=INACTIVITY_TIMEOUT_MAX_MINUTES).contains(&minutes) {
            return Err(AssistantSettingsError::InactivityTimeout);
        }
        self.inactivity_timeout_minutes = minutes;
        Ok(())
    }

    /// Sent before the first answer of a conversation.
    pub fn welcome_message(&self) -> Option<&str> {
        self.welcome_message.as_deref()
    }

    /// Empty or blank clears it.
    pub fn set_welcome_message(
        &mut self,
        text: Option<&str>,
    ) -> Result<(), AssistantSettingsError> {
        self.welcome_message = optional_text(text)?;
        Ok(())
    }

    /// Extra instructions for a language model (the grounded engine has no use for
    /// free text: it cannot be made to follow it safely).
    pub fn custom_instructions(&self) -> Option<&str> {
        self.custom_instructions.as_deref()
    }

    pub fn set_custom_instructions(
        &mut self,
        text: Option<&str>,
    ) -> Result<(), AssistantSettingsError> {
        self.custom_instructions = optional_text(text)?;
        Ok(())
    }

    pub fn out_of_hours(&self) -> OutOfHours {
        self.handoff.out_of_hours()
    }

    pub fn set_trigger(
        &mut self,
        reason: HandoffReason,
        on: bool,
    ) -> Result<(), AssistantSettingsError> {
        Ok(self.handoff.set(reason, on)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inactivity_timeout_is_five_minutes_unless_set_within_a_day() {
        let mut settings = AssistantSettings::default();
        assert_eq!(settings.inactivity_timeout(), chrono::Duration::minutes(5));
        assert_eq!(
            settings.set_inactivity_timeout_minutes(0),
            Err(AssistantSettingsError::InactivityTimeout)
        );
        assert_eq!(
            settings.set_inactivity_timeout_minutes(1_441),
            Err(AssistantSettingsError::InactivityTimeout)
        );
        settings.set_inactivity_timeout_minutes(1_440).unwrap();
        assert_eq!(settings.inactivity_timeout(), chrono::Duration::days(1));
        assert_eq!(
            AssistantSettingsError::InactivityTimeout.code(),
            "inactivity_timeout"
        );
    }
}
