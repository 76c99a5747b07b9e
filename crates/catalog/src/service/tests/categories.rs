use kernel::WorkspaceId;
use mockall::predicate::eq;

use super::*;
use crate::{CategoryError, CategoryName, CategoryPatch, CategoryRuleError, ProductId};

#[tokio::test]
async fn a_subcategory_cannot_have_children() {
    let ws = WorkspaceId::new();
    let skincare = category(ws, "Skincare", None);
    let serums = category(ws, "Serums", Some(&skincare));
    let mut ports = Ports::new();
    let stored = serums.clone();
    ports
        .categories
        .expect_get()
        .with(eq(ws), eq(serums.id))
        .returning(move |_, _| Ok(Some(stored.clone())));
    let error = ports
        .service()
        .create_category(
            &scope(ws),
            CategoryName::parse("Vitamin C").unwrap(),
            Some(serums.id),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        CategoryError::Rule(CategoryRuleError::TooDeep(_))
    ));
    assert_eq!(error.code(), "category_too_deep");
}

#[tokio::test]
async fn creating_under_a_top_level_category_works() {
    let ws = WorkspaceId::new();
    let skincare = category(ws, "Skincare", None);
    let mut ports = Ports::new();
    let stored = skincare.clone();
    ports
        .categories
        .expect_get()
        .returning(move |_, _| Ok(Some(stored.clone())));
    let parent = skincare.id;
    ports
        .categories
        .expect_create()
        .withf(move |c: &crate::Category| c.parent_id == Some(parent))
        .times(1)
        .returning(|_| Ok(()));
    let created = ports
        .service()
        .create_category(
            &scope(ws),
            CategoryName::parse("Serums").unwrap(),
            Some(skincare.id),
        )
        .await
        .unwrap();
    assert_eq!(created.created_at, at(12));
}

#[tokio::test]
async fn a_duplicate_name_reported_by_storage_is_a_business_error() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    ports
        .categories
        .expect_create()
        .returning(|_| Err(CategoryRepositoryError::DuplicateName));
    let error = ports
        .service()
        .create_category(&scope(ws), CategoryName::parse("Skincare").unwrap(), None)
        .await
        .unwrap_err();
    assert_eq!(error.code(), "duplicate_category");
}

#[tokio::test]
async fn a_category_with_subcategories_cannot_move_under_another() {
    let ws = WorkspaceId::new();
    let skincare = category(ws, "Skincare", None);
    let serums = category(ws, "Serums", Some(&skincare));
    let makeup = category(ws, "Makeup", None);
    let tree = vec![skincare.clone(), serums, makeup.clone()];
    let mut ports = Ports::new();
    ports
        .categories
        .expect_list()
        .returning(move |_| Ok(tree.clone()));
    let patch = CategoryPatch {
        parent_id: Some(Some(makeup.id)),
        ..CategoryPatch::default()
    };
    let error = ports
        .service()
        .update_category(&scope(ws), skincare.id, patch)
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        CategoryError::Rule(CategoryRuleError::HasSubcategories)
    ));
}

#[tokio::test]
async fn renaming_saves_and_a_no_op_does_not() {
    let ws = WorkspaceId::new();
    let skincare = category(ws, "Skincare", None);
    let tree = vec![skincare.clone()];
    let mut ports = Ports::new();
    ports
        .categories
        .expect_list()
        .returning(move |_| Ok(tree.clone()));
    ports
        .categories
        .expect_update()
        .withf(|c: &crate::Category| c.name.as_str() == "Skin care")
        .times(1)
        .returning(|_| Ok(()));
    let service = ports.service();
    let rename = CategoryPatch {
        name: Some(CategoryName::parse("Skin care").unwrap()),
        ..CategoryPatch::default()
    };
    service
        .update_category(&scope(ws), skincare.id, rename)
        .await
        .unwrap();
    let same = CategoryPatch {
        name: Some(CategoryName::parse("Skincare").unwrap()),
        parent_id: Some(None),
    };
    service
        .update_category(&scope(ws), skincare.id, same)
        .await
        .unwrap();
}

