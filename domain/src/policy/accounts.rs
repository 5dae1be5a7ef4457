//! Who may create and manage whose account: administrators anyone's; a Dinsos officer the
//! institution managers of institutions in their region and the assessors of their region;
//! everyone their own password. Asked through [`super::can`] with [`Resource::Account`].

use super::{Actor, Denied, InstitutionRef, RegionScope, Role};
use serde::{Deserialize, Serialize};

/// An account as the policy sees it: the one being created, or one that exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRef {
    /// Empty for an account not created yet.
    pub user_id: String,
    pub role: Role,
    /// For institution managers: the institution they manage, with its region.
    pub institution: Option<InstitutionRef>,
    /// For Dinsos officers and assessors: the region they work for.
    pub scope: Option<RegionScope>,
}

impl RegionScope {
    /// Whether this region holds all of `other` (a province holds its regencies).
    pub fn contains(&self, other: &RegionScope) -> bool {
        match (self, other) {
            (RegionScope::Province { province }, RegionScope::Province { province: p })
            | (RegionScope::Province { province }, RegionScope::Regency { province: p, .. }) => province == p,
            (RegionScope::Regency { regency, .. }, RegionScope::Regency { regency: r, .. }) => regency == r,
            (RegionScope::Regency { .. }, RegionScope::Province { .. }) => false,
        }
    }
}

/// `ManageAccounts` on one account: create it, issue an invitation or reset link, deactivate
/// or reactivate it.
pub(super) fn manage(actor: &Actor, target: &AccountRef) -> Result<(), Denied> {
    match actor.role {
        Role::Administrator => Ok(()),
        Role::DinsosOfficer => {
            let scope = actor.scope.as_ref().ok_or(Denied::OutOfScope)?;
            let covered = match target.role {
                Role::InstitutionManager => target.institution.as_ref().is_some_and(|i| scope.covers(i)),
                Role::Assessor => target.scope.as_ref().is_some_and(|s| scope.contains(s)),
                // Officers, supervisors and administrators are made by administrators only.
                _ => return Err(Denied::WrongRole),
            };
            if covered { Ok(()) } else { Err(Denied::OutOfScope) }
        }
        _ => Err(Denied::WrongRole),
    }
}

/// `ChangeOwnPassword`: only one's own account.
pub(super) fn own(actor: &Actor, target: &AccountRef) -> Result<(), Denied> {
    if !target.user_id.is_empty() && target.user_id == actor.user_id { Ok(()) } else { Err(Denied::OutOfScope) }
}

#[cfg(test)]
mod tests {
    use super::super::{Action, Resource, can, visible_scope};
    use super::*;

    fn magetan() -> RegionScope {
        RegionScope::Regency { province: "35".into(), regency: "35.20".into() }
    }
    fn madiun() -> RegionScope {
        RegionScope::Regency { province: "35".into(), regency: "35.77".into() }
    }
    fn banjarmasin() -> RegionScope {
        RegionScope::Regency { province: "63".into(), regency: "63.71".into() }
    }
    fn jatim() -> RegionScope {
        RegionScope::Province { province: "35".into() }
    }

    fn who(role: Role, scope: Option<RegionScope>) -> Actor {
        Actor { user_id: format!("{}-1", role.code()), role, institution: None, scope, can_approve: false }
    }

    fn manager_of(province: &str, regency: &str) -> AccountRef {
        let institution = InstitutionRef { id: "lksa".into(), province: province.into(), regency: regency.into() };
        AccountRef {
            user_id: String::new(),
            role: Role::InstitutionManager,
            institution: Some(institution),
            scope: None,
        }
    }

    fn with_scope(role: Role, scope: Option<RegionScope>) -> AccountRef {
        AccountRef { user_id: String::new(), role, institution: None, scope }
    }

