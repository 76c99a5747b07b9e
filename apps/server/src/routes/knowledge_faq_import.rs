//! `/knowledge/faqs/import`: FAQs from a spreadsheet (`question,answer,category,tags`).
//! Bytes are decoded by the catalog's CSV reader (`catalog_csv`: BOM, `,`/`;`/tab,
//! UTF-8, size limits), rows are judged by `knowledge::parse_faq_sheet`.

use actix_web::{HttpRequest, post, web};
use identity::Permission;
use knowledge::service::FaqImport;
use knowledge::{DuplicateOf, FaqRowError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::catalog_csv::{self, MAX_CSV_BYTES};
use super::catalog_import::ImportUpload;
use crate::http::{ApiError, Authenticated, ErrorBody};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FaqImportQuery {
    /// Check the file and show what would change, writing nothing.
    pub dry_run: Option<bool>,
    /// Let rows repeating an existing question replace its answer, category and tags
    /// (default: such rows are skipped and reported).
    pub overwrite: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FaqImportResponse {
    pub dry_run: bool,
    /// True when the file has no row error; a real import then wrote all of it.
    pub valid: bool,
    pub summary: FaqImportSummary,
    /// The FAQs created or overwritten (or that would be), in file order.
    pub faqs: Vec<ImportedFaq>,
    /// Rows repeating a question already known, not imported.
    pub duplicates: Vec<FaqDuplicateDto>,
    /// Every problem; empty when `valid`.
    pub errors: Vec<FaqRowErrorDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FaqImportSummary {
    pub created: usize,
    pub updated: usize,
    pub skipped: usize,
    pub errors: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportedFaq {
    /// 1-based; the header is row 1.
    pub row: usize,
    /// create or update.
    #[schema(example = "create")]
    pub action: String,
    pub id: uuid::Uuid,
    pub question: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FaqDuplicateDto {
    pub row: usize,
    pub question: String,
    pub duplicate_of: DuplicateOfDto,
}

/// An earlier row of the file (`row`) or a FAQ already stored (`faq_id`).
#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateOfDto {
    /// row or existing.
    #[schema(example = "existing")]
    pub kind: String,
    pub row: Option<usize>,
    pub faq_id: Option<uuid::Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FaqRowErrorDto {
    #[schema(example = 3)]
    pub row: usize,
    /// The column's header name, or empty for the whole row.
    #[schema(example = "answer")]
    pub column: String,
    #[schema(example = "missing")]
    pub code: String,
    pub message: String,
}

impl From<FaqRowError> for FaqRowErrorDto {
    fn from(error: FaqRowError) -> Self {
        Self {
            row: error.row,
            column: error.column,
            code: error.code.to_owned(),
            message: error.message,
        }
    }
}

impl FaqImportResponse {
    fn new(dry_run: bool, import: FaqImport) -> Self {
        let imported = |action: &str, (row, faq): (usize, knowledge::Faq)| ImportedFaq {
            row,
            action: action.to_owned(),
            id: faq.id.as_uuid(),
            question: faq.question.as_str().to_owned(),
        };
        let mut faqs: Vec<ImportedFaq> = import
            .created
            .into_iter()
            .map(|f| imported("create", f))
            .chain(import.updated.into_iter().map(|f| imported("update", f)))
            .collect();
        faqs.sort_by_key(|f| f.row);
        let errors: Vec<FaqRowErrorDto> = import.errors.into_iter().map(Into::into).collect();
        Self {
            dry_run,
            valid: errors.is_empty(),
            summary: FaqImportSummary {
                created: faqs.iter().filter(|f| f.action == "create").count(),
                updated: faqs.iter().filter(|f| f.action == "update").count(),
                skipped: import.skipped.len(),
                errors: errors.len(),
            },
            faqs,
            duplicates: import
                .skipped
                .into_iter()
                .map(|d| FaqDuplicateDto {
                    row: d.row,
                    question: d.faq.question.as_str().to_owned(),
                    duplicate_of: match d.of {
                        DuplicateOf::Row(row) => DuplicateOfDto {
                            kind: "row".into(),
                            row: Some(row),
                            faq_id: None,
                        },
                        DuplicateOf::Existing(id) => DuplicateOfDto {
                            kind: "existing".into(),
                            row: None,
                            faq_id: Some(id.as_uuid()),
                        },
                    },
                })
                .collect(),
            errors,
        }
    }
}

/// Imports FAQs from a CSV file (owner, admin, agent): header `question,answer` plus the
/// optional `category,tags` (several tags in one cell, separated by `,` `;` or `|`), in
/// any order; `,` or `;` separated, UTF-8, at most 10 MB and 5,000 rows. A question
/// already known (or repeated in the file) is reported as a duplicate and skipped, never
/// doubled; `overwrite=true` updates existing ones instead. All or nothing: any row
/// error and nothing is written. `dry_run=true` shows the plan, writing nothing.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(FaqImportQuery),
    request_body(
        description = "The CSV file, as the body or as the `file` field of a form",
        content((String = "text/csv"), (ImportUpload = "multipart/form-data")),
    ),
    responses(
        (status = 200, description = "Imported, or the dry run's plan (with every row error)", body = FaqImportResponse),
        (status = 403, body = ErrorBody),
        (status = 409, description = "`faq_import_conflict`: FAQs changed meanwhile; nothing written", body = ErrorBody),
        (status = 413, description = "Larger than 10 MB", body = ErrorBody),
        (status = 415, description = "Neither text/csv nor multipart/form-data", body = ErrorBody),
        (status = 422, description = "`invalid_csv` (not UTF-8 CSV text; details.row) or `invalid_import` (details.errors lists every row error; nothing written)", body = ErrorBody),
    )
)]
#[post("/knowledge/faqs/import")]
pub async fn import_faqs(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    req: HttpRequest,
    query: web::Query<FaqImportQuery>,
    payload: web::Payload,
) -> Result<web::Json<FaqImportResponse>, ApiError> {
    principal.require(Permission::EditKnowledge)?;
    let bytes = catalog_csv::read_upload(&req, payload, MAX_CSV_BYTES).await?;
    let records = catalog_csv::decode(&bytes)?;
    let dry_run = query.dry_run == Some(true);
    let overwrite = query.overwrite == Some(true);
    let workspace_id = principal.workspace_id;
    let import = if dry_run {
        state
            .knowledge
            .preview_faq_import(workspace_id, &records, overwrite)
            .await?
    } else {
        state
            .knowledge
            .apply_faq_import(workspace_id, &records, overwrite)
            .await?
    };
    Ok(web::Json(FaqImportResponse::new(dry_run, import)))
}
