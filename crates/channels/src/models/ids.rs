//! Identifiers the platforms hand us: a Page or phone-number id, a customer's
//! page-scoped id or WhatsApp id, a message id (`mid` / `wamid`).
//!
//! They arrive in untrusted webhook bodies, so they are parsed like any other input:
//! an id that is empty, absurdly long or holds whitespace or control characters is
//! refused before it can reach a unique index or a URL path.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExternalIdError {
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("{label} must be at most {max} bytes")]
    TooLong { label: &'static str, max: usize },
    #[error("{0} must not contain whitespace or control characters")]
    InvalidCharacter(&'static str),
}

fn parse_external(raw: &str, label: &'static str, max: usize) -> Result<String, ExternalIdError> {
    if raw.is_empty() {
        return Err(ExternalIdError::Empty(label));
    }
    if raw.len() > max {
        return Err(ExternalIdError::TooLong { label, max });
    }
    // Platform ids are opaque ASCII tokens; a space or a control character means the
    // input is not an id at all (and would corrupt a URL path we build from it).
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ExternalIdError::InvalidCharacter(label));
    }
    Ok(raw.to_owned())
}

macro_rules! external_id {
    ($(#[$meta:meta])* $name:ident, $label:literal, $max:expr) => {
        $(#[$meta])*
        ///
        /// Deserializing goes through `parse`, so a stored value is re-checked on the way in.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const MAX_BYTES: usize = $max;

            pub fn parse(raw: &str) -> Result<Self, ExternalIdError> {
                parse_external(raw, $label, $max).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = ExternalIdError;
            fn try_from(raw: String) -> Result<Self, Self::Error> {
                Self::parse(&raw)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

external_id!(
    /// Our side of a conversation on a platform: a Facebook Page id, an Instagram
    /// professional account id or a WhatsApp `phone_number_id`. Webhooks name it, and it
    /// is how an event finds its channel (and so its workspace).
    PlatformAccountId,
    "platform account id",
    128
);

external_id!(
    /// The customer on a platform: a page-scoped id (PSID), an Instagram-scoped id
    /// (IGSID) or a WhatsApp id (`wa_id`, the phone number in international form).
    PlatformUserId,
    "platform user id",
    128
);

external_id!(
    /// A message id the platform assigned: Messenger/Instagram `mid`, WhatsApp `wamid`.
    /// Instagram mids run past 150 characters, hence the generous bound.
    PlatformMessageId,
    "platform message id",
    512
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_opaque_tokens() {
        assert!(PlatformAccountId::parse("106540352242922").is_ok());
        assert!(
            PlatformMessageId::parse(
                "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="
            )
            .is_ok()
        );
        assert_eq!(
            PlatformUserId::parse(""),
            Err(ExternalIdError::Empty("platform user id"))
        );
        assert_eq!(
            PlatformUserId::parse("12 34"),
            Err(ExternalIdError::InvalidCharacter("platform user id"))
        );
        assert_eq!(
            PlatformAccountId::parse("1/../2\n"),
            Err(ExternalIdError::InvalidCharacter("platform account id"))
        );
        assert!(matches!(
            PlatformMessageId::parse(&"m".repeat(513)),
            Err(ExternalIdError::TooLong { max: 512, .. })
        ));
    }

    #[test]
    fn deserializing_revalidates() {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StringDeserializer};

        let ok: StringDeserializer<Error> = "1254477777772919".to_owned().into_deserializer();
        let id = PlatformUserId::deserialize(ok).unwrap();
        assert_eq!(id.as_str(), "1254477777772919");
        assert_eq!(String::from(id), "1254477777772919");

        let bad: StringDeserializer<Error> = "12 34".to_owned().into_deserializer();
        assert!(PlatformUserId::deserialize(bad).is_err());
    }
}
