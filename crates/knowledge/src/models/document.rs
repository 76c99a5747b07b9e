//! Uploaded documents and the processing they go through: extract text, chunk it,
//! embed the chunks. A document's status only moves forward, its progress never goes
//! down, and a failure says exactly what went wrong.

use std::fmt;

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use serde::Serialize;

kernel::typed_id!(
    /// A document in one workspace's knowledge base.
    DocumentId
);

pub const FILE_NAME_MAX: usize = 255;
const MB: u64 = 1024 * 1024;

/// The formats we can extract text from, with their upload limits (from the product
/// spec: PDF 50 MB, Word 25 MB, text 10 MB). Legacy `.doc` is binary and has no pure-Rust
/// reader, so it is not accepted rather than accepted and failed later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    Pdf,
    Docx,
    PlainText,
    Markdown,
    Html,
}

impl DocumentFormat {
    pub const ALL: [DocumentFormat; 5] = [
        DocumentFormat::Pdf,
        DocumentFormat::Docx,
        DocumentFormat::PlainText,
        DocumentFormat::Markdown,
        DocumentFormat::Html,
    ];

    /// The canonical MIME type, what storage keeps and extractors are asked for.
    pub fn mime_type(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "application/pdf",
            DocumentFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            DocumentFormat::PlainText => "text/plain",
            DocumentFormat::Markdown => "text/markdown",
            DocumentFormat::Html => "text/html",
        }
    }

    /// From a `Content-Type`, ignoring case and parameters (`text/plain; charset=utf-8`).
    pub fn from_mime(raw: &str) -> Option<Self> {
        let essence = raw.split(';').next().unwrap_or_default().trim();
        let essence = essence.to_ascii_lowercase();
        match essence.as_str() {
            "text/x-markdown" => Some(DocumentFormat::Markdown),
            other => Self::ALL.into_iter().find(|f| f.mime_type() == other),
        }
    }

    pub fn max_bytes(self) -> u64 {
        match self {
            DocumentFormat::Pdf => 50 * MB,
            DocumentFormat::Docx => 25 * MB,
            DocumentFormat::PlainText | DocumentFormat::Markdown | DocumentFormat::Html => 10 * MB,
        }
    }
}

/// The name the file was uploaded under, without any directory part a browser or OS
/// prepended (`C:\fakepath\guide.pdf` is `guide.pdf`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct FileName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileNameError {
    #[error("file name is required")]
    Missing,
    #[error("file name must be at most {FILE_NAME_MAX} characters (it has {0})")]
    TooLong(usize),
    #[error("file name must not contain control characters")]
    ControlCharacter,
}

