//! One way to cut a list into pages, used by every list that can grow with the country
//! (registry, institutions, intake queue, audit trail): a page never holds more than
//! [`PAGE_SIZE`] rows, whatever the table holds.

/// Rows per page of every list.
pub const PAGE_SIZE: usize = 50;

/// Pages beyond this are refused as out of range instead of scanning ever deeper offsets.
pub const MAX_PAGE: u32 = 10_000;

/// The page asked for, 1-based; 0 and absurd numbers are clamped to the first and last page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest(u32);

impl PageRequest {
    pub fn new(page: u32) -> PageRequest {
        PageRequest(page.clamp(1, MAX_PAGE))
    }

    pub fn first() -> PageRequest {
        PageRequest(1)
    }

    pub fn number(self) -> u32 {
        self.0
    }

    /// `limit $n offset $m` values: one row more than a page, to know whether another follows.
    pub(crate) fn limit(self) -> i64 {
        PAGE_SIZE as i64 + 1
    }

    pub(crate) fn offset(self) -> i64 {
        i64::from(self.0 - 1) * PAGE_SIZE as i64
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// 1-based.
    pub number: u32,
    /// Whether a next page has rows.
    pub more: bool,
}

impl<T> Page<T> {
    /// The page from rows fetched with [`PageRequest::limit`].
    pub(crate) fn of(mut rows: Vec<T>, request: PageRequest) -> Page<T> {
        let more = rows.len() > PAGE_SIZE;
        rows.truncate(PAGE_SIZE);
        Page { rows, number: request.number(), more }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { rows: self.rows.into_iter().map(f).collect(), number: self.number, more: self.more }
    }

    /// 1-based position of the first row on this page (for "showing 51–100").
    pub fn first_position(&self) -> usize {
        (self.number as usize - 1) * PAGE_SIZE + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_holds_at_most_page_size_rows_and_knows_whether_more_follow() {
        let p = Page::of((0..PAGE_SIZE + 1).collect::<Vec<_>>(), PageRequest::new(2));
        assert_eq!((p.rows.len(), p.more, p.number, p.first_position()), (PAGE_SIZE, true, 2, PAGE_SIZE + 1));
        let p = Page::of((0..3).collect::<Vec<_>>(), PageRequest::first());
        assert_eq!((p.rows.len(), p.more), (3, false));
    }

    #[test]
    fn page_numbers_are_clamped() {
        assert_eq!(PageRequest::new(0).number(), 1);
        assert_eq!(PageRequest::new(u32::MAX).number(), MAX_PAGE);
        assert_eq!(PageRequest::new(3).offset(), 2 * PAGE_SIZE as i64);
    }
}
