//! Appeals against a decision: filing within the window, the evidence files, and the
//! resolution, which may change the grade and reissue the certificate.

use crate::certificate::{CertificateRow, issue};
use crate::cycles::transition;
use crate::decision::{Recorded, record_decision, set_grade};
use crate::{Claim, Result, Store, audit, new_id, now};
use domain::appeal::appeal_deadline;
use domain::audit::Change;
use domain::certificate::valid_until;
use domain::{CycleState, Grade, Instrument, Transition};
use sqlx::FromRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppealOutcome {
    Filed,
    TooLate { deadline: String },
    AlreadyAppealed,
    NotAllowed(CycleState),
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AppealRow {
    pub reasons: String,
    pub filed_on: String,
    pub outcome: Option<String>,
    pub outcome_grade: Option<String>,
    pub outcome_reasons: Option<String>,
}

pub async fn appeal(store: &Store, cycle_id: &str) -> Result<Option<AppealRow>> {
    Ok(sqlx::query_as(
        "select reasons, filed_on, outcome, outcome_grade, outcome_reasons from appeals where cycle_id = $1
          order by created_at desc limit 1",
    )
    .bind(cycle_id)
    .fetch_optional(&store.pool)
    .await?)
}

/// The last day an appeal can be filed against the cycle's decision.
pub async fn appeal_until(store: &Store, cycle_id: &str, appeal_days: u32) -> Result<Option<String>> {
    let decided_on: Option<String> = sqlx::query_scalar(
        "select decided_on from decisions where cycle_id = $1 and kind in ('approve', 'reject') order by created_at desc limit 1",
    )
    .bind(cycle_id)
    .fetch_optional(&store.pool)
    .await?;
    Ok(decided_on.and_then(|d| appeal_deadline(&d, appeal_days)))
}

/// The institution appeals the decision, within the appeal window, once.
pub async fn file_appeal(
    store: &Store,
    user_id: &str,
    cycle_id: &str,
    reasons: &str,
    today: &str,
    appeal_days: u32,
) -> Result<AppealOutcome> {
    let deadline = appeal_until(store, cycle_id, appeal_days).await?;
    let mut tx = store.write_tx().await?;
    if let Err(refused) = transition(&mut tx, cycle_id, Transition::Appeal, Some(user_id)).await? {
        return Ok(AppealOutcome::NotAllowed(refused.from));
    }
    let earlier: i64 = sqlx::query_scalar("select count(*) from appeals where cycle_id = $1")
        .bind(cycle_id)
        .fetch_one(&mut *tx)
        .await?;
    if earlier > 0 {
        return Ok(AppealOutcome::AlreadyAppealed);
    }
    // No decision to appeal against; the cycle was decided (the only state an appeal starts from).
    let Some(deadline) = deadline else { return Ok(AppealOutcome::NotAllowed(CycleState::Decided)) };
    if today > deadline.as_str() {
        return Ok(AppealOutcome::TooLate { deadline });
    }
    sqlx::query(
        "insert into appeals (id, cycle_id, reasons, filed_by, filed_on, created_at) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(cycle_id)
    .bind(reasons.trim())
    .bind(user_id)
    .bind(today)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(user_id),
        "appeal",
        "cycle",
        cycle_id,
        None,
        Some(&Change::Text { text: reasons.trim().into() }),
    )
    .await?;
    crate::notifications::announce(&mut tx, cycle_id, "appeal_filed", today, &format!("appeal/{cycle_id}")).await?;
    tx.commit().await?;
    Ok(AppealOutcome::Filed)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Uphold,
    ChangeGrade(Grade),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveOutcome {
    Resolved { certificate: Option<Box<CertificateRow>> },
    NotAllowed(CycleState),
}

/// Decides an appeal. A changed grade revokes the certificate in force and issues a new one.
pub async fn resolve_appeal(
    store: &Store,
    user_id: &str,
    cycle_id: &str,
    resolution: &Resolution,
    reasons: &str,
    today: &str,
    instrument: &Instrument,
) -> Result<ResolveOutcome> {
    let mut tx = store.write_tx().await?;
    if let Err(refused) = transition(&mut tx, cycle_id, Transition::ResolveAppeal, Some(user_id)).await? {
        return Ok(ResolveOutcome::NotAllowed(refused.from));
    }
    let (outcome, grade) = match resolution {
        Resolution::Uphold => ("upheld", None),
        Resolution::ChangeGrade(g) => ("changed", Some(*g)),
    };
    sqlx::query(
        "update appeals set outcome = $2, outcome_grade = $3, outcome_reasons = $4, decided_by = $5, decided_at = $6
          where cycle_id = $1 and outcome is null",
    )
    .bind(cycle_id)
    .bind(outcome)
    .bind(grade.map(|g| g.code()))
    .bind(reasons.trim())
    .bind(user_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    let mut certificate = None;
    if let Some(g) = grade {
        sqlx::query(
            "update certificates set revoked_at = $2, revoked_reason = 'appeal' where cycle_id = $1 and revoked_at is null",
        )
        .bind(cycle_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        crate::summary::record_certificate(&mut tx, cycle_id).await?;
        let valid = valid_until(today, g, &instrument.validity_years);
        set_grade(&mut tx, cycle_id, g, valid.as_deref()).await?;
        if let Some(v) = &valid {
            certificate = Some(issue(&mut tx, user_id, cycle_id, g, today, v, None).await?);
        }
    }
    let kind = if grade.is_some() { "appeal_changed" } else { "appeal_upheld" };
    record_decision(&mut tx, cycle_id, Recorded { kind, grade, reasons, reference: None }, user_id, today).await?;
    let detail = grade.map(|g| g.code()).unwrap_or("");
    crate::notifications::announce(
        &mut tx,
        cycle_id,
        "appeal_resolved",
        detail,
        &format!("appeal-resolved/{cycle_id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(ResolveOutcome::Resolved { certificate: certificate.map(Box::new) })
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AppealFileRow {
    pub id: String,
    pub cycle_id: String,
    pub sha256: String,
    pub kind: String,
    pub content_type: String,
    pub caption: String,
}

const APPEAL_FILE: &str = "select f.id, f.cycle_id, f.sha256, f.kind, b.content_type, f.caption
   from appeal_files f join blobs b on b.sha256 = f.sha256";

/// Whether the institution may still add evidence to its appeal: while it may file one, and
/// while a filed appeal waits for its decision.
pub async fn appeal_open_for_files(store: &Store, cycle_id: &str, today: &str, appeal_days: u32) -> Result<bool> {
    let state: String =
        sqlx::query_scalar("select state from cycles where id = $1").bind(cycle_id).fetch_one(&store.pool).await?;
    Ok(match state.as_str() {
        "appealed" => true,
        "decided" => {
            appeal(store, cycle_id).await?.is_none()
                && appeal_until(store, cycle_id, appeal_days).await?.is_some_and(|d| today <= d.as_str())
        }
        _ => false,
    })
}

pub struct NewAppealFile<'a> {
    pub id: &'a str,
    pub cycle_id: &'a str,
    pub kind: &'a str,
    pub blob: crate::evidence::Blob<'a>,
    pub caption: &'a str,
    pub uploaded_by: &'a str,
}

/// Whether an appeal file id is new, a replay of this person's upload to this cycle, or taken.
pub async fn claim_appeal_file(
    store: &Store,
    id: &str,
    cycle_id: &str,
    uploader: &str,
) -> Result<Claim<AppealFileRow>> {
    let owner: Option<(String, String)> =
        sqlx::query_as("select cycle_id, uploaded_by from appeal_files where id = $1")
            .bind(id)
            .fetch_optional(&store.pool)
            .await?;
    Ok(match owner {
        None => Claim::Free,
        Some((c, u)) if c == cycle_id && u == uploader => match appeal_file(store, id).await? {
            Some(row) => Claim::Mine(row),
            None => Claim::Taken,
        },
        Some(_) => Claim::Taken,
    })
}

/// Records an appeal file whose blob is already written; idempotent by the client's id.
/// `None` when the id belongs to another cycle or person.
pub async fn add_appeal_file(store: &Store, n: NewAppealFile<'_>) -> Result<Option<AppealFileRow>> {
    let mut tx = store.write_tx().await?;
    crate::evidence::insert_blob(&mut tx, &n.blob).await?;
    let inserted = sqlx::query(
        "insert into appeal_files (id, cycle_id, sha256, kind, caption, uploaded_by, created_at)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing",
    )
    .bind(n.id)
    .bind(n.cycle_id)
    .bind(n.blob.sha256)
    .bind(n.kind)
    .bind(n.caption)
    .bind(n.uploaded_by)
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        audit::record(&mut tx, Some(n.uploaded_by), "add_appeal_file", "cycle", n.cycle_id, None, None).await?;
    }
    tx.commit().await?;
    Ok(match claim_appeal_file(store, n.id, n.cycle_id, n.uploaded_by).await? {
        Claim::Mine(row) => Some(row),
        Claim::Free | Claim::Taken => None,
    })
}

pub async fn appeal_file(store: &Store, id: &str) -> Result<Option<AppealFileRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{APPEAL_FILE} where f.id = $1")))
        .bind(id)
        .fetch_optional(&store.pool)
        .await?)
}

pub async fn appeal_files(store: &Store, cycle_id: &str) -> Result<Vec<AppealFileRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{APPEAL_FILE} where f.cycle_id = $1 order by f.created_at, f.id")))
        .bind(cycle_id)
        .fetch_all(&store.pool)
        .await?)
}

#[cfg(test)]
mod tests;
