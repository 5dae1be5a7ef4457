//! The accreditation cycle of one institution, as a state machine.
//!
//! Each transition names the role that makes it; whether a particular person may make it
//! for a particular institution is decided by [`crate::policy::can`] with the transition's
//! [`Transition::action`].

use crate::policy::{Action, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CycleState {
    /// The institution is filling in its self-assessment.
    Draft,
    /// Submitted; waiting for Dinsos' completeness check.
    Submitted,
    /// Returned to the institution for revision, with reasons.
    Returned,
    /// Complete; waiting for assessors.
    Accepted,
    AssessorsAssigned,
    Visited,
    /// Scores reconciled; waiting for a decision.
    Reconciled,
    /// Decision made (accredited with a grade, or not accredited). Locked.
    Decided,
    /// The institution appealed the decision.
    Appealed,
    /// The accreditation's validity ended.
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    Submit,
    ReturnForRevision,
    Resubmit,
    Accept,
    AssignAssessors,
    CompleteVisit,
    Reconcile,
    SendBackToAssessors,
    Decide,
    Appeal,
    ResolveAppeal,
    Expire,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot {transition:?} a cycle that is {from:?}")]
pub struct IllegalTransition {
    pub from: CycleState,
    pub transition: Transition,
}

impl CycleState {
    pub const ALL: [CycleState; 10] = [
        CycleState::Draft,
        CycleState::Submitted,
        CycleState::Returned,
        CycleState::Accepted,
        CycleState::AssessorsAssigned,
        CycleState::Visited,
        CycleState::Reconciled,
        CycleState::Decided,
        CycleState::Appealed,
        CycleState::Expired,
    ];

    /// Stable code used in storage.
    pub fn code(self) -> &'static str {
        match self {
            CycleState::Draft => "draft",
            CycleState::Submitted => "submitted",
            CycleState::Returned => "returned",
            CycleState::Accepted => "accepted",
            CycleState::AssessorsAssigned => "assessors_assigned",
            CycleState::Visited => "visited",
            CycleState::Reconciled => "reconciled",
            CycleState::Decided => "decided",
            CycleState::Appealed => "appealed",
            CycleState::Expired => "expired",
        }
    }

    pub fn from_code(code: &str) -> Option<CycleState> {
        CycleState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The state after `transition`, or an error if the process does not allow it here.
    pub fn apply(self, transition: Transition) -> Result<CycleState, IllegalTransition> {
        use CycleState as S;
        use Transition as T;
        let next = match (self, transition) {
            (S::Draft, T::Submit) => S::Submitted,
            (S::Submitted, T::ReturnForRevision) => S::Returned,
            (S::Returned, T::Resubmit) => S::Submitted,
            (S::Submitted, T::Accept) => S::Accepted,
            (S::Accepted, T::AssignAssessors) => S::AssessorsAssigned,
            (S::AssessorsAssigned, T::CompleteVisit) => S::Visited,
            (S::Visited, T::Reconcile) => S::Reconciled,
            (S::Reconciled, T::SendBackToAssessors) => S::AssessorsAssigned,
            (S::Reconciled, T::Decide) => S::Decided,
            (S::Decided, T::Appeal) => S::Appealed,
            (S::Appealed, T::ResolveAppeal) => S::Decided,
            (S::Decided, T::Expire) => S::Expired,
            (from, transition) => return Err(IllegalTransition { from, transition }),
        };
        Ok(next)
    }

    /// Whether the institution's answers may still change in this state.
    pub fn self_assessment_editable(self) -> bool {
        matches!(self, CycleState::Draft | CycleState::Returned)
    }
}

impl Transition {
    pub const ALL: [Transition; 12] = [
        Transition::Submit,
        Transition::ReturnForRevision,
        Transition::Resubmit,
        Transition::Accept,
        Transition::AssignAssessors,
        Transition::CompleteVisit,
        Transition::Reconcile,
        Transition::SendBackToAssessors,
        Transition::Decide,
        Transition::Appeal,
        Transition::ResolveAppeal,
        Transition::Expire,
    ];

    /// The role that makes this transition in the paper process.
    pub fn role(self) -> Role {
        match self {
            Transition::Submit | Transition::Resubmit | Transition::Appeal => Role::InstitutionManager,
            Transition::ReturnForRevision
            | Transition::Accept
            | Transition::AssignAssessors
            | Transition::SendBackToAssessors
            | Transition::Decide
            | Transition::ResolveAppeal => Role::DinsosOfficer,
            Transition::CompleteVisit => Role::Assessor,
            Transition::Reconcile => Role::Supervisor,
            // Expiry is a date passing; the system records it on the administrator's authority.
            Transition::Expire => Role::Administrator,
        }
    }

    /// The policy action a person needs to make this transition.
    pub fn action(self) -> Action {
        match self {
            Transition::Submit | Transition::Resubmit => Action::SubmitSelfAssessment,
            Transition::ReturnForRevision | Transition::Accept => Action::ReviewApplication,
            Transition::AssignAssessors => Action::AssignAssessors,
            Transition::CompleteVisit => Action::ScoreVisit,
            Transition::Reconcile => Action::Reconcile,
            Transition::SendBackToAssessors | Transition::Decide => Action::Decide,
            Transition::ResolveAppeal => Action::ResolveAppeal,
            Transition::Appeal => Action::Appeal,
            Transition::Expire => Action::ManageCycles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CycleState as S;
    use Transition as T;

    #[test]
    fn the_happy_path_reaches_decided_and_expired() {
        let path = [
            (T::Submit, S::Submitted),
            (T::Accept, S::Accepted),
            (T::AssignAssessors, S::AssessorsAssigned),
            (T::CompleteVisit, S::Visited),
            (T::Reconcile, S::Reconciled),
            (T::Decide, S::Decided),
            (T::Expire, S::Expired),
        ];
        let mut state = S::Draft;
        for (t, expected) in path {
            state = state.apply(t).unwrap();
            assert_eq!(state, expected);
        }
    }

    #[test]
    fn revision_loop_send_back_and_appeal() {
        let s = S::Submitted.apply(T::ReturnForRevision).unwrap();
        assert_eq!(s, S::Returned);
        assert!(s.self_assessment_editable());
        assert_eq!(s.apply(T::Resubmit).unwrap(), S::Submitted);
        assert_eq!(S::Reconciled.apply(T::SendBackToAssessors).unwrap(), S::AssessorsAssigned);
        let appealed = S::Decided.apply(T::Appeal).unwrap();
        assert_eq!(appealed, S::Appealed);
        assert_eq!(appealed.apply(T::ResolveAppeal).unwrap(), S::Decided);
    }

    #[test]
    fn illegal_transitions_are_errors() {
        assert_eq!(S::Draft.apply(T::Decide), Err(IllegalTransition { from: S::Draft, transition: T::Decide }));
        assert!(S::Submitted.apply(T::Submit).is_err(), "no double submit");
        assert!(S::Draft.apply(T::Resubmit).is_err());
        assert!(S::Accepted.apply(T::ReturnForRevision).is_err(), "accepted is past the completeness check");
        assert!(S::Decided.apply(T::Reconcile).is_err(), "a decision locks the record");
        assert!(S::Expired.apply(T::Appeal).is_err());
        assert!(S::Visited.apply(T::Decide).is_err(), "no decision before reconciliation");
    }

    #[test]
    fn exactly_twelve_legal_pairs_exist() {
        let legal = S::ALL
            .iter()
            .flat_map(|s| T::ALL.iter().map(move |t| (*s, *t)))
            .filter(|(s, t)| s.apply(*t).is_ok())
            .count();
        assert_eq!(legal, 12, "every other state × transition pair is illegal");
    }

    #[test]
    fn only_draft_and_returned_are_editable() {
        let editable: Vec<_> = S::ALL.into_iter().filter(|s| s.self_assessment_editable()).collect();
        assert_eq!(editable, vec![S::Draft, S::Returned]);
    }

    #[test]
    fn every_transition_names_a_role() {
        assert_eq!(T::Submit.role(), Role::InstitutionManager);
        assert_eq!(T::Accept.role(), Role::DinsosOfficer);
        assert_eq!(T::CompleteVisit.role(), Role::Assessor);
        assert_eq!(T::Reconcile.role(), Role::Supervisor);
        assert_eq!(T::Decide.role(), Role::DinsosOfficer);
        assert_eq!(T::Decide.action(), Action::Decide);
    }

    #[test]
    fn state_codes_round_trip() {
        for s in S::ALL {
            assert_eq!(S::from_code(s.code()), Some(s));
        }
    }
}
