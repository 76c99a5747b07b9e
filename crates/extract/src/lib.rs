//! `knowledge::TextExtractor` in pure Rust: plain text and Markdown (UTF-8, a BOM,
//! UTF-16 with a BOM, or a legacy single-byte encoding), HTML (html5ever through
//! `scraper`), PDF (`lopdf`, one block per page) and DOCX (`zip` + `quick-xml`).
//!
//! Every format comes out the way chunking reads it: headings as Markdown heading
//! lines (`# Title`), paragraphs separated by a blank line, control characters gone.
//! Text that merely looks like a heading (`# 1 in sales` in a PDF) is escaped with a
//! backslash, so only real headings open sections.
//!
//! Untrusted input is handled defensively: the size is checked first, a DOCX is
//! measured (entries, declared sizes, compression ratios) before anything is inflated
//! and inflated through a budget anyway, the PDF parser runs under `catch_unwind`, and
//! extraction stops as soon as the text passes its limit. Parsing runs on tokio's
//! blocking pool so a 50 MB PDF never stalls the async workers.

mod docx;
mod html;
mod lines;
mod pdf;
mod text;

use async_trait::async_trait;
use knowledge::{DocumentFormat, ExtractError, ExtractedText, TextBlock, TextExtractor};

pub use lines::escape_heading_like;

const MB: u64 = 1024 * 1024;

/// What one extraction may cost. The input size limits are the formats' own
/// (`DocumentFormat::max_bytes`: PDF 50 MB, DOCX 25 MB, text formats 10 MB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractLimits {
    /// Characters of text taken from one document.
    pub max_text_chars: usize,
    /// Entries a DOCX archive may list.
    pub max_archive_entries: usize,
    /// What a DOCX archive may declare, all entries together, once inflated; and what
    /// the parts actually read may inflate to.
    pub max_uncompressed_bytes: u64,
    /// Inflated size over compressed size, for entries larger than
    /// `RATIO_CHECKED_ABOVE` (small XML parts compress very well and are harmless).
    pub max_compression_ratio: u64,
    /// What one PDF stream may inflate to.
    pub max_pdf_stream_bytes: usize,
}

/// Entries smaller than this are not held to `max_compression_ratio`.
pub const RATIO_CHECKED_ABOVE: u64 = MB;

impl Default for ExtractLimits {
    fn default() -> Self {
        Self {
            // As much as the largest plain-text upload (10 MB) can hold, so any text
            // file that passed the upload check fits.
            max_text_chars: 10 * 1024 * 1024,
            max_archive_entries: 5_000,
            max_uncompressed_bytes: 200 * MB,
            max_compression_ratio: 100,
            max_pdf_stream_bytes: 64 * 1024 * 1024,
        }
    }
}

/// The extractor the server wires in: every format, in process.
#[derive(Debug, Clone, Default)]
pub struct NativeTextExtractor {
    limits: ExtractLimits,
}

impl NativeTextExtractor {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_limits(limits: ExtractLimits) -> Self {
        Self { limits }
    }

    pub fn limits(&self) -> ExtractLimits {
        self.limits
    }
}

#[async_trait]
impl TextExtractor for NativeTextExtractor {
    #[tracing::instrument(skip_all, fields(format = format.mime_type(), bytes = bytes.len()))]
    async fn extract(
        &self,
        bytes: &[u8],
        format: DocumentFormat,
    ) -> Result<ExtractedText, ExtractError> {
        // Refuse an oversized file before copying it to the blocking pool.
        check_size(bytes, format)?;
        let bytes = bytes.to_vec();
        let limits = self.limits;
        tokio::task::spawn_blocking(move || extract(&bytes, format, &limits))
            .await
            .map_err(|err| ExtractError::Unexpected(format!("the extraction task failed: {err}")))?
    }
}

