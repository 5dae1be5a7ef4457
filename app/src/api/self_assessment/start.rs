use crate::error::AppError;
use leptos::prelude::*;

/// Starts a self-assessment on the current instrument version. Refused while the
/// institution's registration or operating permit is missing or expired.
#[server(endpoint = "start_self_assessment")]
pub async fn start_self_assessment() -> Result<(), AppError> {
    use crate::api::ssr::*;
    use domain::{Action, CycleState, Resource};

    let user = require_user().await?;
    let id = user.actor.institution.clone().ok_or_else(AppError::forbidden)?;
    let db = store()?;
    let row = store::institutions::get(&db, &id).await?.ok_or_else(AppError::not_found)?;
    authorize(Some(&user), Action::EditInstitution, Resource::Institution(&row.reference()))?;
    let view = institution_view(row);
    if !view.registration.allows_application() || !view.permit.allows_application() {
        return Err(AppError::invalid("assessment-legal-invalid"));
    }
    if let Some(c) = store::cycles::latest_for_institution(&db, &id).await?
        && !matches!(c.state(), Some(CycleState::Decided | CycleState::Expired))
    {
        return Ok(());
    }
    let (version, _) = store::instruments::current(&db, INSTRUMENT_CODE).await?.ok_or_else(AppError::not_found)?;
    store::cycles::create(&db, &id, &version, CycleState::Draft).await?;
    Ok(())
}
