//! HTTP plumbing shared by every route: errors, extractors, middleware, pagination.

pub mod auth;
pub mod error;
pub mod json;
pub mod metrics;
pub mod pagination;
pub mod rate_limit;
pub mod request_id;
pub mod validation;

pub use auth::{Authenticated, ClientIp, MaybeAuthenticated};
pub use error::{ApiError, ErrorBody, ErrorCode};
pub use json::Json;
pub use pagination::{PageQuery, Paginated};
pub use validation::FieldErrors;
