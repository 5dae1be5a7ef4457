//! What server functions send to pages: plain serializable views, no storage types.

pub use crate::components::pager::PageInfo;
use domain::{CycleState, Instrument, Role, Score, legal::DocumentStatus};
pub use self_assessment::*;
use serde::{Deserialize, Serialize};

pub mod evidence_log;
pub mod instrument_versions;
pub mod people;
mod registry;
mod self_assessment;
pub use registry::*;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub institution_id: Option<String>,
    pub institution_name: Option<String>,
    pub region_name: Option<String>,
    pub can_approve: bool,
    /// The work lists the policy opens to this person, for the navigation.
    #[serde(default)]
    pub lists: NavLists,
}

/// Which work lists the navigation links to; decided by `domain::policy` on the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavLists {
    /// The institution a manager fills in the self-assessment and profile of.
    pub own_institution: Option<String>,
    pub intake_queue: bool,
    pub conflicts: bool,
    /// The accounts page (administrators, Dinsos officers).
    #[serde(default)]
    pub people: bool,
    /// The evidence access log (administrators, Dinsos officers, institution managers).
    #[serde(default)]
    pub evidence_log: bool,
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
    /// Whether the person looking may read who opened its evidence files.
    #[serde(default)]
    pub evidence_log: bool,
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
    /// This person reconciles the assessors' scores of this cycle.
    pub reconciles: bool,
    pub state: CycleState,
    pub visit_on: Option<String>,
    pub institution_name: String,
    pub regency_name: String,
    /// This person's own progress: indicators scored out of the instrument's.
    pub scored: i64,
    pub indicator_count: i64,
    /// This person has submitted their visit scores.
    pub submitted: bool,
}

impl AssignmentView {
    /// The visit is still open for this person: it has not happened yet, or their scores are not sent.
    pub fn visit_open(&self) -> bool {
        self.state == CycleState::AssessorsAssigned && !self.submitted
    }

    /// Both assessors submitted and this person is the one to reconcile.
    pub fn to_reconcile(&self) -> bool {
        self.reconciles && self.state == CycleState::Visited
    }

    /// Work waits for this person here: listed first, not muted.
    pub fn waiting(&self) -> bool {
        self.visit_open() || self.to_reconcile()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCount {
    pub state: CycleState,
    pub count: i64,
}

/// An in-app notification: an accreditation decided, appealed, ending soon or ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    /// 'decided', 'appeal_filed', 'appeal_resolved', 'expiring', 'expired'
    pub kind: String,
    pub cycle_id: String,
    pub institution_name: String,
    /// A grade or an ISO date, depending on the kind.
    pub detail: String,
    /// ISO date the notice was written.
    pub on: String,
}

/// What a person sees first after signing in: the work that waits for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HomeView {
    Manager {
        institution: Box<InstitutionView>,
        cycle: Option<CycleView>,
        notices: Vec<NoticeView>,
    },
    Dinsos {
        region: String,
        can_approve: bool,
        counts: Vec<StateCount>,
        /// One page of the region's institutions, by name.
        institutions: Vec<InstitutionView>,
        institutions_page: PageInfo,
        institutions_total: i64,
        /// Institutions whose operating permit is missing, expired or expiring soon (at most a page).
        permits: Vec<InstitutionView>,
        notices: Vec<NoticeView>,
    },
    Assessor {
        assignments: Vec<AssignmentView>,
    },
    Admin {
        institutions: i64,
        users: i64,
        instrument: Option<(String, usize)>,
        counts: Vec<StateCount>,
    },
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

/// One application in a Dinsos officer's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItemView {
    pub cycle_id: String,
    pub institution_name: String,
    pub regency_name: String,
    pub state: CycleState,
    /// Whole days since the latest submission (or since the last change when never submitted).
    pub days_waiting: i64,
    pub rounds: i64,
    pub visit_on: Option<String>,
}

/// An assessor or supervisor offered in the assignment form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonView {
    pub id: String,
    pub full_name: String,
    pub role: Role,
    /// Declared a conflict of interest with this institution: cannot be assigned.
    pub conflict: bool,
}

/// What Dinsos sees when checking a submission for completeness and assigning assessors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewView {
    pub cycle_id: String,
    pub institution_id: String,
    pub institution_name: String,
    pub regency_name: String,
    pub state: CycleState,
    pub round: i64,
    pub days_waiting: i64,
    pub instrument: Instrument,
    pub answers: std::collections::BTreeMap<String, AnswerView>,
    pub evidence: std::collections::BTreeMap<String, Vec<EvidenceView>>,
    pub missing: Vec<domain::self_assessment::Missing>,
    /// Indicators changed since the previous round (empty on the first).
    pub changed: Vec<String>,
    /// Reasons of the latest return, if it was returned before.
    pub reasons: std::collections::BTreeMap<String, String>,
    pub staff: Vec<PersonView>,
    /// (full name, duty) of the people assigned, the lead first.
    pub assigned: Vec<(String, String)>,
    pub visit_on: Option<String>,
}

