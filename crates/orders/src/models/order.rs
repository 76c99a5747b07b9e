//! The order aggregate: what was captured in chat, frozen as the customer confirmed it.
//!
//! Lines are snapshots (name, variant, prices) so an order reads the same after the
//! product is renamed, repriced or erased. Fields are private because totals span the
//! lines and timestamps follow the status; adapters rebuild orders with `from_record`,
//! which re-checks every rule.

use chrono::{DateTime, Utc};
use kernel::{Currency, Money, WorkspaceId};
use serde::Serialize;

use super::{
    ChannelId, ConversationId, CustomerId, MAX_CART_LINES, MAX_NOTES, OrderId, OrderLine,
    OrderNote, OrderNumber, OrderStatus, OrderStatusError, PlacementKey, SalesChannel,
    ShippingLocation, total_of,
};

/// Rules of the order aggregate. Broken only by a bug or by storage handing back rows
/// that disagree with each other; reported, never papered over.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderRuleError {
    #[error("an order needs at least one line")]
    NoLines,
    #[error("an order holds at most {MAX_CART_LINES} lines")]
    TooManyLines,
    #[error("amounts are in {found}, but the order is in {expected}")]
    CurrencyMismatch { expected: Currency, found: Currency },
    #[error("a unit price must be above zero")]
    UnitPriceNotPositive,
    #[error("a unit price may not be above the line's base price")]
    UnitPriceAboveBase,
    #[error("a line total must be its unit price times its quantity")]
    LineTotalMismatch,
    #[error("the order total must be the sum of its lines")]
    TotalMismatch,
    #[error("amount out of range")]
    Overflow,
    #[error("an order keeps at most {MAX_NOTES} notes")]
    TooManyNotes,
    #[error("the status timestamps do not match status {0}")]
    StatusTimestamps(OrderStatus),
    #[error("{0}")]
    Status(#[from] OrderStatusError),
}

impl OrderRuleError {
    pub fn code(&self) -> &'static str {
        match self {
            OrderRuleError::NoLines => "order_without_lines",
            OrderRuleError::TooManyLines => "too_many_lines",
            OrderRuleError::CurrencyMismatch { .. } => "currency_mismatch",
            OrderRuleError::UnitPriceNotPositive => "unit_price_not_positive",
            OrderRuleError::UnitPriceAboveBase => "unit_price_above_base",
            OrderRuleError::LineTotalMismatch => "line_total_mismatch",
            OrderRuleError::TotalMismatch => "total_mismatch",
            OrderRuleError::Overflow => "amount_out_of_range",
            OrderRuleError::TooManyNotes => "too_many_notes",
            OrderRuleError::StatusTimestamps(_) => "status_timestamps",
            OrderRuleError::Status(e) => e.code(),
        }
    }
}

/// Who ordered, where, through what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OrderSource {
    pub customer_id: CustomerId,
    pub conversation_id: ConversationId,
    pub channel: SalesChannel,
    /// The connected channel; `None` for the playground.
    pub channel_id: Option<ChannelId>,
}

/// Every stored field of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRecord {
    pub id: OrderId,
    pub workspace_id: WorkspaceId,
    pub number: OrderNumber,
    pub placement_key: PlacementKey,
    pub status: OrderStatus,
    pub source: OrderSource,
    pub lines: Vec<OrderLine>,
    pub currency: Currency,
    pub total: Money,
    pub shipping_location: ShippingLocation,
    pub notes: Vec<OrderNote>,
    pub captured_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub in_progress_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    id: OrderId,
    workspace_id: WorkspaceId,
    number: OrderNumber,
    #[serde(skip)]
    placement_key: PlacementKey,
    status: OrderStatus,
    source: OrderSource,
    lines: Vec<OrderLine>,
    currency: Currency,
    total: Money,
    shipping_location: ShippingLocation,
    notes: Vec<OrderNote>,
    captured_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    in_progress_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
    cancelled_at: Option<DateTime<Utc>>,
}

/// An order about to be stored: everything but its number, which the repository
/// assigns in the same transaction as the insert (numbers are per workspace and must
/// not collide between two replicas placing orders at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub id: OrderId,
    pub workspace_id: WorkspaceId,
    pub placement_key: PlacementKey,
    pub source: OrderSource,
    pub lines: Vec<OrderLine>,
    pub currency: Currency,
    pub total: Money,
    pub shipping_location: ShippingLocation,
    pub captured_at: DateTime<Utc>,
}

impl NewOrder {
    /// A captured order from priced lines; the total is their sum.
    pub fn new(
        workspace_id: WorkspaceId,
        placement_key: PlacementKey,
        source: OrderSource,
        lines: Vec<OrderLine>,
        currency: Currency,
        shipping_location: ShippingLocation,
        at: DateTime<Utc>,
    ) -> Result<Self, OrderRuleError> {
        check_lines(&lines)?;
        let total = total_of(&lines, currency)?;
        Ok(Self {
            id: OrderId::new(),
            workspace_id,
            placement_key,
            source,
            lines,
            currency,
            total,
            shipping_location,
            captured_at: at,
        })
    }

    /// The stored order, once the repository gave it its number.
    pub fn into_order(self, number: OrderNumber) -> Order {
        Order {
            id: self.id,
            workspace_id: self.workspace_id,
            number,
            placement_key: self.placement_key,
            status: OrderStatus::Captured,
            source: self.source,
            lines: self.lines,
            currency: self.currency,
            total: self.total,
            shipping_location: self.shipping_location,
            notes: Vec::new(),
            captured_at: self.captured_at,
            updated_at: self.captured_at,
            in_progress_at: None,
            completed_at: None,
            cancelled_at: None,
        }
    }
}

