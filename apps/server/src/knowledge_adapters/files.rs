//! Uploaded files on disk under `{data_dir}/knowledge/uploads/<workspace>/<document>`,
//! kept from the upload until processing ends.
//!
//! On one machine (the default) this is all that is needed. Replicas that share a
//! database but not a disk need a shared folder here (or an object-store adapter
//! behind the same port), because any replica's worker may process the upload.

use std::io::ErrorKind;
use std::path::PathBuf;

use async_trait::async_trait;
use kernel::WorkspaceId;
use knowledge::DocumentId;
use knowledge::service::{DocumentFiles, FileStoreError};

pub struct DiskDocumentFiles {
    root: PathBuf,
}

impl DiskDocumentFiles {
    pub fn new(root: PathBuf) -> Self {
        Self { root }
    }

    fn path(&self, workspace_id: WorkspaceId, document_id: DocumentId) -> PathBuf {
        // Both parts are UUIDs, so no input can reach outside the folder.
        self.root
            .join(workspace_id.to_string())
            .join(document_id.to_string())
    }
}

fn failed(action: &str, error: std::io::Error) -> FileStoreError {
    FileStoreError(format!("cannot {action} the uploaded file: {error}"))
}

#[async_trait]
impl DocumentFiles for DiskDocumentFiles {
    async fn save(
        &self,
        workspace_id: WorkspaceId,
        document_id: DocumentId,
        bytes: &[u8],
    ) -> Result<(), FileStoreError> {
        let path = self.path(workspace_id, document_id);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|e| failed("store", e))?;
        }
        // Written beside and renamed into place, so a crash never leaves a truncated
        // file that processing would read as a damaged document.
        let partial = path.with_extension("partial");
        tokio::fs::write(&partial, bytes)
            .await
            .map_err(|e| failed("store", e))?;
        tokio::fs::rename(&partial, &path)
            .await
            .map_err(|e| failed("store", e))
    }

    async fn load(
        &self,
        workspace_id: WorkspaceId,
        document_id: DocumentId,
    ) -> Result<Option<Vec<u8>>, FileStoreError> {
        match tokio::fs::read(self.path(workspace_id, document_id)).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(failed("read", e)),
        }
    }

    async fn remove(
        &self,
        workspace_id: WorkspaceId,
        document_id: DocumentId,
    ) -> Result<(), FileStoreError> {
        match tokio::fs::remove_file(self.path(workspace_id, document_id)).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(failed("remove", e)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn files_are_saved_read_and_removed_per_workspace() {
        let dir = tempfile::tempdir().unwrap();
        let files = DiskDocumentFiles::new(dir.path().to_path_buf());
        let (workspace, document) = (WorkspaceId::new(), DocumentId::new());
        assert_eq!(files.load(workspace, document).await.unwrap(), None);
        files.save(workspace, document, b"%PDF-1.7").await.unwrap();
        assert_eq!(
            files.load(workspace, document).await.unwrap().unwrap(),
            b"%PDF-1.7"
        );
        assert_eq!(
            files.load(WorkspaceId::new(), document).await.unwrap(),
            None,
            "another workspace's path"
        );
        files.remove(workspace, document).await.unwrap();
        files.remove(workspace, document).await.unwrap();
        assert_eq!(files.load(workspace, document).await.unwrap(), None);
    }
}
