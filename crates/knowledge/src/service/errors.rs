//! One error enum per group of use cases: business variants the API maps to precise
//! codes, and one `Unexpected` (or `Unavailable`, worth retrying) for the rest.

use crate::{
    EmbedError, FaqId, FaqRowError, KnowledgeRepositoryError, NewDocumentError, VectorIndexError,
};

use super::ports::{FileStoreError, ScheduleError};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaqError {
    #[error("FAQ not found")]
    NotFound,
    #[error("a FAQ with the same question already exists")]
    Duplicate(FaqId),
    /// The vector index cannot be reached; nothing changed, try again shortly.
    #[error("the knowledge index is temporarily unavailable: {0}")]
    Unavailable(String),
    #[error("unexpected FAQ failure: {0}")]
    Unexpected(String),
}

impl From<KnowledgeRepositoryError> for FaqError {
    fn from(e: KnowledgeRepositoryError) -> Self {
        match e {
            KnowledgeRepositoryError::FaqNotFound => FaqError::NotFound,
            KnowledgeRepositoryError::DuplicateFaq(id) => FaqError::Duplicate(id),
            other => FaqError::Unexpected(other.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaqImportError {
    /// The file has row errors; nothing was written.
    #[error("the file has {} row error(s); nothing was imported", .0.len())]
    Invalid(Vec<FaqRowError>),
    /// A question of the file was added by someone else while importing; nothing was
    /// written, and running the import again reports it as a duplicate.
    #[error("the FAQs changed while importing; nothing was written, run the import again")]
    Conflict,
    #[error("unexpected FAQ import failure: {0}")]
    Unexpected(String),
}

impl From<VectorIndexError> for FaqError {
    fn from(e: VectorIndexError) -> Self {
        match e {
            VectorIndexError::Unavailable(_) => FaqError::Unavailable(e.to_string()),
            other => FaqError::Unexpected(other.to_string()),
        }
    }
}

impl From<KnowledgeRepositoryError> for FaqImportError {
    fn from(e: KnowledgeRepositoryError) -> Self {
        match e {
            KnowledgeRepositoryError::DuplicateFaq(_) => FaqImportError::Conflict,
            other => FaqImportError::Unexpected(other.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("document not found")]
    NotFound,
    /// The upload itself is unacceptable (type, size, name); nothing was stored.
    #[error(transparent)]
    Rejected(#[from] NewDocumentError),
    /// The vector index cannot be reached; nothing changed, try again shortly.
    #[error("the knowledge index is temporarily unavailable: {0}")]
    Unavailable(String),
    #[error("unexpected document failure: {0}")]
    Unexpected(String),
}

impl From<KnowledgeRepositoryError> for DocumentError {
    fn from(e: KnowledgeRepositoryError) -> Self {
        match e {
            KnowledgeRepositoryError::DocumentNotFound => DocumentError::NotFound,
            other => DocumentError::Unexpected(other.to_string()),
        }
    }
}

impl From<FileStoreError> for DocumentError {
    fn from(e: FileStoreError) -> Self {
        DocumentError::Unexpected(e.to_string())
    }
}

impl From<ScheduleError> for DocumentError {
    fn from(e: ScheduleError) -> Self {
        DocumentError::Unexpected(e.to_string())
    }
}

impl From<VectorIndexError> for DocumentError {
    fn from(e: VectorIndexError) -> Self {
        match e {
            VectorIndexError::Unavailable(_) => DocumentError::Unavailable(e.to_string()),
            other => DocumentError::Unexpected(other.to_string()),
        }
    }
}

/// Searching, reading gaps.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// The embedder or the vector index cannot answer now; worth retrying shortly.
    #[error("knowledge search is temporarily unavailable: {0}")]
    Unavailable(String),
    #[error("unexpected knowledge search failure: {0}")]
    Unexpected(String),
}

impl From<EmbedError> for SearchError {
    fn from(e: EmbedError) -> Self {
        if e.is_transient() {
            SearchError::Unavailable(e.to_string())
        } else {
            SearchError::Unexpected(e.to_string())
        }
    }
}

impl From<VectorIndexError> for SearchError {
    fn from(e: VectorIndexError) -> Self {
        match e {
            VectorIndexError::Unavailable(_) => SearchError::Unavailable(e.to_string()),
            other => SearchError::Unexpected(other.to_string()),
        }
    }
}

impl From<KnowledgeRepositoryError> for SearchError {
    fn from(e: KnowledgeRepositoryError) -> Self {
        SearchError::Unexpected(e.to_string())
    }
}

/// Why indexing could not finish; decides whether a job is retried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    /// Worth another attempt (a dependency is down or slow).
    #[error("{0}")]
    Transient(String),
    /// Trying again cannot help.
    #[error("{0}")]
    Permanent(String),
}

impl IndexError {
    pub fn into_job_failure(self) -> kernel::JobFailure {
        match self {
            IndexError::Transient(m) => kernel::JobFailure::Transient(m),
            IndexError::Permanent(m) => kernel::JobFailure::Permanent(m),
        }
    }
}

impl From<EmbedError> for IndexError {
    fn from(e: EmbedError) -> Self {
        if e.is_transient() {
            IndexError::Transient(e.to_string())
        } else {
            IndexError::Permanent(e.to_string())
        }
    }
}

impl From<VectorIndexError> for IndexError {
    fn from(e: VectorIndexError) -> Self {
        match e {
            // A dimension mismatch means the embedder changed under a running job: the
            // next start-up re-indexes into the right collection, retrying cannot help.
            VectorIndexError::DimensionMismatch { .. } => IndexError::Permanent(e.to_string()),
            other => IndexError::Transient(other.to_string()),
        }
    }
}

impl From<KnowledgeRepositoryError> for IndexError {
    fn from(e: KnowledgeRepositoryError) -> Self {
        IndexError::Transient(e.to_string())
    }
}

impl From<super::ports::SourceReadError> for IndexError {
    fn from(e: super::ports::SourceReadError) -> Self {
        IndexError::Transient(e.to_string())
    }
}

impl From<FileStoreError> for IndexError {
    fn from(e: FileStoreError) -> Self {
        IndexError::Transient(e.to_string())
    }
}

impl From<ScheduleError> for IndexError {
    fn from(e: ScheduleError) -> Self {
        IndexError::Transient(e.to_string())
    }
}
