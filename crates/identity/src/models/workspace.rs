use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use kernel::{Currency, WorkspaceId};
use serde::{Deserialize, Serialize};

/// A business using ChatDesk: the tenant every other record belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    pub id: WorkspaceId,
    pub profile: WorkspaceProfile,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceProfile {
    pub business_name: BusinessName,
    pub business_type: Option<BusinessType>,
    pub timezone: Timezone,
    pub currency: Currency,
    pub brand_tone: BrandTone,
    pub languages: Languages,
    pub operating_hours: OperatingHours,
    pub onboarding: Onboarding,
}

impl WorkspaceProfile {
    /// What a new workspace starts with: open all the time, friendly, English, euros.
    pub fn new(business_name: BusinessName, currency: Currency) -> Self {
        Self {
            business_name,
            business_type: None,
            timezone: Timezone::utc(),
            currency,
            brand_tone: BrandTone::Friendly,
            languages: Languages::default(),
            operating_hours: OperatingHours::always_open(),
            onboarding: Onboarding::default(),
        }
    }
}

/// A partial update of the profile; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceProfilePatch {
    pub business_name: Option<BusinessName>,
    pub business_type: Option<Option<BusinessType>>,
    pub timezone: Option<Timezone>,
    pub currency: Option<Currency>,
    pub brand_tone: Option<BrandTone>,
    pub languages: Option<Languages>,
    pub operating_hours: Option<OperatingHours>,
    pub onboarding: Option<Onboarding>,
}

impl WorkspaceProfilePatch {
    pub fn apply_to(self, profile: &mut WorkspaceProfile) {
        if let Some(v) = self.business_name {
            profile.business_name = v;
        }
        if let Some(v) = self.business_type {
            profile.business_type = v;
        }
        if let Some(v) = self.timezone {
            profile.timezone = v;
        }
        if let Some(v) = self.currency {
            profile.currency = v;
        }
        if let Some(v) = self.brand_tone {
            profile.brand_tone = v;
        }
        if let Some(v) = self.languages {
            profile.languages = v;
        }
        if let Some(v) = self.operating_hours {
            profile.operating_hours = v;
        }
        if let Some(v) = self.onboarding {
            profile.onboarding = v;
        }
    }
}

/// 3-100 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct BusinessName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BusinessNameError {
    #[error("business name must be 3 to 100 characters")]
    Length,
}

