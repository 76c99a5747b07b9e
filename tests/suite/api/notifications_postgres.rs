//! The notifications API on PostgreSQL: an order captured reaches the feed and the
//! owner's email, on a fresh database (skipped when PostgreSQL is unreachable outside
//! CI, a failure in CI).

use chatdesk_tests::app::spawn_app_on_postgres;

use super::notifications;

#[tokio::test]
async fn an_order_captured_reaches_the_feed_and_the_owners_email_on_postgres() {
    let Some(app) = spawn_app_on_postgres().await else {
        return;
    };
    notifications::order_captured_reaches_feed_and_email(&app).await;
}
