use super::*;
use crate::workflow::Transition;
use Action as A;

fn inst(id: &str, province: &str, regency: &str) -> InstitutionRef {
    InstitutionRef { id: id.into(), province: province.into(), regency: regency.into() }
}

/// Panti in Kota Banjarmasin, Kalimantan Selatan.
fn home() -> InstitutionRef {
    inst("lksa-1", "63", "63.71")
}

/// Panti in Kabupaten Magetan, Jawa Timur.
fn elsewhere() -> InstitutionRef {
    inst("lksa-2", "35", "35.20")
}

fn cycle(institution: InstitutionRef) -> CycleRef {
    CycleRef {
        institution,
        assessors: vec!["asesor-1".into(), "asesor-2".into()],
        supervisor: Some("supervisor-1".into()),
        decided_by: Some("dinsos-0".into()),
        visit_complete: false,
    }
}

/// One actor per role, each entitled to `home()`.
fn actor(role: Role) -> Actor {
    let (user, institution, scope, can_approve) = match role {
        Role::InstitutionManager => ("manager-1", Some("lksa-1".to_string()), None, false),
        Role::Assessor => ("asesor-1", None, None, false),
        Role::Supervisor => ("supervisor-1", None, None, false),
        Role::DinsosOfficer => {
            ("dinsos-1", None, Some(RegionScope::Regency { province: "63".into(), regency: "63.71".into() }), true)
        }
        Role::Administrator => ("admin-1", None, None, false),
    };
    Actor { user_id: user.into(), role, institution, scope, can_approve }
}

/// The resource each action is meaningfully asked about.
fn natural<'a>(action: Action, i: &'a InstitutionRef, c: &'a CycleRef) -> Resource<'a> {
    match action {
        A::ViewRegistry => Resource::Registry,
        A::ViewInstrument | A::ManageInstrument => Resource::Instrument,
        A::ManageAccounts => Resource::Accounts,
        A::ViewInstitution | A::EditInstitution | A::DeclareConflict | A::RegisterInstitution | A::ViewEvidenceLog => {
            Resource::Institution(i)
        }
        A::ListInstitutions | A::ListCycles | A::ViewIntakeQueue | A::ViewDashboard | A::ExportResults => {
            Resource::List
        }
        _ => Resource::Cycle(c),
    }
}

fn allowed(role: Role) -> Vec<Action> {
    use Role::*;
    match role {
        InstitutionManager => vec![
            A::ViewRegistry,
            A::ViewInstrument,
            A::ViewInstitution,
            A::EditInstitution,
            A::ViewCycle,
            A::ViewEvidence,
            A::EditSelfAssessment,
            A::SubmitSelfAssessment,
            A::Appeal,
            A::ListInstitutions,
            A::ListCycles,
            A::ViewEvidenceLog,
        ],
        Assessor => {
            vec![
                A::ViewRegistry,
                A::ViewInstrument,
                A::ViewCycle,
                A::ViewEvidence,
                A::ScoreVisit,
                A::DeclareConflict,
                A::ListCycles,
            ]
        }
        Supervisor => {
            vec![
                A::ViewRegistry,
                A::ViewInstrument,
                A::ViewCycle,
                A::ViewEvidence,
                A::Reconcile,
                A::DeclareConflict,
                A::ListCycles,
            ]
        }
        DinsosOfficer => vec![
            A::ViewRegistry,
            A::ViewInstrument,
            A::ViewInstitution,
            A::EditInstitution,
            A::ViewCycle,
            A::ViewEvidence,
            A::ReviewApplication,
            A::AssignAssessors,
            A::Decide,
            A::ResolveAppeal,
            A::ViewAudit,
            A::ListInstitutions,
            A::ListCycles,
            A::ViewIntakeQueue,
            A::ViewDashboard,
            A::ExportResults,
            A::RegisterInstitution,
            A::ViewEvidenceLog,
        ],
        Administrator => vec![
            A::ViewRegistry,
            A::ViewInstrument,
            A::ManageInstrument,
            A::ManageAccounts,
            A::ViewInstitution,
            A::EditInstitution,
            A::ViewCycle,
            A::ViewEvidence,
            A::ViewAudit,
            A::ManageCycles,
            A::ListInstitutions,
            A::ListCycles,
            A::ViewDashboard,
            A::ExportResults,
            A::RegisterInstitution,
            A::ViewEvidenceLog,
        ],
    }
}

