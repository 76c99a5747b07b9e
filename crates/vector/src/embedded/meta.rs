//! `collection.json`: which embedder a collection's vectors came from. It is written
//! last when a collection is created, so a folder without it is a creation that never
//! finished.

use std::io::{self, ErrorKind, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use knowledge::EmbedderSpec;
use serde::{Deserialize, Serialize};

use super::file::write_atomically;

pub(crate) const META_FILE: &str = "collection.json";
/// Bumped when the layout of the log or snapshot changes; an index never guesses at a
/// format it does not know.
const FORMAT: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    format: u32,
    embedder: String,
    dimension: usize,
    created_at: DateTime<Utc>,
}

pub(crate) fn write(dir: &Path, spec: &EmbedderSpec, created_at: DateTime<Utc>) -> io::Result<()> {
    let meta = Meta {
        format: FORMAT,
        embedder: spec.name().to_owned(),
        dimension: spec.dimension(),
        created_at,
    };
    let json = serde_json::to_vec_pretty(&meta).map_err(io::Error::other)?;
    write_atomically(&dir.join(META_FILE), |out| out.write_all(&json)).map(|_| ())
}

/// `Ok(None)` when the folder has no metadata (an unfinished creation).
pub(crate) fn read(dir: &Path) -> io::Result<Option<(EmbedderSpec, DateTime<Utc>)>> {
    let raw = match std::fs::read(dir.join(META_FILE)) {
        Ok(raw) => raw,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let invalid = |message: String| io::Error::new(ErrorKind::InvalidData, message);
    let meta: Meta = serde_json::from_slice(&raw)
        .map_err(|e| invalid(format!("{}: {e}", dir.join(META_FILE).display())))?;
    if meta.format != FORMAT {
        return Err(invalid(format!(
            "{} has format {}, this build reads {FORMAT}",
            dir.display(),
            meta.format
        )));
    }
    let spec = EmbedderSpec::new(&meta.embedder, meta.dimension)
        .map_err(|e| invalid(format!("{}: {e}", dir.display())))?;
    Ok(Some((spec, meta.created_at)))
}
