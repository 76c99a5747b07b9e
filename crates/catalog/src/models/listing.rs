//! How the product list is searched, filtered and sorted.

use kernel::Money;

use super::text::{has_control, visible_length};
use super::{CategoryId, SupplierId, Tag};

pub const SEARCH_QUERY_MAX: usize = 100;

/// What a seller types in the search box: 1-100 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchQueryError {
    #[error("search text must be 1 to {SEARCH_QUERY_MAX} characters, on one line")]
    Invalid,
}

impl SearchQuery {
    /// `Ok(None)` for an empty box, which means "no search".
    pub fn parse(raw: &str) -> Result<Option<Self>, SearchQueryError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        if visible_length(trimmed) > SEARCH_QUERY_MAX || has_control(trimmed) {
            return Err(SearchQueryError::Invalid);
        }
        Ok(Some(Self(trimmed.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A price range on the list price, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PriceRange {
    min: Option<Money>,
    max: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceRangeError {
    #[error("price filters cannot be negative")]
    Negative,
    #[error("min_price must not be above max_price")]
    Inverted,
    #[error("min_price and max_price must be in the same currency")]
    CurrencyMismatch,
}

impl PriceRange {
    pub fn new(min: Option<Money>, max: Option<Money>) -> Result<Self, PriceRangeError> {
        let negative = |m: &Option<Money>| m.is_some_and(|m| m.amount().is_sign_negative());
        if negative(&min) || negative(&max) {
            return Err(PriceRangeError::Negative);
        }
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo.currency() != hi.currency() {
                return Err(PriceRangeError::CurrencyMismatch);
            }
            if lo.amount() > hi.amount() {
                return Err(PriceRangeError::Inverted);
            }
        }
        Ok(Self { min, max })
    }

    pub fn min(&self) -> Option<Money> {
        self.min
    }

    pub fn max(&self) -> Option<Money> {
        self.max
    }
}

/// Which products a list shows. Deleted products are never listed.
///
/// Price bounds apply to the list price the seller set, which is what the store can
/// index; what a customer pays depends on offers at request time (see `crate::pricing`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProductFilter {
    /// Matches name, SKU or tag, case-insensitively.
    pub q: Option<SearchQuery>,
    /// Products in any of these categories; empty means any. The service expands a
    /// requested category to include its subcategories before calling the store.
    pub categories: Vec<CategoryId>,
    pub supplier_id: Option<SupplierId>,
    /// The seller's on/off switch, not stock.
    pub available: Option<bool>,
    pub price: PriceRange,
    pub tag: Option<Tag>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortField {
    Name,
    Price,
    CreatedAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortDirection {
    Asc,
    Desc,
}

/// Newest first unless asked otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProductSort {
    pub field: SortField,
    pub direction: SortDirection,
}

impl Default for ProductSort {
    fn default() -> Self {
        Self {
            field: SortField::CreatedAt,
            direction: SortDirection::Desc,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductSortError {
    #[error("'{0}' is not a sort field; use name, price or created_at")]
    UnknownField(String),
    #[error("'{0}' is not a sort order; use asc or desc")]
    UnknownDirection(String),
}

impl ProductSort {
    /// Reads `sort` and `order` query parameters; a missing order means ascending for
    /// names and prices and descending (newest first) for creation time.
    pub fn parse(field: &str, direction: Option<&str>) -> Result<Self, ProductSortError> {
        let field = match field.trim().to_ascii_lowercase().as_str() {
            "name" => SortField::Name,
            "price" => SortField::Price,
            "created_at" | "created" => SortField::CreatedAt,
            _ => return Err(ProductSortError::UnknownField(field.trim().to_owned())),
        };
        let direction = match direction.map(|d| d.trim().to_ascii_lowercase()) {
            None => match field {
                SortField::CreatedAt => SortDirection::Desc,
                SortField::Name | SortField::Price => SortDirection::Asc,
            },
            Some(d) if d == "asc" => SortDirection::Asc,
            Some(d) if d == "desc" => SortDirection::Desc,
            Some(d) => return Err(ProductSortError::UnknownDirection(d)),
        };
        Ok(Self { field, direction })
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;

    fn eur(amount: i64) -> Money {
        Money::new(
            Decimal::from(amount),
            kernel::Currency::parse("EUR").unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn empty_search_means_no_search() {
        assert_eq!(SearchQuery::parse("   "), Ok(None));
        assert_eq!(
            SearchQuery::parse(" serum ").unwrap().unwrap().as_str(),
            "serum"
        );
        assert!(SearchQuery::parse(&"x".repeat(101)).is_err());
    }

    #[test]
    fn price_ranges_must_make_sense() {
        assert!(PriceRange::new(Some(eur(10)), Some(eur(50))).is_ok());
        assert!(PriceRange::new(Some(eur(10)), Some(eur(10))).is_ok());
        assert_eq!(
            PriceRange::new(Some(eur(50)), Some(eur(10))),
            Err(PriceRangeError::Inverted)
        );
        assert_eq!(
            PriceRange::new(Some(eur(-1)), None),
            Err(PriceRangeError::Negative)
        );
    }

    #[test]
    fn sorting_reads_query_parameters() {
        assert_eq!(
            ProductSort::parse("price", Some("DESC")).unwrap().direction,
            SortDirection::Desc
        );
        assert_eq!(
            ProductSort::parse("name", None).unwrap().direction,
            SortDirection::Asc
        );
        assert_eq!(
            ProductSort::parse("created_at", None).unwrap(),
            ProductSort::default()
        );
        assert!(matches!(
            ProductSort::parse("stock", None),
            Err(ProductSortError::UnknownField(_))
        ));
        assert!(matches!(
            ProductSort::parse("name", Some("up")),
            Err(ProductSortError::UnknownDirection(_))
        ));
    }
}
