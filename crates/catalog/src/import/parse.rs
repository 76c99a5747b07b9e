//! From records to products: every cell validated, rows grouped into products, every
//! problem collected with its row and column.

use std::collections::HashMap;

use kernel::Currency;

use super::columns::Columns;
use super::{Column, MAX_IMPORT_ROWS, RowError};
use crate::{
    CategoryPath, Description, ImageUrls, Price, PriceError, PriceModifier, ProductName,
    ProductRuleError, Sku, StockLevel, VariantKind, VariantName,
};

/// A file read into products. `products` holds only the products all of whose rows are
/// valid; `errors` holds every problem found, in row order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSheet {
    pub(crate) columns: Columns,
    pub products: Vec<ParsedProduct>,
    pub errors: Vec<RowError>,
}

impl ParsedSheet {
    /// Whether the header had this column; an absent column leaves the field alone.
    pub fn has_column(&self, column: Column) -> bool {
        self.columns.has(column)
    }
}

/// One product as the file describes it. `None` in an optional field means the cells
/// were blank (or the column absent: see `ParsedSheet::has_column`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedProduct {
    /// The product's first row, where product-level problems are reported.
    pub row: usize,
    pub name: ProductName,
    pub price: Price,
    pub description: Option<Description>,
    pub category: Option<CategoryPath>,
    pub sku: Option<Sku>,
    pub images: Option<ImageUrls>,
    /// From the row without variant cells, if there is one and the file has `stock`.
    pub stock: Option<StockLevel>,
    pub variants: Vec<ParsedVariant>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedVariant {
    pub row: usize,
    pub kind: VariantKind,
    pub name: VariantName,
    pub price_modifier: PriceModifier,
    /// `None` when the file has no `stock` column.
    pub stock: Option<StockLevel>,
}

/// Reads header and rows. `currency` is the workspace's: prices must be in it.
pub fn parse_sheet(records: &[Vec<String>], currency: Currency) -> ParsedSheet {
    let Some((header, rows)) = records.split_first() else {
        return ParsedSheet {
            columns: Columns::default(),
            products: Vec::new(),
            errors: vec![RowError::new(
                1,
                "",
                "missing_header",
                "the file is empty; the first row must name the columns",
            )],
        };
    };
    let (columns, mut errors) = Columns::read(header);
    let fatal = |errors: Vec<RowError>, columns: Columns| ParsedSheet {
        columns,
        products: Vec::new(),
        errors,
    };
    if !columns.has(Column::Name) || !columns.has(Column::Price) {
        return fatal(errors, columns);
    }
    if rows.len() > MAX_IMPORT_ROWS {
        errors.push(RowError::new(
            MAX_IMPORT_ROWS + 2,
            "",
            "too_many_rows",
            format!("a file can hold at most {MAX_IMPORT_ROWS} rows; split it in parts"),
        ));
        return fatal(errors, columns);
    }

    let mut parsed_rows = Vec::new();
    let mut bad_rows = Vec::new();
    for (index, record) in rows.iter().enumerate() {
        if Columns::is_blank_record(record) {
            continue;
        }
        let number = index + 2;
        match read_row(&columns, record, number, currency) {
            Ok(row) => parsed_rows.push(row),
            Err((row_errors, name)) => {
                errors.extend(row_errors);
                bad_rows.push((number, name));
            }
        }
    }
    if parsed_rows.is_empty() && bad_rows.is_empty() {
        errors.push(RowError::new(
            1,
            "",
            "no_rows",
            "the file has a header but no products",
        ));
    }

    let (groups, group_errors) = group_rows(parsed_rows, &bad_rows);
    errors.extend(group_errors);
    let mut products = Vec::new();
    for group in groups {
        match merge_group(group.rows) {
            Ok(product) if !group.tainted => products.push(product),
            Ok(_) => {}
            Err(group_errors) => errors.extend(group_errors),
        }
    }
    errors.sort_by_key(|e| e.row);
    ParsedSheet {
        columns,
        products,
        errors,
    }
}

/// One valid row.
#[derive(Debug, Clone)]
struct Row {
    number: usize,
    name: ProductName,
    price: Price,
    description: Option<Description>,
    category: Option<CategoryPath>,
    sku: Option<Sku>,
    images: Option<ImageUrls>,
    stock: Option<StockLevel>,
    variant: Option<(VariantKind, VariantName, PriceModifier)>,
}

