//! Registering institutions and reading the evidence access log: who may, and where.

use super::*;

#[test]
fn institutions_are_registered_by_administrators_anywhere_and_dinsos_in_their_region() {
    let magetan = Actor {
        user_id: "dinsos-magetan".into(),
        role: Role::DinsosOfficer,
        institution: None,
        scope: Some(RegionScope::Regency { province: "35".into(), regency: "35.20".into() }),
        can_approve: true,
    };
    let province = Actor { scope: Some(RegionScope::Province { province: "63".into() }), ..actor(Role::DinsosOfficer) };
    let new_in = |province: &str, regency: &str| inst("", province, regency);
    let table = [
        (&magetan, new_in("35", "35.20"), Ok(())),
        (&magetan, new_in("63", "63.71"), Err(Denied::OutOfScope)),
        (&magetan, new_in("35", "35.78"), Err(Denied::OutOfScope)),
        (&province, new_in("63", "63.72"), Ok(())),
        (&province, new_in("35", "35.20"), Err(Denied::OutOfScope)),
    ];
    for (who, at, expected) in table {
        assert_eq!(
            can(Some(who), A::RegisterInstitution, Resource::Institution(&at)),
            expected,
            "{} in {}",
            who.user_id,
            at.regency
        );
    }
    let anywhere = new_in("94", "94.71");
    assert_eq!(
        can(Some(&actor(Role::Administrator)), A::RegisterInstitution, Resource::Institution(&anywhere)),
        Ok(())
    );
    for role in [Role::InstitutionManager, Role::Assessor, Role::Supervisor] {
        assert_eq!(
            can(Some(&actor(role)), A::RegisterInstitution, Resource::Institution(&home())),
            Err(Denied::WrongRole),
            "{role:?}"
        );
        assert_eq!(visible_scope(Some(&actor(role)), A::RegisterInstitution), Err(Denied::WrongRole));
    }
    assert_eq!(visible_scope(Some(&actor(Role::Administrator)), A::RegisterInstitution), Ok(Visible::Everything));
    assert_eq!(
        visible_scope(Some(&magetan), A::RegisterInstitution),
        Ok(Visible::Region(magetan.scope.clone().unwrap()))
    );
    assert_eq!(can(None, A::RegisterInstitution, Resource::Institution(&home())), Err(Denied::NotSignedIn));
}

#[test]
fn the_evidence_log_shows_each_role_the_views_of_its_own_part() {
    use evidence_log::{Scope, scope};
    let region = RegionScope::Regency { province: "63".into(), regency: "63.71".into() };
    let table = [
        (Role::Administrator, Ok(Scope { rows: Visible::Everything, site_photos: true })),
        (Role::DinsosOfficer, Ok(Scope { rows: Visible::Region(region.clone()), site_photos: true })),
        // A manager may not see the assessors' site photos, so not their views either.
        (Role::InstitutionManager, Ok(Scope { rows: Visible::Institution("lksa-1".into()), site_photos: false })),
        (Role::Assessor, Err(Denied::WrongRole)),
        (Role::Supervisor, Err(Denied::WrongRole)),
    ];
    for (role, expected) in table {
        let a = actor(role);
        assert_eq!(scope(Some(&a)), expected, "{role:?}");
        assert_eq!(visible_scope(Some(&a), A::ViewEvidenceLog), expected.clone().map(|s| s.rows), "{role:?}");
        assert_eq!(can(Some(&a), A::ViewEvidenceLog, Resource::List).is_ok(), expected.is_ok(), "{role:?}");
    }
    assert_eq!(scope(None), Err(Denied::NotSignedIn));
    assert_eq!(can(None, A::ViewEvidenceLog, Resource::List), Err(Denied::NotSignedIn));
    // An officer without a region, or a manager without an institution, reads nothing.
    let mut d = actor(Role::DinsosOfficer);
    d.scope = None;
    assert_eq!(scope(Some(&d)), Err(Denied::OutOfScope));
    let mut m = actor(Role::InstitutionManager);
    m.institution = None;
    assert_eq!(scope(Some(&m)), Err(Denied::OutOfScope));

    // One institution's part: its region's officers, its own manager, administrators.
    let province = Actor { scope: Some(RegionScope::Province { province: "63".into() }), ..actor(Role::DinsosOfficer) };
    let neighbour = inst("lksa-3", "63", "63.72");
    let one = [
        (actor(Role::DinsosOfficer), home(), Ok(())),
        (actor(Role::DinsosOfficer), neighbour.clone(), Err(Denied::OutOfScope)),
        (actor(Role::DinsosOfficer), elsewhere(), Err(Denied::OutOfScope)),
        (province.clone(), neighbour.clone(), Ok(())),
        (province, elsewhere(), Err(Denied::OutOfScope)),
        (actor(Role::InstitutionManager), home(), Ok(())),
        (actor(Role::InstitutionManager), neighbour, Err(Denied::OutOfScope)),
        (actor(Role::Administrator), elsewhere(), Ok(())),
        (actor(Role::Assessor), home(), Err(Denied::WrongRole)),
        (actor(Role::Supervisor), home(), Err(Denied::WrongRole)),
    ];
    for (who, at, expected) in one {
        assert_eq!(can(Some(&who), A::ViewEvidenceLog, Resource::Institution(&at)), expected, "{who:?} on {}", at.id);
    }
    assert_eq!(
        can(Some(&actor(Role::Administrator)), A::ViewEvidenceLog, Resource::Cycle(&cycle(home()))),
        Err(Denied::NotApplicable)
    );
}
