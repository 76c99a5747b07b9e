//! Connecting channels (direct and through OAuth), widgets, and token refreshes.

use chrono::Duration;
use kernel::WorkspaceId;

use super::tests::Mocks;
use super::*;
use crate::models::fixtures::{ReversingCipher, at, page_channel};
use crate::models::*;

fn token(raw: &str) -> AccessToken {
    AccessToken::parse(raw).unwrap()
}

fn id(raw: &str) -> PlatformAccountId {
    PlatformAccountId::parse(raw).unwrap()
}

fn request(workspace_id: WorkspaceId) -> ConnectRequest {
    ConnectRequest {
        workspace_id,
        platform: Platform::Messenger,
        account_id: id("1234567890"),
        subscribe_node: id("1234567890"),
        access_token: token("EAAGnew"),
        display_name: None,
        token_expires_at: None,
    }
}

fn platform_accepts(mocks: &mut Mocks, name: &'static str) {
    mocks
        .accounts
        .expect_account_name()
        .withf(|platform, account, token| {
            *platform == Platform::Messenger
                && account.as_str() == "1234567890"
                && token.expose() == "EAAGnew"
        })
        .times(1)
        .returning(move |_, _, _| Ok(name.to_owned()));
    mocks
        .accounts
        .expect_subscribe()
        .withf(|_, node, _| node.as_str() == "1234567890")
        .times(1)
        .returning(|_, _, _| Ok(()));
}

#[tokio::test]
async fn a_new_page_is_verified_subscribed_and_stored_with_its_token_sealed() {
    let workspace = WorkspaceId::new();
    let mut mocks = Mocks::new();
    platform_accepts(&mut mocks, "Glow Beauty ✨");
    mocks
        .channels
        .expect_find_by_account()
        .returning(|_, _| Ok(None));
    mocks
        .channels
        .expect_create()
        .withf(move |c| {
            c.workspace_id == workspace
                && c.display_name.as_str() == "Glow Beauty ✨"
                && c.credentials.ciphertext() == "enc:wenGAAE"
                && c.status == ChannelStatus::Active
        })
        .times(1)
        .returning(|_| Ok(()));
    let connected = mocks
        .service(at(0))
        .connect(request(workspace))
        .await
        .unwrap();
    assert!(!connected.reconnected);
    assert_eq!(connected.channel.channel.account_id.as_str(), "1234567890");
}

#[tokio::test]
async fn connecting_an_account_again_reconnects_and_another_workspace_is_refused() {
    let mut existing = page_channel();
    existing.status = ChannelStatus::ReconnectRequired;
    let workspace = existing.workspace_id;
    let mut mocks = Mocks::new();
    platform_accepts(&mut mocks, "Glow");
    let found = existing.clone();
    mocks
        .channels
        .expect_find_by_account()
        .returning(move |_, _| Ok(Some(found.clone())));
    let channel_id = existing.id;
    mocks
        .channels
        .expect_update()
        .withf(move |c| {
            c.id == channel_id
                && c.status == ChannelStatus::Active
                && c.credentials.ciphertext() == "enc:wenGAAE"
        })
        .times(1)
        .returning(|_| Ok(()));
    let connected = mocks
        .service(at(1))
        .connect(request(workspace))
        .await
        .unwrap();
    assert!(connected.reconnected);
    assert_eq!(connected.channel.channel.id, channel_id);

    let mut mocks = Mocks::new();
    mocks.accounts.expect_account_name().times(0);
    mocks.accounts.expect_subscribe().times(0);
    let found = existing.clone();
    mocks
        .channels
        .expect_find_by_account()
        .returning(move |_, _| Ok(Some(found.clone())));
    mocks.channels.expect_update().times(0);
    let taken = mocks
        .service(at(1))
        .connect(request(WorkspaceId::new()))
        .await
        .unwrap_err();
    assert!(matches!(
        taken,
        ChannelError::AccountTaken(Platform::Messenger)
    ));
}

#[tokio::test]
async fn a_refused_token_stores_nothing() {
    let mut mocks = Mocks::new();
    mocks
        .channels
        .expect_find_by_account()
        .returning(|_, _| Ok(None));
    mocks.accounts.expect_account_name().returning(|_, _, _| {
        Err(SendFailure::InvalidToken {
            reason: FailureReason::new("Invalid OAuth access token"),
        })
    });
    mocks.accounts.expect_subscribe().times(0);
    mocks.channels.expect_create().times(0);
    let error = mocks
        .service(at(0))
        .connect(request(WorkspaceId::new()))
        .await
        .unwrap_err();
    assert!(matches!(error, ChannelError::InvalidToken(m) if m.contains("Invalid OAuth")));
}

