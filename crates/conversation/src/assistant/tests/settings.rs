//! `SettingsPatch::apply_to`: every change or none, each one validated.

use handoff::{ConfidenceThresholds, HandoffReason, HandoffSettingsError, OutOfHours};

use super::block_on;
use super::world::World;
use crate::assistant::SettingsPatch;
use crate::conversations::{
    AssistantSettings, AssistantSettingsError, BURST_WINDOW_MAX_MS, ResponseDelay, TEXT_SETTING_MAX,
};

#[test]
fn an_empty_patch_changes_nothing() {
    let current = AssistantSettings::default();
    assert_eq!(SettingsPatch::default().apply_to(&current), Ok(current));
}

#[test]
fn order_confirmed_cannot_be_switched_off() {
    let patch = SettingsPatch {
        triggers: vec![(HandoffReason::OrderConfirmed, false)],
        ..SettingsPatch::default()
    };
    assert_eq!(
        patch.apply_to(&AssistantSettings::default()),
        Err((
            "handoff_triggers",
            AssistantSettingsError::Handoff(HandoffSettingsError::AlwaysOn(
                HandoffReason::OrderConfirmed
            ))
        ))
    );
}

#[test]
fn triggers_switch_and_keep_the_rest() {
    let patch = SettingsPatch {
        triggers: vec![
            (HandoffReason::Complaint, false),
            (HandoffReason::OrderConfirmed, true),
        ],
        ..SettingsPatch::default()
    };
    let next = patch.apply_to(&AssistantSettings::default()).unwrap();
    assert!(!next.handoff.is_enabled(HandoffReason::Complaint));
    assert!(next.handoff.is_enabled(HandoffReason::MedicalQuestion));
    assert!(next.handoff.is_enabled(HandoffReason::OrderConfirmed));
}

#[test]
fn the_burst_window_is_bounded() {
    let patch = |ms| SettingsPatch {
        burst_window_ms: Some(ms),
        ..SettingsPatch::default()
    };
    let current = AssistantSettings::default();
    assert_eq!(
        patch(BURST_WINDOW_MAX_MS + 1).apply_to(&current),
        Err(("burst_window_ms", AssistantSettingsError::BurstWindow))
    );
    assert_eq!(
        patch(BURST_WINDOW_MAX_MS)
            .apply_to(&current)
            .unwrap()
            .burst_window_ms(),
        BURST_WINDOW_MAX_MS
    );
    assert_eq!(patch(0).apply_to(&current).unwrap().burst_window_ms(), 0);
}

#[test]
fn texts_are_bounded_trimmed_and_cleared() {
    let current = AssistantSettings::default();
    let welcome = |text: Option<String>| SettingsPatch {
        welcome_message: Some(text),
        ..SettingsPatch::default()
    };
    assert_eq!(
        welcome(Some("é".repeat(TEXT_SETTING_MAX + 1))).apply_to(&current),
        Err(("welcome_message", AssistantSettingsError::TooLong))
    );
    let longest = welcome(Some("é".repeat(TEXT_SETTING_MAX)))
        .apply_to(&current)
        .unwrap();
    assert_eq!(
        longest.welcome_message().map(|t| t.chars().count()),
        Some(TEXT_SETTING_MAX),
        "characters, not bytes"
    );
    let set = welcome(Some("  Hi there!  ".to_owned()))
        .apply_to(&current)
        .unwrap();
    assert_eq!(set.welcome_message(), Some("Hi there!"));
    assert_eq!(
        welcome(None).apply_to(&set).unwrap().welcome_message(),
        None
    );
    assert_eq!(
        welcome(Some("   ".to_owned()))
            .apply_to(&set)
            .unwrap()
            .welcome_message(),
        None
    );

    let instructions = SettingsPatch {
        custom_instructions: Some(Some("x".repeat(TEXT_SETTING_MAX + 1))),
        ..SettingsPatch::default()
    };
    assert_eq!(
        instructions.apply_to(&current),
        Err(("custom_instructions", AssistantSettingsError::TooLong))
    );
}

#[test]
fn the_failure_limit_is_bounded_and_keeps_the_triggers() {
    let mut current = AssistantSettings::default();
    current
        .set_trigger(HandoffReason::Complaint, false)
        .unwrap();
    let patch = |limit| SettingsPatch {
        repeated_failure_limit: Some(limit),
        ..SettingsPatch::default()
    };
    assert_eq!(
        patch(0).apply_to(&current),
        Err((
            "repeated_failure_limit",
            AssistantSettingsError::Handoff(HandoffSettingsError::RepeatedFailureLimit)
        ))
    );
    let next = patch(5).apply_to(&current).unwrap();
    assert_eq!(next.handoff.repeated_failure_limit(), 5);
    assert!(!next.handoff.is_enabled(HandoffReason::Complaint));
    assert_eq!(next.handoff.thresholds(), &ConfidenceThresholds::default());
}

#[test]
fn one_invalid_change_applies_none() {
    let current = AssistantSettings::default();
    let patch = SettingsPatch {
        enabled: Some(false),
        out_of_hours: Some(OutOfHours::KeepAnswering),
        response_delay: Some(ResponseDelay::Natural),
        burst_window_ms: Some(BURST_WINDOW_MAX_MS + 1),
        ..SettingsPatch::default()
    };
    assert!(patch.apply_to(&current).is_err());
    assert_eq!(current, AssistantSettings::default());

    let valid = SettingsPatch {
        burst_window_ms: Some(1_500),
        ..patch
    };
    let next = valid.apply_to(&current).unwrap();
    assert!(!next.enabled);
    assert_eq!(next.out_of_hours(), OutOfHours::KeepAnswering);
    assert_eq!(next.response_delay, ResponseDelay::Natural);
    assert_eq!(next.burst_window_ms(), 1_500);
}

#[test]
fn saved_settings_are_what_the_next_turn_reads() {
    let world = World::new();
    assert_eq!(
        block_on(world.service.settings_of(world.workspace_id)).unwrap(),
        AssistantSettings::default(),
        "defaults before anything is saved"
    );
    let next = SettingsPatch {
        enabled: Some(false),
        ..SettingsPatch::default()
    }
    .apply_to(&AssistantSettings::default())
    .unwrap();
    block_on(world.service.save_settings(world.workspace_id, &next)).unwrap();
    assert_eq!(
        block_on(world.service.settings_of(world.workspace_id)).unwrap(),
        next
    );
    let report = world.say("hi");
    assert!(report.decision.is_silent());
}
