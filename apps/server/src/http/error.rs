//! The one place errors become HTTP: `{"error":{"code","message","request_id","details"?}}`.
//! `ErrorCode` is the error table: every code, its HTTP status, and what it means.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use catalog::{
    CategoryError, CategoryRuleError, ImportError, OfferError, ProductError, ProductRuleError,
    SupplierError,
};
use channels::{ChannelError, ContactError, WidgetError};
use identity::{AccessError, AuthError, TeamError, Unauthenticated, WorkspaceError};
use knowledge::NewDocumentError;
use knowledge::service::{DocumentError, FaqError, FaqImportError, SearchError};
use orders::{OrderError, OrderRuleError, OrderStatusError};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::request_id;

macro_rules! error_table {
    ($( $variant:ident => ($code:literal, $status:ident, $meaning:literal), )*) => {
        /// Every error code the API returns.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorCode { $( $variant, )* }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            pub fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $code, )* }
            }

            pub fn status(self) -> StatusCode {
                match self { $( ErrorCode::$variant => StatusCode::$status, )* }
            }

            pub fn meaning(self) -> &'static str {
                match self { $( ErrorCode::$variant => $meaning, )* }
            }
        }
    };
}

error_table! {
    MalformedJson => ("malformed_json", BAD_REQUEST, "The body is not valid JSON."),
    UnsupportedMediaType => ("unsupported_media_type", UNSUPPORTED_MEDIA_TYPE, "Send a Content-Type the endpoint accepts: application/json, or text/csv or multipart/form-data for imports."),
    MalformedUpload => ("malformed_upload", BAD_REQUEST, "The upload cannot be read (a broken multipart/form-data body)."),
    PayloadTooLarge => ("payload_too_large", PAYLOAD_TOO_LARGE, "The body is larger than the server accepts."),
    ValidationFailed => ("validation_failed", UNPROCESSABLE_ENTITY, "One or more fields are invalid; details.fields names them."),
    WeakPassword => ("weak_password", UNPROCESSABLE_ENTITY, "The password breaks the policy; details.rule names the rule."),
    InvalidToken => ("invalid_token", BAD_REQUEST, "The emailed token is not valid."),
    TokenExpired => ("token_expired", BAD_REQUEST, "The emailed token expired."),
    TokenUsed => ("token_used", BAD_REQUEST, "The emailed token was already used."),
    Unauthenticated => ("unauthenticated", UNAUTHORIZED, "Send a valid access token or API key as Authorization: Bearer."),
    AccessTokenExpired => ("access_token_expired", UNAUTHORIZED, "The access token expired; refresh it."),
    SessionRevoked => ("session_revoked", UNAUTHORIZED, "The session was signed out or revoked."),
    InvalidCredentials => ("invalid_credentials", UNAUTHORIZED, "Email or password is incorrect."),
    InvalidRefreshToken => ("invalid_refresh_token", UNAUTHORIZED, "The refresh token is not valid."),
    RefreshTokenExpired => ("refresh_token_expired", UNAUTHORIZED, "The refresh token expired; sign in again."),
    RefreshTokenReused => ("refresh_token_reused", UNAUTHORIZED, "A used refresh token was presented again; the session was revoked."),
    Forbidden => ("forbidden", FORBIDDEN, "Your role does not allow this."),
    RoleNotGrantable => ("role_not_grantable", FORBIDDEN, "Nobody can grant the owner role or a role above their own."),
    NotFound => ("not_found", NOT_FOUND, "No such resource in this workspace."),
    RouteNotFound => ("route_not_found", NOT_FOUND, "No such endpoint."),
    MethodNotAllowed => ("method_not_allowed", METHOD_NOT_ALLOWED, "The endpoint does not accept this method."),
    EmailTaken => ("email_taken", CONFLICT, "An account with this email already exists."),
    AlreadyMember => ("already_member", CONFLICT, "That person is already a member of this workspace."),
    InvitationAccepted => ("invitation_accepted", CONFLICT, "The invitation was already accepted."),
    InvitationExpired => ("invitation_expired", GONE, "The invitation expired; ask for a new one."),
    OwnerIsPermanent => ("owner_is_permanent", CONFLICT, "The workspace owner cannot be changed or removed."),
    OwnRole => ("own_role", CONFLICT, "You cannot change your own role."),
    ProductNotFound => ("product_not_found", NOT_FOUND, "No such product in this workspace (deleted products included)."),
    VariantNotFound => ("variant_not_found", NOT_FOUND, "No such variant on this product."),
    CategoryNotFound => ("category_not_found", NOT_FOUND, "No such category in this workspace; details.field names the field that referenced it."),
    ParentCategoryNotFound => ("parent_category_not_found", NOT_FOUND, "The parent_id names no category of this workspace."),
    SupplierNotFound => ("supplier_not_found", NOT_FOUND, "No such supplier in this workspace; details.field names the field that referenced it."),
    OfferNotFound => ("offer_not_found", NOT_FOUND, "No such offer in this workspace."),
    ProductsNotFound => ("products_not_found", NOT_FOUND, "Some products an offer names are not live products of this workspace; details.product_ids lists them."),
    DuplicateSku => ("duplicate_sku", CONFLICT, "Another live product already has this SKU."),
    DuplicateVariant => ("duplicate_variant", CONFLICT, "The product already has a variant with this name (case and spacing ignored)."),
    DuplicateCategory => ("duplicate_category", CONFLICT, "A category with this name already exists at this level."),
    DuplicateSupplier => ("duplicate_supplier", CONFLICT, "A supplier with this name already exists."),
    ProductHasOpenOrders => ("product_has_open_orders", CONFLICT, "Open orders reference the product; soft-delete it instead."),
    CategoryHasSubcategories => ("category_has_subcategories", CONFLICT, "The category has subcategories; move or delete them first."),
    CategoryTargetedByOffers => ("category_targeted_by_offers", CONFLICT, "Offers target the category; change or delete them first."),
    NotOffered => ("not_offered", CONFLICT, "The product or variant is switched off or out of stock, so it has no price to quote."),
    ImportConflict => ("import_conflict", CONFLICT, "The catalog changed while importing; nothing was written, run the import again."),
    CurrencyMismatch => ("currency_mismatch", UNPROCESSABLE_ENTITY, "The amount is not in the workspace currency; the catalog never converts."),
    VariantPriceNotPositive => ("variant_price_not_positive", UNPROCESSABLE_ENTITY, "A variant's price (product price plus its modifier) would be zero or less; details.variant names it."),
    TooManyVariants => ("too_many_variants", UNPROCESSABLE_ENTITY, "A product has at most 100 variants."),
    CategoryTooDeep => ("category_too_deep", UNPROCESSABLE_ENTITY, "Categories nest one level only."),
    CategoryOwnParent => ("category_own_parent", UNPROCESSABLE_ENTITY, "A category cannot be its own parent."),
    BulkSize => ("bulk_size", UNPROCESSABLE_ENTITY, "A bulk request names 1 to 100 product ids."),
    InvalidCsv => ("invalid_csv", UNPROCESSABLE_ENTITY, "The file is not readable CSV text (not UTF-8, or broken quoting); details.row says where."),
    InvalidImport => ("invalid_import", UNPROCESSABLE_ENTITY, "The file has row errors and nothing was imported; details.errors lists every one with row and column."),
    InvalidSignature => ("invalid_signature", UNAUTHORIZED, "The webhook's X-Hub-Signature-256 header is missing or does not match the body; nothing was stored."),
    MalformedWebhook => ("malformed_webhook", BAD_REQUEST, "The body is not a Meta webhook (not JSON, nested too deep, or not the platform's shape); nothing was stored."),
    UnknownWebhookObject => ("unknown_webhook_object", BAD_REQUEST, "The webhook's object is not page, instagram or whatsapp_business_account; nothing was stored."),
    MetaNotConfigured => ("meta_not_configured", SERVICE_UNAVAILABLE, "The server has no Meta app configured (meta.app_secret / meta.app_id)."),
    ChannelNotFound => ("channel_not_found", NOT_FOUND, "No such channel in this workspace."),
    ChannelAccountTaken => ("channel_account_taken", CONFLICT, "Another workspace has this account connected; disconnect it there first."),
    InvalidChannelToken => ("invalid_channel_token", UNPROCESSABLE_ENTITY, "The platform refused the access token (expired, revoked or missing a permission); details.reason has the platform's words."),
    PlatformRefused => ("platform_refused", UNPROCESSABLE_ENTITY, "The platform refused the request (no such account, or not allowed for this token); details.reason has the platform's words."),
    PlatformUnavailable => ("platform_unavailable", BAD_GATEWAY, "The platform did not answer usefully; try again shortly."),
    PageNotManaged => ("page_not_managed", UNPROCESSABLE_ENTITY, "The Facebook account that signed in manages no such Page (or no Page linked to an Instagram account)."),
    InvalidOAuthState => ("invalid_oauth_state", BAD_REQUEST, "The OAuth state was not issued for this workspace or has expired; start again from oauth-url."),
    OAuthSelectionExpired => ("oauth_selection_expired", BAD_REQUEST, "The page selection expired or was altered; sign in with Facebook again."),
    ContactNotFound => ("contact_not_found", NOT_FOUND, "No such contact in this workspace."),
    WidgetNotFound => ("widget_not_found", NOT_FOUND, "No live web widget has this public key."),
    OriginNotAllowed => ("origin_not_allowed", FORBIDDEN, "The page's Origin is not among the widget's allowed origins."),
    WebSocketRequired => ("websocket_required", BAD_REQUEST, "The endpoint is a WebSocket: connect with a WebSocket handshake."),
    WidgetScriptMissing => ("widget_script_missing", NOT_FOUND, "The widget script has not been built on this server: run `make widget` (`make run` builds it too)."),
    FaqNotFound => ("faq_not_found", NOT_FOUND, "No such FAQ in this workspace."),
    DuplicateFaq => ("duplicate_faq", CONFLICT, "A FAQ with the same question (case, accents, punctuation and little words ignored) exists; details.faq_id names it."),
    FaqImportConflict => ("faq_import_conflict", CONFLICT, "FAQs changed while importing; nothing was written, run the import again."),
    DocumentNotFound => ("document_not_found", NOT_FOUND, "No such document in this workspace."),
    UnsupportedDocumentType => ("unsupported_document_type", UNSUPPORTED_MEDIA_TYPE, "The file is not PDF, DOCX, TXT, Markdown or HTML (judged by its extension, else its Content-Type)."),
    EmptyFile => ("empty_file", UNPROCESSABLE_ENTITY, "The uploaded file has no bytes."),
    FileTooLarge => ("file_too_large", PAYLOAD_TOO_LARGE, "The file is larger than its type allows (PDF 50 MB, DOCX 25 MB, TXT, Markdown and HTML 10 MB); details.max_bytes says."),
    OrderNotFound => ("order_not_found", NOT_FOUND, "No such order in this workspace."),
    InvalidStatusTransition => ("invalid_status_transition", CONFLICT, "The order cannot move from its status to the one asked (completed and cancelled are final, nothing goes back to captured); details.from and details.to name the move."),
    OrderStatusConflict => ("order_status_conflict", CONFLICT, "Someone changed the order's status at the same moment; nothing was written. Reload the order and try again."),
    TooManyNotes => ("too_many_notes", CONFLICT, "The order already has the most notes it may keep (200)."),
    ConversationNotFound => ("conversation_not_found", NOT_FOUND, "No such conversation in this workspace."),
    ConversationTaken => ("conversation_taken", CONFLICT, "A person already handles this conversation; an admin may take it over with force."),
    InvalidConversationTransition => ("invalid_conversation_transition", CONFLICT, "The conversation's status does not allow this (already with the assistant, or closed); details.lifecycle says where it is."),
    OutsideMessagingWindow => ("outside_messaging_window", UNPROCESSABLE_ENTITY, "The platform's messaging window with this customer is closed (24 hours since their last message; 7 days with the human-agent tag on Messenger and Instagram; WhatsApp then needs a template); details.window says which rule refused."),
    KnowledgeUnavailable => ("knowledge_unavailable", SERVICE_UNAVAILABLE, "The embedder or the vector index cannot be reached; nothing changed, retry shortly."),
    RateLimited => ("rate_limited", TOO_MANY_REQUESTS, "Too many attempts; retry after the Retry-After seconds."),
    NotReady => ("not_ready", SERVICE_UNAVAILABLE, "A dependency (the database) is unreachable."),
    Internal => ("internal_error", INTERNAL_SERVER_ERROR, "Something failed on our side; the request id helps us find it."),
}

