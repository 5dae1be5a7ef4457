//! Decisions on reconciled cycles, certificates (numbered per regency and year, verifiable by
//! a public code), appeals, and the public registry. Every write records an audit event in
//! its own transaction; a decided cycle changes only through an appeal.

use crate::assessments::{set_state, state};
use crate::{Claim, Db, Result, Store, StoreError, audit, new_id, now};
use domain::decision::{CertificateNumber, Decision, appeal_deadline, valid_until, year_of};
use domain::{CycleState, Grade, Instrument, Transition};
use sqlx::{FromRow, Transaction};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct CertificateRow {
    pub id: String,
    pub cycle_id: String,
    pub number: String,
    pub grade: String,
    pub issued_on: String,
    pub valid_until: String,
    pub verification_code: String,
    pub revoked_at: Option<i64>,
    /// The institution's name when the certificate was issued; it does not follow renames.
    pub institution_name: Option<String>,
}

const CERT: &str = "select id, cycle_id, number, grade, issued_on, valid_until, verification_code, revoked_at,
    institution_name from certificates";

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

pub(crate) async fn record_decision(
    tx: &mut Transaction<'_, Db>,
    cycle_id: &str,
    kind: &str,
    grade: Option<Grade>,
    reasons: &str,
    user_id: &str,
    today: &str,
) -> Result<()> {
    sqlx::query(
        "insert into decisions (id, cycle_id, kind, grade, reasons, decided_by, decided_on, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(cycle_id)
    .bind(kind)
    .bind(grade.map(|g| g.code()))
    .bind(reasons.trim())
    .bind(user_id)
    .bind(today)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    let after = format!("{kind} {}", grade.map(|g| g.code()).unwrap_or("-"));
    audit::record(tx, Some(user_id), "decision", "cycle", cycle_id, None, Some(&after)).await
}

/// Issues the next certificate number of the institution's regency for the year.
pub(crate) async fn issue(
    tx: &mut Transaction<'_, Db>,
    user_id: &str,
    cycle_id: &str,
    grade: Grade,
    today: &str,
    valid: &str,
) -> Result<CertificateRow> {
    let (regency, name): (String, String) = sqlx::query_as(
        "select i.regency_id, i.name from cycles c join institutions i on i.id = c.institution_id where c.id = $1",
    )
    .bind(cycle_id)
    .fetch_one(&mut **tx)
    .await?;
    let year = year_of(today).ok_or_else(|| StoreError::Corrupt(format!("bad date {today}")))?;
    let last: Option<i64> = sqlx::query_scalar("select max(seq) from certificates where regency_id = $1 and year = $2")
        .bind(&regency)
        .bind(i64::from(year))
        .fetch_one(&mut **tx)
        .await?;
    let seq = last.unwrap_or(0) + 1;
    let number = CertificateNumber { seq: seq as u32, regency: regency.clone(), year }.to_string();
    let id = new_id();
    // Unguessable: the public verification URL carries it.
    let code = new_id().replace('-', "");
    sqlx::query(
        "insert into certificates (id, cycle_id, number, regency_id, year, seq, grade, issued_on, valid_until, verification_code, created_at, institution_name)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(cycle_id)
    .bind(&number)
    .bind(&regency)
    .bind(i64::from(year))
    .bind(seq)
    .bind(grade.code())
    .bind(today)
    .bind(valid)
    .bind(&code)
    .bind(now())
    .bind(&name)
    .execute(&mut **tx)
    .await?;
    audit::record(tx, Some(user_id), "issue_certificate", "cycle", cycle_id, None, Some(&number)).await?;
    Ok(CertificateRow {
        id,
        cycle_id: cycle_id.into(),
        number,
        grade: grade.code().into(),
        issued_on: today.into(),
        valid_until: valid.into(),
        verification_code: code,
        revoked_at: None,
        institution_name: Some(name),
    })
}

async fn set_grade(tx: &mut Transaction<'_, Db>, cycle_id: &str, grade: Grade, valid: Option<&str>) -> Result<()> {
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
    let from = state(&mut tx, cycle_id).await?;
    if let Decision::SendBack { reason } = decision {
        let Ok(to) = from.apply(Transition::SendBackToAssessors) else { return Ok(DecideOutcome::NotAllowed(from)) };
        // The assessors look again: their submissions reopen; the reconciliation is redone.
        sqlx::query("delete from visit_submissions where cycle_id = $1").bind(cycle_id).execute(&mut *tx).await?;
        sqlx::query("delete from cycle_results where cycle_id = $1").bind(cycle_id).execute(&mut *tx).await?;
        record_decision(&mut tx, cycle_id, "send_back", None, reason, user_id, today).await?;
        set_state(&mut tx, user_id, cycle_id, from, to).await?;
        tx.commit().await?;
        return Ok(DecideOutcome::SentBack);
    }
    let Ok(to) = from.apply(Transition::Decide) else { return Ok(DecideOutcome::NotAllowed(from)) };
    let recommended: Option<String> =
        sqlx::query_scalar("select recommended_grade from cycle_results where cycle_id = $1")
            .bind(cycle_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(recommended) = recommended.as_deref().and_then(Grade::from_code) else {
        return Ok(DecideOutcome::NoResult);
    };
    let grade = decision.grade(recommended).unwrap_or(Grade::NotAccredited);
    let (kind, reasons) = match decision {
        Decision::Reject { reasons } => ("reject", reasons.as_str()),
        _ => ("approve", ""),
    };
    let valid = valid_until(today, grade, &instrument.validity_years);
    set_grade(&mut tx, cycle_id, grade, valid.as_deref()).await?;
    record_decision(&mut tx, cycle_id, kind, Some(grade), reasons, user_id, today).await?;
    let certificate = match &valid {
        Some(v) => Some(issue(&mut tx, user_id, cycle_id, grade, today, v).await?),
        None => None,
    };
    set_state(&mut tx, user_id, cycle_id, from, to).await?;
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

/// The cycle's certificate in force (not revoked), if any.
pub async fn certificate_for_cycle(store: &Store, cycle_id: &str) -> Result<Option<CertificateRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{CERT} where cycle_id = $1 and revoked_at is null order by created_at desc limit 1"
    )))
    .bind(cycle_id)
    .fetch_optional(&store.pool)
    .await?)
}

