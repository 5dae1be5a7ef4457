use crate::api::onboarding::view::{ImportView, OutcomeView};
use crate::error::AppError;
use leptos::prelude::*;

/// A checked file of the signed-in person: its problems, or what confirming it did.
#[server(endpoint = "import_preview")]
pub async fn import_preview(id: String) -> Result<ImportView, AppError> {
    use crate::api::ssr::*;
    let user = require_user().await?;
    visible(&user, domain::Action::RegisterInstitution)?;
    let batch = store::onboarding::batch(&store()?, &user.actor.user_id, &id).await?.ok_or_else(AppError::not_found)?;
    Ok(view(batch))
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
    match store::onboarding::confirm_batch(&store()?, &user.actor.user_id, &id, may).await? {
        Ok(o) => Ok(OutcomeView { created: o.created, updated: o.updated, unchanged: o.unchanged }),
        Err(NotConfirmed::Missing) => Err(AppError::not_found()),
        Err(NotConfirmed::Problems(_)) => Err(AppError::invalid("import-error-fix-first")),
    }
}

#[cfg(feature = "ssr")]
pub fn view(batch: store::onboarding::Batch) -> ImportView {
    use crate::api::onboarding::view::ProblemView;
    ImportView {
        problem_count: u32::try_from(batch.problems.len()).unwrap_or(u32::MAX),
        problems: batch
            .problems
            .into_iter()
            .take(ImportView::SHOWN)
            .map(|p| ProblemView { row: p.row, column: p.column, key: p.kind.message_key().into() })
            .collect(),
        outcome: batch.outcome.map(|o| OutcomeView { created: o.created, updated: o.updated, unchanged: o.unchanged }),
        id: batch.id,
        file_name: batch.file_name,
        rows: batch.row_count,
    }
}