impl FileName {
    pub fn parse(raw: &str) -> Result<Self, FileNameError> {
        let base = raw.rsplit(['/', '\\']).next().unwrap_or_default().trim();
        if base.is_empty() || base == "." || base == ".." {
            return Err(FileNameError::Missing);
        }
        if base.chars().any(char::is_control) {
            return Err(FileNameError::ControlCharacter);
        }
        let length = base.chars().count();
        if length > FILE_NAME_MAX {
            return Err(FileNameError::TooLong(length));
        }
        Ok(Self(base.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where a document is in its processing. Declared in processing order: a status may
/// only be followed by a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    Queued,
    Extracting,
    Chunking,
    Embedding,
    Completed,
    Failed,
}

impl DocumentStatus {
    pub const ALL: [DocumentStatus; 6] = [
        DocumentStatus::Queued,
        DocumentStatus::Extracting,
        DocumentStatus::Chunking,
        DocumentStatus::Embedding,
        DocumentStatus::Completed,
        DocumentStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentStatus::Queued => "queued",
            DocumentStatus::Extracting => "extracting",
            DocumentStatus::Chunking => "chunking",
            DocumentStatus::Embedding => "embedding",
            DocumentStatus::Completed => "completed",
            DocumentStatus::Failed => "failed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn is_terminal(self) -> bool {
        matches!(self, DocumentStatus::Completed | DocumentStatus::Failed)
    }

    /// The overall percent a document has reached when it enters this stage. Embedding
    /// gets the widest span because it is the slow part (a model call per batch).
    fn floor(self) -> u8 {
        match self {
            DocumentStatus::Queued => 0,
            DocumentStatus::Extracting => 5,
            DocumentStatus::Chunking => 30,
            DocumentStatus::Embedding => 40,
            DocumentStatus::Completed | DocumentStatus::Failed => 100,
        }
    }

    /// The overall percent after `done` of `total` units of this stage (pages, chunks):
    /// from this stage's floor up to, but not reaching, the next one's.
    pub fn progress_at(self, done: u64, total: u64) -> u8 {
        let next = match self {
            DocumentStatus::Queued => DocumentStatus::Extracting.floor(),
            DocumentStatus::Extracting => DocumentStatus::Chunking.floor(),
            DocumentStatus::Chunking => DocumentStatus::Embedding.floor(),
            DocumentStatus::Embedding => 99,
            DocumentStatus::Completed | DocumentStatus::Failed => return 100,
        };
        let floor = u64::from(self.floor());
        let span = u64::from(next) - floor;
        let fraction = (span * done.min(total)).checked_div(total).unwrap_or(0);
        u8::try_from(floor + fraction).unwrap_or(100)
    }
}

impl fmt::Display for DocumentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why processing failed, precisely enough for the seller to act ("the PDF is
/// password-protected", not "processing failed"): a stable `code` for programs and a
/// `message` for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentFailure {
    code: String,
    message: String,
}

impl DocumentFailure {
    /// Blank parts are replaced, so a failure can always be shown.
    pub fn new(code: &str, message: &str) -> Self {
        let code = code.trim();
        let message = message.trim();
        Self {
            code: if code.is_empty() { "failed" } else { code }.to_owned(),
            message: if message.is_empty() {
                "processing failed without a reason"
            } else {
                message
            }
            .to_owned(),
        }
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NewDocumentError {
    #[error(transparent)]
    FileName(#[from] FileNameError),
    #[error("files of type '{0}' are not supported; upload PDF, DOCX, TXT, Markdown or HTML")]
    UnsupportedType(String),
    #[error("the file is empty")]
    EmptyFile,
    #[error("{format} files may be at most {max} bytes (this one has {actual})", format = .format.mime_type())]
    TooLarge {
        format: DocumentFormat,
        max: u64,
        actual: u64,
    },
}

impl NewDocumentError {
    pub fn code(&self) -> &'static str {
        match self {
            NewDocumentError::FileName(_) => "invalid_file_name",
            NewDocumentError::UnsupportedType(_) => "unsupported_type",
            NewDocumentError::EmptyFile => "empty_file",
            NewDocumentError::TooLarge { .. } => "file_too_large",
        }
    }
}

/// An upload that passed the checks that need no parsing: a usable name, a format we
/// read, a size within that format's limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub file_name: FileName,
    pub format: DocumentFormat,
    pub size_bytes: u64,
}

impl NewDocument {
    pub fn new(
        file_name: &str,
        mime_type: &str,
        size_bytes: u64,
    ) -> Result<Self, NewDocumentError> {
        let file_name = FileName::parse(file_name)?;
        let format = DocumentFormat::from_mime(mime_type)
            .ok_or_else(|| NewDocumentError::UnsupportedType(mime_type.trim().to_owned()))?;
        if size_bytes == 0 {
            return Err(NewDocumentError::EmptyFile);
        }
        if size_bytes > format.max_bytes() {
            return Err(NewDocumentError::TooLarge {
                format,
                max: format.max_bytes(),
                actual: size_bytes,
            });
        }
        Ok(Self {
            file_name,
            format,
            size_bytes,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentTransitionError {
    #[error("a {from} document cannot move to {to}")]
    Backwards {
        from: DocumentStatus,
        to: DocumentStatus,
    },
    #[error("a {0} document has finished processing; restart it to process it again")]
    Finished(DocumentStatus),
    #[error("progress must be between 0 and 100 (got {0})")]
    ProgressOutOfRange(u8),
    #[error("progress cannot go back from {current}% to {requested}%")]
    ProgressBackwards { current: u8, requested: u8 },
    #[error("only a document that has finished processing can be restarted (it is {0})")]
    NotFinished(DocumentStatus),
}

/// Every stored field, for storage adapters rebuilding a document from a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    pub id: DocumentId,
    pub workspace_id: WorkspaceId,
    pub file_name: FileName,
    pub format: DocumentFormat,
    pub size_bytes: u64,
    pub status: DocumentStatus,
    pub progress: u8,
    pub failure: Option<DocumentFailure>,
    pub chunk_count: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A document and its processing state. Fields are private because status, progress
/// and failure must agree (a failed document has a failure, a completed one is at 100%),
/// so every change goes through a method that keeps them in step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    id: DocumentId,
    workspace_id: WorkspaceId,
    file_name: FileName,
    format: DocumentFormat,
    size_bytes: u64,
    status: DocumentStatus,
    progress: u8,
    failure: Option<DocumentFailure>,
    chunk_count: u32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Document {
    /// A queued document at 0%.
    pub fn new(workspace_id: WorkspaceId, new: NewDocument, at: DateTime<Utc>) -> Self {
        Self {
            id: DocumentId::new(),
            workspace_id,
            file_name: new.file_name,
            format: new.format,
            size_bytes: new.size_bytes,
            status: DocumentStatus::Queued,
            progress: 0,
            failure: None,
            chunk_count: 0,
            created_at: at,
            updated_at: at,
        }
    }

    /// Rebuilds a stored document. A row whose fields disagree (a failed document
    /// without a failure, for instance) is repaired to the nearest consistent state
    /// rather than refused, so one bad row never hides the rest of the list.
    pub fn from_record(record: DocumentRecord) -> Self {
        let mut document = Self {
            id: record.id,
            workspace_id: record.workspace_id,
            file_name: record.file_name,
            format: record.format,
            size_bytes: record.size_bytes,
            status: record.status,
            progress: record.progress.min(100),
            failure: record.failure,
            chunk_count: record.chunk_count,
            created_at: record.created_at,
            updated_at: record.updated_at,
        };
        match document.status {
            DocumentStatus::Failed => {
                document.failure.get_or_insert_with(|| {
                    DocumentFailure::new("failed", "processing failed without a recorded reason")
                });
            }
            DocumentStatus::Completed => {
                document.failure = None;
                document.progress = 100;
            }
            _ => document.failure = None,
        }
        document
    }

    pub fn id(&self) -> DocumentId {
        self.id
    }

    pub fn workspace_id(&self) -> WorkspaceId {
        self.workspace_id
    }

    pub fn file_name(&self) -> &FileName {
        &self.file_name
    }

    pub fn format(&self) -> DocumentFormat {
        self.format
    }

    pub fn size_bytes(&self) -> u64 {
        self.size_bytes
    }

    pub fn status(&self) -> DocumentStatus {
        self.status
    }

    /// Overall percent, 0-100, never decreasing during one processing run.
    pub fn progress(&self) -> u8 {
        self.progress
    }

    pub fn failure(&self) -> Option<&DocumentFailure> {
        self.failure.as_ref()
    }

    pub fn chunk_count(&self) -> u32 {
        self.chunk_count
    }

    pub fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }

    pub fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }

    /// Enters a later processing stage (`extracting`, `chunking`, `embedding`); progress
    /// rises to at least the stage's floor. Staying in the same stage is allowed and
    /// changes nothing, so a retried job can report its stage again.
    pub fn advance(
        &mut self,
        to: DocumentStatus,
        at: DateTime<Utc>,
    ) -> Result<(), DocumentTransitionError> {
        if self.status.is_terminal() {
            return Err(DocumentTransitionError::Finished(self.status));
        }
        if to.is_terminal() || to < self.status {
            // Terminal states have their own methods, which carry what they need.
            return Err(DocumentTransitionError::Backwards {
                from: self.status,
                to,
            });
        }
        self.status = to;
        self.progress = self.progress.max(to.floor());
        self.updated_at = at;
        Ok(())
    }

    /// Reports progress within the current stage.
    pub fn report_progress(
        &mut self,
        percent: u8,
        at: DateTime<Utc>,
    ) -> Result<(), DocumentTransitionError> {
        if self.status.is_terminal() {
            return Err(DocumentTransitionError::Finished(self.status));
        }
        if percent > 100 {
            return Err(DocumentTransitionError::ProgressOutOfRange(percent));
        }
        if percent < self.progress {
            return Err(DocumentTransitionError::ProgressBackwards {
                current: self.progress,
                requested: percent,
            });
        }
        // 100% means completed; until then the most a running document shows is 99%.
        self.progress = percent.min(99);
        self.updated_at = at;
        Ok(())
    }

    /// Finishes processing with the number of chunks indexed.
    pub fn complete(
        &mut self,
        chunk_count: u32,
        at: DateTime<Utc>,
    ) -> Result<(), DocumentTransitionError> {
        if self.status.is_terminal() {
            return Err(DocumentTransitionError::Finished(self.status));
        }
        self.status = DocumentStatus::Completed;
        self.progress = 100;
        self.chunk_count = chunk_count;
        self.updated_at = at;
        Ok(())
    }

    /// Stops processing for good with the reason. Progress stays where it stopped, so
    /// the seller sees how far it got.
    pub fn fail(
        &mut self,
        failure: DocumentFailure,
        at: DateTime<Utc>,
    ) -> Result<(), DocumentTransitionError> {
        if self.status.is_terminal() {
            return Err(DocumentTransitionError::Finished(self.status));
        }
        self.status = DocumentStatus::Failed;
        self.failure = Some(failure);
        self.updated_at = at;
        Ok(())
    }

    /// Starts a new processing run of a finished document (a retry after a failure, or
    /// a re-index after the embedder changed): queued again at 0%, failure cleared.
    /// This is the one way back, and only from a finished state, so two runs never
    /// interleave their progress.
    pub fn restart(&mut self, at: DateTime<Utc>) -> Result<(), DocumentTransitionError> {
        if !self.status.is_terminal() {
            return Err(DocumentTransitionError::NotFinished(self.status));
        }
        self.status = DocumentStatus::Queued;
        self.progress = 0;
        self.failure = None;
        self.chunk_count = 0;
        self.updated_at = at;
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn guide() -> Document {
        Document::new(
            WorkspaceId::new(),
            NewDocument::new("guide.pdf", "application/pdf", 1024).unwrap(),
            Utc::now(),
        )
    }

    #[test]
    fn uploads_are_checked_for_name_type_and_size() {
        let new = NewDocument::new("C:\\fakepath\\Guide.PDF", "Application/PDF", 10).unwrap();
        assert_eq!(new.file_name.as_str(), "Guide.PDF");
        assert_eq!(new.format, DocumentFormat::Pdf);
        assert_eq!(
            NewDocument::new("notes.txt", "text/plain; charset=utf-8", 3)
                .unwrap()
                .format,
            DocumentFormat::PlainText
        );
        assert_eq!(
            NewDocument::new("a.doc", "application/msword", 10),
            Err(NewDocumentError::UnsupportedType(
                "application/msword".into()
            ))
        );
        assert_eq!(
            NewDocument::new("a.txt", "text/plain", 0),
            Err(NewDocumentError::EmptyFile)
        );
        let too_big =
            NewDocument::new("a.docx", DocumentFormat::Docx.mime_type(), 25 * MB + 1).unwrap_err();
        assert_eq!(too_big.code(), "file_too_large");
        assert!(too_big.to_string().contains("26214401"));
        assert_eq!(
            NewDocument::new("dir/", "text/plain", 1),
            Err(NewDocumentError::FileName(FileNameError::Missing))
        );
    }

    #[test]
    fn processing_moves_forward_and_completes_at_100() {
        let mut doc = guide();
        let at = Utc::now();
        assert_eq!((doc.status(), doc.progress()), (DocumentStatus::Queued, 0));
        doc.advance(DocumentStatus::Extracting, at).unwrap();
        assert_eq!(doc.progress(), 5);
        doc.report_progress(20, at).unwrap();
        doc.advance(DocumentStatus::Extracting, at).unwrap();
        assert_eq!(doc.progress(), 20, "re-entering a stage keeps progress");
        doc.advance(DocumentStatus::Embedding, at).unwrap();
        assert_eq!(doc.progress(), 40, "skipping a stage is still forward");
        assert_eq!(
            doc.advance(DocumentStatus::Chunking, at),
            Err(DocumentTransitionError::Backwards {
                from: DocumentStatus::Embedding,
                to: DocumentStatus::Chunking
            })
        );
        assert_eq!(
            doc.report_progress(30, at),
            Err(DocumentTransitionError::ProgressBackwards {
                current: 40,
                requested: 30
            })
        );
        assert_eq!(
            doc.report_progress(101, at),
            Err(DocumentTransitionError::ProgressOutOfRange(101))
        );
        doc.report_progress(100, at).unwrap();
        assert_eq!(doc.progress(), 99, "only completion shows 100%");
        doc.complete(47, at).unwrap();
        assert_eq!(
            (doc.status(), doc.progress(), doc.chunk_count()),
            (DocumentStatus::Completed, 100, 47)
        );
        assert_eq!(
            doc.advance(DocumentStatus::Embedding, at),
            Err(DocumentTransitionError::Finished(DocumentStatus::Completed))
        );
        assert!(doc.fail(DocumentFailure::new("x", "y"), at).is_err());
    }

    #[test]
    fn failures_are_kept_with_the_progress_reached_and_restart_starts_over() {
        let mut doc = guide();
        let at = Utc::now();
        assert_eq!(
            doc.restart(at),
            Err(DocumentTransitionError::NotFinished(DocumentStatus::Queued))
        );
        doc.advance(DocumentStatus::Extracting, at).unwrap();
        doc.report_progress(12, at).unwrap();
        doc.fail(
            DocumentFailure::new(
                "encrypted",
                "the PDF is password-protected; upload it without a password",
            ),
            at,
        )
        .unwrap();
        assert_eq!(doc.status(), DocumentStatus::Failed);
        assert_eq!(doc.progress(), 12);
        assert_eq!(doc.failure().unwrap().code(), "encrypted");
        assert_eq!(
            doc.advance(DocumentStatus::Chunking, at),
            Err(DocumentTransitionError::Finished(DocumentStatus::Failed))
        );
        doc.restart(at).unwrap();
        assert_eq!(
            (doc.status(), doc.progress(), doc.failure()),
            (DocumentStatus::Queued, 0, None)
        );
        assert_eq!(
            doc.advance(DocumentStatus::Completed, at),
            Err(DocumentTransitionError::Backwards {
                from: DocumentStatus::Queued,
                to: DocumentStatus::Completed
            }),
            "completion goes through complete(), which records the chunk count"
        );
    }

    #[test]
    fn stage_progress_spans_up_to_the_next_stage() {
        assert_eq!(DocumentStatus::Embedding.progress_at(0, 10), 40);
        assert_eq!(DocumentStatus::Embedding.progress_at(5, 10), 69);
        assert_eq!(DocumentStatus::Embedding.progress_at(10, 10), 99);
        assert_eq!(DocumentStatus::Embedding.progress_at(20, 10), 99);
        assert_eq!(DocumentStatus::Extracting.progress_at(1, 2), 17);
        assert_eq!(DocumentStatus::Chunking.progress_at(3, 0), 30);
        assert_eq!(DocumentStatus::Completed.progress_at(0, 0), 100);
    }

    #[test]
    fn inconsistent_rows_are_repaired_on_load() {
        let doc = guide();
        let record = DocumentRecord {
            id: doc.id(),
            workspace_id: doc.workspace_id(),
            file_name: doc.file_name().clone(),
            format: doc.format(),
            size_bytes: doc.size_bytes(),
            status: DocumentStatus::Failed,
            progress: 250,
            failure: None,
            chunk_count: 0,
            created_at: doc.created_at(),
            updated_at: doc.updated_at(),
        };
        let loaded = Document::from_record(record);
        assert_eq!(loaded.progress(), 100);
        assert!(loaded.failure().is_some());
    }

    #[test]
    fn statuses_round_trip_and_are_ordered() {
        for status in DocumentStatus::ALL {
            assert_eq!(DocumentStatus::parse(status.as_str()), Some(status));
        }
        assert!(DocumentStatus::Queued < DocumentStatus::Extracting);
        assert!(DocumentStatus::Embedding < DocumentStatus::Completed);
        assert_eq!(DocumentFailure::new(" ", "").code(), "failed");
    }
}