/// Extracts synchronously (the async port runs this on the blocking pool).
pub fn extract(
    bytes: &[u8],
    format: DocumentFormat,
    limits: &ExtractLimits,
) -> Result<ExtractedText, ExtractError> {
    check_size(bytes, format)?;
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let extracted = match format {
        DocumentFormat::PlainText => ExtractedText::plain(text::plain(bytes)?),
        DocumentFormat::Markdown => ExtractedText::plain(text::markdown(bytes)?),
        DocumentFormat::Html => ExtractedText::plain(html::extract(bytes)?),
        DocumentFormat::Pdf => pdf::extract(bytes, limits)?,
        DocumentFormat::Docx => ExtractedText::plain(docx::extract(bytes, limits)?),
    };
    finish(extracted, limits)
}

/// The upload check (`NewDocument::new`) refuses larger files; a caller that skipped
/// it broke the port's contract, which is what `Unexpected` is for.
fn check_size(bytes: &[u8], format: DocumentFormat) -> Result<(), ExtractError> {
    let size = bytes.len() as u64;
    if size > format.max_bytes() {
        return Err(ExtractError::Unexpected(format!(
            "the file is {size} bytes; {} files may be at most {} bytes",
            format.mime_type(),
            format.max_bytes()
        )));
    }
    Ok(())
}

/// Cleans every block, drops blank ones, and applies the text limit.
fn finish(extracted: ExtractedText, limits: &ExtractLimits) -> Result<ExtractedText, ExtractError> {
    let mut total = 0usize;
    let mut blocks = Vec::with_capacity(extracted.blocks.len());
    for block in extracted.blocks {
        let text = lines::clean(&block.text);
        total += text.chars().count();
        if total > limits.max_text_chars {
            return Err(ExtractError::TooMuchText {
                limit_chars: limits.max_text_chars,
            });
        }
        // A blank page keeps its place, so page numbers stay true; only a document
        // that is blank throughout is refused below.
        blocks.push(TextBlock {
            page: block.page,
            text,
        });
    }
    let cleaned = ExtractedText { blocks };
    if cleaned.is_blank() {
        return Err(ExtractError::Empty);
    }
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_files_are_refused_before_parsing() {
        let big = vec![b'a'; 10 * 1024 * 1024 + 1];
        let err = extract(&big, DocumentFormat::PlainText, &ExtractLimits::default()).unwrap_err();
        assert!(
            matches!(&err, ExtractError::Unexpected(m) if m.contains("10485761 bytes")),
            "{err:?}"
        );
        // The same bytes are within the PDF limit, where they are judged as a PDF.
        let err = extract(&big, DocumentFormat::Pdf, &ExtractLimits::default()).unwrap_err();
        assert_eq!(err.code(), "corrupt_file");
    }

    #[test]
    fn empty_and_blank_files_have_no_text() {
        let limits = ExtractLimits::default();
        for format in DocumentFormat::ALL {
            assert_eq!(extract(b"", format, &limits), Err(ExtractError::Empty));
        }
        assert_eq!(
            extract(b" \n\t\r\n ", DocumentFormat::PlainText, &limits),
            Err(ExtractError::Empty)
        );
    }

    #[test]
    fn text_past_the_limit_is_refused() {
        let limits = ExtractLimits {
            max_text_chars: 10,
            ..ExtractLimits::default()
        };
        assert_eq!(
            extract(b"eleven char", DocumentFormat::PlainText, &limits),
            Err(ExtractError::TooMuchText { limit_chars: 10 })
        );
        assert!(extract(b"ten chars!", DocumentFormat::PlainText, &limits).is_ok());
    }

    #[tokio::test]
    async fn the_port_runs_extraction_off_the_async_workers() {
        let extractor = NativeTextExtractor::new();
        let text = extractor
            .extract(b"# Shipping\nWe ship in 2 days.", DocumentFormat::Markdown)
            .await
            .unwrap();
        assert_eq!(text, ExtractedText::plain("# Shipping\nWe ship in 2 days."));
        let err = extractor
            .extract(b"\x00\x01\x02garbage", DocumentFormat::PlainText)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "binary_content");
    }
}
