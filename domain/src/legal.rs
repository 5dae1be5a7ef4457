//! Validity of an institution's legal documents (registration, operating permit).

use serde::{Deserialize, Serialize};

/// Documents expiring within this many days are flagged so the institution renews in time.
pub const EXPIRY_WARNING_DAYS: i64 = 90;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentStatus {
    Missing,
    Valid { until: String },
    ExpiringSoon { until: String },
    Expired { until: String },
}

impl DocumentStatus {
    /// Status of a document that expires on `expires_on` (ISO date), seen on `today` (ISO date),
    /// where `warn_from` is the ISO date `EXPIRY_WARNING_DAYS` before expiry.
    pub fn of(number: Option<&str>, expires_on: Option<&str>, today: &str, warn_from: Option<&str>) -> DocumentStatus {
        match (number.filter(|n| !n.trim().is_empty()), expires_on) {
            (None, _) | (_, None) => DocumentStatus::Missing,
            (Some(_), Some(until)) if until < today => DocumentStatus::Expired { until: until.into() },
            (Some(_), Some(until)) if warn_from.is_some_and(|w| today >= w) => {
                DocumentStatus::ExpiringSoon { until: until.into() }
            }
            (Some(_), Some(until)) => DocumentStatus::Valid { until: until.into() },
        }
    }

    /// Whether the document allows the institution to apply for accreditation.
    pub fn allows_application(&self) -> bool {
        matches!(self, DocumentStatus::Valid { .. } | DocumentStatus::ExpiringSoon { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        let t = "2026-11-23";
        assert_eq!(DocumentStatus::of(None, Some("2030-01-01"), t, None), DocumentStatus::Missing);
        assert_eq!(DocumentStatus::of(Some(" "), Some("2030-01-01"), t, None), DocumentStatus::Missing);
        assert_eq!(DocumentStatus::of(Some("503/1"), None, t, None), DocumentStatus::Missing);
        assert_eq!(
            DocumentStatus::of(Some("503/1"), Some("2026-11-22"), t, Some("2026-08-24")),
            DocumentStatus::Expired { until: "2026-11-22".into() }
        );
        let today_is_last_day = DocumentStatus::of(Some("503/1"), Some(t), t, Some("2026-08-25"));
        assert_eq!(today_is_last_day, DocumentStatus::ExpiringSoon { until: t.into() });
        assert!(today_is_last_day.allows_application());
        assert_eq!(
            DocumentStatus::of(Some("503/1"), Some("2029-01-01"), t, Some("2028-10-03")),
            DocumentStatus::Valid { until: "2029-01-01".into() }
        );
        assert!(!DocumentStatus::Missing.allows_application());
        assert!(!DocumentStatus::Expired { until: "x".into() }.allows_application());
    }
}
