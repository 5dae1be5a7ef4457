use crate::error::AppError;
use leptos::prelude::*;

/// Changes the signed-in person's own password; the current one is required.
#[server(endpoint = "change_password")]
pub async fn change_password(current: String, password: String, confirm: String) -> Result<(), AppError> {
    use crate::api::ssr::*;
    use domain::{Action, Resource};

    let user = require_user().await?;
    let db = store()?;
    let me = store::people::reference(&db, &user.actor.user_id).await?.ok_or_else(AppError::not_found)?;
    authorize(Some(&user), Action::ChangeOwnPassword, Resource::Account(&me))?;
    if let Some(key) = super::password_problem(&password, &confirm) {
        return Err(AppError::invalid(key));
    }
    if !store::people::change_password(&db, &user.actor.user_id, &current, &password, store::now()).await? {
        return Err(AppError::invalid("people-error-current-password"));
    }
    Ok(())
}
