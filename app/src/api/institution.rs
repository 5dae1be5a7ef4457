use crate::error::AppError;
use crate::model::InstitutionView;
use leptos::prelude::*;

/// One institution's profile, for the people entitled to it.
#[server(endpoint = "institution")]
pub async fn institution(id: String) -> Result<InstitutionView, AppError> {
    use super::ssr::*;
    use domain::{Action, Resource};
    let user = require_user().await?;
    let row = store::institutions::get(&store()?, &id).await?.ok_or_else(AppError::not_found)?;
    let reference = row.reference();
    authorize(Some(&user), Action::ViewInstitution, Resource::Institution(&reference))?;
    let may = |action| domain::can(Some(&user.actor), action, Resource::Institution(&reference)).is_ok();
    let (editable, evidence_log) = (may(Action::EditInstitution), may(Action::ViewEvidenceLog));
    Ok(InstitutionView { editable, evidence_log, ..institution_view(row) })
}