#[tokio::test]
async fn categories_list_parents_before_their_children() {
    let ws = WorkspaceId::new();
    let skincare = category(ws, "Skincare", None);
    let serums = category(ws, "Serums", Some(&skincare));
    let creams = category(ws, "creams", Some(&skincare));
    let makeup = category(ws, "Makeup", None);
    let tree = vec![serums, skincare, makeup, creams];
    let mut ports = Ports::new();
    ports
        .categories
        .expect_list()
        .returning(move |_| Ok(tree.clone()));
    let listed = ports.service().list_categories(&scope(ws)).await.unwrap();
    let names: Vec<_> = listed.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Makeup", "Skincare", "creams", "Serums"]);
}

#[tokio::test]
async fn deleting_a_category_is_refused_while_it_has_subcategories_or_offers() {
    let ws = WorkspaceId::new();
    let skincare = category(ws, "Skincare", None);
    let serums = category(ws, "Serums", Some(&skincare));
    let tree = vec![skincare.clone(), serums.clone()];
    let mut ports = Ports::new();
    ports
        .categories
        .expect_list()
        .returning(move |_| Ok(tree.clone()));
    let targeted = serums.id;
    ports
        .offers
        .expect_for_category()
        .with(eq(ws), eq(targeted))
        .returning(|_, _| Ok(vec![]));
    ports
        .categories
        .expect_delete()
        .with(eq(ws), eq(serums.id))
        .times(1)
        .returning(|_, _| Ok(vec![]));
    let service = ports.service();
    let error = service
        .delete_category(&scope(ws), skincare.id)
        .await
        .unwrap_err();
    assert!(matches!(error, CategoryError::HasSubcategories));
    service
        .delete_category(&scope(ws), serums.id)
        .await
        .unwrap();
    let error = service
        .delete_category(&scope(ws), crate::CategoryId::new())
        .await
        .unwrap_err();
    assert!(matches!(error, CategoryError::NotFound));
}

#[tokio::test]
async fn a_category_targeted_by_an_offer_is_kept() {
    let ws = WorkspaceId::new();
    let skincare = category(ws, "Skincare", None);
    let tree = vec![skincare.clone()];
    let offer = crate::Offer::new(
        ws,
        crate::NewOffer {
            name: crate::OfferName::parse("Skincare week").unwrap(),
            discount: crate::Discount::percentage(rust_decimal::Decimal::from(10)).unwrap(),
            target: crate::OfferTarget::Category(skincare.id),
            window: crate::OfferWindow::new(at(0), at(23)).unwrap(),
        },
        at(0),
    );
    let mut ports = Ports::new();
    ports
        .categories
        .expect_list()
        .returning(move |_| Ok(tree.clone()));
    ports
        .offers
        .expect_for_category()
        .returning(move |_, _| Ok(vec![offer.clone()]));
    let error = ports
        .service()
        .delete_category(&scope(ws), skincare.id)
        .await
        .unwrap_err();
    assert_eq!(error.code(), "category_targeted_by_offers");
}

#[tokio::test]
async fn products_left_without_a_category_are_announced() {
    let ws = WorkspaceId::new();
    let skincare = category(ws, "Skincare", None);
    let tree = vec![skincare.clone()];
    let filed = [ProductId::new(), ProductId::new()];
    let mut ports = Ports::new();
    ports
        .categories
        .expect_list()
        .returning(move |_| Ok(tree.clone()));
    ports
        .offers
        .expect_for_category()
        .returning(|_, _| Ok(vec![]));
    let returned = filed.to_vec();
    ports
        .categories
        .expect_delete()
        .returning(move |_, _| Ok(returned.clone()));
    let events = ports.record_events();
    ports
        .service()
        .delete_category(&scope(ws), skincare.id)
        .await
        .unwrap();
    let expected: Vec<_> = filed
        .iter()
        .map(|id| kernel::DomainEvent::ProductChanged {
            workspace_id: ws,
            product_id: id.as_uuid(),
        })
        .collect();
    assert_eq!(events.take(), expected);
}
