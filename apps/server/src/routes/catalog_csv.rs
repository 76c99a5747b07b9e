//! The catalog CSV on the wire: reading an upload (a `text/csv` body, or the `file`
//! field of a `multipart/form-data` form), decoding it into the records the catalog's
//! import reads, and encoding the export.
//!
//! Decoding is where bytes are judged: a UTF-8 BOM is dropped, `,`, `;` or tab is
//! detected from the header line (spreadsheets in much of Europe save with `;`), cells
//! are trimmed, and input that is not CSV text is refused with `invalid_csv` and the
//! row where reading stopped. Everything about the *content* of cells is the catalog's
//! business (`catalog::import`), which reports row errors with row and column.

use actix_multipart::Multipart;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, web};
use catalog::import::MAX_IMPORT_ROWS;
use futures_util::StreamExt;
use serde_json::json;

use crate::http::{ApiError, ErrorCode, FieldErrors};

/// Largest file accepted: 10 MiB holds far more than the 10,000 rows an import takes.
pub const MAX_CSV_BYTES: usize = 10 * 1024 * 1024;

/// More cells than this in one row is not a catalog file (it has 11 columns); refusing
/// it early keeps junk from turning into millions of cells in memory.
pub const MAX_CELLS_PER_ROW: usize = 100;

/// The longest legitimate cell is ten image URLs of 2,048 characters; anything much
/// longer is junk, and echoing it back in row errors would only bloat the answer.
pub const MAX_CELL_CHARS: usize = 32 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The uploaded file's bytes, from a `text/csv` body or a multipart `file` field.
pub async fn read_upload(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    let mime = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match mime.as_str() {
        "text/csv" | "application/csv" => read_limited(payload, limit).await,
        "multipart/form-data" => {
            read_file_field(Multipart::new(req.headers(), payload), limit).await
        }
        _ => Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the file as a text/csv body, or as the 'file' field of a multipart/form-data form",
        )),
    }
}

async fn read_limited(
    mut stream: impl futures_util::Stream<Item = Result<web::Bytes, impl std::fmt::Display>> + Unpin,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::new(
                ErrorCode::MalformedUpload,
                format!("cannot read the body: {e}"),
            )
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

async fn read_file_field(mut form: Multipart, limit: usize) -> Result<Vec<u8>, ApiError> {
    while let Some(field) = form.next().await {
        let field = field.map_err(|e| {
            ApiError::new(
                ErrorCode::MalformedUpload,
                format!("cannot read the form: {e}"),
            )
        })?;
        if field.name() == Some("file") {
            return read_limited(field, limit).await;
        }
        // Other fields are skipped; the form moves on once a field is dropped unread.
    }
    let mut errors = FieldErrors::new();
    errors.add(
        "file",
        "missing",
        "the form has no 'file' field holding the CSV file",
    );
    errors.finish()?;
    Err(ApiError::unexpected("a missing field was not reported"))
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!(
            "the file is larger than {} MB; split it in parts",
            limit / (1024 * 1024)
        ),
    )
}

fn invalid(row: usize, message: impl Into<String>) -> ApiError {
    let message = message.into();
    ApiError::new(ErrorCode::InvalidCsv, format!("row {row}: {message}"))
        .with_details(json!({ "row": row }))
}

/// Decodes a CSV file into records, the header first. Blank lines between rows are kept
/// as empty records so row numbers match what a spreadsheet shows (header = row 1).
/// Stops after `MAX_IMPORT_ROWS + 1` data rows: the catalog reports the file as too long.
pub fn decode(bytes: &[u8]) -> Result<Vec<Vec<String>>, ApiError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            // The valid part is text: read it to say in which row the bad byte sits.
            let valid = &bytes[..e.valid_up_to()];
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let records = read_records(prefix).map(|r| r.len()).unwrap_or(0);
            let row = if prefix.is_empty() || prefix.ends_with('\n') {
                records + 1
            } else {
                records.max(1)
            };
            return Err(invalid(
                row,
                "the file is not UTF-8 text; save it as \"CSV UTF-8\" and try again",
            ));
        }
    };
    read_records(text)
}

fn read_records(text: &str) -> Result<Vec<Vec<String>>, ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(detect_delimiter(text))
        .from_reader(text.as_bytes());
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let row = records.len() + 1;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(invalid(row, format!("unreadable CSV: {e}"))),
        }
        // The reader skips blank lines silently; put them back after the header so a
        // row error names the row a spreadsheet shows.
        if !records.is_empty() {
            let start = record
                .position()
                .and_then(|p| usize::try_from(p.byte()).ok())
                .unwrap_or(text.len());
            for _ in 0..blank_lines_before(text, start) {
                if records.len() > MAX_IMPORT_ROWS + 1 {
                    break;
                }
                records.push(Vec::new());
            }
        }
        if records.len() > MAX_IMPORT_ROWS + 1 {
            break;
        }
        let row = records.len() + 1;
        if record.len() > MAX_CELLS_PER_ROW {
            return Err(invalid(
                row,
                format!(
                    "{} cells; a catalog row has at most {MAX_CELLS_PER_ROW}",
                    record.len()
                ),
            ));
        }
        if record
            .iter()
            .any(|cell| cell.chars().count() > MAX_CELL_CHARS)
        {
            return Err(invalid(
                row,
                format!("a cell is longer than {MAX_CELL_CHARS} characters"),
            ));
        }
        records.push(record.iter().map(str::to_owned).collect());
    }
    Ok(records)
}

