//! Adapters between the knowledge service and the rest of the server: the catalog's
//! products, the workspace list, uploaded files on disk, tasks on the jobs table, and
//! the catalog's events driving product indexing.

mod catalog;
mod directory;
mod events;
mod files;
mod jobs;

pub use catalog::CatalogProducts;
pub use directory::SqlWorkspaceDirectory;
pub use events::{ChangedProducts, IndexingEventBus};
pub use files::DiskDocumentFiles;
pub use jobs::{JobQueueScheduler, KnowledgeJobHandler};
