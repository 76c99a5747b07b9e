//! Getting text out of uploaded files, with the structure chunking needs.

use async_trait::async_trait;
use serde::Serialize;

use crate::DocumentFormat;

/// A run of text and the page it is on (`None` for formats without pages). Headings
/// are written as Markdown heading lines (`# Title`, `## Subtitle`) whatever the source
/// format, so chunking recognises them the same way in a DOCX, an HTML page or a PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextBlock {
    pub page: Option<u32>,
    pub text: String,
}

/// A document's text in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ExtractedText {
    pub blocks: Vec<TextBlock>,
}

impl ExtractedText {
    /// Unpaged text (plain text, Markdown).
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            blocks: vec![TextBlock {
                page: None,
                text: text.into(),
            }],
        }
    }

    /// One block per page, numbered from 1.
    pub fn paged<S: Into<String>>(pages: impl IntoIterator<Item = S>) -> Self {
        Self {
            blocks: pages
                .into_iter()
                .zip(1u32..)
                .map(|(text, page)| TextBlock {
                    page: Some(page),
                    text: text.into(),
                })
                .collect(),
        }
    }

    /// Whether there is any visible text at all (a scanned PDF without OCR has none).
    pub fn is_blank(&self) -> bool {
        self.blocks.iter().all(|b| b.text.trim().is_empty())
    }
}

/// Why text could not be extracted. Each variant becomes the document's failure, so
/// each says what the seller can do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("files of type '{0}' cannot be read")]
    UnsupportedType(String),
    #[error("the file has no text to read (a scanned PDF needs OCR before upload)")]
    Empty,
    /// Bytes that are not text where text was promised (an image renamed `.txt`).
    #[error("the file is not {expected}: it looks like binary data")]
    Binary { expected: &'static str },
    #[error("the file is password-protected; upload a copy without a password")]
    Encrypted,
    /// A compressed format (DOCX) that inflates far beyond a real document: refused
    /// before it exhausts memory.
    #[error(
        "the file expands to more than {limit_bytes} bytes when decompressed; it may be a zip bomb"
    )]
    ZipBomb { limit_bytes: u64 },
    /// More text than the knowledge base takes from one document.
    #[error("the file has more than {limit_chars} characters of text; split it into smaller files")]
    TooMuchText { limit_chars: usize },
    #[error("the file is damaged or not a valid {format}: {detail}")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    #[error("unexpected extraction failure: {0}")]
    Unexpected(String),
}

impl ExtractError {
    /// Stable codes for the document's failure and the API.
    pub fn code(&self) -> &'static str {
        match self {
            ExtractError::UnsupportedType(_) => "unsupported_type",
            ExtractError::Empty => "no_text",
            ExtractError::Binary { .. } => "binary_content",
            ExtractError::Encrypted => "encrypted",
            ExtractError::ZipBomb { .. } => "zip_bomb",
            ExtractError::TooMuchText { .. } => "too_much_text",
            ExtractError::Corrupt { .. } => "corrupt_file",
            ExtractError::Unexpected(_) => "extraction_failed",
        }
    }

    /// What the document records when extraction fails.
    pub fn to_failure(&self) -> crate::DocumentFailure {
        crate::DocumentFailure::new(self.code(), &self.to_string())
    }
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait TextExtractor: Send + Sync {
    /// Reads the text of a file of this `format`. Adapters enforce their own limits on
    /// decompressed size and text length and report them with the variants above.
    async fn extract(
        &self,
        bytes: &[u8],
        format: DocumentFormat,
    ) -> Result<ExtractedText, ExtractError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paged_text_numbers_pages_from_one() {
        let text = ExtractedText::paged(["first", "second"]);
        assert_eq!(text.blocks[1].page, Some(2));
        assert!(!text.is_blank());
        assert!(ExtractedText::paged(["  ", "\n"]).is_blank());
        assert_eq!(ExtractedText::plain("x").blocks[0].page, None);
    }

    #[test]
    fn extraction_errors_become_precise_document_failures() {
        let failure = ExtractError::Encrypted.to_failure();
        assert_eq!(failure.code(), "encrypted");
        assert!(failure.message().contains("password-protected"));
        let bomb = ExtractError::ZipBomb { limit_bytes: 100 }.to_failure();
        assert_eq!(bomb.code(), "zip_bomb");
        assert!(bomb.message().contains("100 bytes"));
        assert_eq!(
            ExtractError::Binary {
                expected: "plain text"
            }
            .to_string(),
            "the file is not plain text: it looks like binary data"
        );
    }
}
