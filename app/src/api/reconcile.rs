//! The reconciliation of the two assessors' scores into final scores and the engine's result.

use crate::error::AppError;
use crate::model::ReconcileView;
use domain::reconcile::FinalScore;
use leptos::prelude::*;

/// Both assessors' scores side by side with the self-score, once both have submitted.
#[server(endpoint = "reconciliation")]
pub async fn reconciliation(cycle_id: String) -> Result<ReconcileView, AppError> {
    use crate::api::ssr::*;
    use crate::model::ReconcileRowView;
    use domain::{Action, CycleState};

    let user = require_user().await?;
    let (reference, row, instrument) = cycle_with_instrument(&user, &cycle_id, Action::Reconcile).await?;
    let state = row.state().ok_or_else(|| AppError::internal("stored data is inconsistent"))?;
    if !matches!(state, CycleState::Visited | CycleState::Reconciled | CycleState::Decided | CycleState::Appealed) {
        return Err(AppError::invalid("reconcile-error-not-visited"));
    }
    let db = store()?;
    let [first_id, second_id] = match reference.assessors.as_slice() {
        [a, b, ..] => [a.clone(), b.clone()],
        _ => return Err(AppError::internal("stored data is inconsistent")),
    };
    let first = store::visit::scores_of(&db, &cycle_id, &first_id).await?;
    let second = store::visit::scores_of(&db, &cycle_id, &second_id).await?;
    let finals = store::reconcile::finals(&db, &cycle_id).await?;
    let answers = answer_views(&db, &cycle_id).await?;
    let names: std::collections::BTreeMap<String, String> =
        store::intake::visit_staff(&db).await?.into_iter().map(|p| (p.id, p.full_name)).collect();
    let find = |rows: &[store::visit::VisitScoreRow], code: &str| {
        rows.iter()
            .find(|r| r.indicator_code == code)
            .map(|r| (r.score, r.note.clone()))
            .unwrap_or((None, String::new()))
    };
    let rows = instrument
        .indicators()
        .map(|(_, ind)| {
            let (a, a_note) = find(&first, &ind.code);
            let (b, b_note) = find(&second, &ind.code);
            let stored = finals.iter().find(|f| f.code == ind.code);
            let offered = domain::reconcile::suggestion(a, b);
            ReconcileRowView {
                code: ind.code.clone(),
                text: ind.text.clone(),
                critical: ind.critical,
                self_score: answers.get(&ind.code).and_then(|x| x.self_score),
                first: a,
                first_note: a_note,
                second: b,
                second_note: b_note,
                final_score: stored.map(|f| f.score).or(offered),
                reason: stored.map(|f| f.reason.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(ReconcileView {
        institution_name: store::institutions::get(&db, &row.institution_id).await?.map(|i| i.name).unwrap_or_default(),
        editable: state == CycleState::Visited,
        state,
        assessor_names: [&first_id, &second_id].map(|id| names.get(id).cloned().unwrap_or_default()),
        components: instrument.components.iter().map(|c| (c.code.clone(), c.name.clone())).collect(),
        levels: instrument
            .rubric
            .iter()
            .filter_map(|r| Some((domain::Score::parse(r.level.into()).ok()?, r.label.clone())))
            .collect(),
        result: store::reconcile::result(&db, &cycle_id).await?,
        rows,
        cycle_id,
    })
}

/// Sets the final score of every indicator; the engine then gives the recommended grade.
#[server(endpoint = "save_reconciliation", input = server_fn::codec::Json)]
pub async fn save_reconciliation(cycle_id: String, finals: Vec<FinalScore>) -> Result<domain::Evaluation, AppError> {
    use crate::api::ssr::*;
    use domain::Action;
    use domain::reconcile::ReconcileError;
    use store::reconcile::{ReconcileOutcome, reconcile};

    let user = require_user().await?;
    let (_, _, instrument) = cycle_with_instrument(&user, &cycle_id, Action::Reconcile).await?;
    let db = store()?;
    if finals.iter().any(|f| f.reason.chars().count() > 2_000) {
        return Err(AppError::invalid("reconcile-error-reason-long"));
    }
    let key = match reconcile(&db, &user.actor.user_id, &cycle_id, &instrument, &finals).await? {
        ReconcileOutcome::Reconciled(evaluation) => return Ok(*evaluation),
        ReconcileOutcome::Invalid(ReconcileError::Missing(_)) => "reconcile-error-missing",
        ReconcileOutcome::Invalid(ReconcileError::ReasonRequired(_)) => "reconcile-error-reason",
        ReconcileOutcome::Invalid(_) => "error-unknown-indicator",
        ReconcileOutcome::NotAllowed(_) => "reconcile-error-not-visited",
    };
    Err(AppError::invalid(key))
}
