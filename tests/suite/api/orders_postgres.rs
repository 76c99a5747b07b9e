//! The orders API on PostgreSQL: placing orders (numbered from the workspace's counter),
//! the list's filters and pages, and a status change, on a fresh database (skipped when
//! PostgreSQL is unreachable outside CI, a failure in CI).

use chatdesk_tests::app::spawn_app_on_postgres;

use super::orders;

#[tokio::test]
async fn the_order_list_filters_and_pages_on_postgres() {
    let Some(app) = spawn_app_on_postgres().await else {
        return;
    };
    orders::list_filters_and_pages(&app).await;
}
