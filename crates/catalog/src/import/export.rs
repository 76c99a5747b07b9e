//! Export: the catalog as the same CSV records import reads.

use super::Column;
use crate::models::format_amount;
use crate::{Category, Product, StockLevel, Variant};

/// Header plus one row per variant (one row for a product without variants), in
/// creation order. Deleted products are left out. A product with variants whose own
/// stock is counted gets an extra row without variant cells carrying that count, so
/// nothing is lost on the way back in.
pub fn export(products: &[Product], categories: &[Category]) -> Vec<Vec<String>> {
    let mut records = vec![Column::ALL.map(|c| c.as_str().to_owned()).to_vec()];
    let mut live: Vec<&Product> = products.iter().filter(|p| !p.is_deleted()).collect();
    live.sort_by_key(|p| (p.created_at(), p.id()));
    for product in live {
        let category = product
            .category_id()
            .and_then(|id| categories.iter().find(|c| c.id == id))
            .map(|c| c.path(categories).to_string())
            .unwrap_or_default();
        if product.variants().is_empty() || product.stock().quantity().is_some() {
            records.push(record(product, &category, None, product.stock()));
        }
        for variant in product.variants() {
            records.push(record(product, &category, Some(variant), variant.stock));
        }
    }
    records
}

fn record(
    product: &Product,
    category: &str,
    variant: Option<&Variant>,
    stock: StockLevel,
) -> Vec<String> {
    Column::ALL
        .map(|column| match column {
            Column::Name => product.name().as_str().to_owned(),
            Column::Price => format_amount(product.price().money()),
            Column::Currency => product.currency().code().to_owned(),
            Column::Description => product.description().as_str().to_owned(),
            Column::VariantType => variant
                .map(|v| v.kind.as_str().to_owned())
                .unwrap_or_default(),
            Column::VariantName => variant
                .map(|v| v.name.as_str().to_owned())
                .unwrap_or_default(),
            Column::VariantPrice => variant
                .map(|v| format_amount(v.price_modifier.money()))
                .unwrap_or_default(),
            Column::Category => category.to_owned(),
            Column::Stock => stock.to_cell(),
            Column::Sku => product
                .sku()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            Column::ImageUrl => product.images().to_cell(),
        })
        .to_vec()
}