/// How many empty lines come between the end of one record and `start`, where the
/// reader resumed: `\n`, `\r\n` or a lone `\r` each end one. The reader may resume
/// between the `\r` and `\n` of the previous record's own line end, which is no blank line.
fn blank_lines_before(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = start.min(bytes.len());
    if start > 0 && bytes[start - 1] == b'\r' && bytes.get(start) == Some(&b'\n') {
        start += 1;
    }
    let terminators: Vec<u8> = bytes[start..]
        .iter()
        .copied()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .collect();
    let newlines = terminators.iter().filter(|b| **b == b'\n').count();
    if newlines > 0 {
        newlines
    } else {
        terminators.len()
    }
}

/// `;` or tab when the header line has more of them than commas, else `,`. Quoted
/// text is skipped, so a header cell like "name, as shown" does not count.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let (mut commas, mut semicolons, mut tabs, mut quoted) = (0, 0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas && tabs > semicolons {
        b'\t'
    } else {
        b','
    }
}

/// Encodes records as CSV text with `,`, quoting only cells that need it.
pub fn encode(records: &[Vec<String>]) -> Result<Vec<u8>, ApiError> {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    for record in records {
        writer.write_record(record).map_err(ApiError::unexpected)?;
    }
    writer.into_inner().map_err(ApiError::unexpected)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn a_bom_is_dropped_and_cells_are_trimmed() {
        let records = decode(b"\xEF\xBB\xBFname, price\n Glow Serum ,45\n").unwrap();
        assert_eq!(
            records,
            [row(&["name", "price"]), row(&["Glow Serum", "45"])]
        );
    }

    #[test]
    fn semicolons_and_tabs_are_detected_from_the_header() {
        let records =
            decode("name;price;description\nCrema all'acqua;24,90;\"a; b\"\n".as_bytes()).unwrap();
        assert_eq!(
            records,
            [
                row(&["name", "price", "description"]),
                row(&["Crema all'acqua", "24,90", "a; b"])
            ]
        );
        let records = decode(b"name\tprice\nSerum\t45\n").unwrap();
        assert_eq!(records[1], row(&["Serum", "45"]));
        assert_eq!(detect_delimiter("\"a;b;c\",price\n"), b',');
    }

    #[test]
    fn blank_lines_keep_spreadsheet_row_numbers() {
        let records = decode(b"name,price\nA,1\n\n\nB,2\r\n\r\nC,3\n\n").unwrap();
        assert_eq!(records.len(), 7);
        assert_eq!(records[4], row(&["B", "2"]), "B is row 5");
        assert!(records[5].is_empty());
        assert_eq!(records[6], row(&["C", "3"]), "C is row 7");
    }

    #[test]
    fn multi_line_cells_are_one_row() {
        let records =
            decode(b"name,price,description\nA,1,\"line one\nline two\"\nB,2,\n").unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[1][2], "line one\nline two");
        assert_eq!(records[2], row(&["B", "2", ""]));
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_with_its_row() {
        let error = decode(b"name,price\nA,1\nCr\xE8me,2\n").unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidCsv);
        assert_eq!(error.details.unwrap()["row"], 3);
        let error = decode(b"name,price\n\xFF\xFE").unwrap_err();
        assert_eq!(error.details.unwrap()["row"], 2);
        assert!(error.message.contains("UTF-8"), "{}", error.message);
    }

    #[test]
    fn junk_rows_are_refused_before_they_fill_memory() {
        let wide = format!("name,price\n{}\n", "x,".repeat(500));
        let error = decode(wide.as_bytes()).unwrap_err();
        assert_eq!(error.details.unwrap()["row"], 2);
        let long = format!("name,price\nA,{}\n", "9".repeat(MAX_CELL_CHARS + 1));
        let error = decode(long.as_bytes()).unwrap_err();
        assert!(error.message.contains("longer than"), "{}", error.message);
    }

    #[test]
    fn reading_stops_past_the_row_limit() {
        let mut text = String::from("name,price\n");
        for i in 0..(MAX_IMPORT_ROWS + 50) {
            text.push_str(&format!("P{i},1\n"));
        }
        let records = decode(text.as_bytes()).unwrap();
        assert_eq!(records.len(), MAX_IMPORT_ROWS + 2);
        let blank = format!("name,price\nA,1{}B,2\n", "\n".repeat(MAX_IMPORT_ROWS * 3));
        assert_eq!(decode(blank.as_bytes()).unwrap().len(), MAX_IMPORT_ROWS + 2);
    }

    #[test]
    fn encoding_quotes_only_what_needs_it_and_decodes_back() {
        let records = vec![
            row(&["name", "price", "description"]),
            row(&[
                "Sữa rửa mặt, trà xanh",
                "350000",
                "He said \"wow\"\nnext line",
            ]),
        ];
        let bytes = encode(&records).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with("name,price,description\n"));
        assert_eq!(decode(&bytes).unwrap(), records);
    }
}
