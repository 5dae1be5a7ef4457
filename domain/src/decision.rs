//! The accreditation decision and what follows from it: the certificate's number and
//! validity, and the window in which the institution may appeal. Dates are ISO `YYYY-MM-DD`.

use crate::grade::{Grade, ValidityYears};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the officer with approval rights decides on a reconciled cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Accredit with the recommended grade (a recommended "not accredited" is recorded as such).
    Approve,
    /// Not accredited, with reasons.
    Reject { reasons: String },
    /// Back to the assessors for another look, with the reason.
    SendBack { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("a rejection or a send-back needs a written reason")]
    ReasonRequired,
}

impl Decision {
    pub fn validate(&self) -> Result<(), DecisionError> {
        match self {
            Decision::Reject { reasons: r } | Decision::SendBack { reason: r } if r.trim().is_empty() => {
                Err(DecisionError::ReasonRequired)
            }
            _ => Ok(()),
        }
    }

    /// The grade the decision gives, from the recommended one; `None` when it sends the cycle back.
    pub fn grade(&self, recommended: Grade) -> Option<Grade> {
        match self {
            Decision::Approve => Some(recommended),
            Decision::Reject { .. } => Some(Grade::NotAccredited),
            Decision::SendBack { .. } => None,
        }
    }
}

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

fn parse(iso: &str) -> Option<(i32, u32, u32)> {
    let mut parts = iso.splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

fn is_leap(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// The year of an ISO date.
pub fn year_of(iso: &str) -> Option<i32> {
    parse(iso).map(|(y, ..)| y)
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

/// Days since 1970-01-01 (proleptic Gregorian), and back.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// An ISO date moved by `days` (negative goes back).
pub fn add_days(iso: &str, days: i64) -> Option<String> {
    let (y, m, d) = parse(iso)?;
    let (y, m, d) = civil_from_days(days_from_civil(y, m, d) + days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The last day on which an appeal can be filed.
pub fn appeal_deadline(decided_on: &str, appeal_days: u32) -> Option<String> {
    add_days(decided_on, i64::from(appeal_days))
}

/// Whether a certificate is still valid on `today` (ISO dates compare as text).
pub fn still_valid(valid_until: &str, today: &str) -> bool {
    today <= valid_until
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const YEARS: ValidityYears = ValidityYears { a: 5, b: 3, c: 2 };

    #[test]
    fn validity_counts_whole_years_from_the_decision() {
        assert_eq!(valid_until("2026-11-23", Grade::A, &YEARS).as_deref(), Some("2031-11-22"));
        assert_eq!(valid_until("2026-11-23", Grade::C, &YEARS).as_deref(), Some("2028-11-22"));
        assert_eq!(valid_until("2026-01-01", Grade::B, &YEARS).as_deref(), Some("2028-12-31"));
        // 29 February into a common year: the anniversary is 28 February.
        assert_eq!(valid_until("2028-02-29", Grade::B, &YEARS).as_deref(), Some("2031-02-27"));
        assert_eq!(valid_until("2026-11-23", Grade::NotAccredited, &YEARS), None);
    }

    #[test]
    fn appeal_window_and_dates() {
        assert_eq!(appeal_deadline("2026-11-23", 30).as_deref(), Some("2026-12-23"));
        assert_eq!(appeal_deadline("2026-12-20", 14).as_deref(), Some("2027-01-03"));
        assert_eq!(add_days("2024-03-01", -1).as_deref(), Some("2024-02-29"));
        assert!(still_valid("2031-11-22", "2031-11-22"));
        assert!(!still_valid("2031-11-22", "2031-11-23"));
    }

    #[test]
    fn numbers_and_reasons() {
        let n = CertificateNumber { seq: 7, regency: "35.20".into(), year: 2026 };
        assert_eq!(n.to_string(), "0007/AKR-LKSA/35.20/2026");
        assert_eq!(Decision::Reject { reasons: " ".into() }.validate(), Err(DecisionError::ReasonRequired));
        assert_eq!(Decision::SendBack { reason: "".into() }.validate(), Err(DecisionError::ReasonRequired));
        assert_eq!(Decision::Approve.grade(Grade::B), Some(Grade::B));
        assert_eq!(Decision::Reject { reasons: "x".into() }.grade(Grade::A), Some(Grade::NotAccredited));
        assert_eq!(Decision::SendBack { reason: "x".into() }.grade(Grade::A), None);
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -100_000i64..100_000) {
            let d = add_days("1970-01-01", days).unwrap();
            let (y, m, dd) = parse(&d).unwrap();
            prop_assert_eq!(days_from_civil(y, m, dd), days);
            prop_assert_eq!(add_days(&d, 1).unwrap() > d, true);
        }
    }
}
