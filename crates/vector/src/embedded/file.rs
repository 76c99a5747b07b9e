//! Files of framed records, and writing a file so that a crash leaves the old or the new
//! one, never half of either.
//!
//! A file is an 8-byte magic followed by records: `len: u32, crc32: u32, payload`. A
//! crash can tear only the record being appended; reading stops at the first record that
//! is cut short or fails its checksum, and reports where the good part ends.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, BufWriter, ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

pub(crate) const LOG_MAGIC: &[u8; 8] = b"CDVLOG01";
pub(crate) const SNAPSHOT_MAGIC: &[u8; 8] = b"CDVSNAP1";
const HEADER: u64 = 8;
/// Larger than any record we write (upserts are cut into records of a few MiB), so a
/// length beyond it is damage, and reading never allocates a garbage length.
const MAX_RECORD: usize = 64 << 20;

/// Appends one framed record to `out`.
pub(crate) fn frame_into(out: &mut Vec<u8>, payload: &[u8]) {
    let len = u32::try_from(payload.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
}

/// How much of a file held intact records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scan {
    /// Bytes up to the end of the last intact record (at least the header).
    pub(crate) valid_len: u64,
    pub(crate) file_len: u64,
}

impl Scan {
    pub(crate) fn torn_bytes(&self) -> u64 {
        self.file_len - self.valid_len
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(ErrorKind::InvalidData, message)
}

/// Calls `each` with every intact record of the file at `path`, in order. `Ok(None)` when
/// the file does not exist or is too short to hold its header (a crash while creating
/// it); an error when it belongs to something else or `each` refuses a record.
pub(crate) fn scan(
    path: &Path,
    magic: &[u8; 8],
    mut each: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<Option<Scan>> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let file_len = file.metadata()?.len();
    if file_len < HEADER {
        return Ok(None);
    }
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut found = [0u8; 8];
    reader.read_exact(&mut found)?;
    if &found != magic {
        return Err(invalid(format!(
            "{} is not a vector index file",
            path.display()
        )));
    }
    let mut valid_len = HEADER;
    let mut payload = Vec::new();
    loop {
        let mut head = [0u8; 8];
        if !read_fully(&mut reader, &mut head)? {
            break;
        }
        let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let crc = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        if len > MAX_RECORD || valid_len + 8 + len as u64 > file_len {
            break;
        }
        payload.resize(len, 0);
        if !read_fully(&mut reader, &mut payload)? || crc32fast::hash(&payload) != crc {
            break;
        }
        each(&payload)?;
        valid_len += 8 + len as u64;
    }
    Ok(Some(Scan {
        valid_len,
        file_len,
    }))
}

/// `read_exact` that reports a short read as `false` instead of an error.
fn read_fully(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<bool> {
    match reader.read_exact(buf) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(e),
    }
}

/// The append-only operation log. Every append reaches the disk (`sync_data`) before it
/// returns, so an acknowledged write survives a crash.
#[derive(Debug)]
pub(crate) struct LogFile {
    file: File,
    len: u64,
}

impl LogFile {
    /// Opens the log, keeping its first `valid_len` bytes (the rest is a torn record), or
    /// starts an empty one when `valid_len` is `None`.
    pub(crate) fn open(path: &Path, valid_len: Option<u64>) -> io::Result<Self> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let mut log = Self { file, len: 0 };
        match valid_len {
            Some(len) => {
                if log.file.metadata()?.len() != len {
                    log.file.set_len(len)?;
                    log.file.sync_all()?;
                }
                log.len = len;
            }
            None => log.reset()?,
        }
        Ok(log)
    }

    /// Appends framed records. On failure the file is cut back to where it was, so a
    /// half-written record can never hide the records appended after it.
    pub(crate) fn append(&mut self, frames: &[u8]) -> io::Result<()> {
        let written = self
            .file
            .write_all(frames)
            .and_then(|()| self.file.sync_data());
        match written {
            Ok(()) => {
                self.len += frames.len() as u64;
                Ok(())
            }
            Err(e) => {
                if let Err(undo) = self.file.set_len(self.len) {
                    tracing::error!(error = %undo, "could not cut a failed append off the vector log");
                }
                Err(e)
            }
        }
    }

    /// Empties the log (after a snapshot took in everything it held).
    pub(crate) fn reset(&mut self) -> io::Result<()> {
        self.file.set_len(0)?;
        self.file.write_all(LOG_MAGIC)?;
        self.file.sync_all()?;
        self.len = HEADER;
        Ok(())
    }

    pub(crate) fn len(&self) -> u64 {
        self.len
    }
}

/// Writes `path` through a temporary file, flushed and renamed into place: readers and
/// crashes see the old file or the new one. Returns the new file's length.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<u64> {
    let tmp = tmp_path(path);
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
    write(&mut out)?;
    let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.sync_all()?;
    let len = file.metadata()?.len();
    drop(file);
    fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        sync_dir(dir)?;
    }
    Ok(len)
}

fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

/// Makes a rename or a new file in `dir` durable (the directory entry is data too).
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(path: &Path) -> (Vec<Vec<u8>>, Option<Scan>) {
        let mut seen = Vec::new();
        let scan = scan(path, LOG_MAGIC, |r| {
            seen.push(r.to_vec());
            Ok(())
        })
        .unwrap();
        (seen, scan)
    }

    #[test]
    fn a_torn_or_corrupt_tail_is_reported_and_the_intact_records_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.bin");
        let mut log = LogFile::open(&path, None).unwrap();
        let mut frames = Vec::new();
        frame_into(&mut frames, b"first");
        frame_into(&mut frames, b"second");
        log.append(&frames).unwrap();
        let intact = log.len();

        // Half a record: the crash came mid-append.
        let mut torn = Vec::new();
        frame_into(&mut torn, b"third, never acknowledged");
        log.append(&torn[..torn.len() / 2]).unwrap();
        let (seen, scan) = records(&path);
        assert_eq!(seen, vec![b"first".to_vec(), b"second".to_vec()]);
        let scan = scan.unwrap();
        assert_eq!(scan.valid_len, intact);
        assert_eq!(scan.torn_bytes(), (torn.len() / 2) as u64);

        // A whole record with a flipped bit: the checksum catches it.
        let mut log = LogFile::open(&path, Some(intact)).unwrap();
        let mut bad = Vec::new();
        frame_into(&mut bad, b"flipped");
        let last = bad.len() - 1;
        bad[last] ^= 1;
        log.append(&bad).unwrap();
        let (seen, scan) = records(&path);
        assert_eq!(seen.len(), 2);
        assert_eq!(scan.unwrap().valid_len, intact);
    }

    #[test]
    fn missing_or_headless_files_are_empty_and_foreign_files_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.bin");
        assert_eq!(records(&path).1, None);
        fs::write(&path, b"CDV").unwrap();
        assert_eq!(records(&path).1, None);
        fs::write(&path, b"NOTOURS!and more").unwrap();
        assert!(scan(&path, LOG_MAGIC, |_| Ok(())).is_err());
    }

    #[test]
    fn atomic_writes_replace_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("collection.json");
        write_atomically(&path, |out| out.write_all(b"old")).unwrap();
        let len = write_atomically(&path, |out| out.write_all(b"newer")).unwrap();
        assert_eq!(len, 5);
        assert_eq!(fs::read(&path).unwrap(), b"newer");
        assert!(!tmp_path(&path).exists());
    }
}
