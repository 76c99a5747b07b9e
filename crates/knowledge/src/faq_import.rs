//! FAQ CSV import, on records the server has already decoded (`Vec<String>` per row,
//! the first being the header). Row numbers count the header as row 1, as a
//! spreadsheet shows them.
//!
//! The header is `question,answer,category,tags`: columns are found by name in any
//! order (case and spaces ignored); `question` and `answer` are required, `category`
//! and `tags` optional; an unknown column is an error, because a typo such as `answr`
//! would otherwise drop data silently. `tags` holds several tags separated by `,`, `;`
//! or `|` (quoted in the CSV when commas are used).
//!
//! Nothing is doubled silently: a question already in the knowledge base, or repeated
//! in the file, is reported as a duplicate (with the FAQ or row it repeats), not
//! imported again. Whether existing ones are overwritten, and whether anything is
//! written at all (`dry_run`), is the caller's decision on this result.

use std::collections::HashMap;

use serde::Serialize;

use crate::{FaqAnswer, FaqCategory, FaqId, FaqQuestion, FaqTags, NewFaq};

/// At most this many data rows in one file.
pub const MAX_FAQ_IMPORT_ROWS: usize = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FaqColumn {
    Question,
    Answer,
    Category,
    Tags,
}

impl FaqColumn {
    const ALL: [FaqColumn; 4] = [
        FaqColumn::Question,
        FaqColumn::Answer,
        FaqColumn::Category,
        FaqColumn::Tags,
    ];

    fn name(self) -> &'static str {
        match self {
            FaqColumn::Question => "question",
            FaqColumn::Answer => "answer",
            FaqColumn::Category => "category",
            FaqColumn::Tags => "tags",
        }
    }
}

/// One problem in one cell or row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaqRowError {
    /// 1-based; the header is row 1.
    pub row: usize,
    /// The column's header name, or empty for the whole row.
    pub column: String,
    pub code: &'static str,
    pub message: String,
}

impl FaqRowError {
    fn new(row: usize, column: &str, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            row,
            column: column.to_owned(),
            code,
            message: message.into(),
        }
    }
}

/// What a duplicate repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum DuplicateOf {
    /// An earlier row of the same file (its row number).
    Row(usize),
    /// A FAQ already in the knowledge base.
    Existing(FaqId),
}

/// A valid row whose question is already known; `faq` is kept so a caller that
/// overwrites existing FAQs has the new content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaqDuplicate {
    pub row: usize,
    pub faq: NewFaq,
    pub of: DuplicateOf,
}

/// A valid row with a question seen nowhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFaq {
    pub row: usize,
    pub faq: NewFaq,
}

/// The file read: new FAQs, duplicates and errors, each in row order. A row appears in
/// exactly one of the three (a row with several bad cells has several errors).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FaqSheet {
    pub new: Vec<ParsedFaq>,
    pub duplicates: Vec<FaqDuplicate>,
    pub errors: Vec<FaqRowError>,
}

impl FaqSheet {
    /// Rows with at least one error.
    pub fn invalid_rows(&self) -> usize {
        let mut rows: Vec<usize> = self.errors.iter().map(|e| e.row).collect();
        rows.dedup();
        rows.len()
    }
}

/// Reads the file. `existing` maps the dedupe keys of the workspace's FAQs to their ids
/// (`KnowledgeRepository::faq_keys`).
pub fn parse_faq_sheet(records: &[Vec<String>], existing: &HashMap<String, FaqId>) -> FaqSheet {
    let mut sheet = FaqSheet::default();
    let Some((header, rows)) = records.split_first() else {
        sheet.errors.push(FaqRowError::new(
            1,
            "",
            "missing_header",
            "the file is empty; the first row must be question,answer,category,tags",
        ));
        return sheet;
    };
    let columns = match read_header(header) {
        Ok(columns) => columns,
        Err(errors) => {
            sheet.errors = errors;
            return sheet;
        }
    };
    if rows.len() > MAX_FAQ_IMPORT_ROWS {
        sheet.errors.push(FaqRowError::new(
            1,
            "",
            "too_many_rows",
            format!(
                "the file has {} rows; import at most {MAX_FAQ_IMPORT_ROWS} at a time",
                rows.len()
            ),
        ));
        return sheet;
    }

    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, record) in rows.iter().enumerate() {
        let row = index + 2;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let faq = match read_row(row, record, &columns, header.len()) {
            Ok(faq) => faq,
            Err(errors) => {
                sheet.errors.extend(errors);
                continue;
            }
        };
        let key = faq.question.dedupe_key();
        if let Some(&first) = seen.get(&key) {
            sheet.duplicates.push(FaqDuplicate {
                row,
                faq,
                of: DuplicateOf::Row(first),
            });
        } else if let Some(&id) = existing.get(&key) {
            seen.insert(key, row);
            sheet.duplicates.push(FaqDuplicate {
                row,
                faq,
                of: DuplicateOf::Existing(id),
            });
        } else {
            seen.insert(key, row);
            sheet.new.push(ParsedFaq { row, faq });
        }
    }
    sheet
}

