//! The operator dashboard: the built single-page app in `server.dashboard_dir`, served at
//! `/`. Registered last, so every API and operational route wins; an unknown path that is
//! not the API's is a dashboard route (a deep link) and answers `index.html`, which the
//! app's router resolves in the browser.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::dev::HttpServiceFactory;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Compress;
use actix_web::{HttpRequest, HttpResponse, guard, web};

use crate::http::{ApiError, ErrorCode};

/// Where the build lives; `index.html` is its entry point.
#[derive(Debug, Clone)]
pub struct DashboardDir(pub PathBuf);

/// Vite names everything under `assets/` by its content hash: a changed file is a new name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The entry point names the current hashes, so browsers must ask again every time.
const REVALIDATE: &str = "no-cache";

/// Paths that belong to the server even when nothing is registered there yet (the
/// widget script arrives with its own issue): these never fall back to the dashboard.
const RESERVED: [&str; 6] = ["api", "healthz", "readyz", "metrics", "widget", "widget.js"];

const NOT_BUILT: &str = "<!doctype html>
<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ChatDesk</title>
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>
<body style=\"font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem\">
<h1>ChatDesk is running</h1>
<p>The dashboard has not been built yet. Run <code>make frontend</code> (or <code>make run</code>,
which builds it first) and reload this page.</p>
<p>The API is available now: see <a href=\"/api/docs/\">/api/docs/</a>.</p>
</body></html>
";

/// GET and HEAD on any path; other methods fall through to the JSON 404/405 handling.
pub fn service(dir: PathBuf) -> impl HttpServiceFactory {
    web::resource("/{path:.*}")
        .guard(guard::Any(guard::Get()).or(guard::Head()))
        .app_data(web::Data::new(DashboardDir(dir)))
        .wrap(Compress::default())
        .to(serve)
}

#[tracing::instrument(skip_all)]
async fn serve(req: HttpRequest, dir: web::Data<DashboardDir>) -> Result<HttpResponse, ApiError> {
    let path = req.match_info().query("path");
    let Some(segments) = safe_segments(path) else {
        return Err(not_found());
    };
    if segments
        .first()
        .is_some_and(|first| RESERVED.contains(first))
    {
        return Err(not_found());
    }
    let index = dir.0.join("index.html");
    if !index.is_file() {
        return Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, REVALIDATE))
            .body(NOT_BUILT));
    }
    if !segments.is_empty() {
        let file = segments.iter().fold(dir.0.clone(), |p, s| p.join(s));
        if file.is_file() {
            let policy = if segments.first() == Some(&"assets") {
                IMMUTABLE
            } else {
                REVALIDATE
            };
            return send(&req, &file, policy).await;
        }
        // `/assets/gone.js` is a missing file, not a page: answering the app's HTML for
        // it would only turn a clear 404 into a confusing script error.
        if segments.last().is_some_and(|last| last.contains('.')) {
            return Err(not_found());
        }
    }
    send(&req, &index, REVALIDATE).await
}

async fn send(
    req: &HttpRequest,
    file: &Path,
    cache: &'static str,
) -> Result<HttpResponse, ApiError> {
    let named = NamedFile::open_async(file)
        .await
        .map_err(|e| ApiError::unexpected(format!("dashboard file {}: {e}", file.display())))?;
    let mut response = named.into_response(req);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(response)
}

/// The path's segments when it stays inside the folder: no `..`, no hidden files, no
/// backslashes or empty segments (a request can never name a file outside the build).
fn safe_segments(path: &str) -> Option<Vec<&str>> {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Some(Vec::new());
    }
    let segments: Vec<&str> = trimmed.split('/').collect();
    let safe = segments
        .iter()
        .all(|s| !s.is_empty() && !s.starts_with('.') && !s.contains('\\') && !s.contains('\0'));
    safe.then_some(segments)
}

fn not_found() -> ApiError {
    ApiError::new(ErrorCode::RouteNotFound, "no such endpoint")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_never_leave_the_folder() {
        assert_eq!(safe_segments(""), Some(vec![]));
        assert_eq!(safe_segments("products/"), Some(vec!["products"]));
        assert_eq!(
            safe_segments("assets/index-1a2b.js"),
            Some(vec!["assets", "index-1a2b.js"])
        );
        assert_eq!(safe_segments("../secrets"), None);
        assert_eq!(safe_segments("assets/../../etc/passwd"), None);
        assert_eq!(safe_segments(".env"), None);
        assert_eq!(safe_segments("a//b"), None);
        assert_eq!(safe_segments("a\\..\\b"), None);
    }
}
