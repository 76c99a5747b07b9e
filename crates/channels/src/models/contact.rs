//! A customer as one platform knows them, per workspace.

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use serde::{Deserialize, Serialize};

use super::{Platform, PlatformUserId, text};

kernel::typed_id!(
    /// A contact in one workspace.
    ContactId
);

pub const DISPLAY_NAME_MAX: usize = 120;
pub const NOTES_MAX: usize = 4_000;
pub const AVATAR_URL_MAX: usize = 2_048;

/// A person's name as shown in the inbox; any script, one line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct DisplayName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactFieldError {
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("{field} must be at most {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("{0} must not contain control characters")]
    ControlCharacter(&'static str),
    #[error("avatar URL must be an http(s) URL")]
    NotAWebUrl,
    #[error("locale must look like en_US or pt")]
    Locale,
}

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, ContactFieldError> {
        text::one_line(raw, "display name", DISPLAY_NAME_MAX).map(Self)
    }

    /// A platform profile name is data we did not choose: cut it to fit rather than
    /// lose the contact over a 300-character nickname.
    pub fn lenient(raw: &str) -> Option<Self> {
        let cleaned: String = raw
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let cut: String = cleaned.trim().chars().take(DISPLAY_NAME_MAX).collect();
        Self::parse(&cut).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A profile picture link from the platform (they expire; refreshed on profile fetch).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AvatarUrl(String);

impl AvatarUrl {
    pub fn parse(raw: &str) -> Result<Self, ContactFieldError> {
        let trimmed = raw.trim();
        if trimmed.len() > AVATAR_URL_MAX {
            return Err(ContactFieldError::TooLong {
                field: "avatar URL",
                max: AVATAR_URL_MAX,
            });
        }
        text::web_url(trimmed)
            .map(|url| Self(url.to_owned()))
            .ok_or(ContactFieldError::NotAWebUrl)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A platform locale such as `en_US`, `vi_VN` or `pt`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Locale(String);

impl Locale {
    pub fn parse(raw: &str) -> Result<Self, ContactFieldError> {
        let trimmed = raw.trim();
        let mut parts = trimmed.splitn(2, ['_', '-']);
        let language = parts.next().unwrap_or_default();
        let region = parts.next();
        let language_ok =
            (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_alphabetic());
        let region_ok = region.is_none_or(|r| {
            (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !language_ok || !region_ok {
            return Err(ContactFieldError::Locale);
        }
        Ok(Self(trimmed.replace('-', "_")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free-form notes an agent keeps about a contact.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ContactNotes(String);

impl ContactNotes {
    pub fn parse(raw: &str) -> Result<Self, ContactFieldError> {
        text::long_form(raw, "notes", NOTES_MAX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether the person agreed to be messaged outside a conversation they started
/// (marketing, re-engagement templates). Unknown until they say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Consent {
    Unknown,
    OptedIn { at: DateTime<Utc> },
    OptedOut { at: DateTime<Utc> },
}

impl Consent {
    pub fn allows_marketing(self) -> bool {
        matches!(self, Consent::OptedIn { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: ContactId,
    pub workspace_id: WorkspaceId,
    pub platform: Platform,
    pub platform_user_id: PlatformUserId,
    pub display_name: Option<DisplayName>,
    pub avatar_url: Option<AvatarUrl>,
    pub locale: Option<Locale>,
    /// Blocked by the workspace: their messages are kept but never answered.
    pub blocked: bool,
    pub consent: Consent,
    pub notes: Option<ContactNotes>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the platform told us about a person (webhook name, profile API).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactProfile {
    pub display_name: Option<DisplayName>,
    pub avatar_url: Option<AvatarUrl>,
    pub locale: Option<Locale>,
}

/// Creates the contact the first time a person writes, refreshes their profile after.
/// Profile fields that are `None` leave what is stored; blocked, consent and notes are
/// the workspace's and an upsert never touches them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactUpsert {
    pub workspace_id: WorkspaceId,
    pub platform: Platform,
    pub platform_user_id: PlatformUserId,
    pub profile: ContactProfile,
}

/// An agent's edit; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactPatch {
    pub display_name: Option<Option<DisplayName>>,
    pub blocked: Option<bool>,
    pub consent: Option<Consent>,
    pub notes: Option<Option<ContactNotes>>,
}

impl ContactPatch {
    pub fn is_empty(&self) -> bool {
        *self == ContactPatch::default()
    }

    pub fn apply_to(self, contact: &mut Contact, now: DateTime<Utc>) {
        if let Some(name) = self.display_name {
            contact.display_name = name;
        }
        if let Some(blocked) = self.blocked {
            contact.blocked = blocked;
        }
        if let Some(consent) = self.consent {
            contact.consent = consent;
        }
        if let Some(notes) = self.notes {
            contact.notes = notes;
        }
        contact.updated_at = now;
    }
}

/// Which contacts a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactFilter {
    pub platform: Option<Platform>,
    pub blocked: Option<bool>,
    /// Case-insensitive substring of the display name.
    pub search: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_and_lenient_platform_names() {
        assert_eq!(DisplayName::parse(" שרה כהן ").unwrap().as_str(), "שרה כהן");
        assert_eq!(
            DisplayName::parse("Nguyễn Thị Hoa 🌸").unwrap().as_str(),
            "Nguyễn Thị Hoa 🌸"
        );
        assert!(DisplayName::parse("a\nb").is_err());
        assert_eq!(
            DisplayName::lenient("Line\none").unwrap().as_str(),
            "Line one"
        );
        assert_eq!(
            DisplayName::lenient(&"ữ".repeat(300))
                .unwrap()
                .as_str()
                .chars()
                .count(),
            DISPLAY_NAME_MAX
        );
        assert_eq!(DisplayName::lenient("  "), None);
    }

    #[test]
    fn avatars_locales_and_notes_are_checked() {
        assert!(AvatarUrl::parse("https://platform-lookaside.fbsbx.com/p?asid=1").is_ok());
        assert_eq!(
            AvatarUrl::parse("javascript:alert(1)"),
            Err(ContactFieldError::NotAWebUrl)
        );
        assert_eq!(Locale::parse("en_US").unwrap().as_str(), "en_US");
        assert_eq!(Locale::parse("pt-BR").unwrap().as_str(), "pt_BR");
        assert_eq!(Locale::parse("vi").unwrap().as_str(), "vi");
        assert_eq!(Locale::parse("english"), Err(ContactFieldError::Locale));
        assert_eq!(Locale::parse("en_U S"), Err(ContactFieldError::Locale));
        assert!(ContactNotes::parse("Prefers evening delivery.\nAllergic to nuts.").is_ok());
        assert!(ContactNotes::parse(&"n".repeat(NOTES_MAX + 1)).is_err());
    }

    #[test]
    fn patches_change_only_what_they_name() {
        let now = DateTime::from_timestamp(1_767_225_600, 0).unwrap();
        let mut contact = Contact {
            id: ContactId::new(),
            workspace_id: WorkspaceId::new(),
            platform: Platform::WhatsApp,
            platform_user_id: PlatformUserId::parse("393331234567").unwrap(),
            display_name: DisplayName::parse("Giulia").ok(),
            avatar_url: None,
            locale: None,
            blocked: false,
            consent: Consent::Unknown,
            notes: None,
            created_at: now,
            updated_at: now,
        };
        let patch = ContactPatch {
            blocked: Some(true),
            notes: Some(ContactNotes::parse("Spam").ok()),
            ..ContactPatch::default()
        };
        assert!(!patch.is_empty());
        patch.apply_to(&mut contact, now);
        assert!(contact.blocked);
        assert_eq!(contact.display_name.as_ref().unwrap().as_str(), "Giulia");
        assert_eq!(contact.notes.as_ref().unwrap().as_str(), "Spam");
        ContactPatch {
            display_name: Some(None),
            ..ContactPatch::default()
        }
        .apply_to(&mut contact, now);
        assert_eq!(contact.display_name, None);
        assert!(!contact.consent.allows_marketing());
        assert!(Consent::OptedIn { at: now }.allows_marketing());
    }
}