    #[test]
    fn who_may_create_and_manage_which_account() {
        let admin = who(Role::Administrator, None);
        let officer = who(Role::DinsosOfficer, Some(magetan()));
        let province = who(Role::DinsosOfficer, Some(jatim()));
        let manager = Actor { institution: Some("lksa".into()), ..who(Role::InstitutionManager, None) };
        let ok = Ok(());
        let table = [
            // Administrators: every role, anywhere.
            (&admin, manager_of("63", "63.71"), ok),
            (&admin, with_scope(Role::DinsosOfficer, Some(banjarmasin())), ok),
            (&admin, with_scope(Role::Administrator, None), ok),
            (&admin, with_scope(Role::Supervisor, None), ok),
            (&admin, with_scope(Role::Assessor, None), ok),
            // A regency officer: managers of its institutions and its assessors only.
            (&officer, manager_of("35", "35.20"), ok),
            (&officer, manager_of("63", "63.71"), Err(Denied::OutOfScope)),
            (&officer, manager_of("35", "35.77"), Err(Denied::OutOfScope)),
            (&officer, with_scope(Role::Assessor, Some(magetan())), ok),
            (&officer, with_scope(Role::Assessor, Some(madiun())), Err(Denied::OutOfScope)),
            (&officer, with_scope(Role::Assessor, Some(jatim())), Err(Denied::OutOfScope)),
            (&officer, with_scope(Role::Assessor, None), Err(Denied::OutOfScope)),
            (&officer, with_scope(Role::DinsosOfficer, Some(magetan())), Err(Denied::WrongRole)),
            (&officer, with_scope(Role::Supervisor, None), Err(Denied::WrongRole)),
            (&officer, with_scope(Role::Administrator, None), Err(Denied::WrongRole)),
            // A province officer: the whole province, not another one.
            (&province, manager_of("35", "35.77"), ok),
            (&province, with_scope(Role::Assessor, Some(madiun())), ok),
            (&province, with_scope(Role::Assessor, Some(jatim())), ok),
            (&province, manager_of("63", "63.71"), Err(Denied::OutOfScope)),
            // Nobody else manages accounts.
            (&manager, manager_of("35", "35.20"), Err(Denied::WrongRole)),
        ];
        for (actor, target, expected) in table {
            assert_eq!(
                can(Some(actor), Action::ManageAccounts, Resource::Account(&target)),
                expected,
                "{:?} × {target:?}",
                actor.role
            );
        }
        for role in [Role::Assessor, Role::Supervisor, Role::InstitutionManager] {
            let a = who(role, None);
            assert_eq!(
                can(Some(&a), Action::ManageAccounts, Resource::Account(&manager_of("35", "35.20"))),
                Err(Denied::WrongRole)
            );
        }
        let no_region = who(Role::DinsosOfficer, None);
        assert_eq!(
            can(Some(&no_region), Action::ManageAccounts, Resource::Account(&manager_of("35", "35.20"))),
            Err(Denied::OutOfScope)
        );
        assert_eq!(
            can(None, Action::ManageAccounts, Resource::Account(&manager_of("35", "35.20"))),
            Err(Denied::NotSignedIn)
        );
    }

    #[test]
    fn everyone_changes_their_own_password_only() {
        for role in Role::ALL {
            let a = who(role, None);
            let mine = AccountRef { user_id: a.user_id.clone(), ..with_scope(role, None) };
            assert_eq!(can(Some(&a), Action::ChangeOwnPassword, Resource::Account(&mine)), Ok(()));
            let other = AccountRef { user_id: "someone-else".into(), ..mine };
            assert_eq!(can(Some(&a), Action::ChangeOwnPassword, Resource::Account(&other)), Err(Denied::OutOfScope));
        }
    }

    #[test]
    fn the_accounts_list_shows_administrators_everything_and_officers_their_region() {
        let admin = who(Role::Administrator, None);
        assert_eq!(visible_scope(Some(&admin), Action::ManageAccounts), Ok(super::super::Visible::Everything));
        let officer = who(Role::DinsosOfficer, Some(magetan()));
        assert_eq!(visible_scope(Some(&officer), Action::ManageAccounts), Ok(super::super::Visible::Region(magetan())));
        for role in [Role::Assessor, Role::Supervisor, Role::InstitutionManager] {
            assert_eq!(visible_scope(Some(&who(role, None)), Action::ManageAccounts), Err(Denied::WrongRole));
        }
    }

    #[test]
    fn a_province_contains_its_regencies_and_a_regency_only_itself() {
        assert!(jatim().contains(&magetan()) && jatim().contains(&jatim()));
        assert!(magetan().contains(&magetan()));
        assert!(!magetan().contains(&madiun()) && !magetan().contains(&jatim()) && !jatim().contains(&banjarmasin()));
    }
}