#[tokio::test]
async fn a_widget_gets_a_public_key_and_keeps_its_origins_sealed() {
    let mut mocks = Mocks::new();
    mocks
        .channels
        .expect_create()
        .withf(|c| {
            c.platform == Platform::Web
                && c.account_id.as_str().starts_with("wk_")
                && c.credentials.ciphertext().starts_with("enc:")
        })
        .times(1)
        .returning(|_| Ok(()));
    let config =
        WidgetConfig::new(vec![WidgetOrigin::parse("https://shop.example").unwrap()]).unwrap();
    let view = mocks
        .service(at(0))
        .create_widget(
            WorkspaceId::new(),
            ChannelName::parse("Website").unwrap(),
            config.clone(),
        )
        .await
        .unwrap();
    assert_eq!(view.widget, Some(config.clone()));
    assert_eq!(
        WidgetConfig::open(&view.channel.credentials, &ReversingCipher).unwrap(),
        config
    );
}

fn managed(page: &str, ig: Option<&str>) -> crate::ports::ManagedPage {
    crate::ports::ManagedPage {
        id: id(page),
        name: format!("Page {page}"),
        access_token: token(&format!("PAGE_{page}")),
        instagram_account_id: ig.map(id),
    }
}

#[tokio::test]
async fn oauth_with_several_pages_asks_then_connects_the_chosen_one() {
    let workspace = WorkspaceId::new();
    let mut mocks = Mocks::new();
    mocks
        .accounts
        .expect_exchange_code()
        .withf(|code, uri| code == "CODE" && uri == "https://app.example/cb")
        .times(1)
        .returning(|_, _| {
            Ok(crate::ports::IssuedToken {
                token: token("USER_LONG"),
                expires_in_seconds: Some(5_184_000),
            })
        });
    mocks
        .accounts
        .expect_pages()
        .withf(|t| t.expose() == "USER_LONG")
        .times(2)
        .returning(|_| Ok(vec![managed("111", None), managed("222", Some("17841"))]));
    mocks
        .accounts
        .expect_account_name()
        .withf(|platform, account, token| {
            *platform == Platform::Instagram
                && account.as_str() == "17841"
                && token.expose() == "PAGE_222"
        })
        .returning(|_, _, _| Ok("glow.beauty".into()));
    mocks
        .accounts
        .expect_subscribe()
        .withf(|_, node, _| node.as_str() == "222")
        .times(1)
        .returning(|_, _, _| Ok(()));
    mocks
        .channels
        .expect_find_by_account()
        .returning(|_, _| Ok(None));
    mocks
        .channels
        .expect_create()
        .times(1)
        .returning(|_| Ok(()));
    let service = mocks.service(at(0));

    let asked = service
        .connect_oauth(
            workspace,
            Platform::Messenger,
            OAuthSource::Code {
                code: "CODE".into(),
                redirect_uri: "https://app.example/cb".into(),
            },
            None,
        )
        .await
        .unwrap();
    let OAuthOutcome::ChoosePage {
        pages, selection, ..
    } = asked
    else {
        panic!("expected a choice");
    };
    assert_eq!(pages.len(), 2);
    assert!(
        !selection.contains("USER_LONG"),
        "the user token stays sealed"
    );

    let connected = service
        .connect_oauth(
            workspace,
            Platform::Instagram,
            OAuthSource::Selection(selection),
            Some(id("222")),
        )
        .await
        .unwrap();
    let OAuthOutcome::Connected(connected) = connected else {
        panic!("expected a connection");
    };
    assert_eq!(connected.channel.channel.account_id.as_str(), "17841");
    assert_eq!(connected.channel.channel.platform, Platform::Instagram);
}

#[tokio::test]
async fn an_expired_or_forged_selection_is_refused() {
    let service = Mocks::new().service(at(0));
    let forged = service
        .connect_oauth(
            WorkspaceId::new(),
            Platform::Messenger,
            OAuthSource::Selection("enc:nekot".into()),
            Some(id("1")),
        )
        .await
        .unwrap_err();
    assert!(matches!(forged, ChannelError::SelectionExpired));
}

fn instagram_channel(expires_at: chrono::DateTime<chrono::Utc>) -> Channel {
    let mut channel = page_channel();
    channel.platform = Platform::Instagram;
    channel.credentials = Credentials::seal(&ReversingCipher, &token("IGOLD")).unwrap();
    channel.token_expires_at = Some(expires_at);
    channel
}

