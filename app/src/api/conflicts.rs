//! Conflicts of interest: an assessor declares them; assignments exclude them from then on.

use crate::error::AppError;
use crate::model::ConflictsView;
use leptos::prelude::*;

/// The assessor's declared conflicts of interest and the institutions to declare against.
#[server(endpoint = "conflicts")]
pub async fn conflicts(
    #[server(default)] name: String,
    #[server(default)] page: u32,
) -> Result<ConflictsView, AppError> {
    use crate::api::ssr::*;
    use crate::model::ConflictView;
    use domain::Action;

    let user = require_user().await?;
    let scope = visible_region(&user, Action::DeclareConflict)?;
    let db = store()?;
    let name: String = name.chars().take(100).collect();
    let institutions =
        store::institutions::list(&db, scope.as_ref(), &name, store::paging::PageRequest::new(page)).await?;
    Ok(ConflictsView {
        declared: store::intake::conflicts_of(&db, &user.actor.user_id)
            .await?
            .into_iter()
            .map(|(institution_id, institution_name, reason)| ConflictView { institution_id, institution_name, reason })
            .collect(),
        page: (&institutions).into(),
        institutions: institutions.rows.into_iter().map(|i| (i.id, i.name, i.regency_name)).collect(),
    })
}

/// Declares a conflict of interest with an institution: no assignment to it from then on.
#[server(endpoint = "declare_conflict")]
pub async fn declare_conflict(institution_id: String, reason: String) -> Result<(), AppError> {
    use crate::api::ssr::*;
    use domain::Action;

    let user = require_user().await?;
    let db = store()?;
    let institution = store::institutions::get(&db, &institution_id).await?.ok_or_else(AppError::not_found)?;
    authorize(Some(&user), Action::DeclareConflict, domain::Resource::Institution(&institution.reference()))?;
    if reason.trim().is_empty() || reason.chars().count() > 1_000 {
        return Err(AppError::invalid("conflict-error-reason"));
    }
    store::intake::declare_conflict(&db, &user.actor.user_id, &institution_id, &reason).await?;
    Ok(())
}
