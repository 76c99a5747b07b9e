//! `OrderRepository`: orders with their lines and notes, numbers per workspace, the
//! placement key, the list's filters and pages, conditional status changes, tenancy.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeDelta, Utc};

use futures_util::future::join_all;
use kernel::{PageRequest, WorkspaceId};
use orders::ports::{OrderRepository, OrderRepositoryError};
use orders::{
    AuthorId, DateRange, NewOrder, NoteText, Order, OrderFilter, OrderId, OrderNote, OrderNumber,
    OrderStatus, SalesChannel,
};

use super::catalog_fixtures::{Stores, money};
use super::fixtures::now;
use super::order_fixtures::*;

/// Instants `seconds` after one fixed moment of the case, so a time written and a time
/// compared are the same value.
fn clock() -> impl Fn(i64) -> DateTime<Utc> + Copy {
    let base = now();
    move |seconds| base + TimeDelta::seconds(seconds)
}

fn number(value: u64) -> OrderNumber {
    OrderNumber::new(value).unwrap()
}

fn page(page: u32, per_page: u32) -> PageRequest {
    PageRequest::new(page, per_page).unwrap()
}

async fn place(orders: &dyn OrderRepository, new: &NewOrder) -> Order {
    let number = orders.create(new).await.unwrap();
    new.clone().into_order(number)
}

async fn get(orders: &dyn OrderRepository, ws: WorkspaceId, id: OrderId) -> Order {
    orders.get(ws, id).await.unwrap().expect("the order")
}

fn ids(orders: &[Order]) -> Vec<OrderId> {
    orders.iter().map(Order::id).collect()
}

pub async fn order_round_trips_with_its_lines_offer_and_source(
    stores: &Stores,
    orders: &dyn OrderRepository,
) {
    let at = clock();
    let ana = shop(stores, "ana").await;
    let ws = ana.id;
    let new = new_order_at(
        ws,
        "mid.round-trip",
        source(SalesChannel::WhatsApp),
        vec![
            line(ana.serum, "Glow Serum", Some("50 ML"), "55", 2),
            offer_line(ana.balm, "Lip Balm", "8", "7.20", "Black Friday", 3),
            line(ana.wrap, "Gift Wrap", None, "1.50", 1),
        ],
        at(0),
    );
    let placed = place(orders, &new).await;
    assert_eq!(placed.number(), OrderNumber::FIRST);
    assert_eq!(placed.total(), money("133.10"));

    let found = get(orders, ws, new.id).await;
    assert_eq!(found, placed);
    assert_eq!(found.placement_key().as_str(), "mid.round-trip");
    assert_eq!(
        found.lines()[1].offer().unwrap().name.as_str(),
        "Black Friday"
    );
    assert_eq!(found.lines()[0].variant_name().unwrap().as_str(), "50 ML");
    assert_eq!(
        orders.get_by_number(ws, OrderNumber::FIRST).await.unwrap(),
        Some(placed)
    );

    // The playground has no connected channel.
    let playground = new_order_at(
        ws,
        "playground.1",
        source(SalesChannel::Playground),
        vec![ana.serum(1)],
        at(1),
    );
    let placed = place(orders, &playground).await;
    let found = get(orders, ws, playground.id).await;
    assert_eq!(found.source().channel_id, None);
    assert_eq!(found, placed);

    assert_eq!(orders.get(ws, OrderId::new()).await.unwrap(), None);
    assert_eq!(
        orders.get_by_number(ws, number(999_999)).await.unwrap(),
        None
    );
    assert_eq!(
        orders.get_by_number(ws, number(u64::MAX)).await.unwrap(),
        None
    );
}

