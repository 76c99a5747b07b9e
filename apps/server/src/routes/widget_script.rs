//! `GET /widget.js`: the embeddable chat widget, built from `frontend/widget` by
//! `make widget` into `widget.script_path`. Sites all over the web load it with one
//! `<script>` tag, so it is public, cacheable for a few minutes (a new build reaches
//! visitors soon, and an ETag makes the re-check cheap), and readable from any origin.
//!
//! The file is read on each request rather than once at start-up, so rebuilding the
//! widget needs no server restart; it is a few tens of KB, and the page cache keeps it.

use std::hash::{DefaultHasher, Hasher};

use actix_web::http::header::{self, ETag, EntityTag, IfNoneMatch};
use actix_web::middleware::Compress;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, route, web};

use crate::http::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

const CONTENT_TYPE: &str = "application/javascript; charset=utf-8";
/// Short enough that a fixed widget reaches every site within minutes.
const CACHE_CONTROL: &str = "public, max-age=300";

/// The widget script to embed on websites: `<script src=".../widget.js" data-key="wk_..." async>`.
/// HEAD answers the same headers without the body (uptime checks, `curl -I`).
#[utoipa::path(
    get,
    path = "/widget.js",
    tag = "widget",
    responses(
        (status = 200, description = "The widget script", content_type = "application/javascript", body = String),
        (status = 304, description = "Unchanged since the `If-None-Match` ETag"),
        (status = 404, description = "`widget_script_missing`: not built on this server; run `make widget`", body = ErrorBody),
    )
)]
#[route(
    "/widget.js",
    method = "GET",
    method = "HEAD",
    wrap = "Compress::default()"
)]
pub async fn widget_script(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let path = &state.widget.script_path;
    let script = match tokio::fs::read(path).await {
        Ok(script) => script,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            // The path is the operator's business, not the visitor's: it goes to the log.
            tracing::warn!(path = %path.display(), "widget script not built");
            return Err(ApiError::new(
                ErrorCode::WidgetScriptMissing,
                "the widget script has not been built on this server: run `make widget`",
            ));
        }
        Err(error) => {
            return Err(ApiError::unexpected(format!(
                "reading the widget script {}: {error}",
                path.display()
            )));
        }
    };
    // Weak: the same script goes out gzipped or not, and a strong tag would have to
    // differ between the two.
    let tag = EntityTag::new_weak(fingerprint(&script));
    let unchanged = match request.get_header::<IfNoneMatch>() {
        Some(IfNoneMatch::Any) => true,
        Some(IfNoneMatch::Items(tags)) => tags.iter().any(|t| t.weak_eq(&tag)),
        None => false,
    };
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        // Host pages that isolate themselves (COEP `require-corp`) may still load it.
        .insert_header(("Cross-Origin-Resource-Policy", "cross-origin"))
        .insert_header(ETag(tag));
    if unchanged {
        return Ok(response.finish());
    }
    Ok(response.content_type(CONTENT_TYPE).body(script))
}

/// The tag names the bytes: any rebuild that changes them changes it. SipHash is not
/// stable across Rust releases, which only means one extra download after an upgrade.
fn fingerprint(script: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    hasher.write(script);
    format!("{:016x}-{:x}", hasher.finish(), script.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_follows_the_bytes() {
        assert_eq!(fingerprint(b"var a=1;"), fingerprint(b"var a=1;"));
        assert_ne!(fingerprint(b"var a=1;"), fingerprint(b"var a=2;"));
        assert!(fingerprint(b"var a=1;").ends_with("-8"));
    }
}
