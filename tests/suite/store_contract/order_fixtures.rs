//! Orders for the contract cases, built through the orders domain's constructors, and
//! their parts (lines priced as the catalog would quote them, sources).

use catalog::{
    AppliedOffer, Discount, OfferId, OfferName, PriceQuote, ProductId, ProductName, VariantId,
    VariantName,
};
use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use orders::{
    ChannelId, ConversationId, CustomerId, LineSnapshot, NewOrder, OrderLine, OrderSource,
    PlacementKey, Quantity, SalesChannel, ShippingLocation,
};
use sea_orm::prelude::Decimal;

use super::catalog_fixtures::{Stores, eur, money, product};

/// A workspace with products for order lines to point at (a line's `product_id`
/// references a stored product).
pub struct Shop {
    pub id: WorkspaceId,
    pub serum: ProductId,
    pub balm: ProductId,
    pub wrap: ProductId,
}

pub async fn shop(stores: &Stores, label: &str) -> Shop {
    let id = stores.workspace(label).await;
    let mut ids = Vec::new();
    for (name, price) in [
        ("Glow Serum", "45"),
        ("Lip Balm", "8"),
        ("Gift Wrap", "1.50"),
    ] {
        let product = product(id, name, price);
        stores.catalog.products.create(&product).await.unwrap();
        ids.push(product.id());
    }
    Shop {
        id,
        serum: ids[0],
        balm: ids[1],
        wrap: ids[2],
    }
}

impl Shop {
    /// `quantity` Glow Serum at 45.00.
    pub fn serum(&self, quantity: u32) -> OrderLine {
        line(self.serum, "Glow Serum", None, "45", quantity)
    }
}

/// A line for the product at `price` each (no offer), `quantity` units.
pub fn line(
    product_id: ProductId,
    name: &str,
    variant: Option<&str>,
    price: &str,
    quantity: u32,
) -> OrderLine {
    let quote = PriceQuote {
        base: money(price),
        effective: money(price),
        offer: None,
    };
    priced(product_id, name, variant, quote, quantity)
}

/// A line whose price an offer lowered from `base` to `effective`.
pub fn offer_line(
    product_id: ProductId,
    name: &str,
    base: &str,
    effective: &str,
    offer: &str,
    quantity: u32,
) -> OrderLine {
    let saving = money(base).checked_sub(money(effective)).unwrap();
    let quote = PriceQuote {
        base: money(base),
        effective: money(effective),
        offer: Some(AppliedOffer {
            offer_id: OfferId::new(),
            name: OfferName::parse(offer).unwrap(),
            discount: Discount::percentage(Decimal::from(10)).unwrap(),
            saving,
            ends_at: super::fixtures::at(86_400),
        }),
    };
    priced(product_id, name, None, quote, quantity)
}

fn priced(
    product_id: ProductId,
    name: &str,
    variant: Option<&str>,
    price: PriceQuote,
    quantity: u32,
) -> OrderLine {
    let snapshot = LineSnapshot {
        product_id,
        variant_id: variant.map(|_| VariantId::new()),
        product_name: ProductName::parse(name).unwrap(),
        variant_name: variant.map(|v| VariantName::parse(v).unwrap()),
        price,
    };
    OrderLine::priced(snapshot, Quantity::new(quantity).unwrap()).unwrap()
}

/// A customer writing on `channel` in a conversation of their own.
pub fn source(channel: SalesChannel) -> OrderSource {
    OrderSource {
        customer_id: CustomerId::new(),
        conversation_id: ConversationId::new(),
        channel,
        channel_id: (channel != SalesChannel::Playground).then(ChannelId::new),
    }
}

/// An order of `lines` placed under `key`, captured `at`, shipped to Milan.
pub fn new_order_at(
    workspace_id: WorkspaceId,
    key: &str,
    source: OrderSource,
    lines: Vec<OrderLine>,
    at: DateTime<Utc>,
) -> NewOrder {
    NewOrder::new(
        workspace_id,
        PlacementKey::parse(key).unwrap(),
        source,
        lines,
        eur(),
        ShippingLocation::parse("Milan, Italy").unwrap(),
        at,
    )
    .unwrap()
}

/// An order of one Glow Serum 50ml, captured now, under a key nobody else uses.
pub fn new_order(shop: &Shop) -> NewOrder {
    new_order_at(
        shop.id,
        &format!("mid.{}", uuid::Uuid::now_v7().simple()),
        source(SalesChannel::Instagram),
        vec![line(shop.serum, "Glow Serum", Some("50ml"), "55", 1)],
        super::fixtures::now(),
    )
}
