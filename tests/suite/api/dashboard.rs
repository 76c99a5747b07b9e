//! The built dashboard at `/`: files, deep links answered with `index.html`, cache
//! headers, and the API's own 404s left alone.

use chatdesk_tests::app::{error_code, spawn_app_with};
use reqwest::StatusCode;

const INDEX: &str =
    "<!doctype html><div id=\"root\"></div><script src=\"/assets/index-abc123.js\"></script>";
const SCRIPT: &str = "console.log('dashboard');";

fn built_dashboard() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX).unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("assets/index-abc123.js"), SCRIPT).unwrap();
    std::fs::write(dir.path().join("favicon.svg"), "<svg/>").unwrap();
    dir
}

fn cache_control(response: &reqwest::Response) -> String {
    response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn serves_the_build_with_deep_links_and_cache_headers() {
    let dist = built_dashboard();
    let path = dist.path().to_path_buf();
    let app = spawn_app_with(|s| s.server.dashboard_dir = path).await;

    let root = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(root.status(), StatusCode::OK);
    assert!(
        root.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(cache_control(&root), "no-cache");
    assert_eq!(root.text().await.unwrap(), INDEX);

    // A page of the app opened from a bookmark: the browser's router takes it from here.
    let deep = app
        .client
        .get(app.url("/products/42/edit"))
        .send()
        .await
        .unwrap();
    assert_eq!(deep.status(), StatusCode::OK);
    assert_eq!(cache_control(&deep), "no-cache");
    assert_eq!(deep.text().await.unwrap(), INDEX);

    let asset = app
        .client
        .get(app.url("/assets/index-abc123.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), StatusCode::OK);
    assert!(
        asset.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert_eq!(cache_control(&asset), "public, max-age=31536000, immutable");
    assert_eq!(asset.text().await.unwrap(), SCRIPT);

    let icon = app
        .client
        .get(app.url("/favicon.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(icon.status(), StatusCode::OK);
    assert_eq!(cache_control(&icon), "no-cache");
}

#[tokio::test]
async fn api_and_missing_files_keep_their_json_404s() {
    let dist = built_dashboard();
    let path = dist.path().to_path_buf();
    let app = spawn_app_with(|s| s.server.dashboard_dir = path).await;

    for path in [
        "/api/v1/unknown",
        "/api/v2/products",
        "/assets/missing-0000.js",
        "/widget/anything",
        "/healthz/extra",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(error_code(response).await, "route_not_found", "{path}");
    }

    // The widget script is the server's own route (whatever it answers), never the app.
    let script = app.client.get(app.url("/widget.js")).send().await.unwrap();
    assert_ne!(script.text().await.unwrap(), INDEX);

    // Writes are never the dashboard's.
    let post = app.client.post(app.url("/products")).send().await.unwrap();
    assert_eq!(post.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(post).await, "route_not_found");

    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

#[tokio::test]
async fn without_a_build_the_root_says_how_to_make_one() {
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_path_buf();
    let app = spawn_app_with(|s| s.server.dashboard_dir = path).await;

    let root = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(root.status(), StatusCode::OK);
    let page = root.text().await.unwrap();
    assert!(page.contains("make frontend"), "{page}");

    let api = app
        .client
        .get(app.url("/api/v1/unknown"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(api).await, "route_not_found");
}
