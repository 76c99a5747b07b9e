//! Adapters between the knowledge service and the rest of the server: the catalog's
//! products, uploaded files on disk, tasks on the jobs table, and
//! the catalog's events driving product indexing.

mod catalog;
mod events;
mod files;
mod jobs;

pub use catalog::CatalogProducts;
pub use events::{ChangedProducts, IndexingEventBus};
pub use files::DiskDocumentFiles;
pub use jobs::{JobQueueScheduler, KnowledgeJobHandler};