/// A certificate with what the public verification page shows.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct VerifiedRow {
    pub number: String,
    pub grade: String,
    pub issued_on: String,
    pub valid_until: String,
    pub revoked_at: Option<i64>,
    pub institution_name: String,
    pub regency_name: String,
    pub province_name: String,
}

pub async fn verify(store: &Store, code: &str) -> Result<Option<VerifiedRow>> {
    Ok(sqlx::query_as(
        "select ce.number, ce.grade, ce.issued_on, ce.valid_until, ce.revoked_at,
                coalesce(ce.institution_name, i.name) as institution_name, r.name as regency_name, p.name as province_name
           from certificates ce
           join cycles c on c.id = ce.cycle_id
           join institutions i on i.id = c.institution_id
           join regencies r on r.id = i.regency_id
           join provinces p on p.id = r.province_id
          where ce.verification_code = $1",
    )
    .bind(code)
    .fetch_optional(&store.pool)
    .await?)
}

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
    let from = state(&mut tx, cycle_id).await?;
    let Ok(to) = from.apply(Transition::Appeal) else { return Ok(AppealOutcome::NotAllowed(from)) };
    let earlier: i64 = sqlx::query_scalar("select count(*) from appeals where cycle_id = $1")
        .bind(cycle_id)
        .fetch_one(&mut *tx)
        .await?;
    if earlier > 0 {
        return Ok(AppealOutcome::AlreadyAppealed);
    }
    let Some(deadline) = deadline else { return Ok(AppealOutcome::NotAllowed(from)) };
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
    audit::record(&mut tx, Some(user_id), "appeal", "cycle", cycle_id, None, Some(reasons.trim())).await?;
    set_state(&mut tx, user_id, cycle_id, from, to).await?;
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
    let from = state(&mut tx, cycle_id).await?;
    let Ok(to) = from.apply(Transition::ResolveAppeal) else { return Ok(ResolveOutcome::NotAllowed(from)) };
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
        let valid = valid_until(today, g, &instrument.validity_years);
        set_grade(&mut tx, cycle_id, g, valid.as_deref()).await?;
        if let Some(v) = &valid {
            certificate = Some(issue(&mut tx, user_id, cycle_id, g, today, v).await?);
        }
    }
    let kind = if grade.is_some() { "appeal_changed" } else { "appeal_upheld" };
    record_decision(&mut tx, cycle_id, kind, grade, reasons, user_id, today).await?;
    set_state(&mut tx, user_id, cycle_id, from, to).await?;
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
        let changed =
            sqlx::query("update cycles set state = 'expired', updated_at = $2 where id = $1 and state = 'decided'")
                .bind(&id)
                .bind(now())
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if changed == 1 {
            audit::record(&mut tx, None, "transition", "cycle", &id, Some("decided"), Some("expired")).await?;
            crate::notifications::announce(&mut tx, &id, "expired", today, &format!("expired/{id}")).await?;
            expired.push(id);
        }
        tx.commit().await?;
    }
    Ok(expired)
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
    pub sha256: &'a str,
    pub kind: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub width: i64,
    pub height: i64,
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
    crate::evidence::insert_blob(&mut tx, n.sha256, n.content_type, n.size_bytes, n.width, n.height).await?;
    let inserted = sqlx::query(
        "insert into appeal_files (id, cycle_id, sha256, kind, caption, uploaded_by, created_at)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing",
    )
    .bind(n.id)
    .bind(n.cycle_id)
    .bind(n.sha256)
    .bind(n.kind)
    .bind(n.caption)
    .bind(n.uploaded_by)
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        audit::record(&mut tx, Some(n.uploaded_by), "add_appeal_file", "cycle", n.cycle_id, None, Some(n.id)).await?;
    }
    tx.commit().await?;
    Ok(match claim_appeal_file(store, n.id, n.cycle_id, n.uploaded_by).await? {
        Claim::Mine(row) => Some(row),
        Claim::Free | Claim::Taken => None,
    })
}

