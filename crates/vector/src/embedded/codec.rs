//! The bytes of one log or snapshot record (the framing around them is in `file`).
//!
//! Little-endian throughout. A record is one operation:
//!
//! ```text
//! upsert  = 0x01, count: u32, entry * count
//! entry   = workspace: [u8; 16], source_type: u8 (1 product, 2 faq, 3 document),
//!           source_id: [u8; 16], position: u32, available: u8,
//!           text: str, metadata_len: u32, (key: str, value: str) * metadata_len,
//!           dimension: u32, f32 * dimension          (unit length, as searched)
//! delete  = 0x02, workspace: [u8; 16], source_type: u8, source_id: [u8; 16]
//! end     = 0x03, points: u64                         (last record of a snapshot)
//! str     = len: u32, UTF-8 bytes
//! ```
//!
//! Point ids are not stored: they are `SourceRef::point_id()`, fixed forever.

use std::collections::BTreeMap;

use kernel::WorkspaceId;
use knowledge::{SourceRef, SourceType};
use uuid::Uuid;

use super::partition::StoredPoint;

const UPSERT: u8 = 1;
const DELETE: u8 = 2;
const END: u8 = 3;

/// One point as logged: where it goes, what it says, its unit vector.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) workspace_id: WorkspaceId,
    pub(crate) point: StoredPoint,
    pub(crate) vector: Vec<f32>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    Upsert(Vec<Entry>),
    DeleteSource {
        workspace_id: WorkspaceId,
        source_type: SourceType,
        source_id: Uuid,
    },
    /// Closes a snapshot: one without it was cut short and is not trusted.
    End {
        points: u64,
    },
}

/// A record whose checksum matched but whose content does not parse: a bug or a file
/// from another program, never a torn write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Malformed(pub(crate) &'static str);

fn type_code(source_type: SourceType) -> u8 {
    match source_type {
        SourceType::Product => 1,
        SourceType::Faq => 2,
        SourceType::Document => 3,
    }
}

fn type_from_code(code: u8) -> Result<SourceType, Malformed> {
    match code {
        1 => Ok(SourceType::Product),
        2 => Ok(SourceType::Faq),
        3 => Ok(SourceType::Document),
        _ => Err(Malformed("unknown source type")),
    }
}

