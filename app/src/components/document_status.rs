//! The status of an institution's legal documents, as its manager's home and its page show it.

use crate::i18n::Lang;
use domain::legal::DocumentStatus;

/// The text and tone of a legal document's status.
pub fn document_status(lang: Lang, status: &DocumentStatus) -> (String, &'static str) {
    match status {
        DocumentStatus::Missing => (lang.t("doc-missing"), "bad"),
        DocumentStatus::Valid { until } => (lang.t_with("doc-valid", &[("date", lang.date(until))]), "good"),
        DocumentStatus::ExpiringSoon { until } => (lang.t_with("doc-expiring", &[("date", lang.date(until))]), "warn"),
        DocumentStatus::Expired { until } => (lang.t_with("doc-expired", &[("date", lang.date(until))]), "bad"),
    }
}
