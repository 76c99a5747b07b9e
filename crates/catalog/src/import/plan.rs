//! Matching a parsed file against the catalog: which products to create, which to
//! update, which are already as the file says. Pure: no storage, no clock.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use serde::Serialize;

use super::{Column, ParsedProduct, ParsedSheet, RowError};
use crate::{
    Category, CategoryId, CategoryPath, CategoryRuleError, NewProduct, NewVariant, Product,
    ProductId, ProductRuleError, Tags, Variant, VariantId,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportAction {
    Create,
    Update,
    /// Matched a product that already is exactly as the file says.
    Unchanged,
}

/// A product as it will be after the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedProduct {
    /// The product's first row in the file.
    pub row: usize,
    pub action: ImportAction,
    pub product: Product,
}

/// What an import would do. A dry run shows it; a real import writes it only when
/// `errors` is empty, all at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    pub products: Vec<PlannedProduct>,
    /// Categories named in the file that do not exist yet.
    pub new_categories: Vec<Category>,
    pub errors: Vec<RowError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub new_categories: usize,
    pub errors: usize,
}

impl ImportPlan {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn summary(&self) -> ImportSummary {
        let count = |action| self.products.iter().filter(|p| p.action == action).count();
        ImportSummary {
            created: count(ImportAction::Create),
            updated: count(ImportAction::Update),
            unchanged: count(ImportAction::Unchanged),
            new_categories: self.new_categories.len(),
            errors: self.errors.len(),
        }
    }

    pub fn to_create(&self) -> Vec<Product> {
        self.with_action(ImportAction::Create)
    }

    pub fn to_update(&self) -> Vec<Product> {
        self.with_action(ImportAction::Update)
    }

    fn with_action(&self, action: ImportAction) -> Vec<Product> {
        self.products
            .iter()
            .filter(|p| p.action == action)
            .map(|p| p.product.clone())
            .collect()
    }
}

/// Matches each parsed product to the live products of the workspace: by SKU, else by
/// name (case-insensitive). A row with a SKU that no product has may still match a
/// same-named product that has no SKU yet (the file gives it one), but never a
/// same-named product with a different SKU: that is another product.
pub fn plan_import(
    sheet: ParsedSheet,
    existing: &[Product],
    categories: &[Category],
    workspace_id: WorkspaceId,
    now: DateTime<Utc>,
) -> ImportPlan {
    let live: Vec<&Product> = existing
        .iter()
        .filter(|p| !p.is_deleted() && p.workspace_id() == workspace_id)
        .collect();
    let has = |column| sheet.has_column(column);
    let fields = FileFields {
        description: has(Column::Description),
        category: has(Column::Category),
        sku: has(Column::Sku),
        images: has(Column::ImageUrl),
    };
    let mut errors = sheet.errors;
    let mut new_categories: Vec<Category> = Vec::new();
    let mut claimed: HashMap<ProductId, usize> = HashMap::new();
    let mut products = Vec::new();

    for parsed in sheet.products {
        let category_id = match &parsed.category {
            None => None,
            Some(path) => {
                match resolve_category(path, categories, &mut new_categories, workspace_id, now) {
                    Ok(id) => Some(id),
                    Err(e) => {
                        errors.push(RowError::new(
                            parsed.row,
                            Column::Category.as_str(),
                            e.code(),
                            e.to_string(),
                        ));
                        continue;
                    }
                }
            }
        };
        let matched = match find_match(&parsed, &live) {
            Ok(matched) => matched,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        let planned = match matched {
            None => create(&parsed, category_id, workspace_id, now).map(|product| PlannedProduct {
                row: parsed.row,
                action: ImportAction::Create,
                product,
            }),
            Some(current) => {
                if let Some(earlier) = claimed.insert(current.id(), parsed.row) {
                    errors.push(RowError::new(
                        parsed.row,
                        Column::Name.as_str(),
                        "duplicate_match",
                        format!(
                            "this row and row {earlier} both match the existing product '{}'",
                            current.name()
                        ),
                    ));
                    continue;
                }
                update(current, &parsed, category_id, &fields, now)
            }
        };
        match planned {
            Ok(planned) => products.push(planned),
            Err(e) => errors.push(RowError::new(
                parsed.row,
                rule_column(&e),
                e.code(),
                e.to_string(),
            )),
        }
    }
    errors.sort_by_key(|e| e.row);
    ImportPlan {
        products,
        new_categories,
        errors,
    }
}

/// Which optional columns the file has: only those overwrite an existing product.
struct FileFields {
    description: bool,
    category: bool,
    sku: bool,
    images: bool,
}

fn find_match<'a>(
    parsed: &ParsedProduct,
    live: &[&'a Product],
) -> Result<Option<&'a Product>, RowError> {
    if let Some(sku) = &parsed.sku
        && let Some(found) = live.iter().find(|p| p.sku() == Some(sku))
    {
        return Ok(Some(*found));
    }
    let key = parsed.name.match_key();
    let candidates: Vec<&'a Product> = live
        .iter()
        .filter(|p| p.name().match_key() == key)
        .filter(|p| parsed.sku.is_none() || p.sku().is_none())
        .copied()
        .collect();
    match candidates.as_slice() {
        [] => Ok(None),
        [only] => Ok(Some(*only)),
        _ => Err(RowError::new(
            parsed.row,
            Column::Sku.as_str(),
            "ambiguous_match",
            format!(
                "{} products are named '{}'; add a sku column so each row names one",
                candidates.len(),
                parsed.name
            ),
        )),
    }
}