fn put_u32(out: &mut Vec<u8>, value: usize) {
    // Lengths past u32 cannot reach here: texts and batches are bounded far below.
    out.extend_from_slice(&u32::try_from(value).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    put_u32(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

/// Appends one upsert entry (without the record's tag and count).
pub(crate) fn put_entry(
    out: &mut Vec<u8>,
    workspace_id: WorkspaceId,
    point: &StoredPoint,
    vector: &[f32],
) {
    out.extend_from_slice(workspace_id.as_uuid().as_bytes());
    out.push(type_code(point.source.source_type));
    out.extend_from_slice(point.source.source_id.as_bytes());
    out.extend_from_slice(&point.source.position.to_le_bytes());
    out.push(u8::from(point.available));
    put_str(out, &point.text);
    put_u32(out, point.metadata.len());
    for (key, value) in &point.metadata {
        put_str(out, key);
        put_str(out, value);
    }
    put_u32(out, vector.len());
    for x in vector {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

/// Starts an upsert record; `finish_upsert` writes its count once the entries are in.
pub(crate) fn begin_upsert(out: &mut Vec<u8>) {
    out.push(UPSERT);
    out.extend_from_slice(&0u32.to_le_bytes());
}

pub(crate) fn finish_upsert(out: &mut [u8], count: usize) {
    let count = u32::try_from(count).unwrap_or(u32::MAX).to_le_bytes();
    if let Some(slot) = out.get_mut(1..5) {
        slot.copy_from_slice(&count);
    }
}

pub(crate) fn encode_delete(
    workspace_id: WorkspaceId,
    source_type: SourceType,
    source_id: Uuid,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(34);
    out.push(DELETE);
    out.extend_from_slice(workspace_id.as_uuid().as_bytes());
    out.push(type_code(source_type));
    out.extend_from_slice(source_id.as_bytes());
    out
}

pub(crate) fn encode_end(points: u64) -> Vec<u8> {
    let mut out = vec![END];
    out.extend_from_slice(&points.to_le_bytes());
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Malformed> {
        if n > self.bytes.len() {
            return Err(Malformed("record ends early"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, Malformed> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, Malformed> {
        let mut raw = [0u8; 4];
        raw.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(raw))
    }

    fn len(&mut self) -> Result<usize, Malformed> {
        usize::try_from(self.u32()?).map_err(|_| Malformed("length too large"))
    }

    fn u64(&mut self) -> Result<u64, Malformed> {
        let mut raw = [0u8; 8];
        raw.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(raw))
    }

    fn uuid(&mut self) -> Result<Uuid, Malformed> {
        let mut raw = [0u8; 16];
        raw.copy_from_slice(self.take(16)?);
        Ok(Uuid::from_bytes(raw))
    }

    fn string(&mut self) -> Result<String, Malformed> {
        let len = self.len()?;
        let raw = self.take(len)?;
        String::from_utf8(raw.to_vec()).map_err(|_| Malformed("text is not UTF-8"))
    }

    fn entry(&mut self) -> Result<Entry, Malformed> {
        let workspace_id = WorkspaceId::from_uuid(self.uuid()?);
        let source_type = type_from_code(self.u8()?)?;
        let source_id = self.uuid()?;
        let position = self.u32()?;
        let available = self.u8()? != 0;
        let text = self.string()?;
        let mut metadata = BTreeMap::new();
        for _ in 0..self.len()? {
            let key = self.string()?;
            metadata.insert(key, self.string()?);
        }
        let dimension = self.len()?;
        let raw = self.take(
            dimension
                .checked_mul(4)
                .ok_or(Malformed("vector too long"))?,
        )?;
        let vector = raw
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(Entry {
            workspace_id,
            point: StoredPoint {
                source: SourceRef {
                    source_type,
                    source_id,
                    position,
                },
                text,
                available,
                metadata,
            },
            vector,
        })
    }
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Op, Malformed> {
    let mut reader = Reader { bytes };
    let op = match reader.u8()? {
        UPSERT => {
            let count = reader.len()?;
            // The count comes from the file: never let it reserve more than the record holds.
            let mut entries = Vec::with_capacity(count.min(bytes.len() / 40));
            for _ in 0..count {
                entries.push(reader.entry()?);
            }
            Op::Upsert(entries)
        }
        DELETE => Op::DeleteSource {
            workspace_id: WorkspaceId::from_uuid(reader.uuid()?),
            source_type: type_from_code(reader.u8()?)?,
            source_id: reader.uuid()?,
        },
        END => Op::End {
            points: reader.u64()?,
        },
        _ => return Err(Malformed("unknown record type")),
    };
    if reader.bytes.is_empty() {
        Ok(op)
    } else {
        Err(Malformed("trailing bytes after record"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_round_trips() {
        let workspace_id = WorkspaceId::new();
        let point = StoredPoint {
            source: SourceRef {
                source_type: SourceType::Document,
                source_id: Uuid::now_v7(),
                position: 7,
            },
            text: "Crème brûlée, 250 g".into(),
            available: true,
            metadata: BTreeMap::from([
                ("file".into(), "menu.pdf".into()),
                ("page".into(), "2".into()),
            ]),
        };
        let vector = vec![0.6, -0.8, 0.0];
        let mut bytes = Vec::new();
        begin_upsert(&mut bytes);
        put_entry(&mut bytes, workspace_id, &point, &vector);
        put_entry(&mut bytes, workspace_id, &point, &vector);
        finish_upsert(&mut bytes, 2);
        let entry = Entry {
            workspace_id,
            point,
            vector,
        };
        assert_eq!(decode(&bytes), Ok(Op::Upsert(vec![entry.clone(), entry])));

        let source_id = Uuid::now_v7();
        assert_eq!(
            decode(&encode_delete(workspace_id, SourceType::Faq, source_id)),
            Ok(Op::DeleteSource {
                workspace_id,
                source_type: SourceType::Faq,
                source_id
            })
        );
        assert_eq!(decode(&encode_end(42)), Ok(Op::End { points: 42 }));
    }

    #[test]
    fn malformed_records_are_refused_not_guessed() {
        assert!(decode(&[]).is_err());
        assert!(decode(&[9]).is_err());
        let mut end = encode_end(1);
        end.push(0);
        assert_eq!(decode(&end), Err(Malformed("trailing bytes after record")));
        // A count far larger than the bytes: an error, not a huge allocation.
        assert!(decode(&[UPSERT, 0xff, 0xff, 0xff, 0xff]).is_err());
    }
}
