//! `ChannelRepository`: connected accounts, routed by platform account across
//! workspaces, connected once among channels that are not disconnected.

use channels::ports::ChannelRepositoryError;
use channels::{ChannelId, ChannelName, ChannelStatus, Credentials, Platform};

use super::channel_fixtures::*;

pub async fn channel_round_trips_and_is_listed_oldest_first(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let repo = &stores.channels.channels;
    let newer = channel(ws, Platform::WhatsApp, "106540352242922", 5);
    let older = channel(ws, Platform::Messenger, "PAGE1", 0);
    let mut web = channel(ws, Platform::Web, "widget-1", 9);
    web.token_expires_at = None;
    web.last_message_at = Some(at(3));
    for c in [&newer, &older, &web] {
        repo.create(c).await.unwrap();
    }
    assert_eq!(repo.get(ws, older.id).await.unwrap(), Some(older.clone()));
    assert_eq!(repo.get(ws, web.id).await.unwrap(), Some(web.clone()));
    assert_eq!(
        repo.list(ws).await.unwrap(),
        vec![older.clone(), newer.clone(), web]
    );
    assert_eq!(repo.get(ws, ChannelId::new()).await.unwrap(), None);

    // Reconnecting writes every field over.
    let mut reconnected = newer.clone();
    reconnected.display_name = ChannelName::parse("+39 333 123 4567").unwrap();
    reconnected.status = ChannelStatus::ReconnectRequired;
    reconnected.reconnect(Credentials::from_ciphertext("enc:new".into()), None, at(20));
    reconnected.last_message_at = Some(at(19));
    repo.update(&reconnected).await.unwrap();
    assert_eq!(repo.get(ws, newer.id).await.unwrap(), Some(reconnected));

    let ghost = channel(ws, Platform::Instagram, "IG-GHOST", 0);
    assert!(matches!(
        repo.update(&ghost).await,
        Err(ChannelRepositoryError::NotFound)
    ));
}

