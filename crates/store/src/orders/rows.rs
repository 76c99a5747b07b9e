//! Orders as rows and back. An order is one `orders` row, its `order_lines` (in
//! `position` order) and its `order_notes` (oldest first); money is minor units in the
//! order's currency. Reading goes through `Order::from_record`, which re-checks every
//! rule (totals, status timestamps), so a row changed behind the application's back
//! surfaces as `Unexpected`, never as a half-valid order.

use std::collections::HashMap;

use ::orders::ports::OrderRepositoryError;
use ::orders::{
    AuthorId, ChannelId, ConversationId, CustomerId, LineOffer, NewOrder, NoteId, NoteText, Order,
    OrderId, OrderLine, OrderLineRecord, OrderNote, OrderNumber, OrderRecord, OrderSource,
    OrderStatus, PlacementKey, Quantity, SalesChannel, ShippingLocation,
};
use catalog::{OfferId, OfferName, ProductId, ProductName, VariantId, VariantName};
use kernel::{Currency, Money, WorkspaceId};
use sea_orm::ActiveValue::Set;
use uuid::Uuid;

use super::errors::{corrupt, unexpected};
use crate::catalog::money::{from_minor, to_minor};
use crate::entities::{order_lines, order_notes, orders as orders_table};
use crate::timestamps::stored;

/// The `orders` row of a new order, numbered.
pub(super) fn order_row(
    order: &NewOrder,
    number: OrderNumber,
) -> Result<orders_table::ActiveModel, OrderRepositoryError> {
    let captured_at = stored(order.captured_at);
    Ok(orders_table::ActiveModel {
        id: Set(order.id.as_uuid()),
        workspace_id: Set(order.workspace_id.as_uuid()),
        number: Set(i64::try_from(number.value()).map_err(unexpected)?),
        placement_key: Set(order.placement_key.as_str().to_owned()),
        status: Set(OrderStatus::Captured.as_str().to_owned()),
        customer_id: Set(order.source.customer_id.as_uuid()),
        conversation_id: Set(order.source.conversation_id.as_uuid()),
        channel: Set(order.source.channel.as_str().to_owned()),
        channel_id: Set(order.source.channel_id.map(|id| id.as_uuid())),
        currency: Set(order.currency.code().to_owned()),
        total_minor: Set(minor(order.total)?),
        shipping_location: Set(order.shipping_location.as_str().to_owned()),
        created_at: Set(captured_at),
        updated_at: Set(captured_at),
        in_progress_at: Set(None),
        completed_at: Set(None),
        cancelled_at: Set(None),
    })
}

/// The `order_lines` rows of a new order, in its order.
pub(super) fn line_rows(
    order: &NewOrder,
) -> Result<Vec<order_lines::ActiveModel>, OrderRepositoryError> {
    order
        .lines
        .iter()
        .enumerate()
        .map(|(position, line)| {
            let offer = line.offer();
            Ok(order_lines::ActiveModel {
                id: Set(Uuid::now_v7()),
                order_id: Set(order.id.as_uuid()),
                workspace_id: Set(order.workspace_id.as_uuid()),
                position: Set(i32::try_from(position).map_err(unexpected)?),
                product_id: Set(line.product_id().map(|id| id.as_uuid())),
                variant_id: Set(line.variant_id().map(|id| id.as_uuid())),
                product_name: Set(line.product_name().as_str().to_owned()),
                variant_name: Set(line.variant_name().map(|n| n.as_str().to_owned())),
                base_unit_price_minor: Set(minor(line.base_unit_price())?),
                unit_price_minor: Set(minor(line.unit_price())?),
                offer_id: Set(offer.map(|o| o.offer_id.as_uuid())),
                offer_name: Set(offer.map(|o| o.name.as_str().to_owned())),
                quantity: Set(i32::try_from(line.quantity().get()).map_err(unexpected)?),
                line_total_minor: Set(minor(line.line_total())?),
                created_at: Set(stored(order.captured_at)),
            })
        })
        .collect()
}

pub(super) fn note_row(
    workspace_id: WorkspaceId,
    order_id: OrderId,
    note: &OrderNote,
) -> order_notes::ActiveModel {
    order_notes::ActiveModel {
        id: Set(note.id.as_uuid()),
        order_id: Set(order_id.as_uuid()),
        workspace_id: Set(workspace_id.as_uuid()),
        text: Set(note.text.as_str().to_owned()),
        author_id: Set(note.author_id.map(|id| id.as_uuid())),
        created_at: Set(stored(note.created_at)),
    }
}

fn minor(money: Money) -> Result<i64, OrderRepositoryError> {
    to_minor(money).map_err(OrderRepositoryError::Unexpected)
}

