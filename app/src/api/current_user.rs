use crate::error::AppError;
use crate::model::UserView;
use leptos::prelude::*;

/// The signed-in person, or `None` for a visitor.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<UserView>, AppError> {
    use super::ssr::*;
    Ok(session_user().await?.as_ref().map(user_view))
}
