//! The appeal: the institution files it within the window; another officer decides it.

use crate::error::AppError;
use leptos::prelude::*;

/// The institution appeals the decision, with its reasons, within the appeal window.
#[server(endpoint = "file_appeal")]
pub async fn file_appeal(cycle_id: String, reasons: String) -> Result<(), AppError> {
    use crate::api::ssr::*;
    use domain::Action;
    use store::appeal::AppealOutcome;

    let user = require_user().await?;
    cycle_with_instrument(&user, &cycle_id, Action::Appeal).await?;
    if reasons.trim().chars().count() < 20 || reasons.chars().count() > 5_000 {
        return Err(AppError::invalid("appeal-error-reasons"));
    }
    let settings = use_context::<store::Settings>().unwrap_or_default();
    let outcome = store::appeal::file_appeal(
        &store()?,
        &user.actor.user_id,
        &cycle_id,
        &reasons,
        &store::today(),
        settings.appeal_days,
    )
    .await?;
    let key = match outcome {
        AppealOutcome::Filed => return Ok(()),
        AppealOutcome::TooLate { .. } => "appeal-error-late",
        AppealOutcome::AlreadyAppealed => "appeal-error-twice",
        AppealOutcome::NotAllowed(_) => "decision-error-state",
    };
    Err(AppError::invalid(key))
}

/// Decides an appeal: `outcome` is "uphold" or the new grade (A, B, C, TT).
#[server(endpoint = "resolve_appeal")]
pub async fn resolve_appeal(cycle_id: String, outcome: String, reasons: String) -> Result<(), AppError> {
    use crate::api::ssr::*;
    use domain::{Action, Grade};
    use store::appeal::{Resolution, ResolveOutcome};

    let user = require_user().await?;
    let (_, _, instrument) = cycle_with_instrument(&user, &cycle_id, Action::ResolveAppeal).await?;
    let resolution = match outcome.as_str() {
        "uphold" => Resolution::Uphold,
        code => {
            Resolution::ChangeGrade(Grade::from_code(code).ok_or_else(|| AppError::bad_request("error-bad-request"))?)
        }
    };
    if reasons.trim().is_empty() {
        return Err(AppError::invalid("decision-error-reason"));
    }
    match store::appeal::resolve_appeal(
        &store()?,
        &user.actor.user_id,
        &cycle_id,
        &resolution,
        &reasons,
        &store::today(),
        &instrument,
    )
    .await?
    {
        ResolveOutcome::Resolved { .. } => Ok(()),
        ResolveOutcome::NotAllowed(_) => Err(AppError::invalid("decision-error-state")),
    }
}