/// Reads one record; on failure returns every problem and, if the name was readable,
/// the name (so the product it belongs to is known to be incomplete).
fn read_row(
    columns: &Columns,
    record: &[String],
    number: usize,
    workspace_currency: Currency,
) -> Result<Row, (Vec<RowError>, Option<ProductName>)> {
    let mut errors = Vec::new();
    let cell = |column| columns.cell(record, column);
    let mut fail = |column: Column, code: &'static str, message: String| {
        errors.push(RowError::new(number, column.as_str(), code, message));
    };

    if columns.has_extra_cells(record) {
        fail(
            Column::Name,
            "too_many_cells",
            "this row has more cells than the header has columns".to_owned(),
        );
    }
    let name = ProductName::parse(cell(Column::Name))
        .map_err(|e| fail(Column::Name, e.code(), e.to_string()))
        .ok();
    let currency = match cell(Column::Currency) {
        "" => Some(workspace_currency),
        raw => match Currency::parse(raw) {
            Err(e) => {
                fail(Column::Currency, "unknown_currency", e.to_string());
                None
            }
            Ok(found) if found != workspace_currency => {
                let e = PriceError::CurrencyMismatch {
                    expected: workspace_currency,
                    found,
                };
                fail(Column::Currency, e.code(), e.to_string());
                None
            }
            Ok(found) => Some(found),
        },
    };
    // The price is checked even when the currency is wrong, so both problems show at once.
    let price = Price::parse(cell(Column::Price), currency.unwrap_or(workspace_currency))
        .map_err(|e| fail(Column::Price, e.code(), e.to_string()))
        .ok();
    let description = optional(cell(Column::Description), Description::parse)
        .map_err(|e| fail(Column::Description, e.code(), e.to_string()))
        .ok()
        .flatten();
    let category = optional(cell(Column::Category), CategoryPath::parse)
        .map_err(|e| fail(Column::Category, e.code(), e.to_string()))
        .ok()
        .flatten();
    let sku = optional(cell(Column::Sku), Sku::parse)
        .map_err(|e| fail(Column::Sku, e.code(), e.to_string()))
        .ok()
        .flatten();
    let images = optional(cell(Column::ImageUrl), ImageUrls::parse_cell)
        .map_err(|e| fail(Column::ImageUrl, e.code(), e.to_string()))
        .ok()
        .flatten();
    let stock = if columns.has(Column::Stock) {
        StockLevel::parse(cell(Column::Stock))
            .map_err(|e| fail(Column::Stock, e.code(), e.to_string()))
            .ok()
    } else {
        None
    };

    let (kind_cell, name_cell, modifier_cell) = (
        cell(Column::VariantType),
        cell(Column::VariantName),
        cell(Column::VariantPrice),
    );
    let variant = if kind_cell.is_empty() && name_cell.is_empty() && modifier_cell.is_empty() {
        None
    } else {
        let kind = match kind_cell {
            "" => Some(VariantKind::Custom),
            raw => VariantKind::parse(raw)
                .map_err(|e| fail(Column::VariantType, e.code(), e.to_string()))
                .ok(),
        };
        let variant_name = if name_cell.is_empty() {
            fail(
                Column::VariantName,
                "missing",
                "variant name is required when variant_type or variant_price is given".to_owned(),
            );
            None
        } else {
            VariantName::parse(name_cell)
                .map_err(|e| fail(Column::VariantName, e.code(), e.to_string()))
                .ok()
        };
        let modifier = PriceModifier::parse(modifier_cell, currency.unwrap_or(workspace_currency))
            .map_err(|e| fail(Column::VariantPrice, e.code(), e.to_string()))
            .ok();
        match (kind, variant_name, modifier) {
            (Some(kind), Some(name), Some(modifier)) => Some((kind, name, modifier)),
            _ => None,
        }
    };

    match (name, price, errors.is_empty()) {
        (Some(name), Some(price), true) => Ok(Row {
            number,
            name,
            price,
            description,
            category,
            sku,
            images,
            stock,
            variant,
        }),
        (name, _, _) => Err((errors, name)),
    }
}