#[test]
fn every_role_times_every_action_in_scope() {
    let (i, c) = (home(), cycle(home()));
    for role in Role::ALL {
        let a = actor(role);
        let expected = allowed(role);
        for action in Action::ALL {
            let got = can(Some(&a), action, natural(action, &i, &c));
            assert_eq!(got.is_ok(), expected.contains(&action), "{role:?} × {action:?} gave {got:?}");
        }
    }
}

#[test]
fn every_role_times_every_action_out_of_scope() {
    // For another region's institution, only the public, instrument and system-wide rights remain.
    let (i, c) = (elsewhere(), CycleRef { assessors: vec![], supervisor: None, ..cycle(elsewhere()) });
    for role in Role::ALL {
        let a = actor(role);
        for action in Action::ALL {
            let got = can(Some(&a), action, natural(action, &i, &c));
            let global = matches!(action, A::ViewRegistry | A::ViewInstrument)
                || role == Role::Administrator && allowed(role).contains(&action)
                || action == A::DeclareConflict && matches!(role, Role::Assessor | Role::Supervisor)
                // A list's rows are narrowed by `visible_scope`, not refused as a whole.
                || natural(action, &i, &c) == Resource::List && allowed(role).contains(&action);
            assert_eq!(got.is_ok(), global, "{role:?} × {action:?} on another region gave {got:?}");
        }
    }
}

#[test]
fn anonymous_may_only_read_the_registry() {
    let (i, c) = (home(), cycle(home()));
    for action in Action::ALL {
        let got = can(None, action, natural(action, &i, &c));
        if action == A::ViewRegistry {
            assert_eq!(got, Ok(()));
        } else {
            assert_eq!(got, Err(Denied::NotSignedIn), "{action:?}");
        }
    }
}

#[test]
fn a_manager_cannot_read_another_institution() {
    let m = actor(Role::InstitutionManager);
    assert_eq!(can(Some(&m), A::ViewInstitution, Resource::Institution(&elsewhere())), Err(Denied::OutOfScope));
    assert_eq!(can(Some(&m), A::ViewCycle, Resource::Cycle(&cycle(elsewhere()))), Err(Denied::OutOfScope));
}

#[test]
fn province_scope_covers_its_regencies_only() {
    let mut d = actor(Role::DinsosOfficer);
    d.scope = Some(RegionScope::Province { province: "63".into() });
    assert!(can(Some(&d), A::ViewInstitution, Resource::Institution(&inst("x", "63", "63.10"))).is_ok());
    assert_eq!(can(Some(&d), A::ViewInstitution, Resource::Institution(&elsewhere())), Err(Denied::OutOfScope));
    // A regency officer does not see the neighbouring regency.
    let r = actor(Role::DinsosOfficer);
    assert_eq!(
        can(Some(&r), A::ViewInstitution, Resource::Institution(&inst("x", "63", "63.10"))),
        Err(Denied::OutOfScope)
    );
}

#[test]
fn approval_needs_the_right_and_no_part_in_the_visit() {
    let mut d = actor(Role::DinsosOfficer);
    d.can_approve = false;
    assert_eq!(can(Some(&d), A::Decide, Resource::Cycle(&cycle(home()))), Err(Denied::NoApprovalRight));
    d.can_approve = true;
    let mut c = cycle(home());
    c.assessors.push("dinsos-1".into());
    assert_eq!(can(Some(&d), A::Decide, Resource::Cycle(&c)), Err(Denied::ConflictOfInterest));
}

