//! One error enum per group of use cases, with business variants and one `Unexpected`.
//! `code()` gives the stable code the HTTP layer puts in `{"error": {"code": ...}}`.

use catalog::{ProductId, ProductName, VariantName};
use kernel::{Currency, Money};

use crate::OrderNumber;
use crate::models::{OrderRuleError, OrderStatusError};
use crate::ports::{OrderRepositoryError, PriceQuoterError};

/// Quoting a cart and placing an order. Every business variant names the line, so the
/// assistant can tell the customer which item changed.
#[derive(Debug, thiserror::Error)]
pub enum PlaceOrderError {
    #[error("{product} is no longer in the catalog")]
    ProductGone {
        product_id: ProductId,
        product: ProductName,
    },
    #[error("{product} is not for sale right now")]
    NotOffered {
        product_id: ProductId,
        product: ProductName,
        variant: Option<VariantName>,
    },
    #[error("{product} comes in variants; one must be chosen")]
    VariantRequired {
        product_id: ProductId,
        product: ProductName,
    },
    #[error("only {available} of {product} left")]
    NotEnoughStock {
        product_id: ProductId,
        product: ProductName,
        variant: Option<VariantName>,
        available: u32,
    },
    #[error("prices are in {found}, but this workspace sells in {expected}")]
    CurrencyMismatch { expected: Currency, found: Currency },
    /// The total now differs from the one in the summary the customer confirmed (an
    /// offer ended, a price changed): the customer must see and confirm the new one.
    #[error("the total changed from {shown} to {current}")]
    PriceChanged { shown: Money, current: Money },
    #[error("{0}")]
    Rule(#[from] OrderRuleError),
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl PlaceOrderError {
    pub fn code(&self) -> &'static str {
        match self {
            PlaceOrderError::ProductGone { .. } => "product_not_found",
            PlaceOrderError::NotOffered { .. } => "not_offered",
            PlaceOrderError::VariantRequired { .. } => "variant_required",
            PlaceOrderError::NotEnoughStock { .. } => "not_enough_stock",
            PlaceOrderError::CurrencyMismatch { .. } => "currency_mismatch",
            PlaceOrderError::PriceChanged { .. } => "price_changed",
            PlaceOrderError::Rule(rule) => rule.code(),
            PlaceOrderError::Unexpected(_) => "unexpected",
        }
    }
}

/// Reading orders, changing their status, adding notes.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    #[error("order not found")]
    NotFound,
    #[error("no order {0} for this customer")]
    NumberNotFound(OrderNumber),
    #[error("{0}")]
    Status(#[from] OrderStatusError),
    /// Someone changed the order's status at the same moment; re-read and retry.
    #[error("the order changed meanwhile; reload it and try again")]
    Conflict,
    #[error("{0}")]
    Rule(#[from] OrderRuleError),
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl OrderError {
    pub fn code(&self) -> &'static str {
        match self {
            OrderError::NotFound | OrderError::NumberNotFound(_) => "order_not_found",
            OrderError::Status(e) => e.code(),
            OrderError::Conflict => "order_conflict",
            OrderError::Rule(rule) => rule.code(),
            OrderError::Unexpected(_) => "unexpected",
        }
    }
}

impl From<OrderRepositoryError> for OrderError {
    fn from(e: OrderRepositoryError) -> Self {
        match e {
            OrderRepositoryError::NotFound => OrderError::NotFound,
            OrderRepositoryError::StatusConflict => OrderError::Conflict,
            OrderRepositoryError::AlreadyPlaced(_) | OrderRepositoryError::Unexpected(_) => {
                OrderError::Unexpected(e.to_string())
            }
        }
    }
}

impl From<OrderRepositoryError> for PlaceOrderError {
    fn from(e: OrderRepositoryError) -> Self {
        PlaceOrderError::Unexpected(e.to_string())
    }
}

/// The quoter's failure for one line, named after the line.
pub(super) fn line_error(
    e: PriceQuoterError,
    product_id: ProductId,
    product: &ProductName,
    variant: Option<&VariantName>,
) -> PlaceOrderError {
    let product = product.clone();
    match e {
        PriceQuoterError::ProductNotFound => PlaceOrderError::ProductGone {
            product_id,
            product,
        },
        // A variant erased since it was chosen cannot be sold any more.
        PriceQuoterError::VariantNotFound | PriceQuoterError::NotOffered => {
            PlaceOrderError::NotOffered {
                product_id,
                product,
                variant: variant.cloned(),
            }
        }
        PriceQuoterError::VariantRequired => PlaceOrderError::VariantRequired {
            product_id,
            product,
        },
        PriceQuoterError::Unexpected(m) => PlaceOrderError::Unexpected(m),
    }
}
