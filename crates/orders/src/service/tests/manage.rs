use kernel::PageRequest;

use super::*;
use crate::service::{LATEST_ORDERS_MAX, OrderError};

#[tokio::test]
async fn an_order_of_another_workspace_is_not_found() {
    let mut ports = Ports::new();
    ports.orders.expect_get().returning(|_, _| Ok(None));
    let error = ports
        .service()
        .get_order(&scope(WorkspaceId::new()), OrderId::new())
        .await
        .unwrap_err();
    assert!(matches!(error, OrderError::NotFound));
    assert_eq!(error.code(), "order_not_found");
}

#[tokio::test]
async fn lists_pass_filters_and_pages_through() {
    let mut ports = Ports::new();
    let workspace_id = WorkspaceId::new();
    let filter = OrderFilter {
        status: Some(OrderStatus::Captured),
        captured: DateRange::new(Some(at(0)), Some(at(23))).unwrap(),
        channel: Some(SalesChannel::WhatsApp),
        customer_id: Some(CustomerId::new()),
        conversation_id: None,
    };
    let page = PageRequest::new(2, 10).unwrap();
    let order = stored_order();
    ports
        .orders
        .expect_list()
        .withf(move |ws, f, p| *ws == workspace_id && *f == filter && *p == page)
        .returning(move |_, _, p| Ok(kernel::Page::new(vec![order.clone()], 11, p)));
    let listed = ports
        .service()
        .list_orders(&scope(workspace_id), &filter, page)
        .await
        .unwrap();
    assert_eq!(listed.total, 11);
    assert_eq!(listed.items.len(), 1);
}

#[tokio::test]
async fn a_valid_status_change_is_written_conditionally() {
    let mut ports = Ports::new();
    let order = stored_order();
    ports.stored(&order);
    let id = order.id();
    ports
        .orders
        .expect_update_status()
        .withf(move |_, asked, expected, to, when| {
            *asked == id
                && *expected == OrderStatus::Captured
                && *to == OrderStatus::InProgress
                && *when == at(12)
        })
        .times(1)
        .returning(|_, _, _, _, _| Ok(()));
    let updated = ports
        .service()
        .change_status(&scope(order.workspace_id()), id, OrderStatus::InProgress)
        .await
        .unwrap();
    assert_eq!(updated.status(), OrderStatus::InProgress);
    assert_eq!(updated.in_progress_at(), Some(at(12)));
}

#[tokio::test]
async fn an_invalid_status_change_writes_nothing() {
    let mut ports = Ports::new();
    let mut order = stored_order();
    order.change_status(OrderStatus::Cancelled, at(11)).unwrap();
    ports.stored(&order);
    let error = ports
        .service()
        .change_status(
            &scope(order.workspace_id()),
            order.id(),
            OrderStatus::InProgress,
        )
        .await
        .unwrap_err();
    assert_eq!(error.code(), "invalid_status_transition");
}

#[tokio::test]
async fn asking_for_the_current_status_writes_nothing_and_succeeds() {
    let mut ports = Ports::new();
    let order = stored_order();
    ports.stored(&order);
    let same = ports
        .service()
        .change_status(
            &scope(order.workspace_id()),
            order.id(),
            OrderStatus::Captured,
        )
        .await
        .unwrap();
    assert_eq!(same, order);
}

#[tokio::test]
async fn a_status_changed_meanwhile_is_a_conflict() {
    let mut ports = Ports::new();
    let order = stored_order();
    ports.stored(&order);
    ports
        .orders
        .expect_update_status()
        .returning(|_, _, _, _, _| Err(OrderRepositoryError::StatusConflict));
    let error = ports
        .service()
        .change_status(
            &scope(order.workspace_id()),
            order.id(),
            OrderStatus::Completed,
        )
        .await
        .unwrap_err();
    assert!(matches!(error, OrderError::Conflict));
}

#[tokio::test]
async fn notes_are_appended_with_their_author_and_time() {
    let mut ports = Ports::new();
    let order = stored_order();
    ports.stored(&order);
    let author = AuthorId::new();
    let id = order.id();
    ports
        .orders
        .expect_add_note()
        .withf(move |_, asked, note| {
            *asked == id
                && note.text.as_str() == "Paid by transfer"
                && note.author_id == Some(author)
                && note.created_at == at(12)
        })
        .times(1)
        .returning(|_, _, _| Ok(()));
    let updated = ports
        .service()
        .add_note(
            &scope(order.workspace_id()),
            id,
            NoteText::parse("Paid by transfer").unwrap(),
            Some(author),
        )
        .await
        .unwrap();
    assert_eq!(updated.notes().len(), 1);
    assert_eq!(updated.updated_at(), at(12));
}

#[tokio::test]
async fn a_note_on_a_missing_order_writes_nothing() {
    let mut ports = Ports::new();
    ports.orders.expect_get().returning(|_, _| Ok(None));
    let error = ports
        .service()
        .add_note(
            &scope(WorkspaceId::new()),
            OrderId::new(),
            NoteText::parse("hello").unwrap(),
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(error, OrderError::NotFound));
}

#[tokio::test]
async fn where_is_my_order_reads_the_customer_s_latest_orders_with_a_bounded_limit() {
    let mut ports = Ports::new();
    let order = stored_order();
    let customer = order.customer_id();
    let workspace_id = order.workspace_id();
    ports
        .orders
        .expect_latest_for_customer()
        .withf(move |ws, c, limit| {
            *ws == workspace_id && *c == customer && *limit == LATEST_ORDERS_MAX
        })
        .times(1)
        .returning(move |_, _, _| Ok(vec![order.clone()]));
    ports
        .orders
        .expect_latest_for_customer()
        .withf(|_, _, limit| *limit == 1)
        .times(1)
        .returning(|_, _, _| Ok(vec![]));
    let service = ports.service();
    let orders = service
        .customer_orders(&scope(workspace_id), customer, 500)
        .await
        .unwrap();
    assert_eq!(orders.len(), 1);
    service
        .customer_orders(&scope(workspace_id), customer, 0)
        .await
        .unwrap();
}

#[tokio::test]
async fn another_customer_s_order_number_is_reported_as_missing() {
    let mut ports = Ports::new();
    let order = stored_order();
    let owner = order.customer_id();
    let workspace_id = order.workspace_id();
    ports
        .orders
        .expect_get_by_number()
        .withf(|_, n| *n == OrderNumber::FIRST)
        .returning(move |_, _| Ok(Some(order.clone())));
    let service = ports.service();
    let mine = service
        .customer_order_by_number(&scope(workspace_id), owner, OrderNumber::FIRST)
        .await
        .unwrap();
    assert_eq!(mine.customer_id(), owner);
    let error = service
        .customer_order_by_number(&scope(workspace_id), CustomerId::new(), OrderNumber::FIRST)
        .await
        .unwrap_err();
    assert!(matches!(error, OrderError::NumberNotFound(_)));
    assert_eq!(error.code(), "order_not_found");
}
