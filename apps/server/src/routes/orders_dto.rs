//! JSON shapes of the orders routes, and the conversion of their query and bodies into
//! domain values (every invalid field collected for one 422).
//!
//! Amounts are the order's own snapshot (what the customer confirmed), rendered like
//! every catalog price: a decimal string padded to the currency's minor units.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use orders::{
    ConversationId, CustomerId, DateRange, LineOffer, NoteText, Order, OrderFilter, OrderLine,
    OrderNote, OrderStatus, SalesChannel,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::catalog_dto::MoneyDto;
use crate::all_valid;
use crate::http::{ApiError, FieldErrors};

/// An order as captured in chat, with where it is in its lifecycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderResponse {
    pub id: uuid::Uuid,
    /// Per workspace, from 1001 up; what seller and customer call "order #1042".
    #[schema(example = 1042)]
    pub number: u64,
    /// `captured` (taken by the assistant), `in_progress`, `completed` or `cancelled`.
    #[schema(example = "captured")]
    pub status: String,
    /// `messenger`, `instagram`, `whatsapp`, `web` or `playground` (the dashboard's test chat).
    #[schema(example = "instagram")]
    pub channel: String,
    /// The connected channel; null for the playground.
    pub channel_id: Option<uuid::Uuid>,
    /// The contact who ordered.
    pub customer_id: uuid::Uuid,
    pub conversation_id: uuid::Uuid,
    /// As the customer said it; the seller confirms details when they get in touch.
    #[schema(example = "Calle Mayor 5, Madrid")]
    pub shipping_location: String,
    #[schema(example = "EUR")]
    pub currency: String,
    /// The sum of the line totals.
    pub total: MoneyDto,
    /// In the order the customer gave them.
    pub lines: Vec<OrderLineResponse>,
    /// Oldest first.
    pub notes: Vec<OrderNoteResponse>,
    /// When the customer confirmed.
    pub captured_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub in_progress_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// One line, as the catalog priced it when the order was placed.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderLineResponse {
    /// Null once the product was erased from the catalog; the names remain.
    pub product_id: Option<uuid::Uuid>,
    pub variant_id: Option<uuid::Uuid>,
    #[schema(example = "Glow Serum")]
    pub product_name: String,
    #[schema(example = "50ml")]
    pub variant_name: Option<String>,
    /// List price plus the variant's modifier, before any offer.
    pub base_unit_price: MoneyDto,
    /// What the customer pays per unit.
    pub unit_price: MoneyDto,
    /// The offer that lowered the price; null when none applied.
    pub offer: Option<LineOfferResponse>,
    #[schema(example = 2)]
    pub quantity: u32,
    /// `unit_price` times `quantity`.
    pub line_total: MoneyDto,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LineOfferResponse {
    pub offer_id: uuid::Uuid,
    #[schema(example = "Black Friday")]
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderNoteResponse {
    pub id: uuid::Uuid,
    #[schema(example = "Paid by bank transfer")]
    pub text: String,
    /// The member who wrote it; null when written by the system.
    pub author_id: Option<uuid::Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<Order> for OrderResponse {
    fn from(order: Order) -> Self {
        let source = *order.source();
        Self {
            id: order.id().as_uuid(),
            number: order.number().value(),
            status: order.status().as_str().to_owned(),
            channel: source.channel.as_str().to_owned(),
            channel_id: source.channel_id.map(|id| id.as_uuid()),
            customer_id: source.customer_id.as_uuid(),
            conversation_id: source.conversation_id.as_uuid(),
            shipping_location: order.shipping_location().as_str().to_owned(),
            currency: order.currency().code().to_owned(),
            total: order.total().into(),
            lines: order.lines().iter().map(OrderLineResponse::from).collect(),
            notes: order.notes().iter().map(OrderNoteResponse::from).collect(),
            captured_at: order.captured_at(),
            updated_at: order.updated_at(),
            in_progress_at: order.in_progress_at(),
            completed_at: order.completed_at(),
            cancelled_at: order.cancelled_at(),
        }
    }
}

impl From<&OrderLine> for OrderLineResponse {
    fn from(line: &OrderLine) -> Self {
        Self {
            product_id: line.product_id().map(|id| id.as_uuid()),
            variant_id: line.variant_id().map(|id| id.as_uuid()),
            product_name: line.product_name().as_str().to_owned(),
            variant_name: line.variant_name().map(|n| n.as_str().to_owned()),
            base_unit_price: line.base_unit_price().into(),
            unit_price: line.unit_price().into(),
            offer: line.offer().map(LineOfferResponse::from),
            quantity: line.quantity().get(),
            line_total: line.line_total().into(),
        }
    }
}

impl From<&LineOffer> for LineOfferResponse {
    fn from(offer: &LineOffer) -> Self {
        Self {
            offer_id: offer.offer_id.as_uuid(),
            name: offer.name.as_str().to_owned(),
        }
    }
}

impl From<&OrderNote> for OrderNoteResponse {
    fn from(note: &OrderNote) -> Self {
        Self {
            id: note.id.as_uuid(),
            text: note.text.as_str().to_owned(),
            author_id: note.author_id.map(|id| id.as_uuid()),
            created_at: note.created_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderListQuery {
    /// `captured`, `in_progress`, `completed` or `cancelled`.
    pub status: Option<String>,
    /// Captured at or after: an RFC 3339 date-time, or a date (from the start of that
    /// day in the workspace's time zone).
    #[param(example = "2026-03-01")]
    pub from: Option<String>,
    /// Captured before: an RFC 3339 date-time (excluded), or a date (that whole day
    /// included, in the workspace's time zone).
    #[param(example = "2026-03-31")]
    pub to: Option<String>,
    /// `messenger`, `instagram`, `whatsapp`, `web` or `playground`.
    pub channel: Option<String>,
    /// The contact who ordered.
    pub customer_id: Option<String>,
    pub conversation_id: Option<String>,
}

/// Which end of the range a date bounds: a date as `to` includes its whole day.
#[derive(Clone, Copy)]
enum Bound {
    From,
    To,
}

impl OrderListQuery {
    /// `tz` reads dates without a time: a seller asking for "March" means their March.
    pub fn try_into_domain<Tz: TimeZone>(&self, tz: &Tz) -> Result<OrderFilter, ApiError> {
        let mut errors = FieldErrors::new();
        let status = optional(&mut errors, "status", self.status.as_deref(), |raw| {
            OrderStatus::parse(raw).map_err(|e| (e.code(), e.to_string()))
        });
        let channel = optional(&mut errors, "channel", self.channel.as_deref(), |raw| {
            SalesChannel::parse(raw).map_err(|e| ("unknown_channel", e.to_string()))
        });
        let customer_id = optional(
            &mut errors,
            "customer_id",
            self.customer_id.as_deref(),
            |raw| parse_id(raw).map(CustomerId::from_uuid),
        );
        let conversation_id = optional(
            &mut errors,
            "conversation_id",
            self.conversation_id.as_deref(),
            |raw| parse_id(raw).map(ConversationId::from_uuid),
        );
        let from = optional(&mut errors, "from", self.from.as_deref(), |raw| {
            instant(raw, tz, Bound::From)
        });
        let to = optional(&mut errors, "to", self.to.as_deref(), |raw| {
            instant(raw, tz, Bound::To)
        });
        let captured = match (from, to) {
            (Some(from), Some(to)) => match DateRange::new(from, to) {
                Ok(range) => Some(range),
                Err(e) => {
                    errors.add("to", e.code(), e.to_string());
                    None
                }
            },
            _ => None,
        };
        let (status, channel, customer_id, conversation_id, captured) = all_valid!(
            errors,
            status,
            channel,
            customer_id,
            conversation_id,
            captured
        );
        Ok(OrderFilter {
            status,
            captured,
            channel,
            customer_id,
            conversation_id,
        })
    }
}

/// A query value that may be absent: `Some(None)` when absent, `None` when invalid
/// (and recorded with its code).
fn optional<T>(
    errors: &mut FieldErrors,
    field: &str,
    raw: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, (&'static str, String)>,
) -> Option<Option<T>> {
    match raw.map(str::trim) {
        None | Some("") => Some(None),
        Some(raw) => match parse(raw) {
            Ok(value) => Some(Some(value)),
            Err((code, message)) => {
                errors.add(field, code, message);
                None
            }
        },
    }
}

fn parse_id(raw: &str) -> Result<uuid::Uuid, (&'static str, String)> {
    uuid::Uuid::parse_str(raw).map_err(|_| ("invalid_id", format!("'{raw}' is not an id")))
}

/// An RFC 3339 instant, or the start of a day in `tz` (the next day's start for `to`,
/// so the day given is included).
fn instant<Tz: TimeZone>(
    raw: &str,
    tz: &Tz,
    bound: Bound,
) -> Result<DateTime<Utc>, (&'static str, String)> {
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Ok(at.with_timezone(&Utc));
    }
    let invalid = || {
        (
            "invalid_date",
            format!("'{raw}' is neither a date (2026-03-31) nor an RFC 3339 date-time"),
        )
    };
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| invalid())?;
    let day = match bound {
        Bound::From => day,
        Bound::To => day
            .checked_add_signed(TimeDelta::days(1))
            .ok_or_else(invalid)?,
    };
    start_of_day(day, tz).ok_or_else(invalid)
}

/// Midnight of `day` in `tz`; where a clock change skips midnight, the first hour that
/// exists.
fn start_of_day<Tz: TimeZone>(day: NaiveDate, tz: &Tz) -> Option<DateTime<Utc>> {
    (0..24).find_map(|hour| {
        let local = day.and_hms_opt(hour, 0, 0)?;
        tz.from_local_datetime(&local)
            .earliest()
            .map(|at| at.with_timezone(&Utc))
    })
}

/// `{"status": "completed"}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "in_progress"}))]
pub struct ChangeStatusRequest {
    /// `in_progress`, `completed` or `cancelled`. Captured orders may move to any of
    /// them, in-progress orders to `completed` or `cancelled`; those two are final.
    /// Asking for the status the order has changes nothing.
    #[schema(required = true, example = "completed")]
    pub status: Option<String>,
}

impl ChangeStatusRequest {
    pub fn try_into_domain(&self) -> Result<OrderStatus, ApiError> {
        let mut errors = FieldErrors::new();
        let status = match self.status.as_deref() {
            None => {
                errors.add("status", "missing", "status is required");
                None
            }
            Some(raw) => match OrderStatus::parse(raw) {
                Ok(status) => Some(status),
                Err(e) => {
                    errors.add("status", e.code(), e.to_string());
                    None
                }
            },
        };
        let (status,) = all_valid!(errors, status);
        Ok(status)
    }
}

/// `{"text": "Paid by bank transfer"}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "Paid by bank transfer; tracking RR123456789IT"}))]
pub struct AddNoteRequest {
    /// 1 to 2,000 characters (trimmed); line breaks allowed.
    #[schema(required = true)]
    pub text: Option<String>,
}

impl AddNoteRequest {
    pub fn try_into_domain(&self) -> Result<NoteText, ApiError> {
        let mut errors = FieldErrors::new();
        let text = match self.text.as_deref() {
            None => {
                errors.add("text", "missing", "text is required");
                None
            }
            Some(raw) => match NoteText::parse(raw) {
                Ok(text) => Some(text),
                Err(e) => {
                    errors.add("text", e.code(), e.to_string());
                    None
                }
            },
        };
        let (text,) = all_valid!(errors, text);
        Ok(text)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::FixedOffset;

    use super::*;

    fn query(from: Option<&str>, to: Option<&str>) -> OrderListQuery {
        OrderListQuery {
            status: None,
            from: from.map(str::to_owned),
            to: to.map(str::to_owned),
            channel: None,
            customer_id: None,
            conversation_id: None,
        }
    }

    #[test]
    fn dates_are_whole_days_in_the_workspace_zone_and_date_times_are_exact() {
        let madrid_winter = FixedOffset::east_opt(3600).unwrap();
        let filter = query(Some("2026-03-01"), Some("2026-03-31"))
            .try_into_domain(&madrid_winter)
            .unwrap();
        let at = |raw: &str| {
            DateTime::parse_from_rfc3339(raw)
                .unwrap()
                .with_timezone(&Utc)
        };
        assert_eq!(filter.captured.from(), Some(at("2026-02-28T23:00:00Z")));
        assert_eq!(filter.captured.to(), Some(at("2026-03-31T23:00:00Z")));

        let filter = query(Some("2026-03-01T10:00:00+02:00"), None)
            .try_into_domain(&Utc)
            .unwrap();
        assert_eq!(filter.captured.from(), Some(at("2026-03-01T08:00:00Z")));
        assert_eq!(filter.captured.to(), None);
    }

    #[test]
    fn bad_filters_name_their_field_and_code() {
        let mut bad = query(Some("yesterday"), Some("2026-02-30"));
        bad.status = Some("shipped".into());
        bad.channel = Some("telegram".into());
        bad.customer_id = Some("42".into());
        let error = bad.try_into_domain(&Utc).unwrap_err();
        let details = error.details.unwrap();
        let fields: Vec<(&str, &str)> = details["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            fields,
            [
                ("status", "unknown_order_status"),
                ("channel", "unknown_channel"),
                ("customer_id", "invalid_id"),
                ("from", "invalid_date"),
                ("to", "invalid_date"),
            ]
        );
        let reversed = query(Some("2026-03-02"), Some("2026-03-01T00:00:00Z"))
            .try_into_domain(&Utc)
            .unwrap_err();
        assert_eq!(
            reversed.details.unwrap()["fields"][0]["code"],
            "date_range_reversed"
        );
    }
}
