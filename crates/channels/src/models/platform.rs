//! The messaging platforms a channel can be on, and the facts about each that rules
//! elsewhere depend on.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Messenger,
    Instagram,
    #[serde(rename = "whatsapp")]
    WhatsApp,
    /// Our own website chat widget: no platform rules, no Graph API.
    Web,
    /// The dashboard's test chat: an operator plays the customer. Built in, one per
    /// workspace; nothing leaves ChatDesk.
    Playground,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown platform '{0}' (expected messenger, instagram, whatsapp, web or playground)")]
pub struct UnknownPlatform(pub String);

impl Platform {
    pub const ALL: [Platform; 5] = [
        Platform::Messenger,
        Platform::Instagram,
        Platform::WhatsApp,
        Platform::Web,
        Platform::Playground,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Messenger => "messenger",
            Platform::Instagram => "instagram",
            Platform::WhatsApp => "whatsapp",
            Platform::Web => "web",
            Platform::Playground => "playground",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, UnknownPlatform> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == raw)
            .ok_or_else(|| UnknownPlatform(raw.to_owned()))
    }

    /// Messenger and Instagram share the Messenger Platform's Send API and its rules
    /// (24-hour window, HUMAN_AGENT tag, quick replies, button template).
    pub fn is_messenger_family(self) -> bool {
        matches!(self, Platform::Messenger | Platform::Instagram)
    }

    /// Whether the platform's policy limits when a business may write (Meta's windows).
    pub fn has_messaging_window(self) -> bool {
        !matches!(self, Platform::Web | Platform::Playground)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_round_trip_through_text() {
        for platform in Platform::ALL {
            assert_eq!(Platform::parse(platform.as_str()), Ok(platform));
        }
        assert_eq!(
            Platform::parse("telegram"),
            Err(UnknownPlatform("telegram".to_owned()))
        );
        assert!(Platform::Instagram.is_messenger_family());
        assert!(!Platform::WhatsApp.is_messenger_family());
        assert!(!Platform::Web.has_messaging_window());
    }
}
