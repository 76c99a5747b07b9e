//! Products and variants to and from rows, and the derived columns kept beside them
//! (`name_key`, `tags`, `search_text`).

use std::collections::HashMap;

use catalog::ports::ProductRepositoryError;
use catalog::{
    CategoryId, Description, ImageUrl, ImageUrls, Price, PriceModifier, Product, ProductId,
    ProductName, ProductRecord, Sku, StockLevel, SupplierId, Tag, Tags, Variant, VariantId,
    VariantKind, VariantName,
};
use kernel::{Currency, WorkspaceId};
use sea_orm::ActiveValue::{NotSet, Set};
use uuid::Uuid;

use crate::catalog::errors::corrupt;
use crate::catalog::money::{from_minor, to_minor};
use crate::entities::{products, variants};
use crate::timestamps::{stored, stored_opt};

/// Separates tags in the `tags` column, and opens and closes it.
pub(super) const TAG_SEPARATOR: char = '|';

pub(super) fn product_row(
    product: &Product,
) -> Result<products::ActiveModel, ProductRepositoryError> {
    let price = to_minor(product.price().money()).map_err(ProductRepositoryError::Unexpected)?;
    let images = product
        .images()
        .as_slice()
        .iter()
        .map(|url| serde_json::Value::String(url.as_str().to_owned()))
        .collect();
    Ok(products::ActiveModel {
        id: Set(product.id().as_uuid()),
        workspace_id: Set(product.workspace_id().as_uuid()),
        name: Set(product.name().as_str().to_owned()),
        name_key: Set(product.name().match_key()),
        description: Set(product.description().as_str().to_owned()),
        price_minor: Set(price),
        currency: Set(product.currency().code().to_owned()),
        sku: Set(product.sku().map(|sku| sku.as_str().to_owned())),
        images: Set(serde_json::Value::Array(images)),
        available: Set(product.is_available()),
        stock: Set(stock_cell(product.stock())),
        category_id: Set(product.category_id().map(|id| id.as_uuid())),
        supplier_id: Set(product.supplier_id().map(|id| id.as_uuid())),
        tags: Set(tags_cell(product.tags())),
        search_text: Set(search_text(product)),
        created_at: Set(stored(product.created_at())),
        updated_at: Set(stored(product.updated_at())),
        deleted_at: Set(stored_opt(product.deleted_at())),
    })
}

/// Every column but the keys, for `UPDATE ... SET` of an existing product.
pub(super) fn product_changes(
    product: &Product,
) -> Result<products::ActiveModel, ProductRepositoryError> {
    let mut row = product_row(product)?;
    row.id = NotSet;
    row.workspace_id = NotSet;
    Ok(row)
}

pub(super) fn variant_rows(
    product: &Product,
) -> Result<Vec<variants::ActiveModel>, ProductRepositoryError> {
    product
        .variants()
        .iter()
        .enumerate()
        .map(|(position, variant)| {
            let modifier = to_minor(variant.price_modifier.money())
                .map_err(ProductRepositoryError::Unexpected)?;
            let position = i32::try_from(position).map_err(|_| {
                ProductRepositoryError::Unexpected("too many variants to store".to_owned())
            })?;
            Ok(variants::ActiveModel {
                id: Set(variant.id.as_uuid()),
                product_id: Set(product.id().as_uuid()),
                workspace_id: Set(product.workspace_id().as_uuid()),
                position: Set(position),
                kind: Set(variant.kind.as_str().to_owned()),
                name: Set(variant.name.as_str().to_owned()),
                price_modifier_minor: Set(modifier),
                available: Set(variant.available),
                stock: Set(stock_cell(variant.stock)),
            })
        })
        .collect()
}

/// Rebuilds products from their rows and the rows of their variants (any order;
/// each product's variants are put back in the seller's order).
pub(super) fn products_from_rows(
    rows: Vec<products::Model>,
    variant_rows: Vec<variants::Model>,
) -> Result<Vec<Product>, ProductRepositoryError> {
    let mut by_product: HashMap<Uuid, Vec<variants::Model>> = HashMap::new();
    for variant in variant_rows {
        by_product
            .entry(variant.product_id)
            .or_default()
            .push(variant);
    }
    rows.into_iter()
        .map(|row| {
            let mut variants = by_product.remove(&row.id).unwrap_or_default();
            variants.sort_by_key(|v| v.position);
            product_from_rows(row, variants)
        })
        .collect()
}

