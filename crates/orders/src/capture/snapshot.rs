//! The capture as plain data, for the conversation store to keep between messages.
//!
//! Validated types do not derive `Deserialize` (parse, don't validate), so the state
//! is written as this snapshot and rebuilt with `OrderCapture::restore`, which checks
//! every value and every rule again: a corrupted or hand-edited row is refused, never
//! turned into an order.

use catalog::{ProductId, ProductName, VariantId, VariantName};
use serde::{Deserialize, Serialize};

use super::{Line, OrderCapture, ProductChoice, VariantChoice};
use crate::{MAX_CART_LINES, Quantity, ShippingLocation};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureSnapshot {
    pub engaged: bool,
    pub captured: bool,
    pub awaiting_more: bool,
    pub lines: Vec<SnapshotLine>,
    pub location: Option<String>,
    pub focus: Option<SnapshotProduct>,
    pub last_line: Option<u32>,
    pub loose_quantity: Option<u32>,
    pub next_line_no: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotLine {
    pub no: u32,
    pub product: SnapshotProduct,
    pub variant_id: Option<VariantId>,
    pub quantity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotProduct {
    pub product_id: ProductId,
    pub name: String,
    pub offered: bool,
    pub stock: Option<u32>,
    pub variants: Vec<SnapshotVariant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotVariant {
    pub id: VariantId,
    pub name: String,
    pub offered: bool,
    pub stock: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    #[error("invalid name in the saved order: {0}")]
    Name(String),
    #[error("invalid quantity in the saved order")]
    Quantity,
    #[error("invalid shipping location in the saved order")]
    Location,
    #[error("the saved order has too many lines")]
    TooManyLines,
    #[error("the saved order has two lines numbered {0}")]
    DuplicateLineNumber(u32),
    #[error("a saved line has a variant its product does not offer")]
    Variant,
    #[error("the saved order is marked confirmed but is not complete")]
    IncompleteConfirmation,
}

impl OrderCapture {
    pub fn snapshot(&self) -> CaptureSnapshot {
        CaptureSnapshot {
            engaged: self.engaged,
            captured: self.captured,
            awaiting_more: self.awaiting_more,
            lines: self
                .lines
                .iter()
                .map(|line| SnapshotLine {
                    no: line.no,
                    product: product_snapshot(&line.product),
                    variant_id: line.variant,
                    quantity: line.quantity.map(Quantity::get),
                })
                .collect(),
            location: self.location.as_ref().map(|l| l.as_str().to_owned()),
            focus: self.focus.as_ref().map(product_snapshot),
            last_line: self.last_line,
            loose_quantity: self.loose_quantity.map(Quantity::get),
            next_line_no: self.next_line_no,
        }
    }

    pub fn restore(snapshot: CaptureSnapshot) -> Result<Self, SnapshotError> {
        if snapshot.lines.len() > MAX_CART_LINES {
            return Err(SnapshotError::TooManyLines);
        }
        let mut lines: Vec<Line> = Vec::with_capacity(snapshot.lines.len());
        for saved in snapshot.lines {
            if lines.iter().any(|l| l.no == saved.no) {
                return Err(SnapshotError::DuplicateLineNumber(saved.no));
            }
            let product = restore_product(saved.product)?;
            if let Some(id) = saved.variant_id
                && !product.is_variant_offered(id)
            {
                return Err(SnapshotError::Variant);
            }
            lines.push(Line {
                no: saved.no,
                product,
                variant: saved.variant_id,
                quantity: saved.quantity.map(quantity).transpose()?,
            });
        }
        let capture = Self {
            engaged: snapshot.engaged,
            lines,
            location: snapshot
                .location
                .map(|l| ShippingLocation::parse(&l).map_err(|_| SnapshotError::Location))
                .transpose()?,
            focus: snapshot.focus.map(restore_product).transpose()?,
            last_line: snapshot.last_line,
            awaiting_more: snapshot.awaiting_more,
            loose_quantity: snapshot.loose_quantity.map(quantity).transpose()?,
            next_line_no: snapshot.next_line_no,
            captured: snapshot.captured,
        };
        if capture.captured
            && capture
                .confirmed()
                .is_none_or(|_| capture.pending_lines() > 0)
        {
            return Err(SnapshotError::IncompleteConfirmation);
        }
        Ok(capture)
    }
}

fn quantity(raw: u32) -> Result<Quantity, SnapshotError> {
    Quantity::new(raw).map_err(|_| SnapshotError::Quantity)
}

fn product_snapshot(product: &ProductChoice) -> SnapshotProduct {
    SnapshotProduct {
        product_id: product.product_id,
        name: product.name.as_str().to_owned(),
        offered: product.offered,
        stock: product.stock,
        variants: product
            .variants
            .iter()
            .map(|v| SnapshotVariant {
                id: v.id,
                name: v.name.as_str().to_owned(),
                offered: v.offered,
                stock: v.stock,
            })
            .collect(),
    }
}

fn restore_product(saved: SnapshotProduct) -> Result<ProductChoice, SnapshotError> {
    let name = ProductName::parse(&saved.name).map_err(|e| SnapshotError::Name(e.to_string()))?;
    let variants = saved
        .variants
        .into_iter()
        .map(|v| {
            Ok(VariantChoice {
                id: v.id,
                name: VariantName::parse(&v.name)
                    .map_err(|e| SnapshotError::Name(e.to_string()))?,
                offered: v.offered,
                stock: v.stock,
            })
        })
        .collect::<Result<Vec<_>, SnapshotError>>()?;
    Ok(ProductChoice {
        product_id: saved.product_id,
        name,
        offered: saved.offered,
        stock: saved.stock,
        variants,
    })
}
