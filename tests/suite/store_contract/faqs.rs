//! `KnowledgeRepository`, FAQs: questions unique per workspace (by dedupe key), lists
//! filtered and paged newest first, imports written whole or not at all.

use std::collections::HashMap;

use chrono::TimeDelta;
use kernel::{PageRequest, WorkspaceId};
use knowledge::{
    Faq, FaqAnswer, FaqCategory, FaqFilter, FaqId, FaqPriority, FaqQuestion, FaqTags,
    KnowledgeRepository, KnowledgeRepositoryError, NewFaq,
};

use super::catalog_fixtures::Stores;
use super::fixtures::at;

/// An active, medium-priority FAQ created `seconds_from_now`.
pub fn faq(workspace_id: WorkspaceId, question: &str, seconds_from_now: i64) -> Faq {
    Faq::new(
        workspace_id,
        NewFaq::new(
            FaqQuestion::parse(question).unwrap(),
            FaqAnswer::parse(&format!("The answer to: {question}")).unwrap(),
        ),
        at(seconds_from_now),
    )
}

fn everything(workspace_id: WorkspaceId) -> Faq {
    let mut faq = faq(workspace_id, "¿Hacen envíos a Milán?", 0);
    faq.answer = FaqAnswer::parse("Sí.\n1. Pide online\n2. Recibe en 2 días").unwrap();
    faq.category = Some(FaqCategory::parse("Envíos").unwrap());
    faq.tags = FaqTags::parse_list("milan, shipping, ITALIA").unwrap();
    faq.priority = FaqPriority::High;
    faq.active = false;
    faq.updated_at = at(30);
    faq
}

async fn all_faqs(repo: &dyn KnowledgeRepository, ws: WorkspaceId) -> Vec<Faq> {
    repo.list_faqs(ws, &FaqFilter::default(), PageRequest::new(1, 100).unwrap())
        .await
        .unwrap()
        .items
}

pub async fn faq_round_trips_every_field(stores: &Stores, repo: &dyn KnowledgeRepository) {
    let ws = stores.workspace("ana").await;
    let full = everything(ws);
    let bare = faq(ws, "Do you ship to Rome?", 1);
    repo.create_faq(&full).await.unwrap();
    repo.create_faq(&bare).await.unwrap();
    assert_eq!(repo.get_faq(ws, full.id).await.unwrap(), Some(full));
    assert_eq!(repo.get_faq(ws, bare.id).await.unwrap(), Some(bare));
    assert_eq!(repo.get_faq(ws, FaqId::new()).await.unwrap(), None);
}

pub async fn update_overwrites_every_field_but_the_creation_time(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let original = faq(ws, "Do you ship to Milan?", 0);
    repo.create_faq(&original).await.unwrap();

    let mut changed = everything(ws);
    changed.id = original.id;
    changed.created_at = at(-3_600);
    repo.update_faq(&changed).await.unwrap();
    let stored = repo.get_faq(ws, original.id).await.unwrap().unwrap();
    assert_eq!(
        stored,
        Faq {
            created_at: original.created_at,
            ..changed
        }
    );
    assert_eq!(
        repo.faq_keys(ws).await.unwrap(),
        HashMap::from([(stored.dedupe_key(), stored.id)]),
        "the dedupe key follows the new question"
    );

    let ghost = faq(ws, "Is this stored anywhere?", 0);
    assert_eq!(
        repo.update_faq(&ghost).await,
        Err(KnowledgeRepositoryError::FaqNotFound)
    );
}

pub async fn questions_are_unique_per_workspace_by_dedupe_key(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let other_ws = stores.workspace("bea").await;
    let refunds = faq(ws, "What is your refund policy?", 0);
    let shipping = faq(ws, "Do you ship to Milan?", 1);
    repo.create_faq(&refunds).await.unwrap();
    repo.create_faq(&shipping).await.unwrap();

    assert_eq!(
        repo.create_faq(&faq(ws, "what's your REFUND policy", 2))
            .await,
        Err(KnowledgeRepositoryError::DuplicateFaq(refunds.id))
    );
    // The same FAQ written twice is its own duplicate.
    assert_eq!(
        repo.create_faq(&refunds).await,
        Err(KnowledgeRepositoryError::DuplicateFaq(refunds.id))
    );
    let mut clash = shipping.clone();
    clash.question = FaqQuestion::parse("Refund policy?").unwrap();
    assert_eq!(
        repo.update_faq(&clash).await,
        Err(KnowledgeRepositoryError::DuplicateFaq(refunds.id))
    );
    assert_eq!(
        repo.get_faq(ws, shipping.id).await.unwrap(),
        Some(shipping.clone())
    );
    // Keeping one's own question is no clash.
    let mut reworded = refunds.clone();
    reworded.question = FaqQuestion::parse("Your refund policy?").unwrap();
    repo.update_faq(&reworded).await.unwrap();
    // Another workspace may ask the same.
    repo.create_faq(&faq(other_ws, "What is your refund policy?", 0))
        .await
        .unwrap();
    assert_eq!(all_faqs(repo, ws).await.len(), 2);
}

