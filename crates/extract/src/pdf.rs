//! PDF: loaded with `lopdf` (streams inflated within a budget), then each page's
//! content stream is walked for its text, one block per page numbered from 1.
//!
//! The walk follows text positioning, which `lopdf`'s own extraction ignores: a move
//! to another line (`Td`/`TD` with a vertical offset, `T*`, `'`, `"`, a text matrix on
//! another baseline) ends the line, a move along the line or a wide gap inside a `TJ`
//! array is a space. So words that a generator placed one by one do not run together.
//!
//! A parser that panics on a malformed file must not take the worker down: the whole
//! extraction runs under `catch_unwind`, and a panic is reported as a damaged file.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use knowledge::{ExtractError, ExtractedText, TextBlock};
use lopdf::content::Content;
use lopdf::{Document, Encoding, LoadOptions, Object};

use crate::ExtractLimits;
use crate::lines::escape_heading_like;

const FORMAT: &str = "PDF";

/// A `TJ` adjustment more negative than this (thousandths of a text-space unit) is a
/// gap between words rather than kerning.
const WORD_GAP: f32 = -200.0;

pub(crate) fn extract(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedText, ExtractError> {
    // The header may follow a little junk, as readers allow, but must be there.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(corrupt(
            "there is no PDF header; the file is something else renamed .pdf",
        ));
    }
    catch_unwind(AssertUnwindSafe(|| read(bytes, limits))).unwrap_or_else(|_| {
        Err(corrupt(
            "the PDF reader could not make sense of its structure",
        ))
    })
}

fn read(bytes: &[u8], limits: &ExtractLimits) -> Result<ExtractedText, ExtractError> {
    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_pdf_stream_bytes),
        ..LoadOptions::default()
    };
    let document = Document::load_mem_with_options(bytes, options).map_err(|err| match err {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => ExtractError::Encrypted,
        other => corrupt(&other.to_string()),
    })?;
    // Encrypted with a password other than the empty one: loaded, but not decrypted.
    if document.trailer.has(b"Encrypt") && !document.was_encrypted() {
        return Err(ExtractError::Encrypted);
    }
    let pages = document.get_pages();
    if pages.is_empty() {
        return Err(corrupt("it has no pages"));
    }
    let mut blocks = Vec::with_capacity(pages.len());
    let mut chars = 0usize;
    let mut first_error = None;
    let mut readable = 0usize;
    for (number, page_id) in pages {
        let text = match page_text(&document, page_id, limits) {
            Ok(text) => {
                readable += 1;
                text
            }
            Err(err) => {
                first_error.get_or_insert(err);
                String::new()
            }
        };
        chars += text.chars().count();
        if chars > limits.max_text_chars {
            return Err(ExtractError::TooMuchText {
                limit_chars: limits.max_text_chars,
            });
        }
        blocks.push(TextBlock {
            page: Some(number),
            text,
        });
    }
    if readable == 0
        && let Some(err) = first_error
    {
        return Err(corrupt(&format!("no page could be read ({err})")));
    }
    Ok(ExtractedText { blocks })
}

