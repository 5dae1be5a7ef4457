//! Calendar dates as ISO `YYYY-MM-DD` text, without a date library: what decisions,
//! certificates, appeals and notices count in days and years.

pub(crate) fn parse(iso: &str) -> Option<(i32, u32, u32)> {
    let mut parts = iso.splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

pub(crate) fn is_leap(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// The year of an ISO date.
pub fn year_of(iso: &str) -> Option<i32> {
    parse(iso).map(|(y, ..)| y)
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

/// Days since 1970-01-01 of a real calendar date written `YYYY-MM-DD`; `None` for anything
/// else (a 31 February, a missing zero, trailing text).
pub fn epoch_day(iso: &str) -> Option<i64> {
    let (y, m, d) = parse(iso)?;
    let days = days_from_civil(y, m, d);
    (iso.len() == 10 && civil_from_days(days) == (y, m, d)).then_some(days)
}

/// An ISO date moved by `days` (negative goes back).
pub fn add_days(iso: &str, days: i64) -> Option<String> {
    let (y, m, d) = parse(iso)?;
    let (y, m, d) = civil_from_days(days_from_civil(y, m, d) + days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn days_move_across_months_and_leap_years() {
        assert_eq!(add_days("2024-03-01", -1).as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn only_real_dates_have_an_epoch_day() {
        assert_eq!(epoch_day("1970-01-01"), Some(0));
        assert_eq!(epoch_day("2026-11-24"), Some(20_781));
        for bad in ["2026-02-30", "2026-13-01", "2026-1-05", "2026-01-05x", "", "kemarin", "2026-00-10"] {
            assert_eq!(epoch_day(bad), None, "{bad}");
        }
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