impl BusinessName {
    pub fn parse(raw: &str) -> Result<Self, BusinessNameError> {
        let trimmed = raw.trim();
        let length = trimmed.chars().count();
        if !(3..=100).contains(&length) {
            return Err(BusinessNameError::Length);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the business does ("beauty", "fashion shop"...), free text up to 60 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct BusinessType(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BusinessTypeError {
    #[error("business type must be 1 to 60 characters")]
    Length,
}

impl BusinessType {
    pub fn parse(raw: &str) -> Result<Self, BusinessTypeError> {
        let trimmed = raw.trim();
        let length = trimmed.chars().count();
        if length == 0 || length > 60 {
            return Err(BusinessTypeError::Length);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone such as `Europe/Rome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timezone(chrono_tz::Tz);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimezoneError {
    #[error("'{0}' is not an IANA time zone (for example Europe/Rome)")]
    Unknown(String),
}

impl Timezone {
    pub fn parse(raw: &str) -> Result<Self, TimezoneError> {
        raw.trim()
            .parse::<chrono_tz::Tz>()
            .map(Self)
            .map_err(|_| TimezoneError::Unknown(raw.to_owned()))
    }

    pub fn utc() -> Self {
        Self(chrono_tz::UTC)
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.0
    }
}

impl fmt::Display for Timezone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The voice the assistant speaks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrandTone {
    Friendly,
    Luxe,
    Influencer,
    Professional,
    Casual,
}

impl BrandTone {
    pub const ALL: [BrandTone; 5] = [
        BrandTone::Friendly,
        BrandTone::Luxe,
        BrandTone::Influencer,
        BrandTone::Professional,
        BrandTone::Casual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BrandTone::Friendly => "friendly",
            BrandTone::Luxe => "luxe",
            BrandTone::Influencer => "influencer",
            BrandTone::Professional => "professional",
            BrandTone::Casual => "casual",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        BrandTone::ALL.into_iter().find(|t| t.as_str() == raw)
    }
}

/// The languages the business speaks with customers: 1 to 10 codes such as `en` or `pt-BR`,
/// the first being the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Languages(Vec<String>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LanguagesError {
    #[error("give 1 to 10 languages")]
    Count,
    #[error("'{0}' is not a language code such as en, es, it or pt-BR")]
    Malformed(String),
    #[error("'{0}' is listed twice")]
    Duplicate(String),
}

impl Languages {
    pub fn parse(raw: &[String]) -> Result<Self, LanguagesError> {
        if raw.is_empty() || raw.len() > 10 {
            return Err(LanguagesError::Count);
        }
        let mut codes: Vec<String> = Vec::with_capacity(raw.len());
        for code in raw {
            let normalized =
                normalize_language(code).ok_or_else(|| LanguagesError::Malformed(code.clone()))?;
            if codes.contains(&normalized) {
                return Err(LanguagesError::Duplicate(normalized));
            }
            codes.push(normalized);
        }
        Ok(Self(codes))
    }

    pub fn codes(&self) -> &[String] {
        &self.0
    }
}

impl Default for Languages {
    fn default() -> Self {
        Self(vec!["en".to_owned()])
    }
}

fn normalize_language(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let (lang, region) = match raw.split_once(['-', '_']) {
        Some((lang, region)) => (lang, Some(region)),
        None => (raw, None),
    };
    let lang_ok = (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic());
    let region_ok =
        region.is_none_or(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()));
    if !lang_ok || !region_ok {
        return None;
    }
    Some(match region {
        Some(r) => format!("{}-{}", lang.to_ascii_lowercase(), r.to_ascii_uppercase()),
        None => lang.to_ascii_lowercase(),
    })
}

/// When a human is around to take over, per weekday in the workspace's time zone.
/// Empty means the business never set hours: treated as always open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OperatingHours(BTreeMap<WeekdayKey, Vec<TimeWindow>>);

/// Weekdays ordered Monday first, so hours list the way people read a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WeekdayKey(u8);

impl WeekdayKey {
    pub fn weekday(self) -> Weekday {
        match self.0 {
            0 => Weekday::Mon,
            1 => Weekday::Tue,
            2 => Weekday::Wed,
            3 => Weekday::Thu,
            4 => Weekday::Fri,
            5 => Weekday::Sat,
            _ => Weekday::Sun,
        }
    }

    pub fn as_str(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][usize::from(self.0.min(6))]
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let lower = raw.trim().to_ascii_lowercase();
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .position(|d| lower.starts_with(d))
            .and_then(|i| u8::try_from(i).ok())
            .map(WeekdayKey)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeWindow {
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OperatingHoursError {
    #[error("'{0}' is not a weekday (mon..sun)")]
    UnknownDay(String),
    #[error("'{0}' is not a time of day like 09:30")]
    BadTime(String),
    #[error("on {day}, {opens} must be before {closes}")]
    ClosesBeforeOpens {
        day: &'static str,
        opens: String,
        closes: String,
    },
    #[error("on {0}, opening windows overlap")]
    Overlap(&'static str),
}

impl OperatingHours {
    pub fn always_open() -> Self {
        Self::default()
    }

    /// Builds hours from `(day, opens, closes)` triples such as `("mon", "09:00", "18:00")`.
    pub fn parse(windows: &[(String, String, String)]) -> Result<Self, OperatingHoursError> {
        let mut days: BTreeMap<WeekdayKey, Vec<TimeWindow>> = BTreeMap::new();
        for (day, opens, closes) in windows {
            let key = WeekdayKey::parse(day)
                .ok_or_else(|| OperatingHoursError::UnknownDay(day.clone()))?;
            let open = parse_time(opens)?;
            let close = parse_time(closes)?;
            if open >= close {
                return Err(OperatingHoursError::ClosesBeforeOpens {
                    day: key.as_str(),
                    opens: opens.clone(),
                    closes: closes.clone(),
                });
            }
            days.entry(key).or_default().push(TimeWindow {
                opens: open,
                closes: close,
            });
        }
        for (key, windows) in days.iter_mut() {
            windows.sort_by_key(|w| w.opens);
            if windows
                .windows(2)
                .any(|pair| pair[0].closes > pair[1].opens)
            {
                return Err(OperatingHoursError::Overlap(key.as_str()));
            }
        }
        Ok(Self(days))
    }

    pub fn days(&self) -> impl Iterator<Item = (WeekdayKey, &[TimeWindow])> {
        self.0
            .iter()
            .map(|(day, windows)| (*day, windows.as_slice()))
    }

    pub fn is_always_open(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the business is open at `at`, read in `timezone`.
    pub fn is_open_at(&self, at: DateTime<Utc>, timezone: Timezone) -> bool {
        use chrono::Datelike;
        if self.is_always_open() {
            return true;
        }
        let local = at.with_timezone(&timezone.tz());
        let today = WeekdayKey(u8::try_from(local.weekday().num_days_from_monday()).unwrap_or(0));
        let time = local.time();
        self.0
            .get(&today)
            .is_some_and(|ws| ws.iter().any(|w| w.opens <= time && time < w.closes))
    }
}

fn parse_time(raw: &str) -> Result<NaiveTime, OperatingHoursError> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M")
        .map_err(|_| OperatingHoursError::BadTime(raw.to_owned()))
}

/// The onboarding wizard's progress, so it can be resumed where it was left.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Onboarding {
    pub business_details: StepStatus,
    pub channel: StepStatus,
    pub products: StepStatus,
    pub tone: StepStatus,
    pub completed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    #[default]
    Pending,
    Done,
    Skipped,
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn hours(spec: &[(&str, &str, &str)]) -> Result<OperatingHours, OperatingHoursError> {
        let owned: Vec<_> = spec
            .iter()
            .map(|(d, o, c)| (d.to_string(), o.to_string(), c.to_string()))
            .collect();
        OperatingHours::parse(&owned)
    }

    #[test]
    fn business_names_are_trimmed_and_bounded() {
        assert_eq!(BusinessName::parse("  Glow  ").unwrap().as_str(), "Glow");
        assert!(BusinessName::parse("ab").is_err());
        assert!(BusinessName::parse(&"x".repeat(101)).is_err());
        assert!(BusinessName::parse("Cửa hàng Mỹ phẩm").is_ok());
    }

    #[test]
    fn timezones_must_be_iana() {
        assert_eq!(
            Timezone::parse("Europe/Rome").unwrap().name(),
            "Europe/Rome"
        );
        assert!(Timezone::parse("Mars/Olympus").is_err());
    }

    #[test]
    fn languages_are_normalised_and_unique() {
        let langs = Languages::parse(&["EN".into(), "pt_br".into()]).unwrap();
        assert_eq!(langs.codes(), ["en", "pt-BR"]);
        assert_eq!(
            Languages::parse(&["en".into(), "en".into()]),
            Err(LanguagesError::Duplicate("en".into()))
        );
        assert!(Languages::parse(&[]).is_err());
        assert!(Languages::parse(&["english".into()]).is_err());
    }

    #[test]
    fn operating_hours_reject_inverted_and_overlapping_windows() {
        assert!(matches!(
            hours(&[("mon", "18:00", "09:00")]),
            Err(OperatingHoursError::ClosesBeforeOpens { .. })
        ));
        assert!(matches!(
            hours(&[("mon", "09:00", "13:00"), ("mon", "12:00", "18:00")]),
            Err(OperatingHoursError::Overlap("mon"))
        ));
        assert!(matches!(
            hours(&[("funday", "09:00", "10:00")]),
            Err(OperatingHoursError::UnknownDay(_))
        ));
        assert!(matches!(
            hours(&[("mon", "9am", "10:00")]),
            Err(OperatingHoursError::BadTime(_))
        ));
    }

    #[test]
    fn open_at_reads_the_workspace_time_zone() {
        let hours = hours(&[("mon", "09:00", "18:00")]).unwrap();
        let rome = Timezone::parse("Europe/Rome").unwrap();
        // Monday 2026-11-23 08:30 UTC is 09:30 in Rome (UTC+1 in winter).
        let monday_morning = Utc.with_ymd_and_hms(2026, 11, 23, 8, 30, 0).unwrap();
        assert!(hours.is_open_at(monday_morning, rome));
        assert!(!hours.is_open_at(monday_morning, Timezone::utc()));
        let sunday = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        assert!(!hours.is_open_at(sunday, rome));
        assert!(OperatingHours::always_open().is_open_at(sunday, rome));
    }
}
