//! `ContactRepository`: one contact per person per platform per workspace, created by
//! the first message and refreshed after, with the workspace's own fields (blocked,
//! consent, notes) left alone by every upsert.

use channels::ports::ContactRepositoryError;
use channels::{
    AvatarUrl, Consent, Contact, ContactFilter, ContactId, ContactNotes, ContactPatch,
    ContactProfile, DisplayName, Locale, Platform,
};
use futures_util::future::join_all;
use kernel::PageRequest;

use super::channel_fixtures::*;

pub async fn upsert_creates_once_and_refreshes_only_the_profile(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let repo = &stores.channels.contacts;
    let mut first = upsert(ws, Platform::WhatsApp, "393331234567", Some("Giulia"));
    first.profile.locale = Some(Locale::parse("it_IT").unwrap());
    let created = repo.upsert(&first, at(0)).await.unwrap();
    assert_eq!(
        (
            created.workspace_id,
            created.platform,
            created.platform_user_id.as_str()
        ),
        (ws, Platform::WhatsApp, "393331234567")
    );
    assert_eq!(created.display_name.as_ref().unwrap().as_str(), "Giulia");
    assert_eq!(created.locale.as_ref().unwrap().as_str(), "it_IT");
    assert_eq!(
        (created.blocked, created.consent, created.notes.clone()),
        (false, Consent::Unknown, None)
    );
    assert_eq!((created.created_at, created.updated_at), (at(0), at(0)));
    assert_eq!(
        repo.get(ws, created.id).await.unwrap(),
        Some(created.clone())
    );

    // The workspace's fields...
    let patch = ContactPatch {
        blocked: Some(true),
        consent: Some(Consent::OptedIn { at: at(1) }),
        notes: Some(Some(
            ContactNotes::parse("Prefers evening delivery").unwrap(),
        )),
        ..ContactPatch::default()
    };
    let patched = repo.patch(ws, created.id, &patch, at(1)).await.unwrap();

    // ...survive a profile refresh, which changes only what the platform sent.
    let mut refresh = upsert(ws, Platform::WhatsApp, "393331234567", Some("Giulia Rossi"));
    refresh.profile.avatar_url =
        Some(AvatarUrl::parse("https://platform-lookaside.fbsbx.com/p?asid=1").unwrap());
    let refreshed = repo.upsert(&refresh, at(2)).await.unwrap();
    let expected = Contact {
        display_name: refresh.profile.display_name.clone(),
        avatar_url: refresh.profile.avatar_url.clone(),
        updated_at: at(2),
        ..patched.clone()
    };
    assert_eq!(refreshed, expected);
    assert_eq!(refreshed.locale, created.locale, "a field not sent is kept");
    assert!(refreshed.blocked);
    assert_eq!(refreshed.consent, Consent::OptedIn { at: at(1) });

    // Nothing new: nothing written, not even the update time.
    let empty = upsert(ws, Platform::WhatsApp, "393331234567", None);
    assert_eq!(repo.upsert(&empty, at(3)).await.unwrap(), expected);
    assert_eq!(repo.upsert(&refresh, at(4)).await.unwrap(), expected);

    assert_eq!(
        repo.find_by_platform_user(ws, Platform::WhatsApp, &user_id("393331234567"))
            .await
            .unwrap(),
        Some(expected)
    );
    // The same id on another platform is another person.
    assert_eq!(
        repo.find_by_platform_user(ws, Platform::Messenger, &user_id("393331234567"))
            .await
            .unwrap(),
        None
    );
    let other = repo
        .upsert(
            &upsert(ws, Platform::Messenger, "393331234567", None),
            at(5),
        )
        .await
        .unwrap();
    assert_ne!(other.id, created.id);
    assert_eq!(other.display_name, None);
}

pub async fn concurrent_upserts_of_one_person_make_one_contact(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let repo = &stores.channels.contacts;
    let first_message = upsert(ws, Platform::Messenger, "PSID-1", Some("Sara"));
    let results = join_all((0..5).map(|_| repo.upsert(&first_message, at(0)))).await;
    let ids: Vec<ContactId> = results.into_iter().map(|r| r.unwrap().id).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let page = repo
        .list(ws, &ContactFilter::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.total, 1);
}

