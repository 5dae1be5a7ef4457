//! The certificate that follows an accrediting decision: its number and how long it is valid.

use crate::dates::{add_days, is_leap, parse};
use crate::grade::{Grade, ValidityYears};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A certificate number: sequential per year and regency, e.g. `0007/AKR-LKSA/35.20/2026`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateNumber {
    pub seq: u32,
    pub regency: String,
    pub year: i32,
}

impl fmt::Display for CertificateNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}/AKR-LKSA/{}/{}", self.seq, self.regency, self.year)
    }
}

/// The last day of validity: the decision date plus the grade's validity years, minus one day
/// (a certificate decided on 2026-11-23 for 5 years is valid through 2031-11-22).
pub fn valid_until(decided_on: &str, grade: Grade, years: &ValidityYears) -> Option<String> {
    let n = years.for_grade(grade)?;
    let (y, m, d) = parse(decided_on)?;
    let (ty, mut td) = (y + i32::from(n), d);
    if m == 2 && d == 29 && !is_leap(ty) {
        td = 28;
    }
    add_days(&format!("{ty:04}-{m:02}-{td:02}"), -1)
}

/// Whether a certificate is still valid on `today` (ISO dates compare as text).
pub fn still_valid(valid_until: &str, today: &str) -> bool {
    today <= valid_until
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEARS: ValidityYears = ValidityYears { a: 5, b: 3, c: 2 };

    #[test]
    fn validity_counts_whole_years_from_the_decision() {
        assert_eq!(valid_until("2026-11-23", Grade::A, &YEARS).as_deref(), Some("2031-11-22"));
        assert_eq!(valid_until("2026-11-23", Grade::C, &YEARS).as_deref(), Some("2028-11-22"));
        assert_eq!(valid_until("2026-01-01", Grade::B, &YEARS).as_deref(), Some("2028-12-31"));
        // 29 February into a common year: the anniversary is 28 February.
        assert_eq!(valid_until("2028-02-29", Grade::B, &YEARS).as_deref(), Some("2031-02-27"));
        assert_eq!(valid_until("2026-11-23", Grade::NotAccredited, &YEARS), None);
        assert!(still_valid("2031-11-22", "2031-11-22"));
        assert!(!still_valid("2031-11-22", "2031-11-23"));
    }

    #[test]
    fn numbers_count_per_regency_and_year() {
        let n = CertificateNumber { seq: 7, regency: "35.20".into(), year: 2026 };
        assert_eq!(n.to_string(), "0007/AKR-LKSA/35.20/2026");
    }
}