/// One assessor's own score of one indicator.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnScoreView {
    pub score: Option<Score>,
    pub note: String,
    pub check_on_site: bool,
}

/// A photo an assessor took on site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitePhotoView {
    pub id: String,
    pub caption: String,
}

/// Everything an assessor needs for the desk review and the site visit, downloadable for offline use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitView {
    pub cycle_id: String,
    /// Keys the tablet's unsent changes, so that two people on one tablet never mix them.
    pub assessor_id: String,
    pub institution_name: String,
    pub regency_name: String,
    pub address: String,
    pub visit_on: Option<String>,
    pub state: CycleState,
    pub instrument_version: String,
    pub instrument: Instrument,
    pub answers: std::collections::BTreeMap<String, AnswerView>,
    pub evidence: std::collections::BTreeMap<String, Vec<EvidenceView>>,
    pub own: std::collections::BTreeMap<String, OwnScoreView>,
    /// This assessor's site photos, by indicator code.
    pub photos: std::collections::BTreeMap<String, Vec<SitePhotoView>>,
    /// This assessor submitted their scores; the page is read-only.
    pub submitted: bool,
    /// How many assessors have submitted, of how many.
    pub submitted_count: usize,
    pub assessor_count: usize,
    /// This person reconciles once both assessors submitted.
    pub reconciles: bool,
}

/// Both assessors' scores of one indicator beside the self-score, for the reconciler.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileRowView {
    pub code: String,
    pub text: String,
    pub critical: bool,
    pub self_score: Option<Score>,
    pub first: Option<Score>,
    pub first_note: String,
    pub second: Option<Score>,
    pub second_note: String,
    /// The stored final score, or the agreed score offered as a start.
    pub final_score: Option<Score>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReconcileView {
    pub cycle_id: String,
    pub institution_name: String,
    pub state: CycleState,
    /// The two assessors' names, the lead first, as `first` and `second` of each row.
    pub assessor_names: [String; 2],
    pub components: Vec<(String, String)>,
    pub rows: Vec<ReconcileRowView>,
    pub levels: Vec<(Score, String)>,
    /// The engine's result, once reconciled.
    pub result: Option<domain::Evaluation>,
    pub editable: bool,
}

/// A conflict of interest an assessor declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictView {
    pub institution_id: String,
    pub institution_name: String,
    pub reason: String,
}

/// The assessor's conflicts page: declared conflicts and the institutions one can declare against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictsView {
    pub declared: Vec<ConflictView>,
    /// (id, name, regency) of one page of the institutions matching the search, by name.
    pub institutions: Vec<(String, String, String)>,
    pub page: PageInfo,
}

/// A certificate as the people entitled to the cycle see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    pub number: String,
    pub grade: String,
    pub issued_on: String,
    pub valid_until: String,
    pub verification_code: String,
    /// The approving official and the decree, as printed on the certificate.
    pub signer_name: String,
    pub signer_position: String,
    pub decree_number: Option<String>,
}

/// One decision in a cycle's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionEntry {
    /// 'approve', 'reject', 'send_back', 'appeal_upheld', 'appeal_changed'
    pub kind: String,
    pub grade: Option<String>,
    pub reasons: String,
    pub decided_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealView {
    pub reasons: String,
    pub filed_on: String,
    pub outcome: Option<String>,
    pub outcome_grade: Option<String>,
    pub outcome_reasons: Option<String>,
}

/// The decision page: the reconciled result, the self-score beside the assessors' per
/// component, the history, the certificate and the appeal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionView {
    pub cycle_id: String,
    pub institution_name: String,
    pub regency_name: String,
    pub state: CycleState,
    pub result: Option<domain::Evaluation>,
    /// Per component: (code, name, self-score %, final %) in hundredths.
    pub comparison: Vec<(String, String, Option<i64>, Option<i64>)>,
    pub history: Vec<DecisionEntry>,
    pub certificate: Option<CertificateView>,
    pub appeal: Option<AppealView>,
    /// Evidence attached to the appeal.
    pub appeal_files: Vec<EvidenceView>,
    /// The institution may attach evidence now (while it may appeal, or the appeal waits).
    pub can_add_appeal_files: bool,
    pub appeal_until: Option<String>,
    /// What this person may do now.
    pub can_decide: bool,
    pub can_resolve: bool,
    pub can_appeal: bool,
    pub can_audit: bool,
    /// The institution may start its re-accreditation (validity ends within six months, or ended).
    pub can_reaccredit: bool,
    /// Why a Dinsos officer cannot act (translation key), if they cannot.
    pub blocked: Option<String>,
}
