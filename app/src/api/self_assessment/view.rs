use crate::error::AppError;
use crate::model::SelfAssessmentView;
use leptos::prelude::*;

/// The manager's current self-assessment with progress, gaps and the self-score estimate;
/// `None` when the institution has not started one.
#[server(endpoint = "self_assessment")]
pub async fn self_assessment() -> Result<Option<SelfAssessmentView>, AppError> {
    use crate::api::ssr::*;
    use domain::self_assessment::{completeness, progress};
    use domain::{Action, Scores, evaluate};

    let user = require_user().await?;
    let institution = user.actor.institution.clone().ok_or_else(AppError::forbidden)?;
    let db = store()?;
    let Some(cycle) = store::cycles::latest_for_institution(&db, &institution).await? else { return Ok(None) };
    cycle_for(&user, &cycle.id, Action::ViewCycle).await?;
    let state = cycle.state().ok_or_else(|| AppError::internal("stored data is inconsistent"))?;
    let instrument = store::instruments::by_id(&db, &cycle.instrument_version_id)
        .await?
        .ok_or_else(|| AppError::internal("stored data is inconsistent"))?;
    let answers = answer_views(&db, &cycle.id).await?;
    let evidence = evidence_views(&db, &cycle.id).await?;
    let statuses = store::self_assessment::answer_statuses(&db, &cycle.id).await?;
    let scores: Scores = statuses.iter().filter_map(|(code, s)| s.self_score.map(|v| (code.clone(), v))).collect();
    let preview = evaluate(&instrument, &scores).ok();
    Ok(Some(SelfAssessmentView {
        cycle_id: cycle.id.clone(),
        state,
        instrument_version: cycle.instrument_version,
        progress: progress(&instrument, &statuses),
        missing: completeness(&instrument, &statuses),
        editable: store::self_assessment::editable(&db, &cycle.id).await?,
        reasons: store::self_assessment::revision_reasons(&db, &cycle.id).await?,
        answers,
        evidence,
        preview,
        instrument: (*instrument).clone(),
    }))
}
