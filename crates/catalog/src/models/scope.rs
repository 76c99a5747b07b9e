//! Who a catalog call is for.

use kernel::{Currency, WorkspaceId};

/// The workspace a catalog use case acts in, and the currency it sells in. The server
/// builds it from the authenticated workspace's profile, never from request input, so
/// a client cannot price products in another currency or reach another tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogScope {
    pub workspace_id: WorkspaceId,
    pub currency: Currency,
}

impl CatalogScope {
    pub fn new(workspace_id: WorkspaceId, currency: Currency) -> Self {
        Self {
            workspace_id,
            currency,
        }
    }
}
