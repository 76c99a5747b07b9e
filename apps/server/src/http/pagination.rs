//! The query parameters and the envelope every list shares.

use kernel::{Page, PageRequest, PaginationError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::ApiError;
use super::validation::FieldErrors;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based page number (default 1).
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    pub per_page: Option<u32>,
}

impl PageQuery {
    pub fn try_into_domain(&self) -> Result<PageRequest, ApiError> {
        let defaults = PageRequest::default();
        PageRequest::new(
            self.page.unwrap_or(defaults.page()),
            self.per_page.unwrap_or(defaults.per_page()),
        )
        .map_err(|e| {
            let field = match e {
                PaginationError::PageOutOfRange => "page",
                PaginationError::PerPageOutOfRange => "per_page",
            };
            let mut errors = FieldErrors::new();
            errors.add(field, "out_of_range", e.to_string());
            errors
                .finish()
                .err()
                .unwrap_or_else(|| ApiError::unexpected("no field error"))
        })
    }
}

/// A page of results with what a client needs to page on.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paginated<T: ToSchema> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    pub total_pages: u64,
}

impl<T: ToSchema> Paginated<T> {
    pub fn from_page<D>(page: Page<D>, convert: impl FnMut(D) -> T) -> Self {
        let total_pages = page.total_pages();
        let page = page.map(convert);
        Self {
            items: page.items,
            page: page.page,
            per_page: page.per_page,
            total: page.total,
            total_pages,
        }
    }
}
