//! A document's text, cut into pieces small enough to embed and to quote.

use kernel::WorkspaceId;
use serde::Serialize;

use super::{DocumentId, SourceRef};

/// One stored chunk of a document: its text, where it sits (`position`, from 0, in
/// reading order), and where a reader would find it (the page it starts on, for paged
/// formats, and the heading it falls under).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chunk {
    pub workspace_id: WorkspaceId,
    pub document_id: DocumentId,
    pub position: u32,
    pub text: String,
    pub page: Option<u32>,
    pub section: Option<String>,
}

impl Chunk {
    pub fn source(&self) -> SourceRef {
        SourceRef::document_chunk(self.document_id, self.position)
    }
}
