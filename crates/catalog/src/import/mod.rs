//! CSV import and export of the catalog, on records the server has already decoded.
//!
//! The server turns bytes into records with the `csv` crate (encoding, BOM, `,` or `;`);
//! this module works on `Vec<String>` records, the first being the header. Row numbers
//! count records with the header as row 1, which is what a spreadsheet shows.
//!
//! The format is the one in the product spec, one row per variant:
//! `name,price,currency,description,variant_type,variant_name,variant_price`, plus the
//! optional `category,stock,sku,image_url`. Export always writes all eleven columns, so
//! an exported file imports back unchanged.
//!
//! Rules where the spec was silent:
//! - Only `name` and `price` must be in the header. Columns are found by name in any
//!   order (case and spaces ignored); an unknown column is an error, because a typo such
//!   as `catgory` would otherwise drop data silently.
//! - An optional column that is absent leaves that field alone on update; a column that
//!   is present but blank clears it (blank `stock` means "not tracked").
//! - `currency` may be blank (the workspace currency); otherwise it must be a valid
//!   ISO 4217 code (`unknown_currency`) *and* the workspace currency
//!   (`currency_mismatch`): the catalog never converts between currencies.
//! - Rows belong to one product when they share a SKU, or, without a SKU, a name
//!   (case-insensitive). Product-level cells repeated on several rows must agree or be
//!   blank; `price` is required on every row.
//! - A row without variant cells describes the product itself (its `stock` is the
//!   product's); a row with them describes a variant (its `stock` is the variant's).
//!   `variant_type` defaults to `custom`; `variant_price` to 0.
//! - `category` is a path, `Skincare` or `Skincare > Serums`; missing categories are
//!   created by the import.
//! - `image_url` may hold several URLs separated by `|`.
//! - Import adds and updates, never deletes: variants missing from the file are kept,
//!   as are fields the format does not carry (availability, supplier, tags).

mod columns;
mod export;
mod parse;
mod plan;

use serde::Serialize;

pub use columns::Column;
pub use export::export;
pub use parse::{ParsedProduct, ParsedSheet, ParsedVariant, parse_sheet};
pub use plan::{ImportAction, ImportPlan, ImportSummary, PlannedProduct, plan_import};

/// At most this many data rows in one file (a row per variant): room for 10,000 products
/// with several variants each in one request, while a 10 MB upload limit bounds the rest.
pub const MAX_IMPORT_ROWS: usize = 50_000;

/// One problem in one cell (or row) of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based; the header is row 1.
    pub row: usize,
    /// The column's header name, as export writes it.
    pub column: String,
    /// A stable machine-readable code, such as `not_a_number` or `duplicate_variant`.
    pub code: &'static str,
    pub message: String,
}

impl RowError {
    pub(crate) fn new(
        row: usize,
        column: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            row,
            column: column.into(),
            code,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests;
