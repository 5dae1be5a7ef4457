//! People: accounts, invitation and reset links, deactivation, one's own password. Every
//! server function asks `domain::policy` (`ManageAccounts` on the account, or
//! `ChangeOwnPassword`); the link pages are open to anyone holding a valid link.

pub mod accounts;
pub mod change_password;
pub mod create_account;
pub mod invitation;
pub mod manage_account;
pub mod person;
pub mod set_email;

pub use accounts::accounts;
pub use change_password::{ChangePassword, change_password};
pub use create_account::{CreateAccount, create_account};
pub use invitation::{AcceptInvitation, accept_invitation, invitation};
pub use manage_account::{IssueAccountLink, SetAccountActive, issue_account_link, set_account_active};
pub use person::person;
pub use set_email::{SetAccountEmail, set_account_email};

/// The translation key of what is wrong with a new password, if anything.
pub fn password_problem(password: &str, confirm: &str) -> Option<&'static str> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Some("people-error-password-short")
    } else if password.chars().count() > 200 {
        Some("people-error-password-long")
    } else if password != confirm {
        Some("people-error-password-mismatch")
    } else {
        None
    }
}

/// Fewest characters of a password (the store's rule, repeated for the browser's form).
pub const MIN_PASSWORD_CHARS: usize = 10;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::error::AppError;
    use crate::model::people::{IssuedLink, MailStatus};

    /// The address a link is handed out with: `LKSA_PUBLIC_URL` when set, otherwise the site
    /// as the requester reached it (shown only to that requester).
    pub fn link_url(token: &str) -> String {
        let base = std::env::var("LKSA_PUBLIC_URL").ok().filter(|v| !v.is_empty()).unwrap_or_else(|| {
            let parts = leptos::prelude::use_context::<http::request::Parts>();
            let header = |name: &str| {
                parts.as_ref().and_then(|p| p.headers.get(name)).and_then(|v| v.to_str().ok()).map(String::from)
            };
            let host = header("host").unwrap_or_else(|| "localhost".into());
            let scheme = header("x-forwarded-proto").filter(|p| p == "https").unwrap_or_else(|| "http".into());
            format!("{scheme}://{host}")
        });
        format!("{}/invite/{token}", base.trim_end_matches('/'))
    }

    /// A form posted without JavaScript gets the page back with the link on it; with
    /// JavaScript the page shows the returned link itself.
    pub fn hand_over(full_name: String, token: &str, mail: MailStatus) -> IssuedLink {
        let plain_form = leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(String::from))
            .is_some_and(|a| a.contains("text/html"));
        if plain_form {
            let query = serde_urlencoded_pairs(&[("link", token), ("for", &full_name), ("mail", mail.code())]);
            leptos_axum::redirect(&format!("/people?{query}"));
        }
        IssuedLink { full_name, url: link_url(token), mail }
    }

    /// E-mails a freshly issued link when the server has a mail server and the account an
    /// address (after the link's transaction committed). A failure is logged without the link.
    pub async fn deliver(account: &store::people::AccountRow, token: &str, purpose: &str) -> MailStatus {
        let to = account.email.as_deref();
        send(to, &account.id, &account.full_name, &account.username, token, purpose).await
    }

    /// [`deliver`] for an account known by its fields (`who` names it in the log).
    pub async fn send(
        to: Option<&str>,
        who: &str,
        full_name: &str,
        username: &str,
        token: &str,
        purpose: &str,
    ) -> MailStatus {
        let Some(mailer) = leptos::prelude::use_context::<crate::api::mail::Mail>().and_then(|m| m.0) else {
            return MailStatus::NotConfigured;
        };
        let Some(to) = to else { return MailStatus::NoAddress };
        let url = link_url(token);
        let mail = crate::api::mail::LinkMail { to, full_name, username, url: &url, purpose };
        match mailer.send_link(&mail).await {
            Ok(()) => {
                tracing::info!(%who, purpose, "link e-mailed");
                MailStatus::Sent
            }
            Err(error) => {
                tracing::warn!(%who, purpose, %error, "link not e-mailed");
                MailStatus::Failed
            }
        }
    }

    fn serde_urlencoded_pairs(pairs: &[(&str, &str)]) -> String {
        pairs
            .iter()
            .map(|(k, v)| {
                let v: String = v
                    .bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                        _ => format!("%{b:02X}"),
                    })
                    .collect();
                format!("{k}={v}")
            })
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The account `user_id`, after checking the reader may manage it.
    pub async fn manageable(
        user: &store::accounts::SessionUser,
        user_id: &str,
    ) -> Result<domain::policy::AccountRef, AppError> {
        let db = crate::api::ssr::store()?;
        let account = store::people::reference(&db, user_id).await?.ok_or_else(AppError::not_found)?;
        crate::api::ssr::authorize(Some(user), domain::Action::ManageAccounts, domain::Resource::Account(&account))?;
        Ok(account)
    }
}
