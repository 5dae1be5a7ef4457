//! Dinsos intake: the queue of applications, the completeness review, return with reasons,
//! acceptance, and the assignment of assessors with a visit date.

use crate::error::AppError;
use crate::model::{QueueItemView, ReviewView};
use leptos::prelude::*;

/// Applications in the officer's region from submission to reconciliation, oldest waiting first.
#[server(endpoint = "intake_queue")]
pub async fn intake_queue(
    #[server(default)] page: u32,
) -> Result<(Vec<QueueItemView>, crate::model::PageInfo), AppError> {
    use crate::api::ssr::*;
    use domain::{Action, CycleState};

    let user = require_user().await?;
    let scope = visible_region(&user, Action::ViewIntakeQueue)?;
    let rows = store::intake::queue(&store()?, scope.as_ref(), store::paging::PageRequest::new(page)).await?;
    let page = (&rows).into();
    let items = rows
        .rows
        .into_iter()
        .filter_map(|r| {
            Some(QueueItemView {
                state: CycleState::from_code(&r.state)?,
                days_waiting: days_since(r.submitted_at.unwrap_or(r.updated_at)),
                cycle_id: r.cycle_id,
                institution_name: r.institution_name,
                regency_name: r.regency_name,
                rounds: r.rounds,
                visit_on: r.visit_on,
            })
        })
        .collect();
    Ok((items, page))
}

/// One application as Dinsos checks it.
#[server(endpoint = "intake_review")]
pub async fn intake_review(cycle_id: String) -> Result<ReviewView, AppError> {
    use crate::api::ssr::*;
    use crate::model::PersonView;
    use domain::self_assessment::completeness;
    use domain::{Action, Role};

    let user = require_user().await?;
    let (reference, row, instrument) = cycle_with_instrument(&user, &cycle_id, Action::ReviewApplication).await?;
    let db = store()?;
    let institution = store::institutions::get(&db, &row.institution_id)
        .await?
        .ok_or_else(|| AppError::internal("stored data is inconsistent"))?;
    let statuses = store::self_assessment::answer_statuses(&db, &cycle_id).await?;
    let (submitted_at, round, changed) =
        store::intake::latest_submission(&db, &cycle_id).await?.unwrap_or((row.updated_at, 0, vec![]));
    let conflicted = store::intake::conflicted(&db, &row.institution_id).await?;
    let staff: Vec<PersonView> = store::intake::visit_staff(&db)
        .await?
        .into_iter()
        .filter_map(|p| {
            Some(PersonView {
                conflict: conflicted.contains(&p.id),
                role: Role::from_code(&p.role)?,
                id: p.id,
                full_name: p.full_name,
            })
        })
        .collect();
    let name_of = |id: &str| staff.iter().find(|p| p.id == id).map(|p| p.full_name.clone()).unwrap_or_default();
    let mut assigned: Vec<(String, String)> =
        reference.assessors.iter().map(|a| (name_of(a), "assessor".to_string())).collect();
    if let Some(s) = &reference.supervisor {
        assigned.push((name_of(s), "supervisor".into()));
    }
    Ok(ReviewView {
        state: row.state().ok_or_else(|| AppError::internal("stored data is inconsistent"))?,
        institution_id: row.institution_id.clone(),
        institution_name: institution.name,
        regency_name: institution.regency_name,
        round,
        days_waiting: days_since(submitted_at),
        missing: completeness(&instrument, &statuses),
        answers: answer_views(&db, &cycle_id).await?,
        evidence: evidence_views(&db, &cycle_id).await?,
        reasons: store::self_assessment::revision_reasons(&db, &cycle_id).await?,
        changed: if round > 1 { changed } else { vec![] },
        instrument: (*instrument).clone(),
        staff,
        assigned,
        visit_on: row.visit_on,
        cycle_id,
    })
}

/// Returns a submission to the institution with a reason per indicator.
#[server(endpoint = "return_submission", input = server_fn::codec::Json)]
pub async fn return_submission(cycle_id: String, reasons: Vec<(String, String)>) -> Result<(), AppError> {
    use crate::api::ssr::*;
    use domain::Action;

    let user = require_user().await?;
    let (_, _, instrument) = cycle_with_instrument(&user, &cycle_id, Action::ReviewApplication).await?;
    let reasons: Vec<(String, String)> = reasons.into_iter().filter(|(_, r)| !r.trim().is_empty()).collect();
    if reasons.is_empty() {
        return Err(AppError::invalid("intake-error-no-reason"));
    }
    if reasons.iter().any(|(code, _)| instrument.find_indicator(code).is_none()) {
        return Err(AppError::invalid("error-unknown-indicator"));
    }
    if !store::self_assessment::return_for_revision(&store()?, &user.actor.user_id, &cycle_id, &reasons).await? {
        return Err(AppError::invalid("intake-error-state"));
    }
    Ok(())
}

/// Accepts a complete submission.
#[server(endpoint = "accept_submission")]
pub async fn accept_submission(cycle_id: String) -> Result<(), AppError> {
    use crate::api::ssr::*;
    use domain::Action;
    use domain::self_assessment::completeness;

    let user = require_user().await?;
    let (_, _, instrument) = cycle_with_instrument(&user, &cycle_id, Action::ReviewApplication).await?;
    let db = store()?;
    if !completeness(&instrument, &store::self_assessment::answer_statuses(&db, &cycle_id).await?).is_empty() {
        return Err(AppError::invalid("intake-error-incomplete"));
    }
    if !store::intake::accept(&db, &user.actor.user_id, &cycle_id).await? {
        return Err(AppError::invalid("intake-error-state"));
    }
    Ok(())
}

/// Assigns the lead and second assessor (and optionally a supervisor) with the visit date.
#[server(endpoint = "assign_assessors")]
pub async fn assign_assessors(
    cycle_id: String,
    lead: String,
    second: String,
    #[server(default)] supervisor: String,
    visit_on: String,
) -> Result<(), AppError> {
    use crate::api::ssr::*;
    use domain::Action;
    use store::intake::{AssignOutcome, Assignment, assign};

    let user = require_user().await?;
    cycle_with_instrument(&user, &cycle_id, Action::AssignAssessors).await?;
    let date = time::Date::parse(&visit_on, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|_| AppError::invalid("intake-error-date"))?;
    if date.to_string() < store::today() {
        return Err(AppError::invalid("intake-error-date-past"));
    }
    let supervisor = Some(supervisor.trim()).filter(|s| !s.is_empty());
    let visit_on = date.to_string();
    let a = Assignment { lead: lead.trim(), second: second.trim(), supervisor, visit_on: &visit_on };
    let key = match assign(&store()?, &user.actor.user_id, &cycle_id, &a).await? {
        AssignOutcome::Assigned => return Ok(()),
        AssignOutcome::NotAllowed(_) => "intake-error-state",
        AssignOutcome::InvalidPeople => "intake-error-people",
        AssignOutcome::Conflict(_) => "intake-error-conflict",
    };
    Err(AppError::invalid(key))
}
