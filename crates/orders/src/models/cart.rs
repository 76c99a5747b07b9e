//! What the customer is about to order: lines of product, variant and quantity.
//!
//! A cart holds no prices on purpose: prices are quoted from the catalog when the
//! summary is shown and again when the order is placed (`OrderService::quote_cart`),
//! so an offer that ends mid-conversation can never be honoured by mistake or lost
//! silently.

use catalog::{ProductId, ProductName, VariantId, VariantName};
use serde::Serialize;

use super::{Quantity, ShippingLocation};

/// More lines than this is not a chat order; the assistant says the cart is full.
pub const MAX_CART_LINES: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CartVariant {
    pub id: VariantId,
    pub name: VariantName,
}

/// One complete line: a product the assistant may sell, the variant when the product
/// has variants, and a quantity of at least one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CartLine {
    pub product_id: ProductId,
    pub product_name: ProductName,
    pub variant: Option<CartVariant>,
    pub quantity: Quantity,
}

impl CartLine {
    /// Two lines with the same key are the same thing ordered twice: a cart merges them.
    pub fn key(&self) -> (ProductId, Option<VariantId>) {
        (self.product_id, self.variant.as_ref().map(|v| v.id))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Cart {
    lines: Vec<CartLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartError {
    #[error("a cart holds at most {MAX_CART_LINES} lines")]
    TooManyLines,
    #[error("the same product and variant appear on two lines")]
    DuplicateLine,
}

impl Cart {
    pub fn new(lines: Vec<CartLine>) -> Result<Self, CartError> {
        if lines.len() > MAX_CART_LINES {
            return Err(CartError::TooManyLines);
        }
        for (i, line) in lines.iter().enumerate() {
            if lines[..i].iter().any(|other| other.key() == line.key()) {
                return Err(CartError::DuplicateLine);
            }
        }
        Ok(Self { lines })
    }

    pub fn lines(&self) -> &[CartLine] {
        &self.lines
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Units across all lines ("3 items").
    pub fn units(&self) -> u32 {
        self.lines.iter().map(|l| l.quantity.get()).sum()
    }
}

/// A cart and a shipping location the customer explicitly confirmed after seeing the
/// summary. Only `OrderCapture` makes one (on a "yes" to the summary, with nothing
/// changed in the same message), and `OrderService::place_order` takes only this: an
/// order cannot be placed from a cart nobody confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfirmedCart {
    cart: Cart,
    location: ShippingLocation,
}

impl ConfirmedCart {
    /// `None` for an empty cart: there is nothing to confirm.
    pub(crate) fn new(cart: Cart, location: ShippingLocation) -> Option<Self> {
        (!cart.is_empty()).then_some(Self { cart, location })
    }

    pub fn cart(&self) -> &Cart {
        &self.cart
    }

    pub fn location(&self) -> &ShippingLocation {
        &self.location
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(product_id: ProductId, variant: Option<&str>, quantity: u32) -> CartLine {
        CartLine {
            product_id,
            product_name: ProductName::parse("Glow Serum").unwrap(),
            variant: variant.map(|name| CartVariant {
                id: VariantId::new(),
                name: VariantName::parse(name).unwrap(),
            }),
            quantity: Quantity::new(quantity).unwrap(),
        }
    }

    #[test]
    fn a_cart_refuses_duplicate_lines_and_overflow() {
        let serum = ProductId::new();
        let one = line(serum, Some("30ml"), 1);
        let other_variant = line(serum, Some("50ml"), 2);
        let cart = Cart::new(vec![one.clone(), other_variant]).unwrap();
        assert_eq!(cart.units(), 3);
        assert_eq!(cart.len(), 2);
        assert_eq!(
            Cart::new(vec![one.clone(), one.clone()]),
            Err(CartError::DuplicateLine)
        );
        let many = (0..=MAX_CART_LINES)
            .map(|_| line(ProductId::new(), None, 1))
            .collect();
        assert_eq!(Cart::new(many), Err(CartError::TooManyLines));
    }

    #[test]
    fn an_empty_cart_cannot_be_confirmed() {
        let milan = ShippingLocation::parse("Milan").unwrap();
        assert!(ConfirmedCart::new(Cart::default(), milan.clone()).is_none());
        let cart = Cart::new(vec![line(ProductId::new(), None, 2)]).unwrap();
        let confirmed = ConfirmedCart::new(cart.clone(), milan).unwrap();
        assert_eq!(confirmed.cart(), &cart);
        assert_eq!(confirmed.location().as_str(), "Milan");
    }
}