fn read_header(header: &[String]) -> Result<HashMap<FaqColumn, usize>, Vec<FaqRowError>> {
    let mut columns = HashMap::new();
    let mut errors = Vec::new();
    for (index, cell) in header.iter().enumerate() {
        let name: String = cell
            .trim_start_matches('\u{feff}')
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("_")
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        match FaqColumn::ALL.into_iter().find(|c| c.name() == name) {
            Some(column) if columns.contains_key(&column) => errors.push(FaqRowError::new(
                1,
                &name,
                "duplicate_column",
                format!("column '{name}' appears twice"),
            )),
            Some(column) => {
                columns.insert(column, index);
            }
            None => errors.push(FaqRowError::new(
                1,
                &name,
                "unknown_column",
                format!("unknown column '{name}'; the columns are question,answer,category,tags"),
            )),
        }
    }
    for required in [FaqColumn::Question, FaqColumn::Answer] {
        if !columns.contains_key(&required) {
            errors.push(FaqRowError::new(
                1,
                required.name(),
                "missing_column",
                format!("the header must have a '{}' column", required.name()),
            ));
        }
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

fn read_row(
    row: usize,
    record: &[String],
    columns: &HashMap<FaqColumn, usize>,
    width: usize,
) -> Result<NewFaq, Vec<FaqRowError>> {
    let mut errors = Vec::new();
    if record.len() > width && record[width..].iter().any(|c| !c.trim().is_empty()) {
        errors.push(FaqRowError::new(
            row,
            "",
            "too_many_cells",
            format!(
                "the row has {} cells but the header has {width} columns",
                record.len()
            ),
        ));
    }
    let cell = |column: FaqColumn| {
        columns
            .get(&column)
            .and_then(|&i| record.get(i))
            .map(String::as_str)
            .unwrap_or_default()
    };
    let question = FaqQuestion::parse(cell(FaqColumn::Question))
        .map_err(|e| errors.push(FaqRowError::new(row, "question", e.code(), e.to_string())))
        .ok();
    let answer = FaqAnswer::parse(cell(FaqColumn::Answer))
        .map_err(|e| errors.push(FaqRowError::new(row, "answer", e.code(), e.to_string())))
        .ok();
    let category = match cell(FaqColumn::Category).trim() {
        "" => None,
        raw => FaqCategory::parse(raw)
            .map_err(|e| errors.push(FaqRowError::new(row, "category", e.code(), e.to_string())))
            .ok(),
    };
    let tags = FaqTags::parse_list(cell(FaqColumn::Tags))
        .map_err(|e| errors.push(FaqRowError::new(row, "tags", e.code(), e.to_string())))
        .ok();
    match (question, answer, tags) {
        (Some(question), Some(answer), Some(tags)) if errors.is_empty() => {
            let mut faq = NewFaq::new(question, answer);
            faq.category = category;
            faq.tags = tags;
            Ok(faq)
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect()
    }

    const HEADER: &[&str] = &["question", "answer", "category", "tags"];

    #[test]
    fn valid_rows_become_faqs_with_category_and_tags() {
        let sheet = parse_faq_sheet(
            &records(&[
                HEADER,
                &[
                    "How do I reset my password?",
                    "Go to login.",
                    "account",
                    "password,security",
                ],
                &["What is your refund policy?", "30 days.", "", ""],
            ]),
            &HashMap::new(),
        );
        assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
        assert_eq!(sheet.new.len(), 2);
        let first = &sheet.new[0];
        assert_eq!(first.row, 2);
        assert_eq!(first.faq.category.as_ref().unwrap().as_str(), "account");
        assert_eq!(first.faq.tags.as_slice(), ["password", "security"]);
        assert!(first.faq.active);
        assert_eq!(sheet.new[1].faq.category, None);
        assert!(sheet.new[1].faq.tags.as_slice().is_empty());
    }

    #[test]
    fn columns_are_found_by_name_in_any_order() {
        let sheet = parse_faq_sheet(
            &records(&[
                &["\u{feff}Answer", " QUESTION "],
                &["Yes, to all of Italy.", "Do you ship to Milan?"],
            ]),
            &HashMap::new(),
        );
        assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
        assert_eq!(sheet.new[0].faq.question.as_str(), "Do you ship to Milan?");
    }

    #[test]
    fn a_bad_header_stops_the_import_with_every_problem_named() {
        let sheet = parse_faq_sheet(
            &records(&[&["question", "answr", "question"]]),
            &HashMap::new(),
        );
        let codes: Vec<(&str, &str)> = sheet
            .errors
            .iter()
            .map(|e| (e.column.as_str(), e.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("answr", "unknown_column"),
                ("question", "duplicate_column"),
                ("answer", "missing_column")
            ]
        );
        assert!(sheet.new.is_empty());
        assert_eq!(
            parse_faq_sheet(&[], &HashMap::new()).errors[0].code,
            "missing_header"
        );
    }

    #[test]
    fn row_errors_name_row_column_and_reason() {
        let sheet = parse_faq_sheet(
            &records(&[
                HEADER,
                &["Hi", "", "shipping", ""],
                &["Do you ship to Rome?", "Yes.", &"c".repeat(51), ""],
                &["Do you ship to Turin?", "Yes.", "", "a,b", "extra"],
                &["", "", "", ""],
                &["Do you ship to Naples?", "Yes."],
            ]),
            &HashMap::new(),
        );
        let errors: Vec<(usize, &str, &str)> = sheet
            .errors
            .iter()
            .map(|e| (e.row, e.column.as_str(), e.code))
            .collect();
        assert_eq!(
            errors,
            [
                (2, "question", "too_short"),
                (2, "answer", "missing"),
                (3, "category", "too_long"),
                (4, "", "too_many_cells"),
            ]
        );
        assert_eq!(sheet.invalid_rows(), 3);
        // The blank row is skipped; the short row reads missing cells as blank.
        assert_eq!(sheet.new.len(), 1);
        assert_eq!(sheet.new[0].row, 6);
    }

    #[test]
    fn duplicates_in_the_file_and_in_the_knowledge_base_are_reported_not_doubled() {
        let existing_id = FaqId::new();
        let existing = HashMap::from([("refund policy".to_owned(), existing_id)]);
        let sheet = parse_faq_sheet(
            &records(&[
                HEADER,
                &["Do you ship to Milan?", "Yes.", "", ""],
                &["What's your refund policy?", "60 days now.", "", ""],
                &["do you SHIP to milan", "Also yes.", "", ""],
                &["Shipping to Milán?", "Yes.", "", ""],
            ]),
            &existing,
        );
        assert!(sheet.errors.is_empty());
        assert_eq!(sheet.new.iter().map(|f| f.row).collect::<Vec<_>>(), [2, 5]);
        assert_eq!(
            sheet
                .duplicates
                .iter()
                .map(|d| (d.row, d.of))
                .collect::<Vec<_>>(),
            [
                (3, DuplicateOf::Existing(existing_id)),
                (4, DuplicateOf::Row(2))
            ]
        );
        assert_eq!(sheet.duplicates[0].faq.answer.as_str(), "60 days now.");
    }

    #[test]
    fn oversized_files_are_refused() {
        let mut rows = vec![HEADER.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>()];
        rows.extend((0..=MAX_FAQ_IMPORT_ROWS).map(|i| vec![format!("Question {i}?"), "A".into()]));
        let sheet = parse_faq_sheet(&rows, &HashMap::new());
        assert_eq!(sheet.errors[0].code, "too_many_rows");
        assert!(sheet.new.is_empty());
    }
}
