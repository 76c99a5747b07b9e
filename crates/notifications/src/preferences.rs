//! A member's choices: which kinds reach them through which medium, their WhatsApp
//! number, and their quiet hours.

use std::collections::BTreeMap;

use crate::kind::{Medium, NotificationKind};
use crate::quiet_hours::{QuietHours, QuietHoursError};

/// Every invalid field of a preferences update, so one answer names them all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid notification preferences: {}", .fields.iter().map(|(f, m)| format!("{f}: {m}")).collect::<Vec<_>>().join("; "))]
pub struct PreferencesError {
    /// `(field path, message)` pairs, e.g. `("quiet_hours.timezone", "...")`.
    pub fields: Vec<(String, String)>,
}

/// What a member asked to be told about, and how. Kinds and media not chosen
/// explicitly follow [`NotificationKind::default_enabled`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preferences {
    choices: BTreeMap<(NotificationKind, Medium), bool>,
    whatsapp_number: Option<String>,
    quiet_hours: Option<QuietHours>,
}

/// The raw shape a settings form sends, validated by [`Preferences::from_input`].
#[derive(Debug, Clone, Default)]
pub struct PreferencesInput {
    /// `(kind, medium, enabled)` with the names as typed.
    pub choices: Vec<(String, String, bool)>,
    pub whatsapp_number: Option<String>,
    /// `(start, end, timezone)`, or `None` for no quiet hours.
    pub quiet_hours: Option<(String, String, String)>,
}

impl Preferences {
    pub fn from_input(input: PreferencesInput) -> Result<Self, PreferencesError> {
        let mut fields = Vec::new();
        let mut choices = BTreeMap::new();
        for (index, (kind, medium, enabled)) in input.choices.into_iter().enumerate() {
            let parsed_kind = NotificationKind::parse(&kind);
            let parsed_medium = Medium::parse(&medium);
            if parsed_kind.is_none() {
                fields.push((
                    format!("choices[{index}].kind"),
                    format!("unknown notification kind {kind:?}"),
                ));
            }
            if parsed_medium.is_none() {
                fields.push((
                    format!("choices[{index}].medium"),
                    format!("unknown medium {medium:?}"),
                ));
            }
            if let (Some(kind), Some(medium)) = (parsed_kind, parsed_medium) {
                choices.insert((kind, medium), enabled);
            }
        }
        let whatsapp_number = match input.whatsapp_number.map(|n| n.trim().to_owned()) {
            None => None,
            Some(number) if number.is_empty() => None,
            Some(number) => match normalise_phone(&number) {
                Some(digits) => Some(digits),
                None => {
                    fields.push((
                        "whatsapp_number".to_owned(),
                        "must be an international number such as +34600111222".to_owned(),
                    ));
                    None
                }
            },
        };
        let quiet_hours = match input.quiet_hours {
            None => None,
            Some((start, end, timezone)) => match QuietHours::parse(&start, &end, &timezone) {
                Ok(quiet) => Some(quiet),
                Err(error) => {
                    let field = match error {
                        QuietHoursError::InvalidTime(ref raw) if *raw == start => {
                            "quiet_hours.start"
                        }
                        QuietHoursError::InvalidTime(_) => "quiet_hours.end",
                        QuietHoursError::InvalidTimezone(_) => "quiet_hours.timezone",
                        QuietHoursError::Empty => "quiet_hours.end",
                    };
                    fields.push((field.to_owned(), error.to_string()));
                    None
                }
            },
        };
        let wants_whatsapp = choices
            .iter()
            .any(|((_, medium), enabled)| *medium == Medium::WhatsApp && *enabled);
        if wants_whatsapp && whatsapp_number.is_none() && fields.is_empty() {
            fields.push((
                "whatsapp_number".to_owned(),
                "is required to receive WhatsApp notifications".to_owned(),
            ));
        }
        if !fields.is_empty() {
            return Err(PreferencesError { fields });
        }
        Ok(Self {
            choices,
            whatsapp_number,
            quiet_hours,
        })
    }

