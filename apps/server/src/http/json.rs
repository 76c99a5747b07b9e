//! The JSON body extractor. Malformed JSON is a 400; JSON of the wrong shape (missing
//! field, wrong type) is a 422 naming the field by its path, e.g. `operating_hours[1].opens`.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde_json::json;

use super::error::{ApiError, ErrorCode};

/// Largest JSON body accepted, set once at start-up as app data.
#[derive(Debug, Clone, Copy)]
pub struct JsonLimit(pub usize);

pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<JsonLimit>>()
            .map_or(1 << 20, |l| l.0);
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let mime = v.split(';').next().unwrap_or_default().trim();
                mime.eq_ignore_ascii_case("application/json") || mime.ends_with("+json")
            });
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::new(
                    ErrorCode::UnsupportedMediaType,
                    "send the body as JSON with Content-Type: application/json",
                ));
            }
            let body = read_body(&mut payload, limit).await?;
            parse(&body).map(Json)
        })
    }
}

pub async fn read_body(payload: &mut Payload, limit: usize) -> Result<web::BytesMut, ApiError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::new(ErrorCode::MalformedJson, e.to_string()))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("body exceeds {limit} bytes"),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Parses a JSON body with the same error mapping as the extractor.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    // Syntax first, so `{} trailing` is malformed (400) rather than missing fields (422).
    serde_json::from_slice::<serde::de::IgnoredAny>(body).map_err(|e| {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!("body is not valid JSON: {e}"),
        )
    })?;
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_data() {
            let field = if path == "." { String::new() } else { path };
            let message = strip_position(&inner.to_string());
            let named = if field.is_empty() {
                message.clone()
            } else {
                format!("{field}: {message}")
            };
            ApiError::new(ErrorCode::ValidationFailed, named).with_details(json!({
                "fields": [{ "field": field, "code": "invalid", "message": message }]
            }))
        } else {
            ApiError::new(
                ErrorCode::MalformedJson,
                format!("body is not valid JSON: {}", inner),
            )
        }
    })?;
    deserializer.end().map_err(|e| {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!("body is not valid JSON: {e}"),
        )
    })?;
    Ok(value)
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        email: String,
        hours: Vec<Hours>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Hours {
        opens: String,
    }

    #[test]
    fn malformed_json_is_a_400() {
        let err = parse::<Body>(b"{\"email\": ").unwrap_err();
        assert_eq!(err.code, ErrorCode::MalformedJson);
        let err = parse::<Body>(b"{} trailing").unwrap_err();
        assert_eq!(err.code, ErrorCode::MalformedJson);
    }

    #[test]
    fn wrong_shape_is_a_422_naming_the_field_path() {
        let err = parse::<Body>(br#"{"email":"a@b.co","hours":[{"opens":"9"},{"opens":9}]}"#)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::ValidationFailed);
        assert_eq!(err.details.unwrap()["fields"][0]["field"], "hours[1].opens");
        let err = parse::<Body>(br#"{"hours":[]}"#).unwrap_err();
        assert_eq!(err.code, ErrorCode::ValidationFailed);
        assert!(err.message.contains("email"), "{}", err.message);
    }
}
