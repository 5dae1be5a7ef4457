use crate::error::AppError;
use leptos::prelude::*;

/// Sets or removes (`email` empty) the e-mail address of an account the reader may manage.
#[server(endpoint = "set_account_email")]
pub async fn set_account_email(user_id: String, #[server(default)] email: String) -> Result<(), AppError> {
    use crate::api::ssr::*;

    let user = require_user().await?;
    super::ssr::manageable(&user, &user_id).await?;
    let email = domain::account::email(&email).map_err(|_| AppError::invalid("people-error-email"))?;
    store::people::set_email(&store()?, &user.actor.user_id, &user_id, email.as_deref(), store::now()).await?;
    Ok(())
}