#[test]
fn unassigned_assessors_and_other_supervisors_are_refused() {
    let mut a = actor(Role::Assessor);
    a.user_id = "asesor-9".into();
    assert_eq!(can(Some(&a), A::ScoreVisit, Resource::Cycle(&cycle(home()))), Err(Denied::NotAssigned));
    assert_eq!(can(Some(&a), A::ViewEvidence, Resource::Cycle(&cycle(home()))), Err(Denied::NotAssigned));
    let mut s = actor(Role::Supervisor);
    s.user_id = "supervisor-9".into();
    assert_eq!(can(Some(&s), A::Reconcile, Resource::Cycle(&cycle(home()))), Err(Denied::NotAssigned));
}

#[test]
fn without_a_supervisor_the_lead_assessor_reconciles() {
    let mut c = cycle(home());
    c.supervisor = None;
    let lead = actor(Role::Assessor);
    assert_eq!(can(Some(&lead), A::Reconcile, Resource::Cycle(&c)), Ok(()));
    let mut second = actor(Role::Assessor);
    second.user_id = "asesor-2".into();
    assert_eq!(can(Some(&second), A::Reconcile, Resource::Cycle(&c)), Err(Denied::NotAssigned));
    // With a supervisor, the lead assessor does not reconcile.
    assert_eq!(can(Some(&lead), A::Reconcile, Resource::Cycle(&cycle(home()))), Err(Denied::NotAssigned));
}

#[test]
fn actions_on_the_wrong_kind_of_record_are_not_applicable() {
    let admin = actor(Role::Administrator);
    assert_eq!(can(Some(&admin), A::ManageAccounts, Resource::Instrument), Err(Denied::NotApplicable));
    assert_eq!(can(Some(&admin), A::ViewRegistry, Resource::Instrument), Err(Denied::NotApplicable));
    assert_eq!(can(Some(&admin), A::Decide, Resource::Institution(&home())), Err(Denied::NotApplicable));
}

#[test]
fn each_transition_is_allowed_to_the_role_that_makes_it() {
    let c = cycle(home());
    for t in Transition::ALL {
        let a = actor(t.role());
        assert_eq!(can(Some(&a), t.action(), Resource::Cycle(&c)), Ok(()), "{t:?} by {:?}", t.role());
    }
}

#[test]
fn role_codes_round_trip() {
    for r in Role::ALL {
        assert_eq!(Role::from_code(r.code()), Some(r));
    }
}

#[test]
fn site_photos_are_seen_by_their_assessor_the_reconciler_and_dinsos_only() {
    let c = cycle(home());
    let photo = Resource::SitePhoto(&c, "asesor-1");
    assert_eq!(can(Some(&actor(Role::Assessor)), A::ViewEvidence, photo), Ok(()));
    let mut other = actor(Role::Assessor);
    other.user_id = "asesor-2".into();
    assert_eq!(can(Some(&other), A::ViewEvidence, photo), Err(Denied::NotAssigned));
    assert_eq!(can(Some(&actor(Role::Supervisor)), A::ViewEvidence, photo), Ok(()));
    assert_eq!(can(Some(&actor(Role::DinsosOfficer)), A::ViewEvidence, photo), Ok(()));
    assert_eq!(can(Some(&actor(Role::InstitutionManager)), A::ViewEvidence, photo), Err(Denied::WrongRole));
    let far = cycle(elsewhere());
    assert_eq!(
        can(Some(&actor(Role::DinsosOfficer)), A::ViewEvidence, Resource::SitePhoto(&far, "asesor-1")),
        Err(Denied::OutOfScope)
    );
}

#[test]
fn without_a_supervisor_the_lead_assessor_sees_the_other_photos_only_after_both_submitted() {
    let mut c = CycleRef { supervisor: None, ..cycle(home()) };
    let lead = actor(Role::Assessor);
    let photo = |c: &CycleRef| can(Some(&lead), A::ViewEvidence, Resource::SitePhoto(c, "asesor-2")).map(|_| ());
    assert_eq!(photo(&c), Err(Denied::NotAssigned), "before both assessors submitted");
    assert_eq!(can(Some(&lead), A::ViewEvidence, Resource::SitePhoto(&c, "asesor-1")), Ok(()), "own photos");
    c.visit_complete = true;
    assert_eq!(photo(&c), Ok(()), "the reconciler, once the visit is complete");
}

