//! Pricing a cart and placing the order the customer confirmed.

use catalog::VariantId;
use kernel::Money;
use serde::Serialize;

use super::errors::line_error;
use super::{OrderScope, OrderService, PlaceOrderError};
use crate::models::{
    Cart, ConfirmedCart, LineSnapshot, NewOrder, Order, OrderLine, OrderSource, PlacementKey,
    total_of,
};
use crate::ports::OrderRepositoryError;

/// A cart with today's prices: what the summary shows and what an order records, from
/// the same computation, so the two can only differ when the catalog itself changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotedCart {
    pub lines: Vec<OrderLine>,
    pub total: Money,
}

/// Everything needed to place a confirmed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceOrder {
    pub confirmed: ConfirmedCart,
    pub source: OrderSource,
    /// The id of the confirming message, so a retry finds the order already placed.
    pub placement_key: PlacementKey,
    /// The total the summary showed; when it no longer matches, nothing is placed and
    /// the customer sees the new summary (`PlaceOrderError::PriceChanged`).
    pub shown_total: Option<Money>,
}

impl OrderService {
    /// Prices every line through the catalog (effective price, offers applied) and
    /// checks it can still be sold in that quantity.
    pub async fn quote_cart(
        &self,
        scope: &OrderScope,
        cart: &Cart,
    ) -> Result<QuotedCart, PlaceOrderError> {
        let catalog_scope = scope.catalog();
        let mut lines = Vec::with_capacity(cart.len());
        for line in cart.lines() {
            let variant_id: Option<VariantId> = line.variant.as_ref().map(|v| v.id);
            let variant_name = line.variant.as_ref().map(|v| &v.name);
            let quote = self
                .ports
                .prices
                .quote_item(&catalog_scope, line.product_id, variant_id)
                .await
                .map_err(|e| line_error(e, line.product_id, &line.product_name, variant_name))?;
            let found = quote.price.effective.currency();
            if found != scope.currency {
                return Err(PlaceOrderError::CurrencyMismatch {
                    expected: scope.currency,
                    found,
                });
            }
            if let Some(available) = quote.stock
                && line.quantity.get() > available
            {
                return Err(PlaceOrderError::NotEnoughStock {
                    product_id: line.product_id,
                    product: quote.product_name,
                    variant: quote.variant_name,
                    available,
                });
            }
            let snapshot = LineSnapshot {
                product_id: line.product_id,
                variant_id,
                product_name: quote.product_name,
                variant_name: quote.variant_name,
                price: quote.price,
            };
            lines.push(OrderLine::priced(snapshot, line.quantity)?);
        }
        let total = total_of(&lines, scope.currency)?;
        Ok(QuotedCart { lines, total })
    }

    /// Places the order the customer confirmed, priced now. A second call with the
    /// same placement key returns the order placed by the first.
    pub async fn place_order(
        &self,
        scope: &OrderScope,
        place: PlaceOrder,
    ) -> Result<Order, PlaceOrderError> {
        let quoted = self.quote_cart(scope, place.confirmed.cart()).await?;
        if let Some(shown) = place.shown_total
            && shown != quoted.total
        {
            return Err(PlaceOrderError::PriceChanged {
                shown,
                current: quoted.total,
            });
        }
        let new = NewOrder::new(
            scope.workspace_id,
            place.placement_key,
            place.source,
            quoted.lines,
            scope.currency,
            place.confirmed.location().clone(),
            self.now(),
        )?;
        match self.ports.orders.create(&new).await {
            Ok(number) => Ok(new.into_order(number)),
            Err(OrderRepositoryError::AlreadyPlaced(id)) => self
                .ports
                .orders
                .get(scope.workspace_id, id)
                .await?
                .ok_or_else(|| {
                    PlaceOrderError::Unexpected(format!("order {id} placed but not found"))
                }),
            Err(e) => Err(e.into()),
        }
    }
}
