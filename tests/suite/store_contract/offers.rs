//! `OfferRepository`: time-limited discounts on products or a category.

use catalog::ports::OfferRepositoryError;
use catalog::{Discount, Offer, OfferId, OfferPatch, OfferTarget, ProductSet};
use chrono::TimeDelta;
use kernel::PageRequest;

use super::catalog_fixtures::*;
use super::fixtures::{at, now};

fn ids(offers: &[Offer]) -> Vec<OfferId> {
    offers.iter().map(|o| o.id).collect()
}

pub async fn offers_round_trip_and_update(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let skincare = category(ws, "Skincare", None);
    stores.catalog.categories.create(&skincare).await.unwrap();
    let products = [
        product(ws, "Glow Serum", "45"),
        product(ws, "Hydra Cream", "55"),
    ];
    for p in &products {
        stores.catalog.products.create(p).await.unwrap();
    }
    let repo = &stores.catalog.offers;

    // Products in the seller's order (not id order), 12.5% off.
    let set = ProductSet::new(vec![products[1].id(), products[0].id()]).unwrap();
    let mut on_products = offer(
        ws,
        "Summer serums",
        OfferTarget::Products(set),
        window(at(0), at(86_400)),
    );
    on_products.discount = percent_off("12.5");
    let mut on_category = offer(
        ws,
        "Skincare week",
        OfferTarget::Category(skincare.id),
        window(at(-3600), at(3600)),
    );
    on_category.discount = Discount::fixed(price("5.50"));
    repo.create(&on_products).await.unwrap();
    repo.create(&on_category).await.unwrap();
    assert_eq!(
        repo.get(ws, on_products.id).await.unwrap(),
        Some(on_products.clone())
    );
    assert_eq!(
        repo.get(ws, on_category.id).await.unwrap(),
        Some(on_category.clone())
    );

    // Every field changes: discount kind, target kind, window, name.
    let patch = OfferPatch {
        name: Some(catalog::OfferName::parse("Black Friday").unwrap()),
        discount: Some(Discount::fixed(price("10"))),
        target: Some(OfferTarget::Category(skincare.id)),
        window: Some(window(at(100), at(200))),
    };
    assert!(on_products.apply(patch, at(1)));
    repo.update(&on_products).await.unwrap();
    assert_eq!(
        repo.get(ws, on_products.id).await.unwrap(),
        Some(on_products.clone())
    );
    let back = OfferPatch {
        discount: Some(percent_off("99.99")),
        target: Some(OfferTarget::Products(
            ProductSet::new(vec![products[0].id()]).unwrap(),
        )),
        ..OfferPatch::default()
    };
    assert!(on_products.apply(back, at(2)));
    repo.update(&on_products).await.unwrap();
    assert_eq!(
        repo.get(ws, on_products.id).await.unwrap(),
        Some(on_products)
    );

    assert_eq!(repo.get(ws, OfferId::new()).await.unwrap(), None);
    let ghost = offer(
        ws,
        "Ghost",
        OfferTarget::Category(skincare.id),
        window(at(0), at(1)),
    );
    assert!(matches!(
        repo.update(&ghost).await,
        Err(OfferRepositoryError::NotFound)
    ));
}

pub async fn offers_are_listed_newest_first_in_pages(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let skincare = category(ws, "Skincare", None);
    stores.catalog.categories.create(&skincare).await.unwrap();
    let repo = &stores.catalog.offers;
    let mut created = Vec::new();
    for i in 0..5 {
        let mut o = offer(
            ws,
            &format!("Offer {i}"),
            OfferTarget::Category(skincare.id),
            window(at(0), at(3600)),
        );
        o.created_at = at(i);
        o.updated_at = at(i);
        created.push(o);
    }
    for o in created.iter().rev() {
        repo.create(o).await.unwrap();
    }
    created.reverse();

    let mut listed = Vec::new();
    for (page, expected_len) in [(1, 2), (2, 2), (3, 1)] {
        let result = repo
            .list(ws, PageRequest::new(page, 2).unwrap())
            .await
            .unwrap();
        assert_eq!(result.total, 5);
        assert_eq!(result.items.len(), expected_len);
        listed.extend(result.items);
    }
    assert_eq!(listed, created);
}

