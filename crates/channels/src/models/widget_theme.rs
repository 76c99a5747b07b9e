//! How a website widget looks on the pages that embed it: which corner, its colour,
//! the launcher's text, the header's avatar, title and greeting. The dashboard sets it
//! with a live preview; the widget script reads it from its start response, so a
//! restyle reaches every site without anyone editing their embed tag (the tag's own
//! `data-*` attributes still win, for a page that wants to differ).
//!
//! Every value ends up in someone else's page, so each is checked here: a colour is
//! `#rrggbb`, an avatar an http(s) URL, texts are one line (the greeting may break
//! lines) and capped.

use serde::{Deserialize, Serialize};

use super::AVATAR_URL_MAX;
use super::text::{char_len, has_control_except_whitespace, web_url};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WidgetPosition {
    Left,
    #[default]
    Right,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WidgetThemeError {
    #[error("position is left or right")]
    Position,
    #[error("a colour is #rrggbb (six hex digits)")]
    Color,
    #[error("must be at most {0} characters")]
    TooLong(usize),
    #[error("must not contain control characters")]
    ControlCharacter,
    #[error("an avatar is an http or https URL of at most {AVATAR_URL_MAX} characters")]
    AvatarUrl,
}

impl WidgetPosition {
    pub fn parse(raw: &str) -> Result<Self, WidgetThemeError> {
        match raw.trim() {
            "left" => Ok(Self::Left),
            "right" => Ok(Self::Right),
            _ => Err(WidgetThemeError::Position),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Left => "left",
            Self::Right => "right",
        }
    }
}

/// `#rrggbb`, kept in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WidgetColor(String);

impl WidgetColor {
    pub fn parse(raw: &str) -> Result<Self, WidgetThemeError> {
        let value = raw.trim();
        let hex = value.strip_prefix('#').ok_or(WidgetThemeError::Color)?;
        if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(Self(value.to_ascii_lowercase()))
        } else {
            Err(WidgetThemeError::Color)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for WidgetColor {
    type Error = WidgetThemeError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<WidgetColor> for String {
    fn from(color: WidgetColor) -> Self {
        color.0
    }
}

pub const BUTTON_TEXT_MAX: usize = 40;
pub const WIDGET_TITLE_MAX: usize = 80;
pub const GREETING_MAX: usize = 500;

/// An image the visitor's browser fetches: http(s) only, so it can never be a
/// `javascript:` or `data:` URL, and nothing that could leave an HTML attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WidgetAvatarUrl(String);

impl WidgetAvatarUrl {
    pub fn parse(raw: &str) -> Result<Self, WidgetThemeError> {
        match web_url(raw) {
            Some(url) if url.len() <= AVATAR_URL_MAX && !url.contains(['\'', '`']) => {
                Ok(Self(url.to_owned()))
            }
            _ => Err(WidgetThemeError::AvatarUrl),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for WidgetAvatarUrl {
    type Error = WidgetThemeError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<WidgetAvatarUrl> for String {
    fn from(url: WidgetAvatarUrl) -> Self {
        url.0
    }
}

/// A label on one line: trimmed, at most `max` characters; blank means "none".
pub fn theme_label(raw: &str, max: usize) -> Result<Option<String>, WidgetThemeError> {
    let value = raw.trim();
    if value.chars().any(char::is_control) {
        return Err(WidgetThemeError::ControlCharacter);
    }
    checked_length(value, max)
}

/// The greeting bubble: line breaks allowed, at most [`GREETING_MAX`] characters.
pub fn theme_greeting(raw: &str) -> Result<Option<String>, WidgetThemeError> {
    let value = raw.trim();
    if has_control_except_whitespace(value) {
        return Err(WidgetThemeError::ControlCharacter);
    }
    checked_length(value, GREETING_MAX)
}

fn checked_length(value: &str, max: usize) -> Result<Option<String>, WidgetThemeError> {
    if char_len(value) > max {
        return Err(WidgetThemeError::TooLong(max));
    }
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

/// The widget's look. Absent values leave the widget's own defaults (indigo, bottom
/// right, the channel's name as the title, no avatar, no greeting).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WidgetTheme {
    pub position: WidgetPosition,
    pub color: Option<WidgetColor>,
    pub button_text: Option<String>,
    pub avatar_url: Option<WidgetAvatarUrl>,
    pub title: Option<String>,
    pub greeting: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_six_hex_digits() {
        assert_eq!(WidgetColor::parse(" #A1B2C3 ").unwrap().as_str(), "#a1b2c3");
        for bad in [
            "a1b2c3",
            "#abc",
            "#a1b2c3d4",
            "#ggg000",
            "red",
            "",
            "#a1b2c",
        ] {
            assert_eq!(
                WidgetColor::parse(bad),
                Err(WidgetThemeError::Color),
                "{bad}"
            );
        }
    }

    #[test]
    fn avatars_are_http_urls_that_stay_in_their_attribute() {
        assert!(WidgetAvatarUrl::parse("https://cdn.glow.example/ana.png").is_ok());
        assert!(WidgetAvatarUrl::parse("http://localhost:3000/a.png").is_ok());
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "https://",
            "https://x.example/a b.png",
            "https://x.example/\"onerror=\"alert(1)",
            "ftp://x.example/a.png",
        ] {
            assert!(WidgetAvatarUrl::parse(bad).is_err(), "{bad}");
        }
        let long = format!("https://x.example/{}", "a".repeat(AVATAR_URL_MAX));
        assert!(WidgetAvatarUrl::parse(&long).is_err());
    }

    #[test]
    fn texts_are_trimmed_capped_and_blank_means_none() {
        assert_eq!(
            theme_label(" Chat with us ", BUTTON_TEXT_MAX),
            Ok(Some("Chat with us".into()))
        );
        assert_eq!(theme_label("   ", BUTTON_TEXT_MAX), Ok(None));
        assert_eq!(
            theme_label(&"é".repeat(41), BUTTON_TEXT_MAX),
            Err(WidgetThemeError::TooLong(40))
        );
        assert_eq!(
            theme_label("a\nb", BUTTON_TEXT_MAX),
            Err(WidgetThemeError::ControlCharacter)
        );
        assert_eq!(
            theme_greeting("Ciao!\nHow can we help?"),
            Ok(Some("Ciao!\nHow can we help?".into()))
        );
        assert_eq!(
            theme_greeting("a\u{0007}"),
            Err(WidgetThemeError::ControlCharacter)
        );
        assert_eq!(WidgetPosition::parse("left"), Ok(WidgetPosition::Left));
        assert_eq!(
            WidgetPosition::parse("top"),
            Err(WidgetThemeError::Position)
        );
    }
}