fn create(
    parsed: &ParsedProduct,
    category_id: Option<CategoryId>,
    workspace_id: WorkspaceId,
    now: DateTime<Utc>,
) -> Result<Product, ProductRuleError> {
    let new = NewProduct {
        name: parsed.name.clone(),
        description: parsed.description.clone().unwrap_or_default(),
        price: parsed.price,
        sku: parsed.sku.clone(),
        images: parsed.images.clone().unwrap_or_default(),
        available: true,
        stock: parsed.stock.unwrap_or_default(),
        category_id,
        supplier_id: None,
        tags: Tags::default(),
        variants: parsed
            .variants
            .iter()
            .map(|v| NewVariant {
                kind: v.kind,
                name: v.name.clone(),
                price_modifier: v.price_modifier,
                available: true,
                stock: v.stock.unwrap_or_default(),
            })
            .collect(),
    };
    Product::create(workspace_id, new, now)
}

/// Merges the file into an existing product in one step, so rules are checked on the
/// final state (a lower price and a smaller discount on a variant may only be valid
/// together).
fn update(
    current: &Product,
    parsed: &ParsedProduct,
    category_id: Option<CategoryId>,
    fields: &FileFields,
    now: DateTime<Utc>,
) -> Result<PlannedProduct, ProductRuleError> {
    let mut record = current.to_record();
    record.name = parsed.name.clone();
    record.price = parsed.price;
    if fields.description {
        record.description = parsed.description.clone().unwrap_or_default();
    }
    if fields.category {
        record.category_id = category_id;
    }
    if fields.sku {
        record.sku = parsed.sku.clone();
    }
    if fields.images {
        record.images = parsed.images.clone().unwrap_or_default();
    }
    if let Some(stock) = parsed.stock {
        record.stock = stock;
    }
    for incoming in &parsed.variants {
        let key = incoming.name.match_key();
        match record
            .variants
            .iter_mut()
            .find(|v| v.name.match_key() == key)
        {
            Some(variant) => {
                variant.kind = incoming.kind;
                variant.name = incoming.name.clone();
                variant.price_modifier = incoming.price_modifier;
                if let Some(stock) = incoming.stock {
                    variant.stock = stock;
                }
            }
            None => record.variants.push(Variant {
                id: VariantId::new(),
                kind: incoming.kind,
                name: incoming.name.clone(),
                price_modifier: incoming.price_modifier,
                available: true,
                stock: incoming.stock.unwrap_or_default(),
            }),
        }
    }
    let mut product = Product::from_record(record)?;
    let action = if product == *current {
        ImportAction::Unchanged
    } else {
        product.touch(now);
        ImportAction::Update
    };
    Ok(PlannedProduct {
        row: parsed.row,
        action,
        product,
    })
}

/// Finds the category a path names, creating what is missing. A bare name also finds a
/// subcategory when exactly one category anywhere has that name, so "Serums" reaches
/// "Skincare > Serums" instead of creating a second "Serums".
fn resolve_category(
    path: &CategoryPath,
    existing: &[Category],
    created: &mut Vec<Category>,
    workspace_id: WorkspaceId,
    now: DateTime<Utc>,
) -> Result<CategoryId, CategoryRuleError> {
    let all: Vec<Category> = existing.iter().chain(created.iter()).cloned().collect();
    if let Some(found) = path.find(&all) {
        return Ok(found.id);
    }
    let parent = match &path.parent {
        None => {
            let key = path.name.match_key();
            let same_name: Vec<&Category> =
                all.iter().filter(|c| c.name.match_key() == key).collect();
            if let [only] = same_name.as_slice() {
                return Ok(only.id);
            }
            None
        }
        Some(parent_name) => {
            let as_root = CategoryPath {
                parent: None,
                name: parent_name.clone(),
            };
            match as_root.find(&all) {
                Some(root) => Some(root.clone()),
                None => {
                    // Named like an existing subcategory: nesting under it is too deep,
                    // and a new top-level twin would only confuse.
                    let key = parent_name.match_key();
                    if let Some(sub) = all.iter().find(|c| c.name.match_key() == key) {
                        return Err(CategoryRuleError::TooDeep(sub.name.as_str().to_owned()));
                    }
                    let root = Category::new(workspace_id, parent_name.clone(), None, now)?;
                    created.push(root.clone());
                    Some(root)
                }
            }
        }
    };
    let category = Category::new(workspace_id, path.name.clone(), parent.as_ref(), now)?;
    let id = category.id;
    created.push(category);
    Ok(id)
}

fn rule_column(error: &ProductRuleError) -> &'static str {
    match error {
        ProductRuleError::DuplicateVariantName(_) | ProductRuleError::TooManyVariants => {
            Column::VariantName.as_str()
        }
        // On an update, a variant kept from before can fall to zero when the price drops.
        ProductRuleError::VariantPriceNotPositive { .. } => Column::Price.as_str(),
        ProductRuleError::CurrencyMismatch { .. } => Column::Currency.as_str(),
        ProductRuleError::VariantNotFound(_) => Column::VariantName.as_str(),
    }
}
