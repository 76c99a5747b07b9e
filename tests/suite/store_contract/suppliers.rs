//! `SupplierRepository`: who the shop buys from, unique by name ignoring case.

use catalog::ports::SupplierRepositoryError;
use catalog::{
    ContactName, PhoneNumber, ProductId, Supplier, SupplierContact, SupplierId, SupplierName,
    SupplierPatch,
};
use kernel::{Email, PageRequest};

use super::catalog_fixtures::*;
use super::fixtures::at;

pub async fn supplier_round_trips_and_updates(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let repo = &stores.catalog.suppliers;
    let mut bianchi = supplier(ws, "Cosmetici Bianchi S.r.l.");
    bianchi.contact = SupplierContact {
        person: Some(ContactName::parse("Giulia Bianchi").unwrap()),
        email: Some(Email::parse("ordini@bianchi.it").unwrap()),
        phone: Some(PhoneNumber::parse("+39 333 123-4567").unwrap()),
    };
    let bare = supplier(ws, "Công ty Mỹ phẩm");
    repo.create(&bianchi).await.unwrap();
    repo.create(&bare).await.unwrap();
    assert_eq!(
        repo.get(ws, bianchi.id).await.unwrap(),
        Some(bianchi.clone())
    );
    assert_eq!(repo.get(ws, bare.id).await.unwrap(), Some(bare));

    let patch = SupplierPatch {
        name: Some(SupplierName::parse("Bianchi Group").unwrap()),
        contact: Some(SupplierContact {
            email: None,
            ..bianchi.contact.clone()
        }),
    };
    assert!(bianchi.apply(patch, at(5)));
    repo.update(&bianchi).await.unwrap();
    assert_eq!(repo.get(ws, bianchi.id).await.unwrap(), Some(bianchi));

    assert_eq!(repo.get(ws, SupplierId::new()).await.unwrap(), None);
    let ghost = supplier(ws, "Ghost Supplies");
    assert!(matches!(
        repo.update(&ghost).await,
        Err(SupplierRepositoryError::NotFound)
    ));
}

pub async fn suppliers_are_listed_a_to_z_in_pages(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let repo = &stores.catalog.suppliers;
    let names = [
        "delta Labs",
        "Alpha Co",
        "echo srl",
        "Bravo Ltd",
        "charlie & Sons",
    ];
    let mut created: Vec<Supplier> = Vec::new();
    for name in names {
        let s = supplier(ws, name);
        repo.create(&s).await.unwrap();
        created.push(s);
    }
    created.sort_by_key(|s| s.name.as_str().to_lowercase());

    let mut listed = Vec::new();
    for (page, expected_len) in [(1, 2), (2, 2), (3, 1), (4, 0)] {
        let result = repo
            .list(ws, PageRequest::new(page, 2).unwrap())
            .await
            .unwrap();
        assert_eq!(result.total, 5);
        assert_eq!(result.items.len(), expected_len, "page {page}");
        listed.extend(result.items);
    }
    assert_eq!(listed, created);
}

pub async fn supplier_names_are_unique_ignoring_case(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let other_ws = stores.workspace("bea").await;
    let repo = &stores.catalog.suppliers;
    let bianchi = supplier(ws, "Bianchi");
    let rossi = supplier(ws, "Rossi");
    repo.create(&bianchi).await.unwrap();
    repo.create(&rossi).await.unwrap();

    assert!(matches!(
        repo.create(&supplier(ws, "BIANCHI")).await,
        Err(SupplierRepositoryError::DuplicateName)
    ));
    let mut renamed = rossi.clone();
    renamed.apply(
        SupplierPatch {
            name: Some(SupplierName::parse("bianchi").unwrap()),
            ..SupplierPatch::default()
        },
        at(1),
    );
    assert!(matches!(
        repo.update(&renamed).await,
        Err(SupplierRepositoryError::DuplicateName)
    ));
    assert_eq!(repo.get(ws, rossi.id).await.unwrap(), Some(rossi));
    let page = repo.list(ws, PageRequest::default()).await.unwrap();
    assert_eq!(page.total, 2);

    repo.create(&supplier(other_ws, "Bianchi")).await.unwrap();
}

pub async fn delete_returns_the_products_it_supplied(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let repo = &stores.catalog.suppliers;
    let bianchi = supplier(ws, "Bianchi");
    let rossi = supplier(ws, "Rossi");
    repo.create(&bianchi).await.unwrap();
    repo.create(&rossi).await.unwrap();
    let supplied = |name: &str, supplier: &Supplier, seconds| {
        let mut new = new_product(name, "10");
        new.supplier_id = Some(supplier.id);
        product_at(ws, new, seconds)
    };
    let first = supplied("Glow Serum", &bianchi, 0);
    let second = supplied("Hydra Cream", &bianchi, 1);
    let other = supplied("Lip Tint", &rossi, 2);
    for p in [&first, &second, &other] {
        stores.catalog.products.create(p).await.unwrap();
    }

    let mut affected = repo.delete(ws, bianchi.id).await.unwrap();
    affected.sort();
    assert_eq!(affected, vec![first.id(), second.id()]);
    for id in [first.id(), second.id()] {
        let product = stores.catalog.products.get(ws, id).await.unwrap().unwrap();
        assert_eq!(product.supplier_id(), None);
    }
    let untouched = stores
        .catalog
        .products
        .get(ws, other.id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(untouched.supplier_id(), Some(rossi.id));
    assert_eq!(repo.get(ws, bianchi.id).await.unwrap(), None);
    assert!(matches!(
        repo.delete(ws, bianchi.id).await,
        Err(SupplierRepositoryError::NotFound)
    ));
    // The name is free again.
    repo.create(&supplier(ws, "Bianchi")).await.unwrap();
    assert_eq!(
        repo.delete(ws, rossi.id).await.unwrap(),
        vec![other.id()] as Vec<ProductId>
    );
}

pub async fn suppliers_of_one_workspace_are_invisible_from_another(stores: &Stores) {
    let a = stores.workspace("ana").await;
    let b = stores.workspace("bea").await;
    let repo = &stores.catalog.suppliers;
    let bianchi = supplier(a, "Bianchi");
    repo.create(&bianchi).await.unwrap();

    assert_eq!(repo.get(b, bianchi.id).await.unwrap(), None);
    let page = repo.list(b, PageRequest::default()).await.unwrap();
    assert_eq!((page.total, page.items.len()), (0, 0));
    let hijacked = Supplier {
        workspace_id: b,
        name: SupplierName::parse("Mine now").unwrap(),
        ..bianchi.clone()
    };
    assert!(matches!(
        repo.update(&hijacked).await,
        Err(SupplierRepositoryError::NotFound)
    ));
    assert!(matches!(
        repo.delete(b, bianchi.id).await,
        Err(SupplierRepositoryError::NotFound)
    ));
    assert_eq!(repo.get(a, bianchi.id).await.unwrap(), Some(bianchi));
}
