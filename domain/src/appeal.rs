//! The appeal against a decision: the window in which the institution may file it.

use crate::dates::add_days;

/// The last day on which an appeal can be filed.
pub fn appeal_deadline(decided_on: &str, appeal_days: u32) -> Option<String> {
    add_days(decided_on, i64::from(appeal_days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_counts_days_from_the_decision() {
        assert_eq!(appeal_deadline("2026-11-23", 30).as_deref(), Some("2026-12-23"));
        assert_eq!(appeal_deadline("2026-12-20", 14).as_deref(), Some("2027-01-03"));
    }
}