#[test]
fn an_appeal_is_decided_by_another_officer() {
    let mut c = cycle(home());
    let officer = actor(Role::DinsosOfficer);
    assert_eq!(can(Some(&officer), A::ResolveAppeal, Resource::Cycle(&c)), Ok(()));
    c.decided_by = Some(officer.user_id.clone());
    assert_eq!(can(Some(&officer), A::ResolveAppeal, Resource::Cycle(&c)), Err(Denied::OwnDecision));
    let mut no_rights = actor(Role::DinsosOfficer);
    no_rights.can_approve = false;
    c.decided_by = None;
    assert_eq!(can(Some(&no_rights), A::ResolveAppeal, Resource::Cycle(&c)), Err(Denied::NoApprovalRight));
}

#[test]
fn lists_show_each_role_its_own_part_of_the_country() {
    let region = RegionScope::Regency { province: "63".into(), regency: "63.71".into() };
    let table = [
        (Role::Administrator, A::ListInstitutions, Ok(Visible::Everything)),
        (Role::Administrator, A::ViewDashboard, Ok(Visible::Everything)),
        (Role::Administrator, A::ExportResults, Ok(Visible::Everything)),
        (Role::Administrator, A::ViewIntakeQueue, Err(Denied::WrongRole)),
        (Role::DinsosOfficer, A::ListInstitutions, Ok(Visible::Region(region.clone()))),
        (Role::DinsosOfficer, A::ListCycles, Ok(Visible::Region(region.clone()))),
        (Role::DinsosOfficer, A::ViewIntakeQueue, Ok(Visible::Region(region.clone()))),
        (Role::DinsosOfficer, A::ViewDashboard, Ok(Visible::Region(region.clone()))),
        (Role::DinsosOfficer, A::ExportResults, Ok(Visible::Region(region))),
        (Role::DinsosOfficer, A::DeclareConflict, Err(Denied::WrongRole)),
        (Role::InstitutionManager, A::ListInstitutions, Ok(Visible::Institution("lksa-1".into()))),
        (Role::InstitutionManager, A::ListCycles, Ok(Visible::Institution("lksa-1".into()))),
        (Role::InstitutionManager, A::ViewDashboard, Err(Denied::WrongRole)),
        (Role::InstitutionManager, A::ExportResults, Err(Denied::WrongRole)),
        (Role::Assessor, A::ListCycles, Ok(Visible::Assigned("asesor-1".into()))),
        (Role::Assessor, A::ListInstitutions, Err(Denied::WrongRole)),
        (Role::Assessor, A::DeclareConflict, Ok(Visible::Everything)),
        (Role::Supervisor, A::ListCycles, Ok(Visible::Assigned("supervisor-1".into()))),
        (Role::Supervisor, A::ViewIntakeQueue, Err(Denied::WrongRole)),
        (Role::Administrator, A::Decide, Err(Denied::NotApplicable)),
    ];
    for (role, action, expected) in table {
        assert_eq!(visible_scope(Some(&actor(role)), action), expected, "{role:?} × {action:?}");
    }
    assert_eq!(visible_scope(None, A::ListInstitutions), Err(Denied::NotSignedIn));
    // An officer without a region, or a manager without an institution, sees nothing.
    let mut d = actor(Role::DinsosOfficer);
    d.scope = None;
    assert_eq!(visible_scope(Some(&d), A::ViewDashboard), Err(Denied::OutOfScope));
    let mut m = actor(Role::InstitutionManager);
    m.institution = None;
    assert_eq!(visible_scope(Some(&m), A::ListCycles), Err(Denied::OutOfScope));
}

mod onboarding;
