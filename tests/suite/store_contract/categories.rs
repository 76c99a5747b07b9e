//! `CategoryRepository`: a shallow tree, names unique among siblings.

use catalog::ports::CategoryRepositoryError;
use catalog::{Category, CategoryName, OfferTarget};

use super::catalog_fixtures::*;
use super::fixtures::at;

pub async fn tree_round_trips_and_is_listed_whole(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let skincare = category(ws, "Skincare", None);
    let serums = category(ws, "Serums", Some(&skincare));
    let makeup = category(ws, "makeup", None);
    for c in [&skincare, &serums, &makeup] {
        stores.catalog.categories.create(c).await.unwrap();
    }

    for c in [&skincare, &serums, &makeup] {
        assert_eq!(
            stores.catalog.categories.get(ws, c.id).await.unwrap(),
            Some(c.clone())
        );
    }
    assert_eq!(
        stores.catalog.categories.list(ws).await.unwrap(),
        vec![makeup, serums, skincare],
        "A to Z ignoring case"
    );
    assert_eq!(
        stores
            .catalog
            .categories
            .get(ws, catalog::CategoryId::new())
            .await
            .unwrap(),
        None
    );
}

pub async fn sibling_names_are_unique_ignoring_case(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let other_ws = stores.workspace("bea").await;
    let repo = &stores.catalog.categories;
    let skincare = category(ws, "Skincare", None);
    let makeup = category(ws, "Makeup", None);
    let sale = category(ws, "Sale", Some(&skincare));
    for c in [&skincare, &makeup, &sale] {
        repo.create(c).await.unwrap();
    }

    let twin_root = category(ws, "  SKINCARE ", None);
    assert!(matches!(
        repo.create(&twin_root).await,
        Err(CategoryRepositoryError::DuplicateName)
    ));
    let twin_child = category(ws, "sale", Some(&skincare));
    assert!(matches!(
        repo.create(&twin_child).await,
        Err(CategoryRepositoryError::DuplicateName)
    ));
    assert_eq!(repo.list(ws).await.unwrap().len(), 3, "nothing was kept");

    // The same name elsewhere in the tree, or in another workspace, is fine.
    repo.create(&category(ws, "Sale", Some(&makeup)))
        .await
        .unwrap();
    repo.create(&category(ws, "Sale", None)).await.unwrap();
    repo.create(&category(other_ws, "Skincare", None))
        .await
        .unwrap();

    // Renaming onto a sibling's name is refused too.
    let mut renamed = makeup.clone();
    renamed.rename(CategoryName::parse("skincare").unwrap(), at(1));
    assert!(matches!(
        repo.update(&renamed).await,
        Err(CategoryRepositoryError::DuplicateName)
    ));
    assert_eq!(repo.get(ws, makeup.id).await.unwrap(), Some(makeup));
}

pub async fn update_renames_and_moves(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let repo = &stores.catalog.categories;
    let skincare = category(ws, "Skincare", None);
    let mut serums = category(ws, "Serums", None);
    repo.create(&skincare).await.unwrap();
    repo.create(&serums).await.unwrap();

    serums.rename(CategoryName::parse("Face Serums").unwrap(), at(1));
    serums.move_under(Some(&skincare), false, at(1)).unwrap();
    repo.update(&serums).await.unwrap();
    assert_eq!(repo.get(ws, serums.id).await.unwrap(), Some(serums.clone()));

    serums.move_under(None, false, at(2)).unwrap();
    repo.update(&serums).await.unwrap();
    assert_eq!(repo.get(ws, serums.id).await.unwrap(), Some(serums));

    let ghost = category(ws, "Ghost", None);
    assert!(matches!(
        repo.update(&ghost).await,
        Err(CategoryRepositoryError::NotFound)
    ));
}

pub async fn delete_uncategorises_its_products_and_returns_them(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let repo = &stores.catalog.categories;
    let skincare = category(ws, "Skincare", None);
    let serums = category(ws, "Serums", Some(&skincare));
    let makeup = category(ws, "Makeup", None);
    for c in [&skincare, &serums, &makeup] {
        repo.create(c).await.unwrap();
    }
    let filed = |name: &str, category: &Category, seconds| {
        let mut new = new_product(name, "10");
        new.category_id = Some(category.id);
        product_at(ws, new, seconds)
    };
    let live = filed("Glow Serum", &serums, 0);
    let hidden = filed("Old Serum", &serums, 1);
    let elsewhere = filed("Lip Tint", &makeup, 2);
    for p in [&live, &hidden, &elsewhere] {
        stores.catalog.products.create(p).await.unwrap();
    }
    stores
        .catalog
        .products
        .soft_delete(ws, hidden.id(), at(3))
        .await
        .unwrap();

    // A category with a subcategory cannot go, and nothing changes.
    assert!(repo.delete(ws, skincare.id).await.is_err());
    assert_eq!(repo.list(ws).await.unwrap().len(), 3);
    // Nor one an offer targets.
    let targeted = offer(
        ws,
        "Makeup week",
        OfferTarget::Category(makeup.id),
        window(at(0), at(3600)),
    );
    stores.catalog.offers.create(&targeted).await.unwrap();
    assert!(repo.delete(ws, makeup.id).await.is_err());
    let still = stores
        .catalog
        .products
        .get(ws, elsewhere.id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(still.category_id(), Some(makeup.id));

    let mut orphaned = repo.delete(ws, serums.id).await.unwrap();
    orphaned.sort();
    assert_eq!(orphaned, vec![live.id(), hidden.id()]);
    for id in [live.id(), hidden.id()] {
        let product = stores.catalog.products.get(ws, id).await.unwrap().unwrap();
        assert_eq!(product.category_id(), None);
    }
    assert_eq!(repo.get(ws, serums.id).await.unwrap(), None);
    assert!(matches!(
        repo.delete(ws, serums.id).await,
        Err(CategoryRepositoryError::NotFound)
    ));
    // Now childless, the parent goes, with no products to report.
    assert_eq!(repo.delete(ws, skincare.id).await.unwrap(), vec![]);
}

pub async fn categories_of_one_workspace_are_invisible_from_another(stores: &Stores) {
    let a = stores.workspace("ana").await;
    let b = stores.workspace("bea").await;
    let repo = &stores.catalog.categories;
    let skincare = category(a, "Skincare", None);
    repo.create(&skincare).await.unwrap();
    let mut new = new_product("Glow Serum", "45");
    new.category_id = Some(skincare.id);
    let product = product_at(a, new, 0);
    stores.catalog.products.create(&product).await.unwrap();

    assert_eq!(repo.get(b, skincare.id).await.unwrap(), None);
    assert!(repo.list(b).await.unwrap().is_empty());
    let mut hijacked = Category {
        workspace_id: b,
        ..skincare.clone()
    };
    hijacked.rename(CategoryName::parse("Mine now").unwrap(), at(1));
    assert!(matches!(
        repo.update(&hijacked).await,
        Err(CategoryRepositoryError::NotFound)
    ));
    assert!(matches!(
        repo.delete(b, skincare.id).await,
        Err(CategoryRepositoryError::NotFound)
    ));
    assert_eq!(
        repo.get(a, skincare.id).await.unwrap(),
        Some(skincare.clone())
    );
    let untouched = stores
        .catalog
        .products
        .get(a, product.id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(untouched.category_id(), Some(skincare.id));
}