pub async fn active_offers_include_the_start_and_exclude_the_end(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let skincare = category(ws, "Skincare", None);
    stores.catalog.categories.create(&skincare).await.unwrap();
    let repo = &stores.catalog.offers;
    let start = now() + TimeDelta::days(1);
    let end = start + TimeDelta::days(3);
    let running = offer(
        ws,
        "Black Friday",
        OfferTarget::Category(skincare.id),
        window(start, end),
    );
    // Starts the instant the first one ends.
    let next = offer(
        ws,
        "Cyber Monday",
        OfferTarget::Category(skincare.id),
        window(end, end + TimeDelta::days(1)),
    );
    repo.create(&running).await.unwrap();
    repo.create(&next).await.unwrap();

    let micro = TimeDelta::microseconds(1);
    for (at, expected) in [
        (start - micro, vec![]),
        (start, vec![running.id]),
        (end - micro, vec![running.id]),
        (end, vec![next.id]),
        (end + TimeDelta::days(1), vec![]),
    ] {
        let active = repo.active_at(ws, at).await.unwrap();
        assert_eq!(ids(&active), expected, "at {at}");
    }
    assert_eq!(
        repo.active_at(ws, start).await.unwrap(),
        vec![running],
        "whole offers come back"
    );
}

pub async fn offers_for_a_category_whatever_their_window(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let skincare = category(ws, "Skincare", None);
    let makeup = category(ws, "Makeup", None);
    for c in [&skincare, &makeup] {
        stores.catalog.categories.create(c).await.unwrap();
    }
    let glow = product(ws, "Glow Serum", "45");
    stores.catalog.products.create(&glow).await.unwrap();
    let repo = &stores.catalog.offers;
    let past = offer(
        ws,
        "Last year",
        OfferTarget::Category(skincare.id),
        window(at(-7200), at(-3600)),
    );
    let future = offer(
        ws,
        "Next year",
        OfferTarget::Category(skincare.id),
        window(at(3600), at(7200)),
    );
    let on_makeup = offer(
        ws,
        "Makeup",
        OfferTarget::Category(makeup.id),
        window(at(0), at(60)),
    );
    let on_products = offer(
        ws,
        "Glow",
        OfferTarget::Products(ProductSet::new(vec![glow.id()]).unwrap()),
        window(at(0), at(60)),
    );
    for o in [&past, &future, &on_makeup, &on_products] {
        repo.create(o).await.unwrap();
    }

    let mut found = ids(&repo.for_category(ws, skincare.id).await.unwrap());
    found.sort();
    assert_eq!(found, vec![past.id, future.id]);
    assert_eq!(
        repo.for_category(ws, makeup.id).await.unwrap(),
        vec![on_makeup]
    );
    assert!(
        repo.for_category(ws, catalog::CategoryId::new())
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn deleted_offers_are_gone(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let skincare = category(ws, "Skincare", None);
    stores.catalog.categories.create(&skincare).await.unwrap();
    let repo = &stores.catalog.offers;
    let gone = offer(
        ws,
        "Gone",
        OfferTarget::Category(skincare.id),
        window(at(0), at(60)),
    );
    let kept = offer(
        ws,
        "Kept",
        OfferTarget::Category(skincare.id),
        window(at(0), at(60)),
    );
    repo.create(&gone).await.unwrap();
    repo.create(&kept).await.unwrap();

    repo.delete(ws, gone.id).await.unwrap();
    assert_eq!(repo.get(ws, gone.id).await.unwrap(), None);
    assert!(matches!(
        repo.delete(ws, gone.id).await,
        Err(OfferRepositoryError::NotFound)
    ));
    assert_eq!(
        repo.list(ws, PageRequest::default()).await.unwrap().items,
        vec![kept]
    );
}

pub async fn offers_of_one_workspace_are_invisible_from_another(stores: &Stores) {
    let a = stores.workspace("ana").await;
    let b = stores.workspace("bea").await;
    let skincare = category(a, "Skincare", None);
    stores.catalog.categories.create(&skincare).await.unwrap();
    let repo = &stores.catalog.offers;
    let sale = offer(
        a,
        "Sale",
        OfferTarget::Category(skincare.id),
        window(at(-60), at(3600)),
    );
    repo.create(&sale).await.unwrap();

    assert_eq!(repo.get(b, sale.id).await.unwrap(), None);
    let page = repo.list(b, PageRequest::default()).await.unwrap();
    assert_eq!((page.total, page.items.len()), (0, 0));
    assert!(repo.active_at(b, now()).await.unwrap().is_empty());
    assert!(repo.for_category(b, skincare.id).await.unwrap().is_empty());
    let mut hijacked = Offer {
        workspace_id: b,
        ..sale.clone()
    };
    hijacked.discount = percent_off("90");
    assert!(matches!(
        repo.update(&hijacked).await,
        Err(OfferRepositoryError::NotFound)
    ));
    assert!(matches!(
        repo.delete(b, sale.id).await,
        Err(OfferRepositoryError::NotFound)
    ));
    assert_eq!(repo.get(a, sale.id).await.unwrap(), Some(sale));
}
