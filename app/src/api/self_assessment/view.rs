use crate::error::AppError;
use crate::model::SelfAssessmentView;
use leptos::prelude::*;

/// The manager's current self-assessment with progress, gaps and the self-score estimate;
/// `None` when the institution has not started one. Only `component` (by default the first)
/// comes with its indicators, answers and evidence: a page shows one component at a time.
#[server(endpoint = "self_assessment")]
pub async fn self_assessment(component: Option<String>) -> Result<Option<SelfAssessmentView>, AppError> {
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
    let missing = completeness(&instrument, &statuses);
    let shown = (*instrument).clone().only_component(component.as_deref());
    let codes: std::collections::BTreeSet<String> =
        shown.components.iter().flat_map(|c| c.indicators.iter().map(|i| i.code.clone())).collect();
    let keep = |code: &String| codes.contains(code);
    let open = matches!(state, domain::CycleState::Draft | domain::CycleState::Returned);
    let migration = match open {
        true => store::instrument_versions::migration_of(&db, &cycle.id).await?,
        false => None,
    };
    let migration = match migration {
        Some(m) => {
            let institution = store::institutions::get(&db, &institution)
                .await?
                .ok_or_else(|| AppError::internal("stored data is inconsistent"))?;
            Some(crate::model::MigrationNotice {
                from_version: m.from_version,
                to_version: m.to_version,
                at: m.at,
                zone: domain::audit::zone_of_province(&institution.province_id),
                report: m.report,
            })
        }
        None => None,
    };
    Ok(Some(SelfAssessmentView {
        migration,
        cycle_id: cycle.id.clone(),
        state,
        instrument_version: cycle.instrument_version,
        progress: progress(&instrument, &statuses),
        missing_total: missing.len(),
        missing: missing.into_iter().take(crate::model::MISSING_SHOWN).collect(),
        editable: store::self_assessment::editable(&db, &cycle.id).await?,
        reasons: store::self_assessment::revision_reasons(&db, &cycle.id)
            .await?
            .into_iter()
            .filter(|(c, _)| keep(c))
            .collect(),
        answers: answers.into_iter().filter(|(c, _)| keep(c)).collect(),
        evidence: evidence.into_iter().filter(|(c, _)| keep(c)).collect(),
        preview,
        total: instrument.indicator_count(),
        instrument: shown,
    }))
}
