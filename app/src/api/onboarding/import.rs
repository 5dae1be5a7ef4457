use crate::api::onboarding::view::{ImportView, OutcomeView};
use crate::error::AppError;
use leptos::prelude::*;

/// A checked file of the signed-in person: its problems, or what confirming it did.
#[server(endpoint = "import_preview")]
pub async fn import_preview(id: String) -> Result<ImportView, AppError> {
    use crate::api::ssr::*;
    let user = require_user().await?;
    visible(&user, domain::Action::RegisterInstitution)?;
    let db = store()?;
    let batch = store::onboarding::batch(&db, &user.actor.user_id, &id).await?.ok_or_else(AppError::not_found)?;
    let links = store::onboarding::take_links(&db, &user.actor.user_id, &id).await?;
    Ok(view(batch, links))
}

/// Imports a checked file without problems, in one transaction. Confirming again (a retry, a
/// second tab) answers what the first confirmation did and writes nothing.
#[server(endpoint = "confirm_import")]
pub async fn confirm_import(id: String) -> Result<OutcomeView, AppError> {
    use crate::api::ssr::*;
    use domain::{Action, Resource};
    use store::onboarding::NotConfirmed;
    let user = require_user().await?;
    visible(&user, Action::RegisterInstitution)?;
    let may = |at: &domain::InstitutionRef| {
        domain::can(Some(&user.actor), Action::RegisterInstitution, Resource::Institution(at)).is_ok()
    };
    let db = store()?;
    let o = match store::onboarding::confirm_batch(&db, &user.actor.user_id, &id, may, may_invite(&user)).await? {
        Ok(o) => o,
        Err(NotConfirmed::Missing) => return Err(AppError::not_found()),
        Err(NotConfirmed::Problems(_)) => return Err(AppError::invalid("import-error-fix-first")),
    };
    // The accounts and links are stored: e-mail them now, outside the transaction, within a
    // budget (a mail server that stops answering fails the rest at once), and keep what became
    // of each for the page that shows the links.
    let mut links = store::onboarding::take_links(&db, &user.actor.user_id, &id).await?;
    if !links.is_empty() {
        let started = std::time::Instant::now();
        for link in &mut links {
            let status = if started.elapsed() < MAIL_BUDGET {
                let to = link.email.as_deref();
                crate::api::people::ssr::send(
                    to,
                    &link.username,
                    &link.full_name,
                    &link.username,
                    &link.token,
                    "invitation",
                )
                .await
            } else {
                crate::model::people::MailStatus::Failed
            };
            link.mail = Some(status.code().to_string());
        }
        store::onboarding::set_links(&db, &user.actor.user_id, &id, &links).await?;
    }
    Ok(OutcomeView { created: o.created, updated: o.updated, unchanged: o.unchanged, invited: o.invited })
}

/// How long a confirmation may spend e-mailing links (the request's own limit is 30 s).
#[cfg(feature = "ssr")]
const MAIL_BUDGET: std::time::Duration = std::time::Duration::from_secs(15);

/// The policy's answer for a new manager of an institution at `at` (the same question as the
/// "new account" form asks).
#[cfg(feature = "ssr")]
pub fn may_invite(user: &store::accounts::SessionUser) -> impl Fn(&domain::InstitutionRef) -> bool + '_ {
    move |at| {
        let account = domain::policy::AccountRef {
            user_id: String::new(),
            role: domain::Role::InstitutionManager,
            institution: Some(at.clone()),
            scope: None,
        };
        domain::can(Some(&user.actor), domain::Action::ManageAccounts, domain::Resource::Account(&account)).is_ok()
    }
}

#[cfg(feature = "ssr")]
pub fn view(batch: store::onboarding::Batch, links: Vec<store::onboarding::ManagerLink>) -> ImportView {
    use crate::api::onboarding::view::{InvitedManager, ProblemView};
    use crate::model::people::MailStatus;
    ImportView {
        invited: links
            .into_iter()
            .map(|l| InvitedManager {
                url: crate::api::people::ssr::link_url(&l.token),
                mail: l.mail.as_deref().map(MailStatus::from_code).unwrap_or_default(),
                row: l.row,
                institution: l.institution,
                full_name: l.full_name,
                username: l.username,
            })
            .collect(),
        problem_count: u32::try_from(batch.problems.len()).unwrap_or(u32::MAX),
        problems: batch
            .problems
            .into_iter()
            .take(ImportView::SHOWN)
            .map(|p| ProblemView { row: p.row, column: p.column, key: p.kind.message_key().into() })
            .collect(),
        outcome: batch.outcome.map(|o| OutcomeView {
            created: o.created,
            updated: o.updated,
            unchanged: o.unchanged,
            invited: o.invited,
        }),
        id: batch.id,
        file_name: batch.file_name,
        rows: batch.row_count,
    }
}