#[tokio::test]
async fn a_token_in_its_last_week_is_refreshed_and_the_next_refresh_scheduled() {
    let expiry = at(24 * 60);
    let channel = instagram_channel(expiry);
    let now = expiry - Duration::days(3);
    let mut mocks = Mocks::new();
    let found = channel.clone();
    mocks
        .channels
        .expect_get()
        .returning(move |_, _| Ok(Some(found.clone())));
    mocks
        .accounts
        .expect_refresh_instagram_token()
        .withf(|t| t.expose() == "IGOLD")
        .times(1)
        .returning(|_| {
            Ok(crate::ports::IssuedToken {
                token: token("IGNEW"),
                expires_in_seconds: Some(60 * 86_400),
            })
        });
    let new_expiry = now + Duration::days(60);
    mocks
        .channels
        .expect_update()
        .withf(move |c| {
            c.credentials.ciphertext() == "enc:WENGI" && c.token_expires_at == Some(new_expiry)
        })
        .times(1)
        .returning(|_| Ok(()));
    let jobs = mocks.jobs.clone();
    let outcome = mocks
        .service(now)
        .refresh_token(
            channel.workspace_id,
            RefreshJob {
                channel_id: channel.id,
                expires_at: expiry,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        outcome,
        RefreshOutcome::Refreshed {
            expires_at: Some(new_expiry)
        }
    );
    let queued = jobs.0.lock().unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].kind, REFRESH_TOKEN_JOB);
    assert_eq!(queued[0].run_at, new_expiry - Duration::days(7));
    assert_eq!(
        parse_refresh_job_payload(&queued[0].payload).map(|j| j.expires_at),
        Some(new_expiry)
    );
}

#[tokio::test]
async fn refresh_failures_retry_tomorrow_or_ask_for_a_reconnect_and_stale_jobs_stop() {
    let expiry = at(24 * 60);
    let channel = instagram_channel(expiry);
    let now = expiry - Duration::days(3);
    let job = RefreshJob {
        channel_id: channel.id,
        expires_at: expiry,
    };

    // The platform is down: try again tomorrow.
    let mut mocks = Mocks::new();
    let found = channel.clone();
    mocks
        .channels
        .expect_get()
        .returning(move |_, _| Ok(Some(found.clone())));
    mocks
        .accounts
        .expect_refresh_instagram_token()
        .returning(|_| Err(SendFailure::transient("HTTP 503")));
    let jobs = mocks.jobs.clone();
    let outcome = mocks
        .service(now)
        .refresh_token(channel.workspace_id, job)
        .await
        .unwrap();
    assert!(matches!(outcome, RefreshOutcome::RetryTomorrow(_)));
    assert_eq!(jobs.0.lock().unwrap()[0].run_at, now + Duration::hours(24));

    // The token was revoked: reconnect required, owner alerted.
    let mut mocks = Mocks::new();
    let found = channel.clone();
    mocks
        .channels
        .expect_get()
        .returning(move |_, _| Ok(Some(found.clone())));
    mocks
        .accounts
        .expect_refresh_instagram_token()
        .returning(|_| {
            Err(SendFailure::InvalidToken {
                reason: FailureReason::new("revoked"),
            })
        });
    mocks
        .channels
        .expect_set_status()
        .withf(|_, _, status, _| *status == ChannelStatus::ReconnectRequired)
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    let alerts = mocks.alerts.clone();
    let outcome = mocks
        .service(now)
        .refresh_token(channel.workspace_id, job)
        .await
        .unwrap();
    assert!(matches!(outcome, RefreshOutcome::Refused(_)));
    assert_eq!(alerts.0.lock().unwrap().len(), 1);

    // Reconnected since: the job is stale and does nothing.
    let mut mocks = Mocks::new();
    let mut reconnected = channel.clone();
    reconnected.token_expires_at = Some(expiry + Duration::days(30));
    mocks
        .channels
        .expect_get()
        .returning(move |_, _| Ok(Some(reconnected.clone())));
    mocks.accounts.expect_refresh_instagram_token().times(0);
    let jobs = mocks.jobs.clone();
    let outcome = mocks
        .service(now)
        .refresh_token(channel.workspace_id, job)
        .await
        .unwrap();
    assert_eq!(outcome, RefreshOutcome::Stale);
    assert!(jobs.0.lock().unwrap().is_empty());
}