pub async fn find_by_account_routes_whatever_the_workspace(stores: &Stores) {
    let ana = stores.workspace("ana").await;
    let bea = stores.workspace("bea").await;
    let repo = &stores.channels.channels;
    let page = stores.channel(ana, Platform::Messenger, "PAGE1").await;
    let number = stores.channel(bea, Platform::WhatsApp, "PHONE1").await;

    assert_eq!(
        repo.find_by_account(Platform::Messenger, &account("PAGE1"))
            .await
            .unwrap(),
        Some(page)
    );
    assert_eq!(
        repo.find_by_account(Platform::WhatsApp, &account("PHONE1"))
            .await
            .unwrap(),
        Some(number)
    );
    // The same id on another platform is another account.
    assert_eq!(
        repo.find_by_account(Platform::Instagram, &account("PAGE1"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        repo.find_by_account(Platform::Messenger, &account("PAGE2"))
            .await
            .unwrap(),
        None
    );
}

pub async fn an_account_is_connected_once_among_live_channels(stores: &Stores) {
    let ana = stores.workspace("ana").await;
    let bea = stores.workspace("bea").await;
    let repo = &stores.channels.channels;
    let first = stores.channel(ana, Platform::Messenger, "PAGE1").await;

    let taken = channel(bea, Platform::Messenger, "PAGE1", 1);
    assert!(matches!(
        repo.create(&taken).await,
        Err(ChannelRepositoryError::AccountTaken(Platform::Messenger))
    ));
    // In the same workspace too, and whatever its status but disconnected.
    let mut again = channel(ana, Platform::Messenger, "PAGE1", 1);
    again.status = ChannelStatus::ReconnectRequired;
    assert!(matches!(
        repo.create(&again).await,
        Err(ChannelRepositoryError::AccountTaken(Platform::Messenger))
    ));
    assert_eq!(repo.get(bea, taken.id).await.unwrap(), None);
    // The same id on another platform is free.
    stores.channel(bea, Platform::Instagram, "PAGE1").await;

    // Disconnecting gives the account back.
    repo.set_status(ana, first.id, ChannelStatus::Disconnected, at(2))
        .await
        .unwrap();
    assert_eq!(
        repo.find_by_account(Platform::Messenger, &account("PAGE1"))
            .await
            .unwrap()
            .map(|c| c.id),
        Some(first.id),
        "a disconnected channel is still found while no other holds the account"
    );
    repo.create(&taken).await.unwrap();
    assert_eq!(
        repo.find_by_account(Platform::Messenger, &account("PAGE1"))
            .await
            .unwrap(),
        Some(taken.clone()),
        "the connected channel wins over the disconnected one"
    );

    // Reconnecting the old channel would make two: refused, by either write.
    assert!(matches!(
        repo.set_status(ana, first.id, ChannelStatus::Active, at(3))
            .await,
        Err(ChannelRepositoryError::AccountTaken(Platform::Messenger))
    ));
    let mut revived = repo.get(ana, first.id).await.unwrap().unwrap();
    assert_eq!(revived.status, ChannelStatus::Disconnected);
    revived.reconnect(Credentials::from_ciphertext("enc:x".into()), None, at(3));
    assert!(matches!(
        repo.update(&revived).await,
        Err(ChannelRepositoryError::AccountTaken(Platform::Messenger))
    ));

    // With both disconnected, the one disconnected last is found.
    repo.set_status(bea, taken.id, ChannelStatus::Disconnected, at(4))
        .await
        .unwrap();
    assert_eq!(
        repo.find_by_account(Platform::Messenger, &account("PAGE1"))
            .await
            .unwrap()
            .map(|c| (c.id, c.status)),
        Some((taken.id, ChannelStatus::Disconnected))
    );
    repo.set_status(ana, first.id, ChannelStatus::Active, at(5))
        .await
        .unwrap();
    assert_eq!(
        repo.find_by_account(Platform::Messenger, &account("PAGE1"))
            .await
            .unwrap()
            .map(|c| c.id),
        Some(first.id)
    );
}

pub async fn status_changes_and_last_message_only_moves_forward(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let repo = &stores.channels.channels;
    let created = stores.channel(ws, Platform::Messenger, "PAGE1").await;

    repo.set_status(ws, created.id, ChannelStatus::ReconnectRequired, at(7))
        .await
        .unwrap();
    let found = repo.get(ws, created.id).await.unwrap().unwrap();
    assert_eq!(
        (found.status, found.updated_at),
        (ChannelStatus::ReconnectRequired, at(7))
    );
    assert!(matches!(
        repo.set_status(ws, ChannelId::new(), ChannelStatus::Active, at(8))
            .await,
        Err(ChannelRepositoryError::NotFound)
    ));

    let last = |c: channels::Channel| (c.last_message_at, c.updated_at);
    repo.touch_last_message(ws, created.id, at(10))
        .await
        .unwrap();
    assert_eq!(
        last(repo.get(ws, created.id).await.unwrap().unwrap()),
        (Some(at(10)), at(7)),
        "activity is not an edit"
    );
    repo.touch_last_message(ws, created.id, at(5))
        .await
        .unwrap();
    repo.touch_last_message(ws, created.id, at(10))
        .await
        .unwrap();
    assert_eq!(
        repo.get(ws, created.id)
            .await
            .unwrap()
            .unwrap()
            .last_message_at,
        Some(at(10)),
        "an earlier instant never moves it back"
    );
    repo.touch_last_message(ws, created.id, at(20))
        .await
        .unwrap();
    assert_eq!(
        repo.get(ws, created.id)
            .await
            .unwrap()
            .unwrap()
            .last_message_at,
        Some(at(20))
    );
    assert!(matches!(
        repo.touch_last_message(ws, ChannelId::new(), at(30)).await,
        Err(ChannelRepositoryError::NotFound)
    ));
}

pub async fn channels_of_one_workspace_are_invisible_from_another(stores: &Stores) {
    let ana = stores.workspace("ana").await;
    let bea = stores.workspace("bea").await;
    let repo = &stores.channels.channels;
    let page = stores.channel(ana, Platform::Messenger, "PAGE1").await;

    assert_eq!(repo.get(bea, page.id).await.unwrap(), None);
    assert_eq!(repo.list(bea).await.unwrap(), Vec::new());
    let mut hijacked = page.clone();
    hijacked.workspace_id = bea;
    hijacked.display_name = ChannelName::parse("Mine now").unwrap();
    assert!(matches!(
        repo.update(&hijacked).await,
        Err(ChannelRepositoryError::NotFound)
    ));
    assert!(matches!(
        repo.set_status(bea, page.id, ChannelStatus::Disconnected, at(1))
            .await,
        Err(ChannelRepositoryError::NotFound)
    ));
    assert!(matches!(
        repo.touch_last_message(bea, page.id, at(1)).await,
        Err(ChannelRepositoryError::NotFound)
    ));
    assert_eq!(repo.get(ana, page.id).await.unwrap(), Some(page.clone()));
    assert_eq!(repo.list(ana).await.unwrap(), vec![page]);
}