fn check_lines(lines: &[OrderLine]) -> Result<(), OrderRuleError> {
    if lines.is_empty() {
        return Err(OrderRuleError::NoLines);
    }
    if lines.len() > MAX_CART_LINES {
        return Err(OrderRuleError::TooManyLines);
    }
    Ok(())
}

impl Order {
    pub fn from_record(record: OrderRecord) -> Result<Self, OrderRuleError> {
        check_lines(&record.lines)?;
        if record.total.currency() != record.currency {
            return Err(OrderRuleError::CurrencyMismatch {
                expected: record.currency,
                found: record.total.currency(),
            });
        }
        if total_of(&record.lines, record.currency)?.amount() != record.total.amount() {
            return Err(OrderRuleError::TotalMismatch);
        }
        if record.notes.len() > MAX_NOTES {
            return Err(OrderRuleError::TooManyNotes);
        }
        let timestamps_match = match record.status {
            OrderStatus::Captured => {
                record.in_progress_at.is_none()
                    && record.completed_at.is_none()
                    && record.cancelled_at.is_none()
            }
            OrderStatus::InProgress => {
                record.in_progress_at.is_some()
                    && record.completed_at.is_none()
                    && record.cancelled_at.is_none()
            }
            OrderStatus::Completed => {
                record.completed_at.is_some() && record.cancelled_at.is_none()
            }
            OrderStatus::Cancelled => {
                record.cancelled_at.is_some() && record.completed_at.is_none()
            }
        };
        if !timestamps_match {
            return Err(OrderRuleError::StatusTimestamps(record.status));
        }
        Ok(Self {
            id: record.id,
            workspace_id: record.workspace_id,
            number: record.number,
            placement_key: record.placement_key,
            status: record.status,
            source: record.source,
            lines: record.lines,
            currency: record.currency,
            total: record.total,
            shipping_location: record.shipping_location,
            notes: record.notes,
            captured_at: record.captured_at,
            updated_at: record.updated_at,
            in_progress_at: record.in_progress_at,
            completed_at: record.completed_at,
            cancelled_at: record.cancelled_at,
        })
    }

    pub fn to_record(&self) -> OrderRecord {
        OrderRecord {
            id: self.id,
            workspace_id: self.workspace_id,
            number: self.number,
            placement_key: self.placement_key.clone(),
            status: self.status,
            source: self.source,
            lines: self.lines.clone(),
            currency: self.currency,
            total: self.total,
            shipping_location: self.shipping_location.clone(),
            notes: self.notes.clone(),
            captured_at: self.captured_at,
            updated_at: self.updated_at,
            in_progress_at: self.in_progress_at,
            completed_at: self.completed_at,
            cancelled_at: self.cancelled_at,
        }
    }

    /// Moves to `to`, stamping when. `Ok(false)` when the order already is in `to`
    /// (a retried PATCH changes nothing and is not an error).
    pub fn change_status(
        &mut self,
        to: OrderStatus,
        at: DateTime<Utc>,
    ) -> Result<bool, OrderStatusError> {
        if self.status == to {
            return Ok(false);
        }
        self.status.check_transition(to)?;
        match to {
            OrderStatus::InProgress => self.in_progress_at = Some(at),
            OrderStatus::Completed => self.completed_at = Some(at),
            OrderStatus::Cancelled => self.cancelled_at = Some(at),
            // Nothing goes back to captured (`check_transition` refused it).
            OrderStatus::Captured => {}
        }
        self.status = to;
        self.updated_at = at;
        Ok(true)
    }

    pub fn add_note(&mut self, note: OrderNote) -> Result<(), OrderRuleError> {
        if self.notes.len() >= MAX_NOTES {
            return Err(OrderRuleError::TooManyNotes);
        }
        self.updated_at = note.created_at;
        self.notes.push(note);
        Ok(())
    }

    pub fn id(&self) -> OrderId {
        self.id
    }

    pub fn workspace_id(&self) -> WorkspaceId {
        self.workspace_id
    }

    pub fn number(&self) -> OrderNumber {
        self.number
    }

    pub fn placement_key(&self) -> &PlacementKey {
        &self.placement_key
    }

    pub fn status(&self) -> OrderStatus {
        self.status
    }

    pub fn source(&self) -> &OrderSource {
        &self.source
    }

    pub fn customer_id(&self) -> CustomerId {
        self.source.customer_id
    }

    pub fn lines(&self) -> &[OrderLine] {
        &self.lines
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn total(&self) -> Money {
        self.total
    }

    pub fn shipping_location(&self) -> &ShippingLocation {
        &self.shipping_location
    }

    pub fn notes(&self) -> &[OrderNote] {
        &self.notes
    }

    pub fn captured_at(&self) -> DateTime<Utc> {
        self.captured_at
    }

    pub fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }

    pub fn in_progress_at(&self) -> Option<DateTime<Utc>> {
        self.in_progress_at
    }

    pub fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.completed_at
    }

    pub fn cancelled_at(&self) -> Option<DateTime<Utc>> {
        self.cancelled_at
    }
}

#[cfg(test)]
pub(crate) mod tests;
