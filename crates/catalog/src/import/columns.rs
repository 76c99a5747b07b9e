//! The columns of the catalog CSV and how a header row maps to them.

use super::RowError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Price,
    Currency,
    Description,
    VariantType,
    VariantName,
    VariantPrice,
    Category,
    Stock,
    Sku,
    ImageUrl,
}

impl Column {
    /// In the order export writes them: the spec's seven, then the optional four.
    pub const ALL: [Column; 11] = [
        Column::Name,
        Column::Price,
        Column::Currency,
        Column::Description,
        Column::VariantType,
        Column::VariantName,
        Column::VariantPrice,
        Column::Category,
        Column::Stock,
        Column::Sku,
        Column::ImageUrl,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Price => "price",
            Column::Currency => "currency",
            Column::Description => "description",
            Column::VariantType => "variant_type",
            Column::VariantName => "variant_name",
            Column::VariantPrice => "variant_price",
            Column::Category => "category",
            Column::Stock => "stock",
            Column::Sku => "sku",
            Column::ImageUrl => "image_url",
        }
    }

    /// Header cells are matched loosely: "Variant Type" and "variant-type" both work.
    pub fn parse(header: &str) -> Option<Column> {
        let normalized: String = header
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == ' ' || c == '-' { '_' } else { c })
            .collect();
        Column::ALL.into_iter().find(|c| c.as_str() == normalized)
    }
}

/// Where each known column sits in a record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Columns {
    positions: Vec<(Column, usize)>,
    width: usize,
}

impl Columns {
    /// Reads the header row. Errors are reported against row 1; `name` and `price` are
    /// required, unknown and repeated columns are refused.
    pub(crate) fn read(header: &[String]) -> (Columns, Vec<RowError>) {
        let mut columns = Columns {
            positions: Vec::new(),
            width: header.len(),
        };
        let mut errors = Vec::new();
        for (index, cell) in header.iter().enumerate() {
            if cell.trim().is_empty() {
                continue;
            }
            match Column::parse(cell) {
                None => errors.push(RowError::new(
                    1,
                    cell.trim(),
                    "unknown_column",
                    format!(
                        "'{}' is not a column of the catalog file; use {}",
                        cell.trim(),
                        Column::ALL.map(Column::as_str).join(", ")
                    ),
                )),
                Some(column) if columns.has(column) => errors.push(RowError::new(
                    1,
                    column.as_str(),
                    "duplicate_column",
                    format!("column '{}' appears more than once", column.as_str()),
                )),
                Some(column) => columns.positions.push((column, index)),
            }
        }
        for required in [Column::Name, Column::Price] {
            if !columns.has(required) {
                errors.push(RowError::new(
                    1,
                    required.as_str(),
                    "missing_column",
                    format!("the header must have a '{}' column", required.as_str()),
                ));
            }
        }
        (columns, errors)
    }

    pub(crate) fn has(&self, column: Column) -> bool {
        self.positions.iter().any(|(c, _)| *c == column)
    }

    /// The trimmed cell, or "" when the column is absent or the record is short.
    pub(crate) fn cell<'a>(&self, record: &'a [String], column: Column) -> &'a str {
        self.positions
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|(_, index)| record.get(*index))
            .map(|cell| cell.trim())
            .unwrap_or("")
    }

    /// Cells past the header's width that hold something (a stray delimiter is fine).
    pub(crate) fn has_extra_cells(&self, record: &[String]) -> bool {
        record
            .iter()
            .skip(self.width)
            .any(|cell| !cell.trim().is_empty())
    }

    /// Spreadsheets leave empty lines at the end; they are skipped, not errors.
    pub(crate) fn is_blank_record(record: &[String]) -> bool {
        record.iter().all(|cell| cell.trim().is_empty())
    }
}