pub async fn numbers_count_up_per_workspace(stores: &Stores, orders: &dyn OrderRepository) {
    let ana = shop(stores, "ana").await;
    let bea = shop(stores, "bea").await;
    let b = bea.id;
    let mut numbers = Vec::new();
    for _ in 0..3 {
        numbers.push(orders.create(&new_order(&ana)).await.unwrap().value());
    }
    assert_eq!(numbers, [1001, 1002, 1003]);
    // Another workspace starts from the first number too.
    assert_eq!(
        orders.create(&new_order(&bea)).await.unwrap(),
        OrderNumber::FIRST
    );
    assert_eq!(orders.create(&new_order(&ana)).await.unwrap(), number(1004));
    assert_eq!(orders.create(&new_order(&bea)).await.unwrap(), number(1002));

    let in_b = orders
        .get_by_number(b, number(1002))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(in_b.workspace_id(), b);
    assert_eq!(orders.get_by_number(b, number(1003)).await.unwrap(), None);
    let in_a = orders.get_by_number(ana.id, number(1004)).await.unwrap();
    assert_eq!(in_a.map(|order| order.workspace_id()), Some(ana.id));
}

/// Replicas placing orders for one workspace at the same moment.
pub async fn concurrent_creates_get_different_numbers(
    stores: &Stores,
    orders: &dyn OrderRepository,
) {
    let ana = shop(stores, "ana").await;
    let ws = ana.id;
    let news: Vec<NewOrder> = (0..8).map(|_| new_order(&ana)).collect();
    let results = join_all(news.iter().map(|new| orders.create(new))).await;
    let numbers: BTreeSet<u64> = results
        .into_iter()
        .map(|result| result.unwrap().value())
        .collect();
    assert_eq!(numbers, (1001..=1008).collect::<BTreeSet<_>>());
    for new in &news {
        assert!(orders.get(ws, new.id).await.unwrap().is_some());
    }
}

