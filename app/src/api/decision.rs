//! The decision on a reconciled cycle: the page every entitled person sees (with the
//! certificate and the appeal) and the officer's decision.

use crate::error::AppError;
use crate::model::DecisionView;
use leptos::prelude::*;

/// The decision page for everyone entitled to the cycle (Dinsos, the institution, admins).
#[server(endpoint = "decision_page")]
pub async fn decision_page(cycle_id: String) -> Result<DecisionView, AppError> {
    use crate::api::ssr::*;
    use crate::model::{AppealView, CertificateView, DecisionEntry};
    use domain::{Action, CycleState, Resource, Scores};

    let user = require_user().await?;
    let (reference, row, instrument) = cycle_with_instrument(&user, &cycle_id, Action::ViewCycle).await?;
    let db = store()?;
    let settings = use_context::<store::Settings>().unwrap_or_default();
    let state = row.state().ok_or_else(|| AppError::internal("stored data is inconsistent"))?;
    let result = store::reconcile::result(&db, &cycle_id).await?;
    let answers = store::self_assessment::answers(&db, &cycle_id).await?;
    let self_scores: Scores = answers.iter().filter_map(|a| Some((a.indicator_code.clone(), a.self_score?))).collect();
    let self_eval = domain::evaluate(&instrument, &self_scores).ok();
    let comparison = instrument
        .components
        .iter()
        .map(|c| {
            let pct = |e: &Option<domain::Evaluation>| {
                e.as_ref().and_then(|e| e.components.iter().find(|x| x.code == c.code).map(|x| x.percent_hundredths))
            };
            (c.code.clone(), c.name.clone(), pct(&self_eval), pct(&result))
        })
        .collect();
    let may = |action| domain::can(Some(&user.actor), action, Resource::Cycle(&reference));
    let blocked = match (state, may(Action::Decide), may(Action::ResolveAppeal)) {
        // Why an officer of the region may not decide; other roles are simply not deciders.
        (CycleState::Reconciled, Err(d), _) | (CycleState::Appealed, _, Err(d))
            if !matches!(d, domain::Denied::WrongRole | domain::Denied::OutOfScope) =>
        {
            Some(format!("decision-blocked-{d:?}").to_lowercase())
        }
        _ => None,
    };
    let appeal_until = store::appeal::appeal_until(&db, &cycle_id, settings.appeal_days).await?;
    let appeal = store::appeal::appeal(&db, &cycle_id).await?;
    let can_appeal = state == CycleState::Decided
        && appeal.is_none()
        && may(Action::Appeal).is_ok()
        && appeal_until.as_deref().is_some_and(|d| store::today().as_str() <= d);
    let institution = store::institutions::get(&db, &row.institution_id)
        .await?
        .ok_or_else(|| AppError::internal("stored data is inconsistent"))?;
    let six_months = domain::dates::add_days(&store::today(), 183).unwrap_or_default();
    let can_reaccredit = matches!(state, CycleState::Decided | CycleState::Expired)
        && may(Action::SubmitSelfAssessment).is_ok()
        && row.valid_until.as_deref().is_none_or(|v| v <= six_months.as_str());
    let can_add_appeal_files = may(Action::Appeal).is_ok()
        && store::appeal::appeal_open_for_files(&db, &cycle_id, &store::today(), settings.appeal_days).await?;
    let appeal_files = store::appeal::appeal_files(&db, &cycle_id)
        .await?
        .into_iter()
        .map(|f| crate::model::EvidenceView { id: f.id, kind: f.kind, caption: f.caption })
        .collect();
    Ok(DecisionView {
        can_add_appeal_files,
        appeal_files,
        can_audit: may(Action::ViewAudit).is_ok(),
        can_reaccredit,
        institution_name: institution.name,
        regency_name: institution.regency_name,
        can_decide: state == CycleState::Reconciled && may(Action::Decide).is_ok(),
        can_resolve: state == CycleState::Appealed && may(Action::ResolveAppeal).is_ok(),
        can_appeal,
        blocked,
        state,
        result,
        comparison,
        history: store::decision::decisions(&db, &cycle_id)
            .await?
            .into_iter()
            .map(|d| DecisionEntry { kind: d.kind, grade: d.grade, reasons: d.reasons, decided_on: d.decided_on })
            .collect(),
        certificate: store::certificate::certificate_for_cycle(&db, &cycle_id).await?.map(|c| CertificateView {
            number: c.number,
            grade: c.grade,
            issued_on: c.issued_on,
            valid_until: c.valid_until,
            verification_code: c.verification_code,
            signer_name: c.signer_name.unwrap_or_default(),
            signer_position: c.signer_position.unwrap_or_default(),
            decree_number: c.decree_number,
        }),
        appeal: appeal.map(|a| AppealView {
            reasons: a.reasons,
            filed_on: a.filed_on,
            outcome: a.outcome,
            outcome_grade: a.outcome_grade,
            outcome_reasons: a.outcome_reasons,
        }),
        appeal_until,
        cycle_id,
    })
}

/// Approve the recommended grade, reject with reasons, or send back to the assessors.
#[server(endpoint = "decide")]
pub async fn decide(
    cycle_id: String,
    kind: String,
    #[server(default)] reasons: String,
    #[server(default)] reference: String,
) -> Result<(), AppError> {
    use crate::api::ssr::*;
    use domain::Action;
    use domain::decision::Decision;
    use store::decision::DecideOutcome;

    let user = require_user().await?;
    let (_, _, instrument) = cycle_with_instrument(&user, &cycle_id, Action::Decide).await?;
    let decision = match kind.as_str() {
        "approve" => Decision::approve(&reference),
        "reject" => Decision::Reject { reasons },
        "send_back" => Decision::SendBack { reason: reasons },
        _ => return Err(AppError::bad_request("error-bad-request")),
    };
    match decision.validate() {
        Ok(()) => {}
        Err(domain::decision::DecisionError::ReferenceRequired) => {
            return Err(AppError::invalid("decision-error-reference"));
        }
        Err(_) => return Err(AppError::invalid("decision-error-reason")),
    }
    match store::decision::decide(&store()?, &user.actor.user_id, &cycle_id, &decision, &store::today(), &instrument)
        .await?
    {
        DecideOutcome::Decided { .. } | DecideOutcome::SentBack => Ok(()),
        DecideOutcome::NotAllowed(_) | DecideOutcome::NoResult => Err(AppError::invalid("decision-error-state")),
    }
}
