use crate::error::AppError;
use crate::model::people::InviteView;
use leptos::prelude::*;

/// What an invitation or reset link is for, or why it does not work. Open to anyone: the
/// token is the permission.
#[server(endpoint = "invitation")]
pub async fn invitation(token: String) -> Result<InviteView, AppError> {
    use crate::api::ssr::*;

    let view = match store::people::check_link(&store()?, token.trim(), store::now()).await? {
        Ok(info) => {
            InviteView { state: "ok".into(), full_name: info.full_name, username: info.username, purpose: info.purpose }
        }
        Err(problem) => InviteView {
            state: problem_code(problem).into(),
            full_name: String::new(),
            username: String::new(),
            purpose: String::new(),
        },
    };
    Ok(view)
}

#[cfg(feature = "ssr")]
fn problem_code(problem: store::people::LinkProblem) -> &'static str {
    use store::people::LinkProblem;
    match problem {
        LinkProblem::Unknown => "unknown",
        LinkProblem::Used => "used",
        LinkProblem::Expired => "expired",
        LinkProblem::Replaced => "replaced",
    }
}

/// Sets the password through a link, once, and sends the person to sign in.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String, password: String, confirm: String) -> Result<(), AppError> {
    use crate::api::ssr::*;

    if let Some(key) = super::password_problem(&password, &confirm) {
        return Err(AppError::invalid(key));
    }
    match store::people::use_link(&store()?, token.trim(), &password, store::now()).await? {
        Ok(username) => {
            let query = format!(
                "error=password-set&username={}",
                username.replace(|c: char| !c.is_ascii_alphanumeric() && !matches!(c, '.' | '_' | '-'), "")
            );
            leptos_axum::redirect(&format!("/login?{query}"));
            Ok(())
        }
        Err(problem) => Err(AppError::conflict(format!("invite-{}", problem_code(problem)))),
    }
}
