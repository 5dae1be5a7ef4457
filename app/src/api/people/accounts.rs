use crate::error::AppError;
use crate::model::people::AccountsView;
use leptos::prelude::*;

/// The accounts in the reader's part of the country, a page at a time, with the choices of the
/// "new account" form: the roles the policy lets the reader create, the institutions (narrowed
/// by `institution`, a part of the name) and regions of the reader's region.
#[server(endpoint = "accounts")]
pub async fn accounts(
    #[server(default)] page: u32,
    #[server(default)] institution: String,
) -> Result<AccountsView, AppError> {
    use crate::api::ssr::*;
    use domain::policy::AccountRef;
    use domain::{Action, Resource, Role};

    let user = require_user().await?;
    let scope = visible_region(&user, Action::ManageAccounts)?;
    let db = store()?;
    let page = store::paging::PageRequest::new(page);
    let rows = store::people::list(&db, scope.as_ref(), page).await?;
    // Asked of the policy directly: a refusal here hides a button, it is not the answer's status.
    let may = |account: &AccountRef| {
        domain::can(Some(&user.actor), Action::ManageAccounts, Resource::Account(account)).is_ok()
    };
    let name: String = institution.chars().take(100).collect();
    let institutions =
        store::institutions::list(&db, scope.as_ref(), &name, store::paging::PageRequest::first()).await?;
    // A role is offered when the policy allows it for an account in the reader's own region.
    let (province, regency) = match &scope {
        Some(domain::RegionScope::Province { province }) => (province.clone(), String::new()),
        Some(domain::RegionScope::Regency { province, regency }) => (province.clone(), regency.clone()),
        None => (String::new(), String::new()),
    };
    let sample_institution = Some(domain::InstitutionRef { id: String::new(), province, regency });
    let roles = Role::ALL
        .into_iter()
        .filter(|role| {
            let target = AccountRef {
                user_id: String::new(),
                role: *role,
                institution: sample_institution.clone().filter(|_| *role == Role::InstitutionManager),
                scope: scope.clone().filter(|_| *role != Role::InstitutionManager),
            };
            may(&target)
        })
        .collect();
    Ok(AccountsView {
        page: (&rows).into(),
        accounts: rows.rows.into_iter().map(|r| item(&user, r)).collect(),
        roles,
        institutions: institutions.rows.into_iter().map(|i| (i.id, i.name, i.regency_name)).collect(),
        regions: store::people::regions(&db, scope.as_ref()).await?,
        link_base: super::ssr::link_url(""),
    })
}

/// An account as the reader sees it, with whether the policy lets them manage it (never their
/// own account: nobody deactivates themselves).
#[cfg(feature = "ssr")]
pub(crate) fn item(
    user: &store::accounts::SessionUser,
    r: store::people::AccountRow,
) -> crate::model::people::AccountItem {
    let may = domain::can(Some(&user.actor), domain::Action::ManageAccounts, domain::Resource::Account(&r.reference));
    crate::model::people::AccountItem {
        manageable: r.reference.user_id != user.actor.user_id && may.is_ok(),
        id: r.id,
        username: r.username,
        full_name: r.full_name,
        role: r.role,
        place: r.place,
        can_approve: r.can_approve,
        email: r.email,
        status: r.status.code().into(),
    }
}
