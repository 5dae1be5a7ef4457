use crate::error::AppError;
use crate::model::people::IssuedLink;
use leptos::prelude::*;

/// Creates an account without a password and hands back its one-time invitation link.
/// `role` is a role code; `institution_id` is for institution managers, `region` (a province or
/// regency code) for Dinsos officers and assessors (an officer's assessors default to the
/// officer's region); `can_approve` is non-empty for an officer who may approve; `email`, when
/// given, is where the link is e-mailed (if the server has a mail server).
#[server(endpoint = "create_account")]
pub async fn create_account(
    username: String,
    full_name: String,
    role: String,
    #[server(default)] institution_id: String,
    #[server(default)] region: String,
    #[server(default)] can_approve: String,
    #[server(default)] email: String,
) -> Result<IssuedLink, AppError> {
    use crate::api::ssr::*;
    use domain::policy::AccountRef;
    use domain::{Action, Resource, Role};

    let user = require_user().await?;
    let db = store()?;
    let username = domain::account::username(&username).ok_or_else(|| AppError::invalid("people-error-username"))?;
    let full_name = full_name.trim().to_string();
    if full_name.is_empty() || full_name.chars().count() > domain::account::MAX_FULL_NAME {
        return Err(AppError::invalid("people-error-full-name"));
    }
    let email = domain::account::email(&email).map_err(|_| AppError::invalid("people-error-email"))?;
    let role = Role::from_code(&role).ok_or_else(|| AppError::invalid("people-error-role"))?;
    let region = match region.trim() {
        "" => None,
        code => Some(store::people::region(&db, code).await?.ok_or_else(|| AppError::invalid("people-error-region"))?),
    };
    let (institution, scope) = match role {
        Role::InstitutionManager => {
            let found = store::institutions::get(&db, institution_id.trim()).await?;
            (Some(found.ok_or_else(|| AppError::invalid("people-error-institution"))?.reference()), None)
        }
        Role::DinsosOfficer => (None, Some(region.ok_or_else(|| AppError::invalid("people-error-region"))?)),
        Role::Assessor => (None, region.or_else(|| user.actor.scope.clone())),
        Role::Supervisor | Role::Administrator => (None, None),
    };
    let target = AccountRef { user_id: String::new(), role, institution, scope };
    authorize(Some(&user), Action::ManageAccounts, Resource::Account(&target))?;
    let account = store::people::NewAccount {
        username,
        full_name: full_name.clone(),
        role,
        institution_id: target.institution.map(|i| i.id),
        scope: target.scope,
        can_approve: role == Role::DinsosOfficer && !can_approve.is_empty(),
        email,
    };
    let Some((id, token)) = store::people::create_account(&db, &user.actor.user_id, account, store::now()).await?
    else {
        return Err(AppError::conflict("people-error-username-taken"));
    };
    let created = store::people::account(&db, &id).await?.ok_or_else(AppError::not_found)?;
    let mail = super::ssr::deliver(&created, &token, "invitation").await;
    Ok(super::ssr::hand_over(full_name, &token, mail))
}
