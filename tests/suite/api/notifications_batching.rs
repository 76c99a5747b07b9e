//! "New message" batching over the real store and the real email adapter: fifty
//! customer messages within five minutes become exactly one summary email in the
//! app's `.eml` outbox. The service runs on the app's database with a `ManualClock`
//! set a day ahead, so the app's own background sender (on the real clock) never finds
//! these batches due and cannot race the test.

use std::str::FromStr;
use std::sync::Arc;

use chatdesk_server::notifications_adapters::MemberRecipients;
use chatdesk_tests::app::spawn_app;
use chrono::Duration;
use kernel::{ManualClock, PageRequest, WorkspaceId};
use notifications::MemberId;
use notifications::service::{NotificationPorts, NotificationService};
use notifications::templates::{Links, MessagePreview};
use notify::EmailNotifier;

#[tokio::test]
async fn fifty_new_messages_in_five_minutes_make_exactly_one_email() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.test", "Glow Beauty").await;
    let workspace_id = WorkspaceId::from_str(&owner.workspace_id).unwrap();
    let db = store::connect(&app.database_url()).await.unwrap();
    let clock = Arc::new(ManualClock::new(chrono::Utc::now() + Duration::days(1)));
    let mailer = Arc::new(
        notify::FileOutboxMailer::new(
            app.data_dir.join("outbox"),
            "ChatDesk <no-reply@chatdesk.test>",
        )
        .unwrap(),
    );
    let service = NotificationService::new(
        NotificationPorts {
            repository: Arc::new(store::SeaOrmNotificationRepository::new(db.clone())),
            recipients: Arc::new(MemberRecipients::new(
                store::IdentityRepositories::sea_orm(db.clone()).members,
            )),
            notifiers: vec![Arc::new(EmailNotifier::new(mailer))],
            clock: clock.clone(),
        },
        Links::new("http://localhost:8080"),
    );

    for i in 0..50 {
        service
            .new_message(
                workspace_id,
                MessagePreview {
                    conversation_id: uuid::Uuid::now_v7(),
                    customer_name: format!("Customer {i}"),
                    text: format!("hola {i}"),
                },
            )
            .await
            .unwrap();
        clock.advance(Duration::seconds(5));
        assert_eq!(service.flush_batches().await.unwrap(), 0);
        assert_eq!(service.deliver_due(100).await.unwrap().sent, 0);
    }

    clock.advance(Duration::minutes(1));
    assert_eq!(service.flush_batches().await.unwrap(), 1);
    assert_eq!(service.deliver_due(100).await.unwrap().sent, 1);
    // Nothing is left to send.
    assert_eq!(service.flush_batches().await.unwrap(), 0);
    assert_eq!(service.deliver_due(100).await.unwrap().sent, 0);

    let summaries: Vec<String> = app
        .emails()
        .into_iter()
        .filter(|e| e.contains("new messages waiting"))
        .collect();
    assert_eq!(summaries.len(), 1);
    let email = &summaries[0];
    assert!(email.contains("To: ana@glow.test"), "{email}");
    assert!(
        email.contains("Subject: 50 new messages waiting"),
        "{email}"
    );
    assert!(email.contains("Customer 0: \"hola 0\""), "{email}");
    assert!(email.contains("... and 40 more"), "{email}");
    assert!(
        email.contains("http://localhost:8080/conversations"),
        "{email}"
    );

    let member = MemberId::from_str(&owner.user_id).unwrap();
    let feed = service
        .feed(workspace_id, member, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(feed.page.total, 1);
    assert_eq!(feed.page.items[0].title, "50 new messages waiting");
}
