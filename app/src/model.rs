//! What server functions send to pages: plain serializable views, no storage types.

use domain::legal::DocumentStatus;
use domain::{CycleState, Instrument, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub institution_id: Option<String>,
    pub institution_name: Option<String>,
    pub region_name: Option<String>,
    pub can_approve: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionView {
    pub id: String,
    pub name: String,
    pub address: String,
    pub foundation: String,
    pub capacity: i64,
    pub children_count: i64,
    pub staff_count: i64,
    pub regency_name: String,
    pub province_name: String,
    pub registration_number: Option<String>,
    pub registration: DocumentStatus,
    pub permit_number: Option<String>,
    pub permit: DocumentStatus,
    /// Everything the edit form shows.
    pub profile: domain::profile::Profile,
    /// Whether the person looking may edit it.
    pub editable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleView {
    pub id: String,
    pub state: CycleState,
    pub grade: Option<String>,
    pub visit_on: Option<String>,
    pub valid_until: Option<String>,
    pub instrument_version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentView {
    pub cycle_id: String,
    pub duty: String,
    pub state: CycleState,
    pub visit_on: Option<String>,
    pub institution_name: String,
    pub regency_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCount {
    pub state: CycleState,
    pub count: i64,
}

/// What a person sees first after signing in: the work that waits for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HomeView {
    Manager { institution: Box<InstitutionView>, cycle: Option<CycleView> },
    Dinsos { region: String, can_approve: bool, counts: Vec<StateCount>, institutions: Vec<InstitutionView> },
    Assessor { assignments: Vec<AssignmentView> },
    Admin { institutions: usize, users: i64, instrument: Option<(String, usize)>, counts: Vec<StateCount> },
}

impl HomeView {
    /// How many cycles wait in `state`.
    pub fn count(counts: &[StateCount], state: CycleState) -> i64 {
        counts.iter().find(|c| c.state == state).map(|c| c.count).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstrumentView {
    pub id: String,
    pub instrument: Instrument,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerView {
    pub self_score: Option<u8>,
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
    pub instrument: Instrument,
    pub answers: std::collections::BTreeMap<String, AnswerView>,
    pub evidence: std::collections::BTreeMap<String, Vec<EvidenceView>>,
    /// Dinsos' reasons per indicator from the latest return.
    pub reasons: std::collections::BTreeMap<String, String>,
    pub editable: domain::assessment::Editable,
    pub progress: Vec<domain::assessment::ComponentProgress>,
    pub missing: Vec<domain::assessment::Missing>,
    /// The grade the self-scores would give, once every indicator has one.
    pub preview: Option<domain::Evaluation>,
}