    /// Rebuilds stored preferences (already validated when saved).
    pub fn restore(
        choices: BTreeMap<(NotificationKind, Medium), bool>,
        whatsapp_number: Option<String>,
        quiet_hours: Option<QuietHours>,
    ) -> Self {
        Self {
            choices,
            whatsapp_number,
            quiet_hours,
        }
    }

    pub fn wants(&self, kind: NotificationKind, medium: Medium) -> bool {
        if medium == Medium::WhatsApp && self.whatsapp_number.is_none() {
            return false;
        }
        self.choices
            .get(&(kind, medium))
            .copied()
            .unwrap_or_else(|| kind.default_enabled(medium))
    }

    /// Every kind and medium with its effective setting, for the settings screen.
    pub fn effective(&self) -> Vec<(NotificationKind, Medium, bool)> {
        NotificationKind::ALL
            .into_iter()
            .flat_map(|kind| Medium::ALL.into_iter().map(move |medium| (kind, medium)))
            .map(|(kind, medium)| {
                let enabled = self
                    .choices
                    .get(&(kind, medium))
                    .copied()
                    .unwrap_or_else(|| kind.default_enabled(medium));
                (kind, medium, enabled)
            })
            .collect()
    }

    pub fn choices(&self) -> &BTreeMap<(NotificationKind, Medium), bool> {
        &self.choices
    }

    /// Digits with a leading `+`.
    pub fn whatsapp_number(&self) -> Option<&str> {
        self.whatsapp_number.as_deref()
    }

    pub fn quiet_hours(&self) -> Option<&QuietHours> {
        self.quiet_hours.as_ref()
    }
}

/// `+` and 8 to 15 digits (E.164), spaces, dashes and dots ignored.
fn normalise_phone(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('+')?;
    let digits: String = rest
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .collect();
    let valid = (8..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit());
    valid.then(|| format!("+{digits}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn defaults_feed_and_email_but_not_whatsapp() {
        let preferences = Preferences::default();
        assert!(preferences.wants(NotificationKind::OrderCaptured, Medium::InApp));
        assert!(preferences.wants(NotificationKind::OrderCaptured, Medium::Email));
        assert!(!preferences.wants(NotificationKind::OrderCaptured, Medium::WhatsApp));
        assert_eq!(preferences.effective().len(), 21);
    }

    #[test]
    fn choices_override_defaults() {
        let preferences = Preferences::from_input(PreferencesInput {
            choices: vec![
                ("new_message".into(), "email".into(), false),
                ("order_captured".into(), "whatsapp".into(), true),
            ],
            whatsapp_number: Some("+34 600-111-222".into()),
            quiet_hours: Some(("22:00".into(), "08:00".into(), "Europe/Madrid".into())),
        })
        .unwrap();
        assert!(!preferences.wants(NotificationKind::NewMessage, Medium::Email));
        assert!(preferences.wants(NotificationKind::OrderCaptured, Medium::WhatsApp));
        assert_eq!(preferences.whatsapp_number(), Some("+34600111222"));
        assert_eq!(preferences.quiet_hours().unwrap().start_text(), "22:00");
    }

    #[test]
    fn every_invalid_field_is_named() {
        let error = Preferences::from_input(PreferencesInput {
            choices: vec![("party".into(), "pigeon".into(), true)],
            whatsapp_number: Some("600".into()),
            quiet_hours: Some(("22:00".into(), "8am".into(), "Nowhere/Land".into())),
        })
        .unwrap_err();
        let names: Vec<&str> = error.fields.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            names,
            [
                "choices[0].kind",
                "choices[0].medium",
                "whatsapp_number",
                "quiet_hours.timezone"
            ]
        );
    }

    #[test]
    fn whatsapp_needs_a_number() {
        let error = Preferences::from_input(PreferencesInput {
            choices: vec![("order_captured".into(), "whatsapp".into(), true)],
            ..PreferencesInput::default()
        })
        .unwrap_err();
        assert_eq!(error.fields[0].0, "whatsapp_number");
    }
}
