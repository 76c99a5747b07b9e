//! `/products/bulk`: one action on many products, with a result per id. One failure
//! (an unknown id, another workspace's id, open orders) does not stop the others.

use actix_web::{post, web};
use catalog::{BulkItem, ProductId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::catalog_scope::edit_scope;
use super::products::delete_mode;
use crate::http::{ApiError, Authenticated, ErrorBody, Json};
use crate::state::AppState;

/// What to do with the products; ids are deduplicated, 1 to 100 of them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
#[schema(example = json!({"action": "set_availability", "ids": ["0193a4c2-7d4e-7b31-9c1f-2a6e5d8b9c01"], "available": false}))]
pub enum BulkRequest {
    /// Switches the products on or off.
    SetAvailability {
        ids: Vec<uuid::Uuid>,
        available: bool,
    },
    /// Hides the products (soft delete), or erases them with `hard: true`.
    Delete {
        ids: Vec<uuid::Uuid>,
        #[serde(default)]
        hard: bool,
    },
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResponse {
    pub succeeded: usize,
    pub failed: usize,
    /// One entry per distinct id, in the order given.
    pub results: Vec<BulkResult>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResult {
    pub id: uuid::Uuid,
    pub ok: bool,
    /// Why this id failed, with the code a single request would have answered.
    pub error: Option<BulkError>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkError {
    #[schema(example = "product_not_found")]
    pub code: String,
    pub message: String,
}

impl From<BulkItem> for BulkResult {
    fn from(item: BulkItem) -> Self {
        let error = item.outcome.err().map(|e| {
            let error = ApiError::from(e);
            BulkError {
                code: error.code.as_str().to_owned(),
                message: error.message,
            }
        });
        Self {
            id: item.product_id.as_uuid(),
            ok: error.is_none(),
            error,
        }
    }
}

/// Sets availability of, or deletes, many products at once (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    request_body = BulkRequest,
    responses(
        (status = 200, description = "Done for every id that could be; `results` says which", body = BulkResponse),
        (status = 403, body = ErrorBody),
        (status = 422, description = "No ids or more than 100 (`bulk_size`)", body = ErrorBody),
    )
)]
#[post("/products/bulk")]
pub async fn bulk_products(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<BulkRequest>,
) -> Result<web::Json<BulkResponse>, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    let ids = |raw: &[uuid::Uuid]| -> Vec<ProductId> {
        raw.iter().copied().map(ProductId::from_uuid).collect()
    };
    let items = match body {
        BulkRequest::SetAvailability {
            ids: raw,
            available,
        } => {
            state
                .catalog
                .set_availability(&scope, &ids(&raw), available)
                .await?
        }
        BulkRequest::Delete { ids: raw, hard } => {
            state
                .catalog
                .delete_products(&scope, &ids(&raw), delete_mode(Some(hard)))
                .await?
        }
    };
    let results: Vec<BulkResult> = items.into_iter().map(BulkResult::from).collect();
    let succeeded = results.iter().filter(|r| r.ok).count();
    Ok(web::Json(BulkResponse {
        succeeded,
        failed: results.len() - succeeded,
        results,
    }))
}
