use crate::error::AppError;
use crate::model::people::IssuedLink;
use leptos::prelude::*;

/// A new one-time link for an account: a password reset (an invitation again if no password
/// was ever set). Older unused links stop working; the current password works until the new
/// one is set.
#[server(endpoint = "issue_account_link")]
pub async fn issue_account_link(user_id: String) -> Result<IssuedLink, AppError> {
    use crate::api::ssr::*;

    let user = require_user().await?;
    super::ssr::manageable(&user, &user_id).await?;
    let db = store()?;
    let token = store::people::issue_link(&db, &user.actor.user_id, &user_id, store::now())
        .await?
        .ok_or_else(|| AppError::conflict("people-error-deactivated"))?;
    let account = store::people::account(&db, &user_id).await?.ok_or_else(AppError::not_found)?;
    let purpose = if account.status == store::people::Status::Invited { "invitation" } else { "reset" };
    let mail = super::ssr::deliver(&account, &token, purpose).await;
    Ok(super::ssr::hand_over(account.full_name, &token, mail))
}

/// Deactivates (`active` empty or `false`: open sessions end at once) or reactivates an account.
#[server(endpoint = "set_account_active")]
pub async fn set_account_active(user_id: String, #[server(default)] active: String) -> Result<(), AppError> {
    use crate::api::ssr::*;

    let user = require_user().await?;
    if user_id == user.actor.user_id {
        // Nobody locks themselves out.
        return Err(AppError::forbidden());
    }
    super::ssr::manageable(&user, &user_id).await?;
    let active = active == "true";
    store::people::set_active(&store()?, &user.actor.user_id, &user_id, active, store::now()).await?;
    Ok(())
}