fn product_from_rows(
    row: products::Model,
    variant_rows: Vec<variants::Model>,
) -> Result<Product, ProductRepositoryError> {
    let fail =
        |what: &str, detail: String| ProductRepositoryError::Unexpected(corrupt(what, detail));
    let currency =
        Currency::parse(&row.currency).map_err(|e| fail("product currency", e.to_string()))?;
    let price = from_minor(row.price_minor, currency)
        .map_err(|e| e.to_string())
        .and_then(|money| Price::new(money).map_err(|e| e.to_string()))
        .map_err(|e| fail("product price", e))?;
    let variants = variant_rows
        .into_iter()
        .map(|v| variant_from_row(v, currency))
        .collect::<Result<Vec<_>, _>>()?;
    let record = ProductRecord {
        id: ProductId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        name: ProductName::parse(&row.name).map_err(|e| fail("product name", e.to_string()))?,
        description: Description::parse(&row.description)
            .map_err(|e| fail("product description", e.to_string()))?,
        price,
        sku: row
            .sku
            .as_deref()
            .map(Sku::parse)
            .transpose()
            .map_err(|e| fail("product SKU", e.to_string()))?,
        images: images_from_cell(&row.images).map_err(|e| fail("product images", e))?,
        available: row.available,
        stock: stock_from_cell(row.stock).map_err(|e| fail("product stock", e))?,
        category_id: row.category_id.map(CategoryId::from_uuid),
        supplier_id: row.supplier_id.map(SupplierId::from_uuid),
        tags: tags_from_cell(&row.tags).map_err(|e| fail("product tags", e))?,
        variants,
        created_at: row.created_at,
        updated_at: row.updated_at,
        deleted_at: row.deleted_at,
    };
    Product::from_record(record).map_err(|e| fail("product", e.to_string()))
}

fn variant_from_row(
    row: variants::Model,
    currency: Currency,
) -> Result<Variant, ProductRepositoryError> {
    let fail =
        |what: &str, detail: String| ProductRepositoryError::Unexpected(corrupt(what, detail));
    let price_modifier = from_minor(row.price_modifier_minor, currency)
        .map_err(|e| e.to_string())
        .and_then(|money| PriceModifier::new(money).map_err(|e| e.to_string()))
        .map_err(|e| fail("variant price modifier", e))?;
    Ok(Variant {
        id: VariantId::from_uuid(row.id),
        kind: VariantKind::parse(&row.kind).map_err(|e| fail("variant kind", e.to_string()))?,
        name: VariantName::parse(&row.name).map_err(|e| fail("variant name", e.to_string()))?,
        price_modifier,
        available: row.available,
        stock: stock_from_cell(row.stock).map_err(|e| fail("variant stock", e))?,
    })
}

/// `NULL` when stock is not counted.
fn stock_cell(stock: StockLevel) -> Option<i64> {
    stock.quantity().map(i64::from)
}

fn stock_from_cell(cell: Option<i64>) -> Result<StockLevel, String> {
    match cell {
        None => Ok(StockLevel::Untracked),
        Some(count) => StockLevel::tracked(count).map_err(|e| e.to_string()),
    }
}

fn images_from_cell(cell: &serde_json::Value) -> Result<ImageUrls, String> {
    let urls = cell
        .as_array()
        .ok_or_else(|| format!("expected a JSON array, found {cell}"))?
        .iter()
        .map(|url| {
            let url = url
                .as_str()
                .ok_or_else(|| format!("expected a URL, found {url}"))?;
            ImageUrl::parse(url).map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    ImageUrls::new(urls).map_err(|e| e.to_string())
}

/// "|vegan|bestseller|", or "" without tags. Tags cannot contain the separator, so
/// `LIKE '%|vegan|%'` matches exactly one whole tag.
fn tags_cell(tags: &Tags) -> String {
    if tags.as_slice().is_empty() {
        return String::new();
    }
    let mut cell = String::from(TAG_SEPARATOR);
    for tag in tags.as_slice() {
        cell.push_str(tag.as_str());
        cell.push(TAG_SEPARATOR);
    }
    cell
}

fn tags_from_cell(cell: &str) -> Result<Tags, String> {
    let tags = cell
        .split(TAG_SEPARATOR)
        .filter(|tag| !tag.is_empty())
        .map(|tag| Tag::parse(tag).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    Tags::new(tags).map_err(|e| e.to_string())
}

/// What `ProductFilter::q` searches, lower-cased, one field per line: the name, the
/// SKU, the tags and the variant names. A search cannot contain a line break, so a
/// match never spans two fields.
pub(super) fn search_text(product: &Product) -> String {
    let mut fields: Vec<&str> = vec![product.name().as_str()];
    fields.extend(product.sku().map(Sku::as_str));
    fields.extend(product.tags().as_slice().iter().map(Tag::as_str));
    fields.extend(product.variants().iter().map(|v| v.name.as_str()));
    fields.join("\n").to_lowercase()
}