/// Two sellers (or two imports) racing with the same question store it once.
pub async fn concurrent_creates_of_one_question_store_it_once(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let first = faq(ws, "Do you ship to Milan?", 0);
    let second = faq(ws, "do you SHIP to milan", 0);
    let (a, b) = tokio::join!(repo.create_faq(&first), repo.create_faq(&second));
    let outcomes = [a, b];
    assert_eq!(
        outcomes.iter().filter(|r| r.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    let stored = all_faqs(repo, ws).await;
    assert_eq!(stored.len(), 1);
    let loser = outcomes.iter().find_map(|r| r.clone().err()).unwrap();
    assert_eq!(loser, KnowledgeRepositoryError::DuplicateFaq(stored[0].id));
}

pub async fn list_filters_by_category_activity_and_words(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let mut milan = faq(ws, "Do you ship to Milan?", 0);
    milan.category = Some(FaqCategory::parse("Shipping").unwrap());
    milan.answer = FaqAnswer::parse("Yes, by courier in 2 days.").unwrap();
    let mut rome = faq(ws, "Do you ship to Rome?", 1);
    rome.category = Some(FaqCategory::parse("shipping").unwrap());
    rome.active = false;
    let mut refunds = faq(ws, "Can I get a refund on a crème?", 2);
    refunds.category = Some(FaqCategory::parse("Returns").unwrap());
    refunds.answer = FaqAnswer::parse("Within 14 days, by COURIER pickup.").unwrap();
    let uncategorised = faq(ws, "Are your products vegan?", 3);
    for f in [&milan, &rome, &refunds, &uncategorised] {
        repo.create_faq(f).await.unwrap();
    }
    let ids = |filter: FaqFilter| async move {
        repo.list_faqs(ws, &filter, PageRequest::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|f| f.id)
            .collect::<Vec<_>>()
    };

    let by_category = FaqFilter {
        category: Some(" SHIPPING ".to_owned()),
        ..FaqFilter::default()
    };
    assert_eq!(ids(by_category).await, vec![rome.id, milan.id]);
    let active_shipping = FaqFilter {
        category: Some("shipping".to_owned()),
        active: Some(true),
        ..FaqFilter::default()
    };
    assert_eq!(ids(active_shipping).await, vec![milan.id]);
    let inactive = FaqFilter {
        active: Some(false),
        ..FaqFilter::default()
    };
    assert_eq!(ids(inactive).await, vec![rome.id]);
    // Words match in the question or the answer, ignoring case and accents; every
    // word must match.
    let courier = FaqFilter {
        search: Some("Courier".to_owned()),
        ..FaqFilter::default()
    };
    assert_eq!(ids(courier).await, vec![refunds.id, milan.id]);
    let two_words = FaqFilter {
        search: Some("courier milan".to_owned()),
        ..FaqFilter::default()
    };
    assert_eq!(ids(two_words).await, vec![milan.id]);
    let accented = FaqFilter {
        search: Some("CREME".to_owned()),
        ..FaqFilter::default()
    };
    assert_eq!(ids(accented).await, vec![refunds.id]);
    let wildcard = FaqFilter {
        search: Some("100%_".to_owned()),
        ..FaqFilter::default()
    };
    assert_eq!(ids(wildcard).await, Vec::<FaqId>::new());
    let nothing = FaqFilter {
        category: Some("Payments".to_owned()),
        ..FaqFilter::default()
    };
    assert_eq!(ids(nothing).await, Vec::<FaqId>::new());
}

pub async fn list_pages_are_newest_first_without_overlap(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let base = at(0);
    let mut created: Vec<Faq> = Vec::new();
    for (i, question) in [
        "Do you ship to Milan?",
        "Do you ship to Rome?",
        "Do you ship to Naples?",
        "Do you ship to Turin?",
        "Do you ship to Bari?",
    ]
    .into_iter()
    .enumerate()
    {
        // Two pairs share a creation time exactly: the id breaks the tie.
        let mut f = faq(ws, question, 0);
        f.created_at = base + TimeDelta::seconds(i as i64 / 2);
        repo.create_faq(&f).await.unwrap();
        created.push(f);
    }
    created.sort_by_key(|f| std::cmp::Reverse((f.created_at, f.id)));

    let mut listed = Vec::new();
    for (page, expected_len) in [(1, 2), (2, 2), (3, 1), (4, 0)] {
        let result = repo
            .list_faqs(
                ws,
                &FaqFilter::default(),
                PageRequest::new(page, 2).unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(result.total, 5);
        assert_eq!(result.items.len(), expected_len, "page {page}");
        listed.extend(result.items);
    }
    assert_eq!(listed, created);
}

pub async fn delete_removes_the_faq_and_frees_its_question(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let milan = faq(ws, "Do you ship to Milan?", 0);
    let rome = faq(ws, "Do you ship to Rome?", 1);
    repo.create_faq(&milan).await.unwrap();
    repo.create_faq(&rome).await.unwrap();

    repo.delete_faq(ws, milan.id).await.unwrap();
    assert_eq!(repo.get_faq(ws, milan.id).await.unwrap(), None);
    assert_eq!(
        repo.delete_faq(ws, milan.id).await,
        Err(KnowledgeRepositoryError::FaqNotFound)
    );
    assert_eq!(all_faqs(repo, ws).await, vec![rome.clone()]);
    assert_eq!(
        repo.faq_keys(ws).await.unwrap(),
        HashMap::from([(rome.dedupe_key(), rome.id)])
    );
    repo.create_faq(&faq(ws, "Do you ship to MILAN", 2))
        .await
        .unwrap();
}

pub async fn faq_keys_map_every_question_to_its_faq(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    assert_eq!(repo.faq_keys(ws).await.unwrap(), HashMap::new());
    let refunds = faq(ws, "What is your refund policy?", 0);
    let milan = faq(ws, "Do you ship to Milan?", 1);
    repo.create_faq(&refunds).await.unwrap();
    repo.create_faq(&milan).await.unwrap();
    assert_eq!(
        repo.faq_keys(ws).await.unwrap(),
        HashMap::from([
            ("refund policy".to_owned(), refunds.id),
            ("ship milan".to_owned(), milan.id),
        ])
    );
}

pub async fn save_faq_import_writes_created_and_updated_together(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let milan = faq(ws, "Do you ship to Milan?", 0);
    let rome = faq(ws, "Do you ship to Rome?", 1);
    let refunds = faq(ws, "What is your refund policy?", 2);
    for f in [&milan, &rome, &refunds] {
        repo.create_faq(f).await.unwrap();
    }

    // Milan and Rome swap questions; a new FAQ takes the question Refunds gives up.
    let mut new_milan = milan.clone();
    new_milan.question = rome.question.clone();
    new_milan.updated_at = at(60);
    let mut new_rome = rome.clone();
    new_rome.question = milan.question.clone();
    new_rome.priority = FaqPriority::Low;
    let mut new_refunds = refunds.clone();
    new_refunds.question = FaqQuestion::parse("How do returns work?").unwrap();
    // The creation time a caller passes for an update is not taken.
    new_refunds.created_at = at(-999);
    let taker = faq(ws, "Refund policy?", 3);
    let bulk: Vec<Faq> = (0..300)
        .map(|i| faq(ws, &format!("Question number {i}?"), 4))
        .collect();
    let mut created = vec![taker.clone()];
    created.extend(bulk.iter().cloned());

    repo.save_faq_import(
        ws,
        &created,
        &[new_milan.clone(), new_rome.clone(), new_refunds.clone()],
    )
    .await
    .unwrap();

    assert_eq!(repo.get_faq(ws, milan.id).await.unwrap(), Some(new_milan));
    assert_eq!(repo.get_faq(ws, rome.id).await.unwrap(), Some(new_rome));
    assert_eq!(
        repo.get_faq(ws, refunds.id).await.unwrap(),
        Some(Faq {
            created_at: refunds.created_at,
            ..new_refunds
        })
    );
    assert_eq!(repo.get_faq(ws, taker.id).await.unwrap(), Some(taker));
    assert_eq!(repo.faq_keys(ws).await.unwrap().len(), 304);
    repo.save_faq_import(ws, &[], &[]).await.unwrap();
}

pub async fn save_faq_import_with_a_duplicate_or_a_missing_faq_writes_nothing(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let milan = faq(ws, "Do you ship to Milan?", 0);
    let rome = faq(ws, "Do you ship to Rome?", 1);
    repo.create_faq(&milan).await.unwrap();
    repo.create_faq(&rome).await.unwrap();
    let before = all_faqs(repo, ws).await;
    let fresh = faq(ws, "Are your products vegan?", 2);
    let mut renamed_rome = rome.clone();
    renamed_rome.question = FaqQuestion::parse("Do you ship to Naples?").unwrap();

    // A new FAQ asking what a stored one (outside the batch) asks.
    assert_eq!(
        repo.save_faq_import(
            ws,
            &[fresh.clone(), faq(ws, "do you ship to milan", 3)],
            &[renamed_rome.clone()]
        )
        .await,
        Err(KnowledgeRepositoryError::DuplicateFaq(milan.id))
    );
    // Two FAQs of the batch asking the same: the first is what the second repeats.
    let twin = faq(ws, "Are your products VEGAN", 3);
    assert_eq!(
        repo.save_faq_import(ws, &[fresh.clone(), twin], &[]).await,
        Err(KnowledgeRepositoryError::DuplicateFaq(fresh.id))
    );
    // An update taking a stored question that no FAQ of the batch gives up.
    let mut clash = renamed_rome.clone();
    clash.question = milan.question.clone();
    assert_eq!(
        repo.save_faq_import(ws, std::slice::from_ref(&fresh), &[clash])
            .await,
        Err(KnowledgeRepositoryError::DuplicateFaq(milan.id))
    );
    // An update of a FAQ that is gone.
    let ghost = faq(ws, "Is this stored anywhere?", 4);
    assert_eq!(
        repo.save_faq_import(
            ws,
            std::slice::from_ref(&fresh),
            &[renamed_rome.clone(), ghost]
        )
        .await,
        Err(KnowledgeRepositoryError::FaqNotFound)
    );
    assert_eq!(all_faqs(repo, ws).await, before, "nothing was written");
    // A FAQ created by an import that already ran is its own duplicate.
    repo.save_faq_import(ws, std::slice::from_ref(&fresh), &[])
        .await
        .unwrap();
    assert_eq!(
        repo.save_faq_import(ws, std::slice::from_ref(&fresh), &[])
            .await,
        Err(KnowledgeRepositoryError::DuplicateFaq(fresh.id))
    );
}

pub async fn faqs_of_one_workspace_are_invisible_from_another(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let intruder = stores.workspace("eve").await;
    let milan = faq(ws, "Do you ship to Milan?", 0);
    repo.create_faq(&milan).await.unwrap();

    assert_eq!(repo.get_faq(intruder, milan.id).await.unwrap(), None);
    assert_eq!(all_faqs(repo, intruder).await, Vec::new());
    assert_eq!(repo.faq_keys(intruder).await.unwrap(), HashMap::new());
    assert_eq!(
        repo.delete_faq(intruder, milan.id).await,
        Err(KnowledgeRepositoryError::FaqNotFound)
    );
    let mut hijacked = milan.clone();
    hijacked.workspace_id = intruder;
    hijacked.answer = FaqAnswer::parse("No.").unwrap();
    assert_eq!(
        repo.update_faq(&hijacked).await,
        Err(KnowledgeRepositoryError::FaqNotFound)
    );
    assert_eq!(
        repo.save_faq_import(intruder, &[], &[hijacked.clone()])
            .await,
        Err(KnowledgeRepositoryError::FaqNotFound)
    );
    // An import naming one workspace and holding another's FAQ writes nothing.
    let foreign = faq(ws, "Are your products vegan?", 1);
    assert!(matches!(
        repo.save_faq_import(intruder, std::slice::from_ref(&foreign), &[])
            .await,
        Err(KnowledgeRepositoryError::Unexpected(_))
    ));
    assert_eq!(repo.get_faq(ws, foreign.id).await.unwrap(), None);
    assert_eq!(repo.get_faq(ws, milan.id).await.unwrap(), Some(milan));
}