pub async fn list_filters_and_pages_most_recently_updated_first(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let repo = &stores.channels.contacts;
    let people = [
        (Platform::WhatsApp, "391", Some("Giulia Rossi")),
        (Platform::Messenger, "PSID-2", Some("NGUYỄN Thị Hoa")),
        (Platform::Instagram, "IG-3", Some("50% Off Bot")),
        (Platform::Messenger, "PSID-4", None),
        (Platform::WhatsApp, "395", Some("giulia bianchi")),
    ];
    let mut created = Vec::new();
    for (i, (platform, user, name)) in people.into_iter().enumerate() {
        let seconds = i64::try_from(i).unwrap();
        let contact = repo
            .upsert(&upsert(ws, platform, user, name), at(seconds))
            .await
            .unwrap();
        created.push(contact);
    }
    let bot = created[2].clone();
    let blocked = repo
        .patch(
            ws,
            bot.id,
            &ContactPatch {
                blocked: Some(true),
                ..ContactPatch::default()
            },
            at(10),
        )
        .await
        .unwrap();

    let names = |contacts: &[Contact]| -> Vec<Option<String>> {
        contacts
            .iter()
            .map(|c| c.display_name.as_ref().map(|n| n.as_str().to_owned()))
            .collect()
    };
    let list = |filter: ContactFilter| async move {
        repo.list(ws, &filter, PageRequest::new(1, 100).unwrap())
            .await
            .unwrap()
    };
    let everyone = list(ContactFilter::default()).await;
    assert_eq!(everyone.total, 5);
    assert_eq!(
        names(&everyone.items),
        vec![
            Some("50% Off Bot".to_owned()),
            Some("giulia bianchi".to_owned()),
            None,
            Some("NGUYỄN Thị Hoa".to_owned()),
            Some("Giulia Rossi".to_owned()),
        ]
    );
    assert_eq!(everyone.items[0], blocked);

    let search = |text: &str| ContactFilter {
        search: Some(text.to_owned()),
        ..ContactFilter::default()
    };
    assert_eq!(
        names(&list(search("GIULIA")).await.items),
        vec![
            Some("giulia bianchi".to_owned()),
            Some("Giulia Rossi".to_owned())
        ]
    );
    assert_eq!(
        names(&list(search("nguyễn")).await.items),
        vec![Some("NGUYỄN Thị Hoa".to_owned())],
        "case is ignored beyond ASCII"
    );
    assert_eq!(
        names(&list(search("50%")).await.items),
        vec![Some("50% Off Bot".to_owned())]
    );
    assert_eq!(
        list(search("0%_")).await.total,
        0,
        "wildcards in a search are plain text"
    );
    assert_eq!(list(search("  ")).await.total, 5);

    let on_whatsapp = ContactFilter {
        platform: Some(Platform::WhatsApp),
        ..ContactFilter::default()
    };
    assert_eq!(list(on_whatsapp).await.total, 2);
    let not_blocked_giulias = ContactFilter {
        platform: Some(Platform::WhatsApp),
        blocked: Some(false),
        search: Some("rossi".to_owned()),
    };
    assert_eq!(
        names(&list(not_blocked_giulias).await.items),
        vec![Some("Giulia Rossi".to_owned())]
    );
    let blocked_only = ContactFilter {
        blocked: Some(true),
        ..ContactFilter::default()
    };
    assert_eq!(list(blocked_only).await.items, vec![blocked]);

    // Pages add up to the whole list without overlap; equal update times break by id.
    let twin = repo
        .upsert(&upsert(ws, Platform::Web, "visitor-1", None), at(1))
        .await
        .unwrap();
    let expected = list(ContactFilter::default()).await.items;
    assert_eq!(expected.len(), 6);
    let mut paged = Vec::new();
    for page in 1..=4 {
        let result = repo
            .list(
                ws,
                &ContactFilter::default(),
                PageRequest::new(page, 2).unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(result.total, 6);
        paged.extend(result.items);
    }
    assert_eq!(paged, expected);
    let tied: Vec<ContactId> = expected
        .iter()
        .filter(|c| c.updated_at == at(1))
        .map(|c| c.id)
        .collect();
    assert!(twin.id > created[1].id);
    assert_eq!(
        tied,
        vec![twin.id, created[1].id],
        "equal update times break by id, the greater first"
    );
}

pub async fn patch_changes_only_what_it_names(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let repo = &stores.channels.contacts;
    let mut first = upsert(ws, Platform::Messenger, "PSID-1", Some("Sara Cohen"));
    first.profile = ContactProfile {
        display_name: Some(DisplayName::parse("שרה כהן").unwrap()),
        avatar_url: Some(AvatarUrl::parse("https://cdn.example/sara.jpg").unwrap()),
        locale: Some(Locale::parse("he_IL").unwrap()),
    };
    let created = repo.upsert(&first, at(0)).await.unwrap();

    let opted_out = ContactPatch {
        display_name: Some(None),
        consent: Some(Consent::OptedOut { at: at(1) }),
        notes: Some(Some(
            ContactNotes::parse("Asked for no promotions.\nVIP.").unwrap(),
        )),
        ..ContactPatch::default()
    };
    let patched = repo.patch(ws, created.id, &opted_out, at(2)).await.unwrap();
    let mut expected = created.clone();
    opted_out.clone().apply_to(&mut expected, at(2));
    assert_eq!(patched, expected);
    assert_eq!(patched.display_name, None);
    assert_eq!(patched.avatar_url, created.avatar_url);
    assert_eq!(
        repo.get(ws, created.id).await.unwrap(),
        Some(expected.clone())
    );

    // A cleared name is not searchable any more.
    let search = ContactFilter {
        search: Some("שרה".to_owned()),
        ..ContactFilter::default()
    };
    assert_eq!(
        repo.list(ws, &search, PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );

    let back = ContactPatch {
        display_name: Some(Some(DisplayName::parse("Sara").unwrap())),
        consent: Some(Consent::Unknown),
        notes: Some(None),
        blocked: Some(false),
    };
    let restored = repo.patch(ws, created.id, &back, at(3)).await.unwrap();
    back.clone().apply_to(&mut expected, at(3));
    assert_eq!(restored, expected);

    // An empty patch only records that someone saved.
    let touched = repo
        .patch(ws, created.id, &ContactPatch::default(), at(4))
        .await
        .unwrap();
    assert_eq!(
        touched,
        Contact {
            updated_at: at(4),
            ..expected
        }
    );
    assert!(matches!(
        repo.patch(ws, ContactId::new(), &back, at(5)).await,
        Err(ContactRepositoryError::NotFound)
    ));
}

pub async fn contacts_of_one_workspace_are_invisible_from_another(stores: &Stores) {
    let ana = stores.workspace("ana").await;
    let bea = stores.workspace("bea").await;
    let repo = &stores.channels.contacts;
    let person = upsert(ana, Platform::WhatsApp, "393331234567", Some("Giulia"));
    let in_ana = repo.upsert(&person, at(0)).await.unwrap();
    // The same person writing to another business is another contact.
    let in_bea = repo
        .upsert(
            &upsert(bea, Platform::WhatsApp, "393331234567", None),
            at(1),
        )
        .await
        .unwrap();
    assert_ne!(in_ana.id, in_bea.id);
    assert_eq!(
        in_bea.display_name, None,
        "nothing leaks from the other workspace"
    );

    assert_eq!(repo.get(bea, in_ana.id).await.unwrap(), None);
    assert_eq!(
        repo.find_by_platform_user(bea, Platform::WhatsApp, &user_id("393331234567"))
            .await
            .unwrap(),
        Some(in_bea.clone())
    );
    let page = repo
        .list(bea, &ContactFilter::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.items, vec![in_bea]);
    let block = ContactPatch {
        blocked: Some(true),
        ..ContactPatch::default()
    };
    assert!(matches!(
        repo.patch(bea, in_ana.id, &block, at(2)).await,
        Err(ContactRepositoryError::NotFound)
    ));
    assert_eq!(repo.get(ana, in_ana.id).await.unwrap(), Some(in_ana));
}
