use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubmitResult {
    Submitted {
        round: i64,
        changed: Vec<String>,
    },
    /// Not submitted: these indicators still miss something.
    Incomplete(Vec<domain::self_assessment::Missing>),
}

/// Submits the self-assessment (or resubmits it after a return) when it is complete.
#[server(endpoint = "submit_self_assessment")]
pub async fn submit_self_assessment(cycle_id: String) -> Result<SubmitResult, AppError> {
    use crate::api::ssr::*;
    use domain::Action;
    use store::self_assessment::{SubmitOutcome, submit};

    let user = require_user().await?;
    cycle_for(&user, &cycle_id, Action::SubmitSelfAssessment).await?;
    let db = store()?;
    let row = store::cycles::latest_for_institution(&db, &user.actor.institution.clone().unwrap_or_default())
        .await?
        .filter(|c| c.id == cycle_id)
        .ok_or_else(AppError::not_found)?;
    let instrument = store::instruments::by_id(&db, &row.instrument_version_id)
        .await?
        .ok_or_else(|| AppError::internal("stored data is inconsistent"))?;
    match submit(&db, &user.actor.user_id, &cycle_id, &instrument).await? {
        SubmitOutcome::Submitted { round, changed } => Ok(SubmitResult::Submitted { round, changed }),
        SubmitOutcome::Incomplete(missing) => Ok(SubmitResult::Incomplete(missing)),
        SubmitOutcome::NotAllowed(_) => Err(AppError::invalid("assessment-locked")),
    }
}
