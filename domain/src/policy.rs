//! Who may do what: the one place that decides. Server functions and pages ask
//! [`can`] and never check roles themselves.

use serde::{Deserialize, Serialize};

mod accounts;
pub use accounts::AccountRef;
mod region;
pub use region::RegionScope;
pub mod evidence_log;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    InstitutionManager,
    Assessor,
    Supervisor,
    DinsosOfficer,
    Administrator,
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::InstitutionManager, Role::Assessor, Role::Supervisor, Role::DinsosOfficer, Role::Administrator];

    pub fn code(self) -> &'static str {
        match self {
            Role::InstitutionManager => "institution_manager",
            Role::Assessor => "assessor",
            Role::Supervisor => "supervisor",
            Role::DinsosOfficer => "dinsos_officer",
            Role::Administrator => "administrator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A signed-in person as the policy sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: String,
    pub role: Role,
    /// For institution managers: the one institution they manage.
    pub institution: Option<String>,
    /// For Dinsos officers: the region they work for.
    pub scope: Option<RegionScope>,
    /// For Dinsos officers: may approve accreditation decisions.
    pub can_approve: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionRef {
    pub id: String,
    pub province: String,
    pub regency: String,
}

/// Who reconciles a visit's scores: the supervisor, or without one the lead assessor (the
/// first of `assessors`, in the order they were assigned).
pub fn reconciler<'a>(supervisor: Option<&'a str>, assessors: &'a [String]) -> Option<&'a str> {
    supervisor.or_else(|| assessors.first().map(String::as_str))
}

/// One accreditation cycle with the people assigned to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleRef {
    pub institution: InstitutionRef,
    /// The assessors assigned to visit, the lead assessor first.
    pub assessors: Vec<String>,
    pub supervisor: Option<String>,
    /// The officer who made the (latest) decision, once there is one.
    #[serde(default)]
    pub decided_by: Option<String>,
    /// Every assigned assessor has submitted their visit scores (the cycle is past the visit).
    #[serde(default)]
    pub visit_complete: bool,
}

impl CycleRef {
    /// Who reconciles the assessors' scores: the supervisor, or the lead assessor (listed
    /// first) when no supervisor is assigned.
    pub fn reconciler(&self) -> Option<&str> {
        reconciler(self.supervisor.as_deref(), &self.assessors)
    }