/// Records that someone looked at an appeal file.
pub async fn log_appeal_file_view(store: &Store, file_id: &str, user_id: &str, variant: &str) -> Result<()> {
    let mut tx = store.write_tx().await?;
    audit::record(&mut tx, Some(user_id), "view_appeal_file", "appeal_file", file_id, None, Some(variant)).await?;
    tx.commit().await?;
    Ok(())
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

/// Filters of the public registry; empty strings match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryFilter {
    pub name: String,
    pub province: String,
    pub regency: String,
    pub grade: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct RegistryRow {
    pub institution_id: String,
    pub name: String,
    pub province_name: String,
    pub regency_name: String,
    pub grade: String,
    pub valid_until: String,
    pub number: String,
    pub verification_code: String,
}

/// Accredited institutions with their certificate in force; nothing about children, evidence
/// or scores.
pub async fn registry(store: &Store, f: &RegistryFilter) -> Result<Vec<RegistryRow>> {
    Ok(sqlx::query_as(
        "select i.id as institution_id, i.name, p.name as province_name, r.name as regency_name,
                ce.grade, ce.valid_until, ce.number, ce.verification_code
           from certificates ce
           join cycles c on c.id = ce.cycle_id
           join institutions i on i.id = c.institution_id
           join regencies r on r.id = i.regency_id
           join provinces p on p.id = r.province_id
          where ce.revoked_at is null
            and ce.created_at = (select max(ce2.created_at) from certificates ce2 join cycles c2 on c2.id = ce2.cycle_id
                                  where c2.institution_id = i.id and ce2.revoked_at is null)
            and ($1 = '' or lower(i.name) like '%' || lower($1) || '%')
            and ($2 = '' or p.id = $2)
            and ($3 = '' or r.id = $3)
            and ($4 = '' or ce.grade = $4)
          order by i.name",
    )
    .bind(f.name.trim())
    .bind(&f.province)
    .bind(&f.regency)
    .bind(&f.grade)
    .fetch_all(&store.pool)
    .await?)
}

/// Provinces and regencies for the registry's filters: (id, name, province id).
pub async fn regions(store: &Store) -> Result<(Vec<(String, String)>, Vec<(String, String, String)>)> {
    let provinces = sqlx::query_as("select id, name from provinces order by name").fetch_all(&store.pool).await?;
    let regencies =
        sqlx::query_as("select id, name, province_id from regencies order by name").fetch_all(&store.pool).await?;
    Ok((provinces, regencies))
}

#[cfg(test)]
mod tests;
