//! Which catalog a request acts on: the caller's workspace, selling in the currency of
//! its profile. Never taken from request input, so no client can reach another
//! tenant's catalog or price products in another currency.

use catalog::CatalogScope;
use identity::{Permission, Principal};

use crate::http::ApiError;
use crate::state::AppState;

/// The scope for reading the catalog; every member may read it.
pub async fn read_scope(state: &AppState, principal: &Principal) -> Result<CatalogScope, ApiError> {
    // Read per request rather than cached: a currency change in the profile applies at once.
    let workspace = state.identity.workspace(principal).await?;
    Ok(CatalogScope::new(
        principal.workspace_id,
        workspace.profile.currency,
    ))
}

/// The scope for a change, after checking the caller may make it (owner, admin, agent).
pub async fn edit_scope(state: &AppState, principal: &Principal) -> Result<CatalogScope, ApiError> {
    principal.require(Permission::EditCatalog)?;
    read_scope(state, principal).await
}
