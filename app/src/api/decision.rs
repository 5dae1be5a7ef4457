//! The decision on a reconciled cycle, the certificate, appeals, and the public registry and
//! certificate verification.

use crate::error::AppError;
use crate::model::{DecisionView, RegistryView, VerifyView};
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
    let six_months = domain::decision::add_days(&store::today(), 183).unwrap_or_default();
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
pub async fn decide(cycle_id: String, kind: String, #[server(default)] reasons: String) -> Result<(), AppError> {
    use crate::api::ssr::*;
    use domain::Action;
    use domain::decision::Decision;
    use store::decision::DecideOutcome;

    let user = require_user().await?;
    let (_, _, instrument) = cycle_with_instrument(&user, &cycle_id, Action::Decide).await?;
    let decision = match kind.as_str() {
        "approve" => Decision::Approve,
        "reject" => Decision::Reject { reasons },
        "send_back" => Decision::SendBack { reason: reasons },
        _ => return Err(AppError::bad_request("error-bad-request")),
    };
    if decision.validate().is_err() {
        return Err(AppError::invalid("decision-error-reason"));
    }
    match store::decision::decide(&store()?, &user.actor.user_id, &cycle_id, &decision, &store::today(), &instrument)
        .await?
    {
        DecideOutcome::Decided { .. } | DecideOutcome::SentBack => Ok(()),
        DecideOutcome::NotAllowed(_) | DecideOutcome::NoResult => Err(AppError::invalid("decision-error-state")),
    }
}

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

/// The public registry of accredited institutions: no sign-in, no children's data, no scores.
#[server(endpoint = "registry")]
pub async fn registry(
    #[server(default)] name: String,
    #[server(default)] province: String,
    #[server(default)] regency: String,
    #[server(default)] grade: String,
) -> Result<RegistryView, AppError> {
    use crate::api::ssr::*;
    use crate::model::RegistryItem;
    use store::registry::RegistryFilter;

    let db = store()?;
    let today = store::today();
    let filter = RegistryFilter { name: name.chars().take(100).collect(), province, regency, grade };
    let (provinces, regencies) = store::registry::regions(&db).await?;
    Ok(RegistryView {
        items: store::registry::registry(&db, &filter)
            .await?
            .into_iter()
            .map(|r| RegistryItem {
                valid: domain::decision::still_valid(&r.valid_until, &today),
                name: r.name,
                province_name: r.province_name,
                regency_name: r.regency_name,
                grade: r.grade,
                valid_until: r.valid_until,
                number: r.number,
                verification_code: r.verification_code,
            })
            .collect(),
        provinces,
        regencies,
    })
}

/// Public check of a certificate by the code its URL and QR code carry.
#[server(endpoint = "verify_certificate")]
pub async fn verify_certificate(code: String) -> Result<Option<VerifyView>, AppError> {
    use crate::api::ssr::*;

    let Some(v) = store::certificate::verify(&store()?, code.trim()).await? else {
        // The page says "unknown certificate" with a 404, so a checker's script sees it too; a
        // call from the browser gets its answer (`None`) as data.
        let page = use_context::<http::request::Parts>().is_some_and(|p| !p.uri.path().starts_with("/api/"));
        if page && let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
        return Ok(None);
    };
    let status = if v.revoked_at.is_some() {
        "revoked"
    } else if domain::decision::still_valid(&v.valid_until, &store::today()) {
        "valid"
    } else {
        "expired"
    };
    Ok(Some(VerifyView {
        number: v.number,
        institution_name: v.institution_name,
        regency_name: v.regency_name,
        province_name: v.province_name,
        grade: v.grade,
        issued_on: v.issued_on,
        valid_until: v.valid_until,
        status: status.into(),
    }))
}
