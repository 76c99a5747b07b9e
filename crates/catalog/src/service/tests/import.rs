use kernel::WorkspaceId;

use super::*;
use crate::import::ImportAction;
use crate::{ImportError, ProductName};

fn records(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect()
}

const FILE: &str = "\
name,price,currency,description,variant_type,variant_name,variant_price,category
Glow Serum,45,EUR,Vitamin C,size,30ml,0,Skincare > Serums
Glow Serum,45,EUR,Vitamin C,size,50ml,10,Skincare > Serums
Hydra Cream,55,EUR,Deep hydration,,,,Skincare";

fn empty_catalog(ports: &mut Ports) {
    ports
        .products
        .expect_list_all()
        .returning(|_| Ok(Vec::new()));
    ports.categories.expect_list().returning(|_| Ok(Vec::new()));
}

#[tokio::test]
async fn a_dry_run_shows_the_plan_and_writes_nothing() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    empty_catalog(&mut ports);
    let bad = format!("{FILE}\nLip Oil,free,EUR,,,,,");
    let plan = ports
        .service()
        .preview_import(&scope(ws), &records(&bad))
        .await
        .unwrap();
    assert_eq!(plan.summary().created, 2);
    assert_eq!(plan.summary().new_categories, 2);
    assert_eq!(plan.errors.len(), 1);
    assert_eq!(
        (plan.errors[0].row, plan.errors[0].code),
        (5, "not_a_number")
    );
}

#[tokio::test]
async fn a_file_with_any_error_imports_nothing() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    empty_catalog(&mut ports);
    let bad = format!("{FILE}\nLip Oil,0,EUR,,,,,\nEye Cream,12,USD,,,,,");
    let error = ports
        .service()
        .apply_import(&scope(ws), &records(&bad))
        .await
        .unwrap_err();
    let ImportError::Invalid(errors) = &error else {
        panic!("expected Invalid, got {error:?}");
    };
    let found: Vec<_> = errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code))
        .collect();
    assert_eq!(
        found,
        [
            (5, "price", "not_positive"),
            (6, "currency", "currency_mismatch")
        ]
    );
    assert_eq!(error.code(), "invalid_import");
}

#[tokio::test]
async fn a_valid_file_is_written_in_one_batch_and_each_product_announced() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    empty_catalog(&mut ports);
    ports
        .products
        .expect_save_import()
        .withf(move |batch: &ImportBatch| {
            batch.workspace_id == ws
                && batch.new_categories.len() == 2
                && batch.created.len() == 2
                && batch.updated.is_empty()
        })
        .times(1)
        .returning(|_| Ok(()));
    let events = ports.record_events();
    let plan = ports
        .service()
        .apply_import(&scope(ws), &records(FILE))
        .await
        .unwrap();
    let expected: Vec<_> = plan.products.iter().map(|p| changed(&p.product)).collect();
    assert_eq!(expected.len(), 2);
    assert_eq!(events.take(), expected);
}

#[tokio::test]
async fn re_importing_an_unchanged_file_writes_and_announces_nothing() {
    let ws = WorkspaceId::new();
    let mut first = Ports::new();
    empty_catalog(&mut first);
    let plan = first
        .service()
        .preview_import(&scope(ws), &records(FILE))
        .await
        .unwrap();
    let products = plan.to_create();
    let categories = plan.new_categories.clone();

    let mut ports = Ports::new();
    let stored = products.clone();
    ports
        .products
        .expect_list_all()
        .returning(move |_| Ok(stored.clone()));
    ports
        .categories
        .expect_list()
        .returning(move |_| Ok(categories.clone()));
    let again = ports
        .service()
        .apply_import(&scope(ws), &records(FILE))
        .await
        .unwrap();
    assert!(
        again
            .products
            .iter()
            .all(|p| p.action == ImportAction::Unchanged)
    );
    assert_eq!(again.products[0].product.id(), products[0].id());
}

#[tokio::test]
async fn an_import_that_loses_a_race_is_a_conflict() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    empty_catalog(&mut ports);
    ports.products.expect_save_import().returning(|_| {
        Err(ProductRepositoryError::DuplicateSku(
            crate::Sku::parse("GS-1").unwrap(),
        ))
    });
    let error = ports
        .service()
        .apply_import(&scope(ws), &records(FILE))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "import_conflict");
}

#[tokio::test]
async fn export_reads_the_live_catalog_in_the_import_format() {
    let ws = WorkspaceId::new();
    let product = Product::create(
        ws,
        crate::NewProduct::new(
            ProductName::parse("Sữa rửa mặt").unwrap(),
            crate::Price::parse("19.9", eur()).unwrap(),
        ),
        at(9),
    )
    .unwrap();
    let mut ports = Ports::new();
    let stored = vec![product];
    ports
        .products
        .expect_list_all()
        .returning(move |_| Ok(stored.clone()));
    ports.categories.expect_list().returning(|_| Ok(Vec::new()));
    let exported = ports.service().export_catalog(&scope(ws)).await.unwrap();
    assert_eq!(exported.len(), 2);
    assert_eq!(exported[1][..3], ["Sữa rửa mặt", "19.90", "EUR"]);
}