/// Blank cells are "no value"; anything else must parse.
fn optional<T, E>(raw: &str, parse: impl FnOnce(&str) -> Result<T, E>) -> Result<Option<T>, E> {
    if raw.is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

struct Group {
    rows: Vec<Row>,
    /// Some row of this product had an error, so the product is left out of the plan.
    tainted: bool,
}

/// Groups rows into products: by SKU where a row has one, else by name. A row without
/// a SKU joins the one SKU group of the same name (sellers often fill the SKU on the
/// first row only); with several such groups it is ambiguous.
fn group_rows(
    rows: Vec<Row>,
    bad_rows: &[(usize, Option<ProductName>)],
) -> (Vec<Group>, Vec<RowError>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_sku: HashMap<Sku, usize> = HashMap::new();
    let mut errors = Vec::new();
    let (with_sku, without_sku): (Vec<Row>, Vec<Row>) =
        rows.into_iter().partition(|row| row.sku.is_some());
    for row in with_sku {
        let Some(sku) = row.sku.clone() else { continue };
        match by_sku.get(&sku) {
            Some(&index) => groups[index].rows.push(row),
            None => {
                by_sku.insert(sku, groups.len());
                groups.push(Group {
                    rows: vec![row],
                    tainted: false,
                });
            }
        }
    }
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for row in without_sku {
        let key = row.name.match_key();
        let sku_groups: Vec<usize> = (0..groups.len())
            .filter(|i| {
                groups[*i].rows[0].sku.is_some() && groups[*i].rows[0].name.match_key() == key
            })
            .collect();
        match sku_groups.as_slice() {
            [index] => groups[*index].rows.push(row),
            [] => match by_name.get(&key) {
                Some(&index) => groups[index].rows.push(row),
                None => {
                    by_name.insert(key, groups.len());
                    groups.push(Group {
                        rows: vec![row],
                        tainted: false,
                    });
                }
            },
            _ => errors.push(RowError::new(
                row.number,
                Column::Sku.as_str(),
                "ambiguous_product",
                format!(
                    "several products are named '{}'; give this row the SKU of the one it belongs to",
                    row.name
                ),
            )),
        }
    }
    // A product with a broken row is incomplete: leave it out rather than import part of it.
    for (_, name) in bad_rows {
        if let Some(name) = name {
            let key = name.match_key();
            for group in groups
                .iter_mut()
                .filter(|g| g.rows[0].name.match_key() == key)
            {
                group.tainted = true;
            }
        }
    }
    for group in &mut groups {
        group.rows.sort_by_key(|r| r.number);
    }
    groups.sort_by_key(|g| g.rows[0].number);
    (groups, errors)
}

/// Merges a product's rows, checking that repeated product-level cells agree.
fn merge_group(rows: Vec<Row>) -> Result<ParsedProduct, Vec<RowError>> {
    let mut errors = Vec::new();
    let Some(first) = rows.first() else {
        return Err(errors);
    };
    let first_row = first.number;
    let name = first.name.clone();
    let price = first.price;

    let mut description = None;
    let mut category = None;
    let mut sku = None;
    let mut images = None;
    let mut base_row: Option<usize> = None;
    let mut stock = None;
    let mut variants: Vec<ParsedVariant> = Vec::new();

    for row in rows {
        if row.name.match_key() != name.match_key() {
            errors.push(conflict(row.number, Column::Name, first_row));
        }
        if row.price != price {
            errors.push(conflict(row.number, Column::Price, first_row));
        }
        agree(
            &mut description,
            row.description,
            row.number,
            Column::Description,
            first_row,
            &mut errors,
        );
        agree(
            &mut category,
            row.category,
            row.number,
            Column::Category,
            first_row,
            &mut errors,
        );
        agree(
            &mut sku,
            row.sku,
            row.number,
            Column::Sku,
            first_row,
            &mut errors,
        );
        agree(
            &mut images,
            row.images,
            row.number,
            Column::ImageUrl,
            first_row,
            &mut errors,
        );
        match row.variant {
            None => match base_row {
                Some(earlier) => errors.push(RowError::new(
                    row.number,
                    Column::Name.as_str(),
                    "duplicate_product_row",
                    format!(
                        "row {earlier} already describes '{name}' without a variant; give each \
                         variant a variant_name, or give different products different names or SKUs"
                    ),
                )),
                None => {
                    base_row = Some(row.number);
                    stock = row.stock;
                }
            },
            Some((kind, variant_name, price_modifier)) => {
                let key = variant_name.match_key();
                if let Some(earlier) = variants.iter().find(|v| v.name.match_key() == key) {
                    errors.push(RowError::new(
                        row.number,
                        Column::VariantName.as_str(),
                        "duplicate_variant",
                        format!(
                            "'{name}' already has a variant named '{}' (row {})",
                            earlier.name, earlier.row
                        ),
                    ));
                    continue;
                }
                match price.money().checked_add(price_modifier.money()) {
                    Ok(sum) if sum.is_positive() => {}
                    Ok(sum) => {
                        let e = ProductRuleError::VariantPriceNotPositive {
                            variant: variant_name.as_str().to_owned(),
                            price: sum,
                        };
                        errors.push(RowError::new(
                            row.number,
                            Column::VariantPrice.as_str(),
                            e.code(),
                            e.to_string(),
                        ));
                    }
                    Err(e) => errors.push(RowError::new(
                        row.number,
                        Column::VariantPrice.as_str(),
                        "too_large",
                        e.to_string(),
                    )),
                }
                variants.push(ParsedVariant {
                    row: row.number,
                    kind,
                    name: variant_name,
                    price_modifier,
                    stock: row.stock,
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ParsedProduct {
        row: first_row,
        name,
        price,
        description,
        category,
        sku,
        images,
        stock,
        variants,
    })
}

/// Keeps the first non-blank value and reports a later different one.
fn agree<T: PartialEq>(
    kept: &mut Option<T>,
    value: Option<T>,
    row: usize,
    column: Column,
    first_row: usize,
    errors: &mut Vec<RowError>,
) {
    match (kept.as_ref(), value) {
        (_, None) => {}
        (None, Some(value)) => *kept = Some(value),
        (Some(existing), Some(value)) if *existing == value => {}
        (Some(_), Some(_)) => errors.push(conflict(row, column, first_row)),
    }
}

fn conflict(row: usize, column: Column, first_row: usize) -> RowError {
    RowError::new(
        row,
        column.as_str(),
        "conflicting_value",
        format!(
            "{} differs from row {first_row} of the same product; repeat the same value or leave it blank",
            column.as_str()
        ),
    )
}
