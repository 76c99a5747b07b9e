use kernel::{DomainEvent, Email, PageRequest, WorkspaceId};
use mockall::predicate::eq;

use super::*;
use crate::{
    NewSupplier, PhoneNumber, ProductId, SupplierContact, SupplierError, SupplierName,
    SupplierPatch,
};

fn new_supplier() -> NewSupplier {
    NewSupplier {
        name: SupplierName::parse("Cosmetici Bianchi").unwrap(),
        contact: SupplierContact {
            email: Some(Email::parse("ordini@bianchi.it").unwrap()),
            phone: Some(PhoneNumber::parse("+39 02 1234 5678").unwrap()),
            ..SupplierContact::default()
        },
    }
}

#[tokio::test]
async fn suppliers_are_created_and_read_in_their_workspace() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    ports
        .suppliers
        .expect_create()
        .withf(move |s: &crate::Supplier| s.workspace_id == ws)
        .times(1)
        .returning(|_| Ok(()));
    ports.suppliers.expect_get().returning(|_, _| Ok(None));
    ports
        .suppliers
        .expect_list()
        .returning(|_, page| Ok(kernel::Page::new(vec![], 0, page)));
    let service = ports.service();
    let supplier = service
        .create_supplier(&scope(ws), new_supplier())
        .await
        .unwrap();
    assert_eq!(supplier.contact.phone.unwrap().as_str(), "+390212345678");
    let error = service
        .get_supplier(&scope(ws), supplier.id)
        .await
        .unwrap_err();
    assert_eq!(error.code(), "supplier_not_found");
    let page = service
        .list_suppliers(&scope(ws), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.total, 0);
}

#[tokio::test]
async fn duplicate_supplier_names_are_a_business_error() {
    let ws = WorkspaceId::new();
    let mut ports = Ports::new();
    ports
        .suppliers
        .expect_create()
        .returning(|_| Err(SupplierRepositoryError::DuplicateName));
    let error = ports
        .service()
        .create_supplier(&scope(ws), new_supplier())
        .await
        .unwrap_err();
    assert!(matches!(error, SupplierError::DuplicateName));
}

#[tokio::test]
async fn updating_a_supplier_writes_only_real_changes() {
    let ws = WorkspaceId::new();
    let supplier = crate::Supplier::new(ws, new_supplier(), at(9));
    let mut ports = Ports::new();
    let stored = supplier.clone();
    ports
        .suppliers
        .expect_get()
        .with(eq(ws), eq(supplier.id))
        .returning(move |_, _| Ok(Some(stored.clone())));
    ports
        .suppliers
        .expect_update()
        .withf(|s: &crate::Supplier| s.name.as_str() == "Bianchi S.r.l." && s.updated_at == at(12))
        .times(1)
        .returning(|_| Ok(()));
    let service = ports.service();
    let rename = SupplierPatch {
        name: Some(SupplierName::parse("Bianchi S.r.l.").unwrap()),
        ..SupplierPatch::default()
    };
    service
        .update_supplier(&scope(ws), supplier.id, rename)
        .await
        .unwrap();
    service
        .update_supplier(&scope(ws), supplier.id, SupplierPatch::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn deleting_a_supplier_announces_the_products_that_lost_it() {
    let ws = WorkspaceId::new();
    let supplied = ProductId::new();
    let mut ports = Ports::new();
    ports
        .suppliers
        .expect_delete()
        .returning(move |_, _| Ok(vec![supplied]));
    let events = ports.record_events();
    ports
        .service()
        .delete_supplier(&scope(ws), crate::SupplierId::new())
        .await
        .unwrap();
    assert_eq!(
        events.take(),
        [DomainEvent::ProductChanged {
            workspace_id: ws,
            product_id: supplied.as_uuid()
        }]
    );
}
