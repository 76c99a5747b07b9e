//! `/products/import` and `/products/export`: the catalog as a spreadsheet, one row per
//! variant. Export writes exactly what import reads, so export-then-import changes nothing.

use actix_web::http::header::CONTENT_DISPOSITION;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use catalog::import::{ImportAction, ImportPlan, RowError};
use catalog::{Category, Product};
use identity::Permission;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::catalog_csv::{self, MAX_CSV_BYTES};
use super::catalog_dto::MoneyDto;
use super::catalog_scope::{edit_scope, read_scope};
use crate::http::{ApiError, Authenticated, ErrorBody};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Check the file and show what would change, writing nothing.
    pub dry_run: Option<bool>,
}

/// The multipart form: the CSV file in a field named `file`.
#[derive(ToSchema)]
#[allow(dead_code)] // Describes the request in the OpenAPI document; never built.
pub struct ImportUpload {
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResponse {
    pub dry_run: bool,
    /// True when the file has no row error; a real import then wrote all of it.
    pub valid: bool,
    pub summary: ImportSummaryDto,
    /// Every product in the file, in file order, as it is (or would be) after the import.
    pub products: Vec<ImportedProduct>,
    /// Categories the import creates, as paths.
    #[schema(example = json!(["Skincare", "Skincare > Serums"]))]
    pub new_categories: Vec<String>,
    /// Every problem in the file; empty when `valid`.
    pub errors: Vec<RowErrorDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportSummaryDto {
    pub created: usize,
    pub updated: usize,
    /// Matched a product that is already exactly as the file says.
    pub unchanged: usize,
    pub new_categories: usize,
    pub errors: usize,
}

/// One problem in one cell (or row) of the file.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowErrorDto {
    /// 1-based, the header being row 1, as a spreadsheet numbers rows.
    #[schema(example = 3)]
    pub row: usize,
    #[schema(example = "price")]
    pub column: String,
    #[schema(example = "not_a_number")]
    pub code: String,
    pub message: String,
}

impl From<RowError> for RowErrorDto {
    fn from(error: RowError) -> Self {
        Self {
            row: error.row,
            column: error.column,
            code: error.code.to_owned(),
            message: error.message,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportedProduct {
    /// The product's first row in the file.
    pub row: usize,
    /// create, update or unchanged.
    #[schema(example = "create")]
    pub action: String,
    pub id: uuid::Uuid,
    pub name: String,
    pub sku: Option<String>,
    /// The list price the file sets.
    pub list_price: MoneyDto,
    #[schema(example = "Skincare > Serums")]
    pub category: Option<String>,
    pub variants: Vec<ImportedVariant>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportedVariant {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub price_modifier: MoneyDto,
    pub stock: Option<u32>,
}

impl ImportedProduct {
    fn new(row: usize, action: ImportAction, product: &Product, categories: &[Category]) -> Self {
        let action = match action {
            ImportAction::Create => "create",
            ImportAction::Update => "update",
            ImportAction::Unchanged => "unchanged",
        };
        Self {
            row,
            action: action.to_owned(),
            id: product.id().as_uuid(),
            name: product.name().as_str().to_owned(),
            sku: product.sku().map(|s| s.as_str().to_owned()),
            list_price: product.price().money().into(),
            category: product
                .category_id()
                .and_then(|id| categories.iter().find(|c| c.id == id))
                .map(|c| c.path(categories).to_string()),
            variants: product
                .variants()
                .iter()
                .map(|v| ImportedVariant {
                    kind: v.kind.as_str().to_owned(),
                    name: v.name.as_str().to_owned(),
                    price_modifier: v.price_modifier.money().into(),
                    stock: v.stock.quantity(),
                })
                .collect(),
        }
    }
}

impl ImportResponse {
    fn new(dry_run: bool, plan: ImportPlan, existing: &[Category]) -> Self {
        let summary = plan.summary();
        let categories: Vec<Category> = existing
            .iter()
            .chain(&plan.new_categories)
            .cloned()
            .collect();
        Self {
            dry_run,
            valid: plan.is_valid(),
            summary: ImportSummaryDto {
                created: summary.created,
                updated: summary.updated,
                unchanged: summary.unchanged,
                new_categories: summary.new_categories,
                errors: summary.errors,
            },
            products: plan
                .products
                .iter()
                .map(|p| ImportedProduct::new(p.row, p.action, &p.product, &categories))
                .collect(),
            new_categories: plan
                .new_categories
                .iter()
                .map(|c| c.path(&categories).to_string())
                .collect(),
            errors: plan.errors.into_iter().map(RowErrorDto::from).collect(),
        }
    }
}

/// Imports products from a CSV file (owner, admin, agent): header
/// `name,price,currency,description,variant_type,variant_name,variant_price` plus the
/// optional `category,stock,sku,image_url`, one row per variant; `,` or `;` separated,
/// UTF-8 (a BOM is fine), at most 10 MB. Rows match existing products by SKU, else by
/// name, so importing a file again updates instead of duplicating. All or nothing: any
/// row error and nothing is written. `dry_run=true` shows the plan and every row error,
/// writing nothing.
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(
        description = "The CSV file, as the body or as the `file` field of a form",
        content((String = "text/csv"), (ImportUpload = "multipart/form-data")),
    ),
    responses(
        (status = 200, description = "Imported, or the dry run's plan (with every row error)", body = ImportResponse),
        (status = 403, body = ErrorBody),
        (status = 409, description = "`import_conflict`: the catalog changed meanwhile; nothing written", body = ErrorBody),
        (status = 413, description = "Larger than 10 MB", body = ErrorBody),
        (status = 415, description = "Neither text/csv nor multipart/form-data", body = ErrorBody),
        (status = 422, description = "`invalid_csv` (not UTF-8 CSV text; details.row) or `invalid_import` (details.errors lists every row error; nothing written)", body = ErrorBody),
    )
)]
#[post("/products/import")]
pub async fn import_products(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    req: HttpRequest,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<web::Json<ImportResponse>, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    let bytes = catalog_csv::read_upload(&req, payload, MAX_CSV_BYTES).await?;
    let records = catalog_csv::decode(&bytes)?;
    let dry_run = query.dry_run == Some(true);
    let categories = state.catalog.list_categories(&scope).await?;
    let plan = if dry_run {
        state.catalog.preview_import(&scope, &records).await?
    } else {
        // Row errors become a 422 whose details.errors have the dry run's shape.
        state.catalog.apply_import(&scope, &records).await?
    };
    Ok(web::Json(ImportResponse::new(dry_run, plan, &categories)))
}

/// The live catalog as CSV in the import format (owner and admin: "Export data").
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "`products.csv`, UTF-8, one row per variant", content_type = "text/csv", body = String),
        (status = 403, body = ErrorBody),
    )
)]
#[get("/products/export")]
pub async fn export_products(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ExportData)?;
    let scope = read_scope(&state, &principal).await?;
    let records = state.catalog.export_catalog(&scope).await?;
    let body = catalog_csv::encode(&records)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"products.csv\""))
        .body(body))
}
