//! Use cases against `mockall` mocks of every port. A mock with no expectation set
//! panics when called, so each test also proves what was *not* written.

mod manage;
mod place;
mod quoter;

use std::sync::Arc;

use catalog::{PriceQuote, ProductId, ProductName, VariantId, VariantName};
use kernel::{ManualClock, WorkspaceId};

use super::{OrderPorts, OrderScope, OrderService};
use crate::models::fixtures::*;
use crate::models::*;
use crate::ports::*;

/// A canned quoter answer.
pub(super) type Answer = fn() -> Result<ItemQuote, PriceQuoterError>;

pub(super) struct Ports {
    pub orders: MockOrderRepository,
    pub prices: MockPriceQuoter,
}

impl Ports {
    pub fn new() -> Self {
        Self {
            orders: MockOrderRepository::new(),
            prices: MockPriceQuoter::new(),
        }
    }

    /// A service whose clock reads `at(12)`.
    pub fn service(self) -> OrderService {
        OrderService::new(OrderPorts {
            orders: Arc::new(self.orders),
            prices: Arc::new(self.prices),
            clock: Arc::new(ManualClock::new(at(12))),
        })
    }

    /// The quoter answers this for the product (and variant).
    pub fn quotes(&mut self, product_id: ProductId, variant_id: Option<VariantId>, answer: Answer) {
        self.prices
            .expect_quote_item()
            .withf(move |_, p, v| *p == product_id && *v == variant_id)
            .returning(move |_, _, _| answer());
    }

    /// `get` returns this order for its id.
    pub fn stored(&mut self, order: &Order) {
        let stored = order.clone();
        let id = order.id();
        let workspace_id = order.workspace_id();
        self.orders
            .expect_get()
            .withf(move |ws, asked| *ws == workspace_id && *asked == id)
            .returning(move |_, _| Ok(Some(stored.clone())));
    }
}

pub(super) fn scope(workspace_id: WorkspaceId) -> OrderScope {
    OrderScope::new(workspace_id, eur())
}

pub(super) fn item_quote(name: &str, variant: Option<&str>, price: PriceQuote) -> ItemQuote {
    ItemQuote {
        product_name: ProductName::parse(name).unwrap(),
        variant_name: variant.map(|v| VariantName::parse(v).unwrap()),
        price,
        stock: None,
    }
}

pub(super) fn cart_line(
    product_id: ProductId,
    name: &str,
    variant: Option<(VariantId, &str)>,
    quantity: u32,
) -> CartLine {
    CartLine {
        product_id,
        product_name: ProductName::parse(name).unwrap(),
        variant: variant.map(|(id, name)| CartVariant {
            id,
            name: VariantName::parse(name).unwrap(),
        }),
        quantity: Quantity::new(quantity).unwrap(),
    }
}

/// A stored order of one line, captured at `at(10)`, in its own workspace.
pub(super) fn stored_order() -> Order {
    let line = OrderLine::priced(
        snapshot("Glow Serum", None, quote("45", "45")),
        Quantity::ONE,
    )
    .unwrap();
    new_order(vec![line]).into_order(OrderNumber::FIRST)
}
