//! Page-based pagination shared by every list.

use serde::Serialize;

pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    page: u32,
    per_page: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaginationError {
    #[error("page must be 1 or more")]
    PageOutOfRange,
    #[error("per_page must be between 1 and {MAX_PER_PAGE}")]
    PerPageOutOfRange,
}

impl PageRequest {
    pub fn new(page: u32, per_page: u32) -> Result<Self, PaginationError> {
        if page == 0 {
            return Err(PaginationError::PageOutOfRange);
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(PaginationError::PerPageOutOfRange);
        }
        Ok(Self { page, per_page })
    }

    pub fn page(&self) -> u32 {
        self.page
    }

    pub fn per_page(&self) -> u32 {
        self.per_page
    }

    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.per_page)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: u64, request: PageRequest) -> Self {
        Self {
            items,
            total,
            page: request.page,
            per_page: request.per_page,
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            per_page: self.per_page,
        }
    }

    pub fn total_pages(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_bounds() {
        assert_eq!(PageRequest::new(3, 20).unwrap().offset(), 40);
        assert_eq!(
            PageRequest::new(0, 20),
            Err(PaginationError::PageOutOfRange)
        );
        assert_eq!(
            PageRequest::new(1, 0),
            Err(PaginationError::PerPageOutOfRange)
        );
        assert_eq!(
            PageRequest::new(1, 101),
            Err(PaginationError::PerPageOutOfRange)
        );
    }

    #[test]
    fn total_pages_rounds_up() {
        let page = Page::new(vec![1, 2], 41, PageRequest::new(1, 20).unwrap());
        assert_eq!(page.total_pages(), 3);
        assert_eq!(page.map(|n| n * 2).items, vec![2, 4]);
    }
}