pub async fn a_placement_key_places_one_order_per_workspace(
    stores: &Stores,
    orders: &dyn OrderRepository,
) {
    let at = clock();
    let ana = shop(stores, "ana").await;
    let bea = shop(stores, "bea").await;
    let (a, b) = (ana.id, bea.id);
    let first = new_order_at(
        a,
        "mid.confirm-1",
        source(SalesChannel::Messenger),
        vec![ana.serum(1)],
        at(0),
    );
    place(orders, &first).await;

    // The same confirmation processed again: a new id, the same key.
    let again = new_order_at(a, "mid.confirm-1", first.source, vec![ana.serum(1)], at(1));
    let refused = orders.create(&again).await;
    assert!(
        matches!(refused, Err(OrderRepositoryError::AlreadyPlaced(id)) if id == first.id),
        "{refused:?}"
    );
    assert_eq!(orders.get(a, again.id).await.unwrap(), None);
    // The refused attempt gave its number back.
    assert_eq!(orders.create(&new_order(&ana)).await.unwrap(), number(1002));

    // Keys are per workspace.
    let elsewhere = new_order_at(
        b,
        "mid.confirm-1",
        source(SalesChannel::Messenger),
        vec![bea.serum(1)],
        at(0),
    );
    assert_eq!(orders.create(&elsewhere).await.unwrap(), OrderNumber::FIRST);

    // A "yes" delivered twice at once: one order, the other attempt names it.
    let twins: Vec<NewOrder> = (0..2)
        .map(|_| {
            new_order_at(
                a,
                "mid.delivered-twice",
                source(SalesChannel::Messenger),
                vec![ana.serum(1)],
                at(2),
            )
        })
        .collect();
    let results = join_all(twins.iter().map(|new| orders.create(new))).await;
    let placed: Vec<OrderId> = twins
        .iter()
        .zip(&results)
        .filter(|(_, result)| result.is_ok())
        .map(|(new, _)| new.id)
        .collect();
    assert_eq!(placed.len(), 1, "{results:?}");
    for result in &results {
        match result {
            Ok(number) => assert_eq!(number.value(), 1003),
            Err(OrderRepositoryError::AlreadyPlaced(id)) => assert_eq!(*id, placed[0]),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
}

pub async fn list_filters_by_every_field(stores: &Stores, orders: &dyn OrderRepository) {
    let at = clock();
    let ana = shop(stores, "ana").await;
    let ws = ana.id;
    let bea = shop(stores, "bea").await;
    let other = bea.id;
    let regular = source(SalesChannel::Instagram);
    let on_whatsapp = source(SalesChannel::WhatsApp);
    let web = source(SalesChannel::Web);
    let specs = [
        ("k1", regular, 0),
        ("k2", on_whatsapp, 10),
        ("k3", regular, 20),
        ("k4", web, 30),
    ];
    let mut placed = Vec::new();
    for (key, source, seconds) in specs {
        let new = new_order_at(ws, key, source, vec![ana.serum(1)], at(seconds));
        placed.push(place(orders, &new).await);
    }
    // Noise in another workspace, with the same customer id and channel.
    let foreign = new_order_at(other, "k1", regular, vec![bea.serum(1)], at(5));
    place(orders, &foreign).await;
    orders
        .update_status(
            ws,
            placed[1].id(),
            OrderStatus::Captured,
            OrderStatus::Completed,
            at(40),
        )
        .await
        .unwrap();

    let list = |filter: OrderFilter| async move {
        let found = orders.list(ws, &filter, page(1, 100)).await.unwrap();
        assert_eq!(found.total, found.items.len() as u64);
        ids(&found.items)
    };
    let id = |i: usize| placed[i].id();

    assert_eq!(
        list(OrderFilter::default()).await,
        [id(3), id(2), id(1), id(0)]
    );
    let completed = OrderFilter {
        status: Some(OrderStatus::Completed),
        ..Default::default()
    };
    assert_eq!(list(completed).await, [id(1)]);
    let captured = OrderFilter {
        status: Some(OrderStatus::Captured),
        ..Default::default()
    };
    assert_eq!(list(captured).await, [id(3), id(2), id(0)]);
    // `from` included, `to` excluded.
    let window = OrderFilter {
        captured: DateRange::new(Some(at(10)), Some(at(30))).unwrap(),
        ..Default::default()
    };
    assert_eq!(list(window).await, [id(2), id(1)]);
    let since = OrderFilter {
        captured: DateRange::new(Some(at(20)), None).unwrap(),
        ..Default::default()
    };
    assert_eq!(list(since).await, [id(3), id(2)]);
    let until = OrderFilter {
        captured: DateRange::new(None, Some(at(10))).unwrap(),
        ..Default::default()
    };
    assert_eq!(list(until).await, [id(0)]);
    let whatsapp = OrderFilter {
        channel: Some(SalesChannel::WhatsApp),
        ..Default::default()
    };
    assert_eq!(list(whatsapp).await, [id(1)]);
    let customer = OrderFilter {
        customer_id: Some(regular.customer_id),
        ..Default::default()
    };
    assert_eq!(list(customer).await, [id(2), id(0)]);
    let conversation = OrderFilter {
        conversation_id: Some(web.conversation_id),
        ..Default::default()
    };
    assert_eq!(list(conversation).await, [id(3)]);
    let combined = OrderFilter {
        customer_id: Some(regular.customer_id),
        captured: DateRange::new(Some(at(15)), None).unwrap(),
        channel: Some(SalesChannel::Instagram),
        status: Some(OrderStatus::Captured),
        ..Default::default()
    };
    assert_eq!(list(combined).await, [id(2)]);
    let nothing = OrderFilter {
        channel: Some(SalesChannel::Messenger),
        ..Default::default()
    };
    assert_eq!(list(nothing).await, Vec::<OrderId>::new());
}

pub async fn list_pages_are_newest_first_without_overlap(
    stores: &Stores,
    orders: &dyn OrderRepository,
) {
    let at = clock();
    let ana = shop(stores, "ana").await;
    let ws = ana.id;
    // Five orders captured at the same instant and two later: ties break by id.
    let mut expected = Vec::new();
    for i in 0..7 {
        let seconds = if i < 5 { 0 } else { i };
        let new = new_order_at(
            ws,
            &format!("k{i}"),
            source(SalesChannel::Web),
            vec![ana.serum(1)],
            at(seconds),
        );
        expected.push(place(orders, &new).await);
    }
    expected.sort_by(|a, b| {
        b.captured_at()
            .cmp(&a.captured_at())
            .then(b.id().cmp(&a.id()))
    });

    let mut seen = Vec::new();
    for number in 1..=3 {
        let found = orders
            .list(ws, &OrderFilter::default(), page(number, 3))
            .await
            .unwrap();
        assert_eq!(found.total, 7);
        assert_eq!(found.page, number);
        seen.extend(found.items);
    }
    assert_eq!(ids(&seen), ids(&expected));
    // Listed orders carry their lines, like `get`.
    assert_eq!(seen, expected);
    let beyond = orders
        .list(ws, &OrderFilter::default(), page(4, 3))
        .await
        .unwrap();
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 7);
}

pub async fn latest_for_customer_is_newest_first_and_limited(
    stores: &Stores,
    orders: &dyn OrderRepository,
) {
    let at = clock();
    let ana = shop(stores, "ana").await;
    let ws = ana.id;
    let customer = source(SalesChannel::Instagram);
    let mut placed = Vec::new();
    for seconds in [0, 20, 10, 30] {
        let new = new_order_at(
            ws,
            &format!("k{seconds}"),
            customer,
            vec![ana.serum(1)],
            at(seconds),
        );
        placed.push(place(orders, &new).await);
    }
    place(orders, &new_order(&ana)).await;

    let latest = orders
        .latest_for_customer(ws, customer.customer_id, 3)
        .await
        .unwrap();
    assert_eq!(
        ids(&latest),
        [placed[3].id(), placed[1].id(), placed[2].id()]
    );
    assert_eq!(latest[0], placed[3]);
    let all = orders
        .latest_for_customer(ws, customer.customer_id, 10)
        .await
        .unwrap();
    assert_eq!(all.len(), 4);
    let stranger = source(SalesChannel::Instagram).customer_id;
    assert!(
        orders
            .latest_for_customer(ws, stranger, 3)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn status_changes_are_conditional_and_stamped(
    stores: &Stores,
    orders: &dyn OrderRepository,
) {
    let at = clock();
    let ana = shop(stores, "ana").await;
    let ws = ana.id;
    let new = new_order(&ana);
    let mut expected = place(orders, &new).await;

    expected
        .change_status(OrderStatus::InProgress, at(60))
        .unwrap();
    orders
        .update_status(
            ws,
            new.id,
            OrderStatus::Captured,
            OrderStatus::InProgress,
            at(60),
        )
        .await
        .unwrap();
    let found = get(orders, ws, new.id).await;
    assert_eq!(found, expected);
    assert_eq!(found.in_progress_at(), Some(at(60)));
    assert_eq!(found.updated_at(), at(60));

    // Written by someone who read it as captured: refused, nothing changed.
    let stale = orders
        .update_status(
            ws,
            new.id,
            OrderStatus::Captured,
            OrderStatus::Cancelled,
            at(70),
        )
        .await;
    assert!(
        matches!(stale, Err(OrderRepositoryError::StatusConflict)),
        "{stale:?}"
    );
    assert_eq!(get(orders, ws, new.id).await, expected);

    let missing = orders
        .update_status(
            ws,
            OrderId::new(),
            OrderStatus::Captured,
            OrderStatus::Completed,
            at(70),
        )
        .await;
    assert!(
        matches!(missing, Err(OrderRepositoryError::NotFound)),
        "{missing:?}"
    );

    // Two operators at once, "complete" and "cancel": exactly one wins.
    let (complete, cancel) = tokio::join!(
        orders.update_status(
            ws,
            new.id,
            OrderStatus::InProgress,
            OrderStatus::Completed,
            at(80)
        ),
        orders.update_status(
            ws,
            new.id,
            OrderStatus::InProgress,
            OrderStatus::Cancelled,
            at(80)
        ),
    );
    let winner = match (&complete, &cancel) {
        (Ok(()), Err(OrderRepositoryError::StatusConflict)) => OrderStatus::Completed,
        (Err(OrderRepositoryError::StatusConflict), Ok(())) => OrderStatus::Cancelled,
        other => panic!("exactly one change must win: {other:?}"),
    };
    expected.change_status(winner, at(80)).unwrap();
    let found = get(orders, ws, new.id).await;
    assert_eq!(found, expected);
    assert_eq!(found.status(), winner);
    assert_eq!(found.in_progress_at(), Some(at(60)));

    // A captured order may be completed straight away.
    let quick = new_order(&ana);
    let mut quick_expected = place(orders, &quick).await;
    orders
        .update_status(
            ws,
            quick.id,
            OrderStatus::Captured,
            OrderStatus::Completed,
            at(90),
        )
        .await
        .unwrap();
    quick_expected
        .change_status(OrderStatus::Completed, at(90))
        .unwrap();
    assert_eq!(get(orders, ws, quick.id).await, quick_expected);
}

pub async fn notes_are_appended_in_order(stores: &Stores, orders: &dyn OrderRepository) {
    let at = clock();
    let ana = shop(stores, "ana").await;
    let ws = ana.id;
    let new = new_order(&ana);
    let mut expected = place(orders, &new).await;
    let author = AuthorId::new();
    let notes = [
        OrderNote::new(
            NoteText::parse("Paid by bank transfer").unwrap(),
            Some(author),
            at(30),
        ),
        OrderNote::new(
            NoteText::parse("Tracking:\nRR123456789IT").unwrap(),
            None,
            at(60),
        ),
    ];
    for note in &notes {
        orders.add_note(ws, new.id, note).await.unwrap();
        expected.add_note(note.clone()).unwrap();
    }
    let found = get(orders, ws, new.id).await;
    assert_eq!(found, expected);
    assert_eq!(found.notes(), notes);
    assert_eq!(found.updated_at(), at(60));
    assert_eq!(found.notes()[0].author_id, Some(author));

    let missing = orders.add_note(ws, OrderId::new(), &notes[0]).await;
    assert!(
        matches!(missing, Err(OrderRepositoryError::NotFound)),
        "{missing:?}"
    );
}

pub async fn orders_of_one_workspace_are_invisible_from_another(
    stores: &Stores,
    orders: &dyn OrderRepository,
) {
    let at = clock();
    let ana = shop(stores, "ana").await;
    let bea = shop(stores, "bea").await;
    let (a, b) = (ana.id, bea.id);
    let new = new_order(&ana);
    let expected = place(orders, &new).await;

    assert_eq!(orders.get(b, new.id).await.unwrap(), None);
    assert_eq!(
        orders.get_by_number(b, OrderNumber::FIRST).await.unwrap(),
        None
    );
    let listed = orders
        .list(b, &OrderFilter::default(), page(1, 20))
        .await
        .unwrap();
    assert!(listed.items.is_empty());
    assert_eq!(listed.total, 0);
    assert!(
        orders
            .latest_for_customer(b, new.source.customer_id, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let changed = orders
        .update_status(
            b,
            new.id,
            OrderStatus::Captured,
            OrderStatus::Cancelled,
            at(10),
        )
        .await;
    assert!(
        matches!(changed, Err(OrderRepositoryError::NotFound)),
        "{changed:?}"
    );
    let note = OrderNote::new(NoteText::parse("not yours").unwrap(), None, at(10));
    let noted = orders.add_note(b, new.id, &note).await;
    assert!(
        matches!(noted, Err(OrderRepositoryError::NotFound)),
        "{noted:?}"
    );

    // Untouched in its own workspace.
    assert_eq!(get(orders, a, new.id).await, expected);
}
