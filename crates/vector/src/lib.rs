//! `VectorIndex` adapters.
//!
//! - [`EmbeddedIndex`]: in-process exact search, persisted under a data folder with an
//!   append-only, checksummed log and periodic snapshots. The default: nothing to install.
//! - [`QdrantIndex`]: a Qdrant server over gRPC, for deployments that outgrow one machine.
//!
//! Both keep one collection per `EmbedderSpec` and never return another workspace's points.

mod embedded;
mod qdrant;

pub use embedded::{EmbeddedIndex, EmbeddedOptions};
pub use qdrant::QdrantIndex;
