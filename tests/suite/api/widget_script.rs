//! `GET /widget.js`: the built widget script, served to any site with cache headers and
//! an ETag; a clear 404 code (and the make target to run) when it has not been built.

use chatdesk_tests::app::{TestApp, error_code, spawn_app_with};
use reqwest::StatusCode;

const SCRIPT: &str = "(()=>{console.log(\"chatdesk widget ✓\")})();\n";

async fn app_serving(script: Option<&str>) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("widget.js");
    if let Some(script) = script {
        std::fs::write(&path, script).unwrap();
    }
    let app = spawn_app_with(|s| s.widget.script_path = path).await;
    (app, dir)
}

#[tokio::test]
async fn the_widget_script_is_served_to_any_site_with_cache_headers() {
    let (app, dir) = app_serving(Some(SCRIPT)).await;
    let response = app.client.get(app.url("/widget.js")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(
        headers["content-type"],
        "application/javascript; charset=utf-8"
    );
    assert_eq!(headers["cache-control"], "public, max-age=300");
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(headers["cross-origin-resource-policy"], "cross-origin");
    let etag = headers["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    assert_eq!(response.text().await.unwrap(), SCRIPT);

    // The same bytes: 304 with no body.
    let again = app
        .client
        .get(app.url("/widget.js"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"], etag.as_str());
    assert_eq!(again.headers()["cache-control"], "public, max-age=300");
    assert_eq!(again.text().await.unwrap(), "");

    // HEAD: the same headers, no body.
    let head = app.client.head(app.url("/widget.js")).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(
        head.headers()["content-type"],
        "application/javascript; charset=utf-8"
    );
    assert_eq!(head.headers()["etag"], etag.as_str());
    assert_eq!(head.text().await.unwrap(), "");

    // A rebuild is served at once, under a new tag.
    std::fs::write(dir.path().join("widget.js"), "/* v2 */").unwrap();
    let rebuilt = app
        .client
        .get(app.url("/widget.js"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(rebuilt.status(), StatusCode::OK);
    assert_ne!(rebuilt.headers()["etag"], etag.as_str());
    assert_eq!(rebuilt.text().await.unwrap(), "/* v2 */");
}

#[tokio::test]
async fn a_customer_site_may_fetch_it_cross_origin_and_gzipped() {
    let (app, _dir) = app_serving(Some(&SCRIPT.repeat(50))).await;
    // A `<script crossorigin>` or a fetch sends Origin: the API's same-origin CORS rule
    // must not refuse it.
    let response = app
        .client
        .get(app.url("/widget.js"))
        .header("origin", "https://shop.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let allowed = response.headers()["access-control-allow-origin"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        allowed == "*" || allowed == "https://shop.example",
        "{allowed}"
    );

    let gzipped = app
        .client
        .get(app.url("/widget.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzipped.status(), StatusCode::OK);
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
    let body = gzipped.bytes().await.unwrap();
    assert!(body.len() < SCRIPT.len() * 50 / 4, "{} bytes", body.len());
}

#[tokio::test]
async fn a_missing_build_answers_a_404_naming_the_make_target() {
    let (app, _dir) = app_serving(None).await;
    let response = app.client.get(app.url("/widget.js")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "widget_script_missing");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("make widget"), "{message}");
    assert!(!message.contains("widget.js"), "no server path: {message}");

    // A conditional request for a script that is not there is still a 404, never a 304.
    let conditional = app
        .client
        .get(app.url("/widget.js"))
        .header("if-none-match", "*")
        .send()
        .await
        .unwrap();
    assert_eq!(conditional.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(conditional).await, "widget_script_missing");
}