fn page_text(
    document: &Document,
    page_id: lopdf::ObjectId,
    limits: &ExtractLimits,
) -> Result<String, lopdf::Error> {
    let encodings: BTreeMap<Vec<u8>, Encoding> = document
        .get_page_fonts(page_id)?
        .into_iter()
        .filter_map(|(name, font)| font.get_font_encoding(document).ok().map(|e| (name, e)))
        .collect();
    let data = document.get_page_content_with_limit(page_id, limits.max_pdf_stream_bytes)?;
    let content = Content::decode(&data)?;
    let mut page = PageText::default();
    let mut encoding: Option<&Encoding> = None;
    for operation in &content.operations {
        let operands = &operation.operands;
        match operation.operator.as_str() {
            "BT" => page.baseline = None,
            "ET" => page.new_line(),
            "Tf" => {
                encoding = operands
                    .first()
                    .and_then(|name| name.as_name().ok())
                    .and_then(|name| encodings.get(name));
            }
            "Td" | "TD" => {
                let dx = number(operands.first());
                let dy = number(operands.get(1));
                if dy.abs() > f32::EPSILON {
                    page.new_line();
                } else if dx.abs() > f32::EPSILON {
                    page.space();
                }
            }
            "Tm" => {
                let y = number(operands.get(5));
                match page.baseline {
                    Some(previous) if (previous - y).abs() > 0.5 => page.new_line(),
                    Some(_) => page.space(),
                    None => {}
                }
                page.baseline = Some(y);
            }
            "T*" => page.new_line(),
            "'" => {
                page.new_line();
                page.show(encoding, operands.first());
            }
            "\"" => {
                page.new_line();
                page.show(encoding, operands.get(2));
            }
            "Tj" => page.show(encoding, operands.first()),
            "TJ" => {
                if let Some(Object::Array(items)) = operands.first() {
                    for item in items {
                        match item {
                            Object::String(..) => page.show(encoding, Some(item)),
                            other if number(Some(other)) < WORD_GAP => page.space(),
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
    page.new_line();
    Ok(page.lines.join("\n"))
}

#[derive(Default)]
struct PageText {
    lines: Vec<String>,
    line: String,
    /// The vertical position of the last text matrix in this text object.
    baseline: Option<f32>,
}

impl PageText {
    fn show(&mut self, encoding: Option<&Encoding>, operand: Option<&Object>) {
        let (Some(encoding), Some(Object::String(bytes, _))) = (encoding, operand) else {
            return;
        };
        if let Ok(text) = encoding.bytes_to_string(bytes) {
            self.line.push_str(&text);
        }
    }

    fn space(&mut self) {
        if !self.line.is_empty() && !self.line.ends_with(char::is_whitespace) {
            self.line.push(' ');
        }
    }

    fn new_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !line.is_empty() {
            self.lines.push(escape_heading_like(&line).into_owned());
        }
    }
}

fn number(operand: Option<&Object>) -> f32 {
    match operand {
        Some(Object::Integer(i)) => *i as f32,
        Some(Object::Real(r)) => *r,
        _ => 0.0,
    }
}

fn corrupt(detail: &str) -> ExtractError {
    ExtractError::Corrupt {
        format: FORMAT,
        detail: detail.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use lopdf::content::Operation;
    use lopdf::{EncryptionState, EncryptionVersion, Permissions, Stream, dictionary};

    use super::*;

    /// A PDF with one page per entry, each page's text shown line by line, the way
    /// many generators write it (each line positioned with `Td`, words in a `TJ`).
    fn pdf_document(pages: &[&[&str]]) -> Document {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let resources_id = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font_id },
        });
        let mut kids = Vec::new();
        for lines in pages {
            let mut operations = vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
                Operation::new("Td", vec![72.into(), 760.into()]),
            ];
            for line in *lines {
                // Words spaced by a TJ gap, not by a space character.
                let mut items = Vec::new();
                for (i, word) in line.split(' ').enumerate() {
                    if i > 0 {
                        items.push(Object::Integer(-250));
                    }
                    items.push(Object::string_literal(word));
                }
                operations.push(Operation::new("TJ", vec![Object::Array(items)]));
                operations.push(Operation::new("Td", vec![0.into(), (-14).into()]));
            }
            operations.push(Operation::new("ET", vec![]));
            let content = Content { operations };
            let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
            let page_id = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content_id,
            });
            kids.push(page_id.into());
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => count,
                "Resources" => resources_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }),
        );
        let catalog_id = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
        });
        doc.trailer.set("Root", catalog_id);
        doc.trailer.set(
            "ID",
            Object::Array(vec![
                Object::string_literal(b"0123456789abcdef".to_vec()),
                Object::string_literal(b"0123456789abcdef".to_vec()),
            ]),
        );
        doc
    }

    fn save(mut doc: Document) -> Vec<u8> {
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    fn encrypted(user_password: &str) -> Vec<u8> {
        let mut doc = pdf_document(&[&["Secret prices"]]);
        let state = EncryptionState::try_from(EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password,
            key_length: 128,
            permissions: Permissions::all(),
        })
        .unwrap();
        doc.encrypt(&state).unwrap();
        save(doc)
    }

    fn limits() -> ExtractLimits {
        ExtractLimits::default()
    }

    #[test]
    fn text_comes_out_page_by_page_with_lines_and_spaces() {
        let bytes = save(pdf_document(&[
            &["Shipping guide", "We ship to Milan in 2 days."],
            &[],
            &["Returns are free", "# 1 seller in Italy"],
        ]));
        let text = extract(&bytes, &limits()).unwrap();
        assert_eq!(
            text.blocks,
            vec![
                TextBlock {
                    page: Some(1),
                    text: "Shipping guide\nWe ship to Milan in 2 days.".to_owned()
                },
                TextBlock {
                    page: Some(2),
                    text: String::new()
                },
                TextBlock {
                    page: Some(3),
                    text: "Returns are free\n\\# 1 seller in Italy".to_owned()
                },
            ]
        );
        let full = crate::extract(&bytes, knowledge::DocumentFormat::Pdf, &limits()).unwrap();
        assert_eq!(full.blocks.len(), 3);
    }

    #[test]
    fn a_pdf_without_text_is_empty() {
        let bytes = save(pdf_document(&[&[], &[]]));
        assert_eq!(
            crate::extract(&bytes, knowledge::DocumentFormat::Pdf, &limits()),
            Err(ExtractError::Empty)
        );
    }

    #[test]
    fn a_password_protected_pdf_is_encrypted() {
        assert_eq!(
            extract(&encrypted("s3cret"), &limits()),
            Err(ExtractError::Encrypted)
        );
    }

    #[test]
    fn a_pdf_locked_only_against_editing_is_read() {
        // An empty user password: anyone may open it, so its text is readable.
        let text = extract(&encrypted(""), &limits()).unwrap();
        assert_eq!(text.blocks[0].text, "Secret prices");
    }

    #[test]
    fn files_that_are_not_pdfs_are_corrupt() {
        for junk in [
            b"just some text named .pdf".to_vec(),
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(),
            b"%PDF-1.7\n".to_vec(),
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"
                .to_vec(),
        ] {
            let err = extract(&junk, &limits()).unwrap_err();
            assert!(
                matches!(err, ExtractError::Corrupt { format: "PDF", .. }),
                "{junk:?}: {err:?}"
            );
        }
    }

    #[test]
    fn damaged_pdfs_never_panic() {
        let good = save(pdf_document(&[&["Shipping guide", "We ship to Milan."]]));
        // Cut short, bytes flipped, and sections swapped: every outcome is a value.
        for cut in (0..good.len()).step_by(7) {
            let _ = extract(&good[..cut], &limits());
        }
        let mut flipped = good.clone();
        for i in (9..flipped.len()).step_by(13) {
            flipped[i] = flipped[i].wrapping_mul(31).wrapping_add(7);
            let _ = extract(&flipped, &limits());
        }
        let mut state = 0x2545_f491_u32;
        for _ in 0..200 {
            let mut noise = b"%PDF-1.5\n".to_vec();
            for _ in 0..400 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                noise.push(
                    b"0123456789 obj<<>>[]/R endstream stream xref trailer\n"
                        [(state % 52) as usize],
                );
            }
            let _ = extract(&noise, &limits());
        }
    }

    #[test]
    fn text_past_the_limit_stops_extraction() {
        let bytes = save(pdf_document(&[&["one two three"], &["four five six"]]));
        let small = ExtractLimits {
            max_text_chars: 20,
            ..limits()
        };
        assert_eq!(
            extract(&bytes, &small),
            Err(ExtractError::TooMuchText { limit_chars: 20 })
        );
    }
}