/// Orders from their rows; `lines` and `notes` may hold the children of every order in
/// `rows`, already in their order. The result keeps the order of `rows`.
pub(super) fn orders_from_rows(
    rows: Vec<orders_table::Model>,
    lines: Vec<order_lines::Model>,
    notes: Vec<order_notes::Model>,
) -> Result<Vec<Order>, OrderRepositoryError> {
    let mut lines_of: HashMap<Uuid, Vec<order_lines::Model>> = HashMap::new();
    for line in lines {
        lines_of.entry(line.order_id).or_default().push(line);
    }
    let mut notes_of: HashMap<Uuid, Vec<order_notes::Model>> = HashMap::new();
    for note in notes {
        notes_of.entry(note.order_id).or_default().push(note);
    }
    rows.into_iter()
        .map(|row| {
            let lines = lines_of.remove(&row.id).unwrap_or_default();
            let notes = notes_of.remove(&row.id).unwrap_or_default();
            order_from_rows(row, lines, notes)
        })
        .collect()
}

fn order_from_rows(
    row: orders_table::Model,
    lines: Vec<order_lines::Model>,
    notes: Vec<order_notes::Model>,
) -> Result<Order, OrderRepositoryError> {
    let currency = Currency::parse(&row.currency).map_err(|e| corrupt("order currency", e))?;
    let number = u64::try_from(row.number)
        .ok()
        .and_then(|n| OrderNumber::new(n).ok())
        .ok_or_else(|| corrupt("order number", row.number))?;
    let record = OrderRecord {
        id: OrderId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        number,
        placement_key: PlacementKey::parse(&row.placement_key)
            .map_err(|e| corrupt("order placement key", e))?,
        status: OrderStatus::parse(&row.status).map_err(|e| corrupt("order status", e))?,
        source: OrderSource {
            customer_id: CustomerId::from_uuid(row.customer_id),
            conversation_id: ConversationId::from_uuid(row.conversation_id),
            channel: SalesChannel::parse(&row.channel).map_err(|e| corrupt("order channel", e))?,
            channel_id: row.channel_id.map(ChannelId::from_uuid),
        },
        lines: lines
            .into_iter()
            .map(|line| line_from_row(line, currency))
            .collect::<Result<_, _>>()?,
        currency,
        total: money(row.total_minor, currency, "order total")?,
        shipping_location: ShippingLocation::parse(&row.shipping_location)
            .map_err(|e| corrupt("order shipping location", e))?,
        notes: notes
            .into_iter()
            .map(note_from_row)
            .collect::<Result<_, _>>()?,
        captured_at: row.created_at,
        updated_at: row.updated_at,
        in_progress_at: row.in_progress_at,
        completed_at: row.completed_at,
        cancelled_at: row.cancelled_at,
    };
    Order::from_record(record).map_err(|e| corrupt("order", e))
}

fn line_from_row(
    row: order_lines::Model,
    currency: Currency,
) -> Result<OrderLine, OrderRepositoryError> {
    let offer = match (row.offer_id, row.offer_name.as_deref()) {
        (Some(id), Some(name)) => Some(LineOffer {
            offer_id: OfferId::from_uuid(id),
            name: OfferName::parse(name).map_err(|e| corrupt("order line offer name", e))?,
        }),
        (None, None) => None,
        _ => return Err(corrupt("order line offer", "an id without a name or back")),
    };
    let quantity = u32::try_from(row.quantity)
        .map_err(|e| e.to_string())
        .and_then(|q| Quantity::new(q).map_err(|e| e.to_string()))
        .map_err(|e| corrupt("order line quantity", e))?;
    let record = OrderLineRecord {
        product_id: row.product_id.map(ProductId::from_uuid),
        variant_id: row.variant_id.map(VariantId::from_uuid),
        product_name: ProductName::parse(&row.product_name)
            .map_err(|e| corrupt("order line product name", e))?,
        variant_name: row
            .variant_name
            .as_deref()
            .map(VariantName::parse)
            .transpose()
            .map_err(|e| corrupt("order line variant name", e))?,
        base_unit_price: money(row.base_unit_price_minor, currency, "order line base price")?,
        unit_price: money(row.unit_price_minor, currency, "order line unit price")?,
        offer,
        quantity,
        line_total: money(row.line_total_minor, currency, "order line total")?,
    };
    OrderLine::from_record(record).map_err(|e| corrupt("order line", e))
}

fn note_from_row(row: order_notes::Model) -> Result<OrderNote, OrderRepositoryError> {
    Ok(OrderNote {
        id: NoteId::from_uuid(row.id),
        text: NoteText::parse(&row.text).map_err(|e| corrupt("order note", e))?,
        author_id: row.author_id.map(AuthorId::from_uuid),
        created_at: row.created_at,
    })
}

fn money(minor: i64, currency: Currency, what: &str) -> Result<Money, OrderRepositoryError> {
    from_minor(minor, currency).map_err(|e| corrupt(what, e))
}
