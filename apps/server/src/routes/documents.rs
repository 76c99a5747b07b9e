//! `/knowledge/documents`: upload a file for the knowledge base (processed in the
//! background: extracting, chunking, embedding), follow its progress, delete it.

use actix_multipart::{Field, Multipart};
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use futures_util::StreamExt;
use identity::Permission;
use knowledge::service::UploadedFile;
use knowledge::{DocumentFormat, DocumentId, NewDocumentError};
use serde_json::json;
use utoipa::ToSchema;

use super::knowledge_dto::DocumentResponse;
use crate::http::{
    ApiError, Authenticated, ErrorBody, ErrorCode, FieldErrors, PageQuery, Paginated,
};
use crate::state::AppState;

/// The multipart form: the file in a field named `file`.
#[derive(ToSchema)]
#[allow(dead_code)] // Describes the request in the OpenAPI document; never built.
pub struct DocumentUpload {
    /// PDF, DOCX, TXT, Markdown or HTML. PDF up to 50 MB, DOCX 25 MB, others 10 MB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The format of an uploaded file: from its extension when it has a known one (what
/// the seller sees, and browsers often send `application/octet-stream` for `.md`),
/// else from the part's Content-Type.
pub fn resolve_format(
    file_name: &str,
    declared: Option<&str>,
) -> Result<DocumentFormat, NewDocumentError> {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let by_extension = match extension.as_str() {
        "pdf" => Some(DocumentFormat::Pdf),
        "docx" => Some(DocumentFormat::Docx),
        "txt" | "text" => Some(DocumentFormat::PlainText),
        "md" | "markdown" => Some(DocumentFormat::Markdown),
        "html" | "htm" => Some(DocumentFormat::Html),
        _ => None,
    };
    by_extension
        .or_else(|| declared.and_then(DocumentFormat::from_mime))
        .ok_or_else(|| {
            let named = match (declared, extension.is_empty()) {
                (Some(mime), _) if mime != "application/octet-stream" => mime.to_owned(),
                (_, false) => format!(".{extension}"),
                _ => "unknown".to_owned(),
            };
            NewDocumentError::UnsupportedType(named)
        })
}

async fn read_document(req: &HttpRequest, payload: web::Payload) -> Result<UploadedFile, ApiError> {
    let multipart = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("multipart/form-data"))
        });
    if !multipart {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the file as the 'file' field of a multipart/form-data form",
        ));
    }
    let mut form = Multipart::new(req.headers(), payload);
    while let Some(field) = form.next().await {
        let field = field.map_err(malformed)?;
        if field.name() != Some("file") {
            // Skipped: the form moves on once a field is dropped unread.
            continue;
        }
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .unwrap_or_default()
            .to_owned();
        let declared = field.content_type().map(|m| m.essence_str().to_owned());
        let format = resolve_format(&file_name, declared.as_deref())?;
        let bytes = read_limited(field, format).await?;
        return Ok(UploadedFile {
            file_name,
            mime_type: format.mime_type().to_owned(),
            bytes,
        });
    }
    let mut errors = FieldErrors::new();
    errors.add(
        "file",
        "missing",
        "the form has no 'file' field holding the document",
    );
    errors.finish()?;
    Err(ApiError::unexpected("a missing field was not reported"))
}

/// The field's bytes, refusing more than the format allows as soon as it is passed
/// (a 60 MB upload is not read to the end first).
async fn read_limited(mut field: Field, format: DocumentFormat) -> Result<Vec<u8>, ApiError> {
    let max = usize::try_from(format.max_bytes()).unwrap_or(usize::MAX);
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(malformed)?;
        if bytes.len() + chunk.len() > max {
            return Err(ApiError::new(
                ErrorCode::FileTooLarge,
                format!(
                    "{} files may be at most {} MB",
                    format.mime_type(),
                    max / (1024 * 1024)
                ),
            )
            .with_details(json!({ "mime_type": format.mime_type(), "max_bytes": max })));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn malformed(error: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::MalformedUpload,
        format!("cannot read the form: {error}"),
    )
}

/// Uploads a document for the knowledge base (owner, admin, agent). Answers at once
/// with the document `queued`; processing (extracting, chunking, embedding) runs in the
/// background, and `GET /knowledge/documents/{id}` shows its status and progress, or
/// why it failed. Uploading a file with the name of an existing document replaces that
/// document once the new one is fully indexed.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 202, description = "Accepted and queued", body = DocumentResponse),
        (status = 403, body = ErrorBody),
        (status = 413, description = "`file_too_large`: over the type's limit (details.max_bytes)", body = ErrorBody),
        (status = 415, description = "`unsupported_document_type` (not PDF, DOCX, TXT, Markdown, HTML) or `unsupported_media_type` (not a multipart form)", body = ErrorBody),
        (status = 422, description = "`empty_file`, or `validation_failed` (no `file` field, unusable file name)", body = ErrorBody),
    )
)]
#[post("/knowledge/documents")]
pub async fn upload_document(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::EditKnowledge)?;
    let file = read_document(&req, payload).await?;
    let document = state
        .knowledge
        .upload_document(principal.workspace_id, file)
        .await?;
    Ok(HttpResponse::Accepted().json(DocumentResponse::from(document)))
}

/// Lists documents, newest first, with status and progress (every member).
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Paginated<DocumentResponse>), (status = 401, body = ErrorBody))
)]
#[get("/knowledge/documents")]
pub async fn list_documents(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Paginated<DocumentResponse>>, ApiError> {
    let page = page.try_into_domain()?;
    let documents = state
        .knowledge
        .list_documents(principal.workspace_id, page)
        .await?;
    Ok(web::Json(Paginated::from_page(
        documents,
        DocumentResponse::from,
    )))
}

/// A document with its processing status and progress.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Document id")),
    responses((status = 200, body = DocumentResponse), (status = 404, body = ErrorBody))
)]
#[get("/knowledge/documents/{id}")]
pub async fn get_document(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<DocumentResponse>, ApiError> {
    let document = state
        .knowledge
        .get_document(principal.workspace_id, DocumentId::from_uuid(*id))
        .await?;
    Ok(web::Json(document.into()))
}

/// Deletes a document (owner, admin, agent); its chunks are out of search when this
/// returns.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Document id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 503, description = "`knowledge_unavailable`: nothing deleted", body = ErrorBody),
    )
)]
#[delete("/knowledge/documents/{id}")]
pub async fn delete_document(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::EditKnowledge)?;
    state
        .knowledge
        .delete_document(principal.workspace_id, DocumentId::from_uuid(*id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_extension_first_then_the_content_type() {
        assert_eq!(
            resolve_format("Guide.PDF", Some("application/octet-stream")),
            Ok(DocumentFormat::Pdf)
        );
        assert_eq!(
            resolve_format("notes.md", Some("application/octet-stream")),
            Ok(DocumentFormat::Markdown)
        );
        assert_eq!(
            resolve_format("page", Some("text/html; charset=utf-8")),
            Ok(DocumentFormat::Html)
        );
        assert_eq!(
            resolve_format("photo.png", Some("image/png")),
            Err(NewDocumentError::UnsupportedType("image/png".into()))
        );
        assert_eq!(
            resolve_format("archive.zip", Some("application/octet-stream")),
            Err(NewDocumentError::UnsupportedType(".zip".into()))
        );
        assert_eq!(
            resolve_format("README", None),
            Err(NewDocumentError::UnsupportedType("unknown".into()))
        );
    }
}