/// The error body as documented in the OpenAPI spec.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable, machine-readable code from the error table.
    #[schema(example = "validation_failed")]
    pub code: String,
    pub message: String,
    #[schema(example = "01J9Z6V7X4W2T8K3M5N6P7Q8R9")]
    pub request_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Option<serde_json::Value>,
    pub retry_after_seconds: Option<u64>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: None,
            retry_after_seconds: None,
        }
    }

    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn rate_limited(retry_after_seconds: u64) -> Self {
        Self {
            retry_after_seconds: Some(retry_after_seconds.max(1)),
            ..Self::new(ErrorCode::RateLimited, "too many attempts, slow down")
        }
    }

    /// Logs the cause with the request id and answers with a generic message.
    pub fn unexpected(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "unexpected failure");
        Self::new(ErrorCode::Internal, "internal error")
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.as_str().to_owned(),
                message: self.message.clone(),
                request_id: request_id::current(),
                details: self.details.clone(),
            },
        };
        let mut response = HttpResponse::build(self.status_code());
        if let Some(seconds) = self.retry_after_seconds {
            response.insert_header((header::RETRY_AFTER, HeaderValue::from(seconds)));
        }
        response.json(body)
    }
}

impl From<AccessError> for ApiError {
    fn from(e: AccessError) -> Self {
        match e {
            AccessError::Unauthenticated(reason) => match reason {
                Unauthenticated::Expired => {
                    ApiError::new(ErrorCode::AccessTokenExpired, "access token expired")
                }
                Unauthenticated::Revoked | Unauthenticated::NoLongerMember => {
                    ApiError::new(ErrorCode::SessionRevoked, "session is no longer valid")
                }
                Unauthenticated::Missing | Unauthenticated::Invalid => {
                    ApiError::new(ErrorCode::Unauthenticated, "authentication required")
                }
            },
            AccessError::Forbidden(_) => ApiError::new(ErrorCode::Forbidden, e.to_string()),
            AccessError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        let code = match &e {
            AuthError::EmailTaken => ErrorCode::EmailTaken,
            AuthError::InvalidCredentials => ErrorCode::InvalidCredentials,
            AuthError::WorkspaceNotFound => ErrorCode::NotFound,
            AuthError::InvalidRefreshToken => ErrorCode::InvalidRefreshToken,
            AuthError::RefreshTokenExpired => ErrorCode::RefreshTokenExpired,
            AuthError::RefreshTokenReused => ErrorCode::RefreshTokenReused,
            AuthError::InvalidToken => ErrorCode::InvalidToken,
            AuthError::TokenExpired => ErrorCode::TokenExpired,
            AuthError::TokenUsed => ErrorCode::TokenUsed,
            AuthError::Access(_) | AuthError::Unexpected(_) => {
                return match e {
                    AuthError::Access(access) => access.into(),
                    other => ApiError::unexpected(other),
                };
            }
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<TeamError> for ApiError {
    fn from(e: TeamError) -> Self {
        let code = match &e {
            TeamError::MemberNotFound
            | TeamError::InvitationNotFound
            | TeamError::ApiKeyNotFound => ErrorCode::NotFound,
            TeamError::InvitationExpired => ErrorCode::InvitationExpired,
            TeamError::InvitationAccepted => ErrorCode::InvitationAccepted,
            TeamError::AlreadyMember => ErrorCode::AlreadyMember,
            TeamError::RoleNotGrantable => ErrorCode::RoleNotGrantable,
            TeamError::OwnerIsPermanent => ErrorCode::OwnerIsPermanent,
            TeamError::OwnRole => ErrorCode::OwnRole,
            TeamError::InvalidCredentials => ErrorCode::InvalidCredentials,
            TeamError::WeakPassword(rule) => {
                return super::validation::weak_password(*rule);
            }
            TeamError::Access(_) | TeamError::Unexpected(_) => {
                return match e {
                    TeamError::Access(access) => access.into(),
                    other => ApiError::unexpected(other),
                };
            }
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<WorkspaceError> for ApiError {
    fn from(e: WorkspaceError) -> Self {
        match e {
            WorkspaceError::NotFound => ApiError::not_found("workspace"),
            WorkspaceError::Access(access) => access.into(),
            WorkspaceError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<ProductError> for ApiError {
    fn from(e: ProductError) -> Self {
        let message = e.to_string();
        match e {
            ProductError::NotFound => ApiError::new(ErrorCode::ProductNotFound, message),
            ProductError::VariantNotFound => ApiError::new(ErrorCode::VariantNotFound, message),
            ProductError::CategoryNotFound => ApiError::new(ErrorCode::CategoryNotFound, message)
                .with_details(json!({ "field": "category_id" })),
            ProductError::SupplierNotFound => ApiError::new(ErrorCode::SupplierNotFound, message)
                .with_details(json!({ "field": "supplier_id" })),
            ProductError::DuplicateSku(sku) => ApiError::new(ErrorCode::DuplicateSku, message)
                .with_details(json!({ "field": "sku", "sku": sku.as_str() })),
            ProductError::CurrencyMismatch { expected, found } => {
                ApiError::new(ErrorCode::CurrencyMismatch, message).with_details(json!({
                    "field": "currency", "expected": expected.code(), "found": found.code()
                }))
            }
            ProductError::Rule(rule) => rule.into(),
            ProductError::HasOpenOrders => ApiError::new(ErrorCode::ProductHasOpenOrders, message),
            ProductError::NotOffered => ApiError::new(ErrorCode::NotOffered, message),
            ProductError::BulkSize { max } => ApiError::new(ErrorCode::BulkSize, message)
                .with_details(json!({ "field": "ids", "max": max })),
            ProductError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<ProductRuleError> for ApiError {
    fn from(e: ProductRuleError) -> Self {
        let message = e.to_string();
        match e {
            ProductRuleError::DuplicateVariantName(name) => {
                ApiError::new(ErrorCode::DuplicateVariant, message)
                    .with_details(json!({ "variant": name }))
            }
            ProductRuleError::VariantPriceNotPositive { variant, .. } => {
                ApiError::new(ErrorCode::VariantPriceNotPositive, message)
                    .with_details(json!({ "variant": variant }))
            }
            ProductRuleError::CurrencyMismatch { expected, found } => {
                ApiError::new(ErrorCode::CurrencyMismatch, message).with_details(json!({
                    "field": "currency", "expected": expected.code(), "found": found.code()
                }))
            }
            ProductRuleError::TooManyVariants => ApiError::new(ErrorCode::TooManyVariants, message),
            ProductRuleError::VariantNotFound(_) => {
                ApiError::new(ErrorCode::VariantNotFound, message)
            }
        }
    }
}

impl From<CategoryError> for ApiError {
    fn from(e: CategoryError) -> Self {
        let message = e.to_string();
        let code = match e {
            CategoryError::NotFound => ErrorCode::CategoryNotFound,
            CategoryError::ParentNotFound => {
                return ApiError::new(ErrorCode::ParentCategoryNotFound, message)
                    .with_details(json!({ "field": "parent_id" }));
            }
            CategoryError::DuplicateName => ErrorCode::DuplicateCategory,
            CategoryError::Rule(rule) => match rule {
                CategoryRuleError::TooDeep(_) => ErrorCode::CategoryTooDeep,
                CategoryRuleError::OwnParent => ErrorCode::CategoryOwnParent,
                CategoryRuleError::HasSubcategories => ErrorCode::CategoryHasSubcategories,
                // Unreachable through workspace-scoped storage; reported like any
                // category this workspace cannot see.
                CategoryRuleError::ForeignParent => ErrorCode::CategoryNotFound,
            },
            CategoryError::HasSubcategories => ErrorCode::CategoryHasSubcategories,
            CategoryError::TargetedByOffers => ErrorCode::CategoryTargetedByOffers,
            CategoryError::Unexpected(cause) => return ApiError::unexpected(cause),
        };
        ApiError::new(code, message)
    }
}

impl From<SupplierError> for ApiError {
    fn from(e: SupplierError) -> Self {
        let message = e.to_string();
        match e {
            SupplierError::NotFound => ApiError::new(ErrorCode::SupplierNotFound, message),
            SupplierError::DuplicateName => ApiError::new(ErrorCode::DuplicateSupplier, message)
                .with_details(json!({ "field": "name" })),
            SupplierError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<OfferError> for ApiError {
    fn from(e: OfferError) -> Self {
        let message = e.to_string();
        match e {
            OfferError::NotFound => ApiError::new(ErrorCode::OfferNotFound, message),
            OfferError::CategoryNotFound => ApiError::new(ErrorCode::CategoryNotFound, message)
                .with_details(json!({ "field": "target.category_id" })),
            OfferError::ProductsNotFound(ids) => {
                let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
                ApiError::new(ErrorCode::ProductsNotFound, message)
                    .with_details(json!({ "field": "target.product_ids", "product_ids": ids }))
            }
            OfferError::CurrencyMismatch { expected, found } => {
                ApiError::new(ErrorCode::CurrencyMismatch, message).with_details(json!({
                    "field": "discount.currency", "expected": expected.code(), "found": found.code()
                }))
            }
            OfferError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<ImportError> for ApiError {
    fn from(e: ImportError) -> Self {
        let message = e.to_string();
        match e {
            ImportError::Invalid(errors) => ApiError::new(ErrorCode::InvalidImport, message)
                .with_details(json!({ "errors": errors })),
            ImportError::Conflict(_) => ApiError::new(ErrorCode::ImportConflict, message),
            ImportError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<ChannelError> for ApiError {
    fn from(e: ChannelError) -> Self {
        let message = e.to_string();
        match e {
            ChannelError::NotFound => ApiError::new(ErrorCode::ChannelNotFound, message),
            ChannelError::AccountTaken(_) => ApiError::new(ErrorCode::ChannelAccountTaken, message),
            ChannelError::InvalidToken(reason) => {
                ApiError::new(ErrorCode::InvalidChannelToken, message)
                    .with_details(json!({ "field": "access_token", "reason": reason }))
            }
            ChannelError::PlatformRefused(reason) => {
                ApiError::new(ErrorCode::PlatformRefused, message)
                    .with_details(json!({ "reason": reason }))
            }
            ChannelError::PlatformUnavailable(reason) => {
                tracing::warn!(%reason, "the platform is unavailable");
                ApiError::new(
                    ErrorCode::PlatformUnavailable,
                    "the platform did not answer",
                )
            }
            ChannelError::PageNotManaged(_) => ApiError::new(ErrorCode::PageNotManaged, message)
                .with_details(json!({ "field": "page_id" })),
            ChannelError::SelectionExpired => {
                ApiError::new(ErrorCode::OAuthSelectionExpired, message)
                    .with_details(json!({ "field": "selection" }))
            }
            ChannelError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<ContactError> for ApiError {
    fn from(e: ContactError) -> Self {
        match e {
            ContactError::NotFound => ApiError::new(ErrorCode::ContactNotFound, e.to_string()),
            ContactError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<WidgetError> for ApiError {
    fn from(e: WidgetError) -> Self {
        match e {
            WidgetError::NotFound => ApiError::new(ErrorCode::WidgetNotFound, e.to_string()),
            WidgetError::Origin(refusal) => {
                ApiError::new(ErrorCode::OriginNotAllowed, refusal.to_string())
            }
            WidgetError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<FaqError> for ApiError {
    fn from(e: FaqError) -> Self {
        let message = e.to_string();
        match e {
            FaqError::NotFound => ApiError::new(ErrorCode::FaqNotFound, message),
            FaqError::Duplicate(id) => ApiError::new(ErrorCode::DuplicateFaq, message)
                .with_details(json!({ "field": "question", "faq_id": id })),
            FaqError::Unavailable(cause) => knowledge_unavailable(cause),
            FaqError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<FaqImportError> for ApiError {
    fn from(e: FaqImportError) -> Self {
        let message = e.to_string();
        match e {
            FaqImportError::Invalid(errors) => ApiError::new(ErrorCode::InvalidImport, message)
                .with_details(json!({ "errors": errors })),
            FaqImportError::Conflict => ApiError::new(ErrorCode::FaqImportConflict, message),
            FaqImportError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<NewDocumentError> for ApiError {
    fn from(e: NewDocumentError) -> Self {
        let message = e.to_string();
        match e {
            NewDocumentError::FileName(_) => {
                ApiError::new(ErrorCode::ValidationFailed, message.clone()).with_details(
                    json!({ "fields": [
                        { "field": "file", "code": "invalid_file_name", "message": message }
                    ]}),
                )
            }
            NewDocumentError::UnsupportedType(mime) => {
                ApiError::new(ErrorCode::UnsupportedDocumentType, message)
                    .with_details(json!({ "mime_type": mime }))
            }
            NewDocumentError::EmptyFile => ApiError::new(ErrorCode::EmptyFile, message),
            NewDocumentError::TooLarge {
                format,
                max,
                actual,
            } => ApiError::new(ErrorCode::FileTooLarge, message).with_details(json!({
                "mime_type": format.mime_type(), "max_bytes": max, "size_bytes": actual
            })),
        }
    }
}

impl From<DocumentError> for ApiError {
    fn from(e: DocumentError) -> Self {
        match e {
            DocumentError::NotFound => ApiError::new(ErrorCode::DocumentNotFound, e.to_string()),
            DocumentError::Rejected(rejected) => rejected.into(),
            DocumentError::Unavailable(cause) => knowledge_unavailable(cause),
            DocumentError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<SearchError> for ApiError {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::Unavailable(cause) => knowledge_unavailable(cause),
            SearchError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<OrderError> for ApiError {
    fn from(e: OrderError) -> Self {
        let message = e.to_string();
        match e {
            OrderError::NotFound | OrderError::NumberNotFound(_) => {
                ApiError::new(ErrorCode::OrderNotFound, message)
            }
            OrderError::Status(OrderStatusError::InvalidTransition { from, to }) => {
                ApiError::new(ErrorCode::InvalidStatusTransition, message).with_details(json!({
                    "field": "status", "from": from.as_str(), "to": to.as_str()
                }))
            }
            // Handlers parse statuses before calling; reported like their own check.
            OrderError::Status(OrderStatusError::Unknown(_)) => {
                ApiError::new(ErrorCode::ValidationFailed, message.clone()).with_details(json!({
                    "fields": [{ "field": "status", "code": "unknown_order_status", "message": message }]
                }))
            }
            OrderError::Conflict => ApiError::new(ErrorCode::OrderStatusConflict, message),
            OrderError::Rule(OrderRuleError::TooManyNotes) => {
                ApiError::new(ErrorCode::TooManyNotes, message)
            }
            // Any other broken rule is a stored order that disagrees with itself.
            OrderError::Rule(rule) => ApiError::unexpected(rule),
            OrderError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

/// The cause (a host name, a gRPC status) stays in the log.
fn knowledge_unavailable(cause: String) -> ApiError {
    tracing::warn!(%cause, "knowledge dependency unavailable");
    ApiError::new(
        ErrorCode::KnowledgeUnavailable,
        "the knowledge base is temporarily unavailable; try again shortly",
    )
}

impl From<conversation::assistant::ManageError> for ApiError {
    fn from(e: conversation::assistant::ManageError) -> Self {
        use conversation::assistant::ManageError;
        use handoff::OwnershipError;
        match e {
            ManageError::NotFound => ApiError::new(ErrorCode::ConversationNotFound, e.to_string()),
            ManageError::Ownership(OwnershipError::AlreadyWithHuman) => {
                ApiError::new(ErrorCode::ConversationTaken, e.to_string())
            }
            ManageError::Ownership(ref ownership) => {
                ApiError::new(ErrorCode::InvalidConversationTransition, e.to_string())
                    .with_details(serde_json::json!({ "code": ownership.code() }))
            }
            ManageError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<conversation::assistant::AssistantError> for ApiError {
    fn from(e: conversation::assistant::AssistantError) -> Self {
        match e {
            conversation::assistant::AssistantError::ConversationNotFound => {
                ApiError::new(ErrorCode::ConversationNotFound, e.to_string())
            }
            other => ApiError::unexpected(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_documented() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {}", code.as_str());
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
            );
            assert!(!code.meaning().is_empty());
            assert!(code.status().is_client_error() || code.status().is_server_error());
        }
    }

    #[test]
    fn channel_errors_answer_with_their_codes_and_never_leak_causes() {
        let cases = [
            (ChannelError::NotFound, "channel_not_found"),
            (
                ChannelError::AccountTaken(channels::Platform::Messenger),
                "channel_account_taken",
            ),
            (
                ChannelError::InvalidToken("190".into()),
                "invalid_channel_token",
            ),
            (
                ChannelError::PlatformRefused("100".into()),
                "platform_refused",
            ),
            (
                ChannelError::PlatformUnavailable("503".into()),
                "platform_unavailable",
            ),
            (
                ChannelError::PageNotManaged("none".into()),
                "page_not_managed",
            ),
            (ChannelError::SelectionExpired, "oauth_selection_expired"),
            (
                ChannelError::Unexpected("disk full".into()),
                "internal_error",
            ),
        ];
        for (error, code) in cases {
            assert_eq!(ApiError::from(error).code.as_str(), code);
        }
        assert_eq!(
            ApiError::from(ContactError::NotFound).code,
            ErrorCode::ContactNotFound
        );
        assert_eq!(
            ApiError::from(WidgetError::Origin(channels::OriginRefusal::NotAllowed)).code,
            ErrorCode::OriginNotAllowed
        );
        let unexpected = ApiError::from(WidgetError::Unexpected("disk full".into()));
        assert!(!unexpected.message.contains("disk"));
    }

    #[test]
    fn catalog_errors_answer_with_the_code_the_domain_names() {
        use catalog::{ProductId, Sku};
        use kernel::Currency;
        let eur = Currency::parse("EUR").unwrap_or_else(|e| panic!("{e}"));
        let usd = Currency::parse("USD").unwrap_or_else(|e| panic!("{e}"));
        let sku = Sku::parse("GS-1").unwrap_or_else(|e| panic!("{e}"));
        let products = [
            ProductError::NotFound,
            ProductError::VariantNotFound,
            ProductError::CategoryNotFound,
            ProductError::SupplierNotFound,
            ProductError::DuplicateSku(sku),
            ProductError::CurrencyMismatch {
                expected: eur,
                found: usd,
            },
            ProductError::Rule(ProductRuleError::DuplicateVariantName("30ml".into())),
            ProductError::Rule(ProductRuleError::TooManyVariants),
            ProductError::Rule(ProductRuleError::VariantNotFound(catalog::VariantId::new())),
            ProductError::HasOpenOrders,
            ProductError::NotOffered,
            ProductError::BulkSize { max: 100 },
        ];
        for e in products {
            let code = e.code();
            assert_eq!(ApiError::from(e).code.as_str(), code);
        }
        let categories = [
            CategoryError::NotFound,
            CategoryError::ParentNotFound,
            CategoryError::DuplicateName,
            CategoryError::Rule(CategoryRuleError::TooDeep("Serums".into())),
            CategoryError::Rule(CategoryRuleError::OwnParent),
            CategoryError::Rule(CategoryRuleError::HasSubcategories),
            CategoryError::Rule(CategoryRuleError::ForeignParent),
            CategoryError::HasSubcategories,
            CategoryError::TargetedByOffers,
        ];
        for e in categories {
            let code = e.code();
            assert_eq!(ApiError::from(e).code.as_str(), code);
        }
        for e in [SupplierError::NotFound, SupplierError::DuplicateName] {
            let code = e.code();
            assert_eq!(ApiError::from(e).code.as_str(), code);
        }
        let offers = [
            OfferError::NotFound,
            OfferError::CategoryNotFound,
            OfferError::ProductsNotFound(vec![ProductId::new()]),
            OfferError::CurrencyMismatch {
                expected: eur,
                found: usd,
            },
        ];
        for e in offers {
            let code = e.code();
            assert_eq!(ApiError::from(e).code.as_str(), code);
        }
        for e in [
            ImportError::Invalid(Vec::new()),
            ImportError::Conflict("sku".into()),
        ] {
            let code = e.code();
            assert_eq!(ApiError::from(e).code.as_str(), code);
        }
        let unexpected = ApiError::from(ProductError::Unexpected("disk full".into()));
        assert_eq!(unexpected.code, ErrorCode::Internal);
        assert!(
            !unexpected.message.contains("disk"),
            "causes stay in the log"
        );
    }

    #[test]
    fn order_errors_answer_with_their_codes_and_name_the_move() {
        use orders::{OrderNumber, OrderStatus};
        let invalid = ApiError::from(OrderError::Status(OrderStatusError::InvalidTransition {
            from: OrderStatus::Completed,
            to: OrderStatus::InProgress,
        }));
        assert_eq!(invalid.code.as_str(), "invalid_status_transition");
        assert_eq!(
            invalid.details,
            Some(json!({"field": "status", "from": "completed", "to": "in_progress"}))
        );
        let cases: [(OrderError, &str); 6] = [
            (OrderError::NotFound, "order_not_found"),
            (
                OrderError::NumberNotFound(OrderNumber::FIRST),
                "order_not_found",
            ),
            (OrderError::Conflict, "order_status_conflict"),
            (
                OrderError::Rule(OrderRuleError::TooManyNotes),
                "too_many_notes",
            ),
            (
                OrderError::Status(OrderStatusError::Unknown("shipped".into())),
                "validation_failed",
            ),
            (
                OrderError::Rule(OrderRuleError::TotalMismatch),
                "internal_error",
            ),
        ];
        for (error, code) in cases {
            assert_eq!(ApiError::from(error).code.as_str(), code);
        }
        let unexpected = ApiError::from(OrderError::Unexpected("disk full".into()));
        assert!(
            !unexpected.message.contains("disk"),
            "causes stay in the log"
        );
    }

    #[test]
    fn knowledge_errors_answer_with_precise_codes() {
        use knowledge::{DocumentFormat, FaqId, FileNameError, NewDocumentError};
        let cases: [(ApiError, &str); 9] = [
            (FaqError::NotFound.into(), "faq_not_found"),
            (FaqError::Duplicate(FaqId::new()).into(), "duplicate_faq"),
            (FaqImportError::Conflict.into(), "faq_import_conflict"),
            (FaqImportError::Invalid(Vec::new()).into(), "invalid_import"),
            (DocumentError::NotFound.into(), "document_not_found"),
            (
                DocumentError::Rejected(NewDocumentError::UnsupportedType("image/png".into()))
                    .into(),
                "unsupported_document_type",
            ),
            (
                NewDocumentError::TooLarge {
                    format: DocumentFormat::Pdf,
                    max: 1,
                    actual: 2,
                }
                .into(),
                "file_too_large",
            ),
            (
                NewDocumentError::FileName(FileNameError::Missing).into(),
                "validation_failed",
            ),
            (
                SearchError::Unavailable("qdrant: connection refused".into()).into(),
                "knowledge_unavailable",
            ),
        ];
        for (error, code) in cases {
            assert_eq!(error.code.as_str(), code);
            assert!(!error.message.contains("qdrant"), "causes stay in the log");
        }
        assert_eq!(
            ApiError::from(NewDocumentError::EmptyFile).code.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
}
