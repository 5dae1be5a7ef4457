//! Decisions on reconciled cycles, and their expiry. Every write records an audit event in its
//! own transaction; a decided cycle changes only through an appeal.

use crate::certificate::{CertificateRow, issue};
use crate::cycles::transition;
use crate::{Db, Result, Store, audit, new_id, now};
use domain::certificate::valid_until;
use domain::decision::Decision;
use domain::{CycleState, Grade, Instrument, Transition};
use sqlx::{FromRow, Transaction};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct DecisionRow {
    pub kind: String,
    pub grade: Option<String>,
    pub reasons: String,
    pub decided_by: String,
    pub decided_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecideOutcome {
    Decided {
        grade: Grade,
        certificate: Option<Box<CertificateRow>>,
    },
    SentBack,
    NotAllowed(CycleState),
    /// The cycle has no reconciled result to decide on.
    NoResult,
}

/// A decision as recorded: `approve`, `reject`, `send_back`, `appeal_upheld`, `appeal_changed`.
pub(crate) struct Recorded<'a> {
    pub kind: &'a str,
    pub grade: Option<Grade>,
    pub reasons: &'a str,
    /// The decree's number, on an approval.
    pub reference: Option<&'a str>,
}

pub(crate) async fn record_decision(
    tx: &mut Transaction<'_, Db>,
    cycle_id: &str,
    d: Recorded<'_>,
    user_id: &str,
    today: &str,
) -> Result<()> {
    let Recorded { kind, grade, reasons, reference } = d;
    sqlx::query(
        "insert into decisions (id, cycle_id, kind, grade, reasons, decided_by, decided_on, created_at, reference)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id())
    .bind(cycle_id)
    .bind(kind)
    .bind(grade.map(|g| g.code()))
    .bind(reasons.trim())
    .bind(user_id)
    .bind(today)
    .bind(now())
    .bind(reference)
    .execute(&mut **tx)
    .await?;
    let after = domain::audit::Change::Decision { kind: kind.into(), grade: grade.map(|g| g.code().into()) };
    audit::record(tx, Some(user_id), "decision", "cycle", cycle_id, None, Some(&after)).await
}

pub(crate) async fn set_grade(
    tx: &mut Transaction<'_, Db>,
    cycle_id: &str,
    grade: Grade,
    valid: Option<&str>,
) -> Result<()> {
    sqlx::query("update cycles set grade = $2, valid_until = $3, updated_at = $4 where id = $1")
        .bind(cycle_id)
        .bind(grade.code())
        .bind(valid)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Applies the decision of an officer with approval rights to a reconciled cycle.
pub async fn decide(
    store: &Store,
    user_id: &str,
    cycle_id: &str,
    decision: &Decision,
    today: &str,
    instrument: &Instrument,
) -> Result<DecideOutcome> {
    let mut tx = store.write_tx().await?;
    let step = match decision {
        Decision::SendBack { .. } => Transition::SendBackToAssessors,
        _ => Transition::Decide,
    };
    if let Err(refused) = transition(&mut tx, cycle_id, step, Some(user_id)).await? {
        return Ok(DecideOutcome::NotAllowed(refused.from));
    }
    if let Decision::SendBack { reason } = decision {
        // The assessors look again: their submissions reopen; the reconciliation is redone.
        sqlx::query("delete from visit_submissions where cycle_id = $1").bind(cycle_id).execute(&mut *tx).await?;
        sqlx::query("delete from cycle_results where cycle_id = $1").bind(cycle_id).execute(&mut *tx).await?;
        let d = Recorded { kind: "send_back", grade: None, reasons: reason, reference: None };
        record_decision(&mut tx, cycle_id, d, user_id, today).await?;
        tx.commit().await?;
        return Ok(DecideOutcome::SentBack);
    }
    let recommended: Option<String> =
        sqlx::query_scalar("select recommended_grade from cycle_results where cycle_id = $1")
            .bind(cycle_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(recommended) = recommended.as_deref().and_then(Grade::from_code) else {
        return Ok(DecideOutcome::NoResult);
    };
    let grade = decision.grade(recommended).unwrap_or(Grade::NotAccredited);
    let (kind, reasons, reference) = match decision {
        Decision::Reject { reasons } => ("reject", reasons.as_str(), None),
        Decision::Approve { reference } => ("approve", "", Some(reference.trim())),
        Decision::SendBack { .. } => ("send_back", "", None),
    };
    let valid = valid_until(today, grade, &instrument.validity_years);
    set_grade(&mut tx, cycle_id, grade, valid.as_deref()).await?;
    record_decision(&mut tx, cycle_id, Recorded { kind, grade: Some(grade), reasons, reference }, user_id, today)
        .await?;
    let certificate = match &valid {
        Some(v) => Some(issue(&mut tx, user_id, cycle_id, grade, today, v, reference).await?),
        None => None,
    };
    let key = format!("decided/{cycle_id}/{}", new_id());
    crate::notifications::announce(&mut tx, cycle_id, "decided", grade.code(), &key).await?;
    tx.commit().await?;
    Ok(DecideOutcome::Decided { grade, certificate: certificate.map(Box::new) })
}

/// The decisions of a cycle, oldest first.
pub async fn decisions(store: &Store, cycle_id: &str) -> Result<Vec<DecisionRow>> {
    Ok(sqlx::query_as(
        "select kind, grade, reasons, decided_by, decided_on from decisions where cycle_id = $1 order by created_at",
    )
    .bind(cycle_id)
    .fetch_all(&store.pool)
    .await?)
}

/// Moves every decided cycle whose validity ended before `today` to expired, recording the
/// system as the actor. Safe to run on several servers at once: the update is conditional.
pub async fn expire_due(store: &Store, today: &str) -> Result<Vec<String>> {
    let due: Vec<String> = sqlx::query_scalar(
        "select id from cycles where state = 'decided' and valid_until is not null and valid_until < $1",
    )
    .bind(today)
    .fetch_all(&store.pool)
    .await?;
    let mut expired = Vec::new();
    for id in due {
        let mut tx = store.write_tx().await?;
        // Another server may have expired it, or an appeal moved it, since the list was read.
        if transition(&mut tx, &id, Transition::Expire, None).await?.is_ok() {
            crate::notifications::announce(&mut tx, &id, "expired", today, &format!("expired/{id}")).await?;
            expired.push(id);
        }
        tx.commit().await?;
    }
    Ok(expired)
}

#[cfg(test)]
mod tests;
