//! The OpenAPI document: its frame here, its paths and schemas collected from the routes.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::http::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ChatDesk API",
        version = "1",
        description = "The REST API of ChatDesk, the self-hostable AI sales and support desk.\n\n\
Authenticate with `Authorization: Bearer <access token>` (from `/api/v1/auth/login`) or \
`Authorization: Bearer cd_live_...` (an API key). Errors are \
`{\"error\":{\"code\",\"message\",\"request_id\",\"details\"?}}`; every response carries `x-request-id`. \
Lists take `page` and `per_page` and answer `{items, page, per_page, total, total_pages}`."
    ),
    modifiers(&BearerAuth),
    components(schemas(ErrorBody)),
    tags(
        (name = "auth", description = "Accounts and sessions"),
        (name = "workspace", description = "The business profile"),
        (name = "team", description = "Members, roles and invitations"),
        (name = "api-keys", description = "Credentials for integrators"),
        (name = "catalog", description = "Products, variants, categories, suppliers, offers, CSV import and export"),
        (name = "channels", description = "Messenger Pages, Instagram accounts, WhatsApp numbers and website widgets"),
        (name = "contacts", description = "The people who wrote to the workspace"),
        (name = "webhooks", description = "Where Meta delivers Messenger, Instagram and WhatsApp events (signed with the app secret)"),
        (name = "widget", description = "The public API of the website chat widget (no account; allowed origins only)"),
        (name = "orders", description = "Orders the assistant captured in chat: the list, status changes and notes"),
        (name = "assistant", description = "How the assistant behaves: switch, handoff triggers, out-of-hours, response delay, welcome message; tone previews"),
        (name = "playground", description = "Chat as a test customer through the whole assistant, with what it understood and decided"),
        (name = "conversations", description = "Take a conversation over, give it back, switch the assistant off for it"),
        (name = "knowledge", description = "FAQs, documents, knowledge search tests and gaps: what the assistant answers from"),
        (name = "realtime", description = "Live updates: a WebSocket pushing the workspace's events to its members, resumable with `since`"),
        (name = "notifications", description = "The member's notification feed and what reaches them by email, when"),
        (name = "audit", description = "Security events"),
        (name = "operations", description = "Health and metrics"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An access token (JWT) or an API key (cd_live_...)"))
                    .build(),
            ),
        );
    }
}

/// The document as served at `/api/v1/openapi.json` and committed as `openapi/v1.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    use actix_web::App;
    use utoipa_actix_web::{AppExt, scope};
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::operations)
        .service(scope::scope("/api/v1").configure(crate::routes::api_v1))
        .split_for_parts();
    api
}