    fn took_part_in_visit(&self, user: &str) -> bool {
        self.assessors.iter().any(|a| a == user) || self.supervisor.as_deref() == Some(user)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource<'a> {
    /// Instrument versions (components, indicators, rubric).
    Instrument,
    /// User accounts and regions.
    Accounts,
    /// The public registry of accredited institutions.
    Registry,
    Institution(&'a InstitutionRef),
    Cycle(&'a CycleRef),
    /// A photo an assessor took on site, with who took it.
    SitePhoto(&'a CycleRef, &'a str),
    /// A list across institutions; which rows it holds is [`visible_scope`]'s answer.
    List,
    /// One person's account (or one about to be created).
    Account(&'a AccountRef),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    ViewRegistry,
    ViewInstrument,
    ManageInstrument,
    ManageAccounts,
    ViewInstitution,
    EditInstitution,
    ViewCycle,
    ViewEvidence,
    EditSelfAssessment,
    SubmitSelfAssessment,
    ReviewApplication,
    AssignAssessors,
    ScoreVisit,
    Reconcile,
    Decide,
    Appeal,
    /// Decides an appeal: an officer other than the one who made the decision.
    ResolveAppeal,
    ViewAudit,
    /// An assessor declares a conflict of interest with an institution.
    DeclareConflict,
    /// System-level cycle housekeeping such as recording expiry.
    ManageCycles,
    /// Lists of institutions (home pages, the API).
    ListInstitutions,
    /// Lists of accreditation cycles: the home page of every role.
    ListCycles,
    /// The Dinsos intake queue of submitted applications.
    ViewIntakeQueue,
    /// Counts, charts and ageing across institutions.
    ViewDashboard,
    /// Every cycle's result as a spreadsheet.
    ExportResults,
    /// A person changes their own password.
    ChangeOwnPassword,
    /// Adds an institution (by the form or a spreadsheet import), or updates one by its
    /// registration number during an import: administrators anywhere, Dinsos in their region.
    RegisterInstitution,
    /// The log of who opened which evidence file (what [`evidence_log::scope`] shows whom).
    ViewEvidenceLog,
}

impl Action {
    pub const ALL: [Action; 28] = [
        Action::ViewRegistry,
        Action::ViewInstrument,
        Action::ManageInstrument,
        Action::ManageAccounts,
        Action::ViewInstitution,
        Action::EditInstitution,
        Action::ViewCycle,
        Action::ViewEvidence,
        Action::EditSelfAssessment,
        Action::SubmitSelfAssessment,
        Action::ReviewApplication,
        Action::AssignAssessors,
        Action::ScoreVisit,
        Action::Reconcile,
        Action::Decide,
        Action::Appeal,
        Action::ResolveAppeal,
        Action::ViewAudit,
        Action::DeclareConflict,
        Action::ManageCycles,
        Action::ListInstitutions,
        Action::ListCycles,
        Action::ViewIntakeQueue,
        Action::ViewDashboard,
        Action::ExportResults,
        Action::ChangeOwnPassword,
        Action::RegisterInstitution,
        Action::ViewEvidenceLog,
    ];
}

/// Why a request was refused. Pages show a translated message per reason; an
/// out-of-scope request is answered like a missing record so that it reveals nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Denied {
    #[error("sign in first")]
    NotSignedIn,
    #[error("your role may not do this")]
    WrongRole,
    #[error("this record is outside your institution or region")]
    OutOfScope,
    #[error("you are not assigned to this accreditation")]
    NotAssigned,
    #[error("you have no approval rights")]
    NoApprovalRight,
    #[error("you took part in this visit and may not decide on it")]
    ConflictOfInterest,
    #[error("you made the decision under appeal; another officer decides the appeal")]
    OwnDecision,
    #[error("this action does not apply to this kind of record")]
    NotApplicable,
}

/// Which records a list shows a person: the answer to "may see the intake queue", "may
/// export", "what does this person's home list" in one place, so no page or route matches on
/// roles itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Visible {
    /// The whole country (administrators; anyone for the conflict-of-interest list).
    Everything,
    /// The institutions of a Dinsos officer's province or regency.
    Region(RegionScope),
    /// An institution manager's one institution.
    Institution(String),
    /// The cycles the person (by user id) is assigned to as assessor or supervisor.
    Assigned(String),
}

impl Visible {
    /// The region filter of a query across institutions: `None` for the whole country. A list
    /// of one institution or of assignments is not a region and is refused here.
    pub fn region(&self) -> Result<Option<&RegionScope>, Denied> {
        match self {
            Visible::Everything => Ok(None),
            Visible::Region(scope) => Ok(Some(scope)),
            Visible::Institution(_) | Visible::Assigned(_) => Err(Denied::NotApplicable),
        }
    }
}

/// The part of the country `actor` may see in the list that `action` names.
pub fn visible_scope(actor: Option<&Actor>, action: Action) -> Result<Visible, Denied> {
    use Action as A;
    use Role::*;

    let actor = actor.ok_or(Denied::NotSignedIn)?;
    let region = || actor.scope.clone().map(Visible::Region).ok_or(Denied::OutOfScope);
    let institution = || actor.institution.clone().map(Visible::Institution).ok_or(Denied::OutOfScope);
    match (action, actor.role) {
        (A::ListInstitutions | A::ListCycles | A::ViewDashboard | A::ExportResults, Administrator) => {
            Ok(Visible::Everything)
        }
        // Where a person may register institutions: the regencies the form offers.
        (A::RegisterInstitution, Administrator) => Ok(Visible::Everything),
        (A::RegisterInstitution, DinsosOfficer) => region(),
        (A::RegisterInstitution, _) => Err(Denied::WrongRole),
        (
            A::ListInstitutions | A::ListCycles | A::ViewDashboard | A::ExportResults | A::ViewIntakeQueue,
            DinsosOfficer,
        ) => region(),
        (A::ListInstitutions | A::ListCycles, InstitutionManager) => institution(),
        (A::ListCycles, Assessor | Supervisor) => Ok(Visible::Assigned(actor.user_id.clone())),
        (A::ManageAccounts, Administrator) => Ok(Visible::Everything),
        (A::ManageAccounts, DinsosOfficer) => region(),
        (A::ManageAccounts, _) => Err(Denied::WrongRole),
        (A::ViewEvidenceLog, _) => evidence_log::scope(Some(actor)).map(|log| log.rows),
        // An assessor declares conflicts against any institution in the country.
        (A::DeclareConflict, Assessor | Supervisor) => Ok(Visible::Everything),
        (A::ListInstitutions | A::ViewDashboard | A::ExportResults | A::ViewIntakeQueue | A::DeclareConflict, _) => {
            Err(Denied::WrongRole)
        }
        _ => Err(Denied::NotApplicable),
    }
}

/// Decides whether `actor` (None = not signed in) may perform `action` on `resource`.
pub fn can(actor: Option<&Actor>, action: Action, resource: Resource<'_>) -> Result<(), Denied> {
    use Action as A;
    use Resource as R;
    use Role::*;

    if action == A::ViewRegistry {
        return if resource == R::Registry { Ok(()) } else { Err(Denied::NotApplicable) };
    }
    if resource == R::List {
        return visible_scope(actor, action).map(drop);
    }
    let actor = actor.ok_or(Denied::NotSignedIn)?;
    let role = actor.role;
    let manages = |inst: &InstitutionRef| actor.institution.as_deref() == Some(inst.id.as_str());
    let in_region = |inst: &InstitutionRef| actor.scope.as_ref().is_some_and(|s| s.covers(inst));
    let require = |ok: bool, why: Denied| if ok { Ok(()) } else { Err(why) };

    match (action, resource) {
        (A::ViewInstrument, R::Instrument) => Ok(()),
        (A::ManageInstrument, R::Instrument) | (A::ManageAccounts, R::Accounts) => {
            require(role == Administrator, Denied::WrongRole)
        }
        (A::ManageCycles, R::Cycle(_)) => require(role == Administrator, Denied::WrongRole),
        (A::ManageAccounts, R::Account(target)) => accounts::manage(actor, target),
        (A::ChangeOwnPassword, R::Account(target)) => accounts::own(actor, target),

        (A::ViewInstitution | A::EditInstitution | A::ViewEvidenceLog, R::Institution(inst)) => match role {
            Administrator => Ok(()),
            InstitutionManager => require(manages(inst), Denied::OutOfScope),
            DinsosOfficer => require(in_region(inst), Denied::OutOfScope),
            // Assessors see an institution through the cycle they are assigned to.
            Assessor | Supervisor => Err(Denied::WrongRole),
        },

        (A::ViewCycle | A::ViewEvidence, R::Cycle(cycle)) => match role {
            Administrator => Ok(()),
            InstitutionManager => require(manages(&cycle.institution), Denied::OutOfScope),
            DinsosOfficer => require(in_region(&cycle.institution), Denied::OutOfScope),
            Assessor | Supervisor => require(cycle.took_part_in_visit(&actor.user_id), Denied::NotAssigned),
        },

        // Site photos belong to the assessor's own scoring: the other assessor does not see them;
        // the reconciler, Dinsos of the region and administrators do.
        (A::ViewEvidence, R::SitePhoto(cycle, taken_by)) => match role {
            Administrator => Ok(()),
            DinsosOfficer => require(in_region(&cycle.institution), Denied::OutOfScope),
            // A lead assessor who reconciles also scores: until both have submitted, the other
            // assessor's photos would show how they are judging.
            Assessor | Supervisor => {
                let me = actor.user_id.as_str();
                let scoring = cycle.assessors.iter().any(|a| a == me);
                require(
                    me == taken_by || (cycle.reconciler() == Some(me) && (cycle.visit_complete || !scoring)),
                    Denied::NotAssigned,
                )
            }
            InstitutionManager => Err(Denied::WrongRole),
        },

        (A::EditSelfAssessment | A::SubmitSelfAssessment | A::Appeal, R::Cycle(cycle)) => {
            require(role == InstitutionManager, Denied::WrongRole)?;
            require(manages(&cycle.institution), Denied::OutOfScope)
        }

        (A::ReviewApplication | A::AssignAssessors, R::Cycle(cycle)) => {
            require(role == DinsosOfficer, Denied::WrongRole)?;
            require(in_region(&cycle.institution), Denied::OutOfScope)
        }

        (A::ViewAudit, R::Cycle(cycle)) => match role {
            Administrator => Ok(()),
            DinsosOfficer => require(in_region(&cycle.institution), Denied::OutOfScope),
            _ => Err(Denied::WrongRole),
        },

        (A::ScoreVisit, R::Cycle(cycle)) => {
            require(matches!(role, Assessor | Supervisor), Denied::WrongRole)?;
            require(cycle.assessors.contains(&actor.user_id), Denied::NotAssigned)
        }

        (A::Reconcile, R::Cycle(cycle)) => {
            require(matches!(role, Assessor | Supervisor), Denied::WrongRole)?;
            require(cycle.reconciler() == Some(actor.user_id.as_str()), Denied::NotAssigned)
        }

        // The institution (new, or matched by its registration number) lies in the region.
        (A::RegisterInstitution, R::Institution(inst)) => match role {
            Administrator => Ok(()),
            DinsosOfficer => require(in_region(inst), Denied::OutOfScope),
            _ => Err(Denied::WrongRole),
        },

        (A::DeclareConflict, R::Institution(_)) => require(matches!(role, Assessor | Supervisor), Denied::WrongRole),

        (A::Decide, R::Cycle(cycle)) => {
            require(role == DinsosOfficer, Denied::WrongRole)?;
            require(in_region(&cycle.institution), Denied::OutOfScope)?;
            require(actor.can_approve, Denied::NoApprovalRight)?;
            require(!cycle.took_part_in_visit(&actor.user_id), Denied::ConflictOfInterest)
        }

        (A::ResolveAppeal, R::Cycle(cycle)) => {
            require(role == DinsosOfficer, Denied::WrongRole)?;
            require(in_region(&cycle.institution), Denied::OutOfScope)?;
            require(actor.can_approve, Denied::NoApprovalRight)?;
            require(!cycle.took_part_in_visit(&actor.user_id), Denied::ConflictOfInterest)?;
            require(cycle.decided_by.as_deref() != Some(actor.user_id.as_str()), Denied::OwnDecision)
        }

        _ => Err(Denied::NotApplicable),
    }
}

#[cfg(test)]
mod tests;
