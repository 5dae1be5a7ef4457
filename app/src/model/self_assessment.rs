//! What the institution manager's self-assessment page is sent.

use domain::{CycleState, Instrument, Score};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerView {
    pub self_score: Option<Score>,
    pub narrative: String,
    pub revision: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceView {
    pub id: String,
    /// "photo" or "document"
    pub kind: String,
    pub caption: String,
}

/// Everything the self-assessment page needs, in one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfAssessmentView {
    pub cycle_id: String,
    pub state: CycleState,
    pub instrument_version: String,
    /// The instrument with the indicators of the shown component only (the others' lists are
    /// empty); answers, evidence and reasons are those of that component.
    pub instrument: Instrument,
    /// Indicators in the whole instrument.
    pub total: usize,
    pub answers: std::collections::BTreeMap<String, AnswerView>,
    pub evidence: std::collections::BTreeMap<String, Vec<EvidenceView>>,
    /// Dinsos' reasons per indicator from the latest return.
    pub reasons: std::collections::BTreeMap<String, String>,
    pub editable: domain::self_assessment::Editable,
    pub progress: Vec<domain::self_assessment::ComponentProgress>,
    /// The first [`MISSING_SHOWN`] gaps; `missing_total` counts them all.
    pub missing: Vec<domain::self_assessment::Missing>,
    pub missing_total: usize,
    /// The grade the self-scores would give, once every indicator has one.
    pub preview: Option<domain::Evaluation>,
    /// While the self-assessment is open: the move to the instrument version it is on now.
    #[serde(default)]
    pub migration: Option<MigrationNotice>,
}

/// What moving to a newer instrument version changed for this institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationNotice {
    pub from_version: String,
    pub to_version: String,
    /// Unix seconds, shown in the institution's time zone.
    pub at: i64,
    pub zone: domain::audit::Zone,
    pub report: Vec<domain::instrument_diff::Moved>,
}

impl MigrationNotice {
    /// Whether the indicator `code` asks the institution to look at it again.
    pub fn marks(&self, code: &str) -> bool {
        use domain::instrument_diff::Moved;
        self.report.iter().any(|m| match m {
            Moved::Recheck { code: c, .. } | Moved::Rescore { code: c, .. } | Moved::New { code: c } => c == code,
            Moved::Mapped { to, .. } => to == code,
            Moved::Withdrawn { .. } => false,
        })
    }
}

/// How many gaps the self-assessment lists by name.
pub const MISSING_SHOWN: usize = 50;
