//! Documents: accept an upload (stored, queued, processing scheduled), read, list,
//! delete. Processing itself is in `processing`.

use kernel::{Page, PageRequest, WorkspaceId};

use super::errors::DocumentError;
use super::{KnowledgeService, KnowledgeTask};
use crate::{Document, DocumentId, NewDocument, SourceType};

/// A file as uploaded: its name, the MIME type the server resolved for it, its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    pub file_name: String,
    pub mime_type: String,
    pub bytes: Vec<u8>,
}

impl KnowledgeService {
    /// Checks the upload (name, type, size), stores the file, records the document as
    /// `queued` and schedules its processing. Either all three happen or none: a
    /// document is never listed without the file or the work that completes it.
    pub async fn upload_document(
        &self,
        workspace_id: WorkspaceId,
        file: UploadedFile,
    ) -> Result<Document, DocumentError> {
        let size = u64::try_from(file.bytes.len()).unwrap_or(u64::MAX);
        let new = NewDocument::new(&file.file_name, &file.mime_type, size)?;
        let document = Document::new(workspace_id, new, self.now());
        let id = document.id();
        self.ports.files.save(workspace_id, id, &file.bytes).await?;
        if let Err(error) = self.ports.repository.create_document(&document).await {
            let _ = self.ports.files.remove(workspace_id, id).await;
            return Err(error.into());
        }
        let task = KnowledgeTask::ProcessDocument {
            workspace_id,
            document_id: id,
        };
        if let Err(error) = self.ports.tasks.schedule(task).await {
            // Undo, so the seller sees the upload fail rather than a document queued
            // forever; a failed undo leaves a queued row the seller can delete.
            let _ = self
                .ports
                .repository
                .delete_document(workspace_id, id)
                .await;
            let _ = self.ports.files.remove(workspace_id, id).await;
            return Err(error.into());
        }
        Ok(document)
    }

    pub async fn get_document(
        &self,
        workspace_id: WorkspaceId,
        id: DocumentId,
    ) -> Result<Document, DocumentError> {
        self.ports
            .repository
            .get_document(workspace_id, id)
            .await?
            .ok_or(DocumentError::NotFound)
    }

    /// Newest first, with status and progress.
    pub async fn list_documents(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<Document>, DocumentError> {
        Ok(self
            .ports
            .repository
            .list_documents(workspace_id, page)
            .await?)
    }

    /// Removes the document's chunks from search first, then the document: if the
    /// index cannot be reached nothing changes and the caller can try again, so a
    /// deleted document is never left searchable.
    pub async fn delete_document(
        &self,
        workspace_id: WorkspaceId,
        id: DocumentId,
    ) -> Result<(), DocumentError> {
        self.get_document(workspace_id, id).await?;
        self.delete_points(workspace_id, SourceType::Document, id.as_uuid())
            .await?;
        self.ports
            .repository
            .delete_document(workspace_id, id)
            .await?;
        // The bytes are only kept while processing; a leftover file is disk space, not
        // knowledge, so failing to remove it does not fail the delete.
        let _ = self.ports.files.remove(workspace_id, id).await;
        Ok(())
    }

    /// Deletes a document replaced by a newer upload of the same name (see
    /// `processing`): chunks, row and file. Gone already is fine.
    pub(super) async fn delete_replaced(
        &self,
        workspace_id: WorkspaceId,
        id: DocumentId,
    ) -> Result<(), DocumentError> {
        self.delete_points(workspace_id, SourceType::Document, id.as_uuid())
            .await?;
        match self
            .ports
            .repository
            .delete_document(workspace_id, id)
            .await
        {
            Ok(()) | Err(crate::KnowledgeRepositoryError::DocumentNotFound) => {}
            Err(other) => return Err(other.into()),
        }
        let _ = self.ports.files.remove(workspace_id, id).await;
        Ok(())
    }

    /// Every document of the workspace, paging through the repository.
    pub(super) async fn all_documents(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<Document>, crate::KnowledgeRepositoryError> {
        let mut all = Vec::new();
        let mut number = 1;
        loop {
            let page = PageRequest::new(number, kernel::pagination::MAX_PER_PAGE)
                .map_err(|e| crate::KnowledgeRepositoryError::Unexpected(e.to_string()))?;
            let found = self
                .ports
                .repository
                .list_documents(workspace_id, page)
                .await?;
            let done = found.items.is_empty() || u64::from(number) >= found.total_pages();
            all.extend(found.items);
            if done {
                return Ok(all);
            }
            number += 1;
        }
    }
}
