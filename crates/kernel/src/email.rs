//! An email address, trimmed and lower-cased, checked for a plausible shape.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("email must not be empty")]
    Empty,
    #[error("email must be at most 254 characters")]
    TooLong,
    #[error("email must look like name@example.com")]
    Malformed,
}

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(EmailError::Empty);
        }
        if value.len() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = value.split_once('@').ok_or(EmailError::Malformed)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local
                .chars()
                .any(|c| c.is_whitespace() || c == '@' || c.is_control());
        if !domain_ok || !local_ok {
            return Err(EmailError::Malformed);
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_whitespace() {
        let email = Email::parse("  Ana.Lopez@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "ana.lopez@example.com");
    }

    #[test]
    fn rejects_malformed_addresses() {
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        for bad in [
            "plain",
            "a@b",
            "@example.com",
            "a@.com",
            "a b@example.com",
            "a@exa..mple.com",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Malformed), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn accepts_international_domains() {
        assert!(Email::parse("chi@cửahàng.vn").is_ok());
    }
}
