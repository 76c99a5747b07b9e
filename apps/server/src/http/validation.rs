//! Collects every invalid field of a request, so one 422 names them all.

use identity::PasswordRule;
use serde_json::json;

use super::error::{ApiError, ErrorCode};

#[derive(Default)]
pub struct FieldErrors(Vec<serde_json::Value>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the parsed value, or records why `field` is invalid.
    pub fn check<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        parsed: Result<T, E>,
    ) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(e) => {
                self.add(field, "invalid", e.to_string());
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.0
            .push(json!({ "field": field, "code": code, "message": message.into() }));
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            return Ok(());
        }
        let first = self.0[0]["field"].as_str().unwrap_or_default().to_owned();
        let message = self.0[0]["message"].as_str().unwrap_or_default().to_owned();
        Err(
            ApiError::new(ErrorCode::ValidationFailed, format!("{first}: {message}"))
                .with_details(json!({ "fields": self.0 })),
        )
    }
}

/// Finishes a conversion: every value present means every field was valid.
#[macro_export]
macro_rules! all_valid {
    ($errors:expr, $($value:ident),+ $(,)?) => {{
        $errors.finish()?;
        match ($($value,)+) {
            ($(Some($value),)+) => ($($value,)+),
            #[allow(unreachable_patterns)]
            _ => return Err($crate::http::error::ApiError::unexpected("validated value missing")),
        }
    }};
}

pub fn weak_password(rule: PasswordRule) -> ApiError {
    ApiError::new(ErrorCode::WeakPassword, rule.to_string()).with_details(json!({
        "field": "password",
        "rule": rule.code(),
    }))
}
