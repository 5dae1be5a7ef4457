//! Dinsos intake (accept, assign), the assessors' visit scores with idempotent sync, and the
//! reconciliation. Each write checks the cycle's state inside its own transaction and records
//! an audit event (who, what before, what after) in that same transaction.
//!
//! On PostgreSQL these transactions need `select ... for update` on the cycle row; SQLite's
//! single writer gives the same guarantee here.

use crate::assessments::{set_state, state};
use crate::{Claim, Db, Result, Store, StoreError, audit, new_id, now};
use domain::visit::FinalScore;
use domain::{CycleState, Evaluation, Instrument, RegionScope, Score, Scores, Transition};
use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, FromRow, Row, Transaction};
use std::collections::BTreeMap;

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// One application in a Dinsos officer's queue.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct QueueRow {
    pub cycle_id: String,
    pub institution_id: String,
    pub institution_name: String,
    pub regency_name: String,
    pub state: String,
    pub visit_on: Option<String>,
    /// When the latest submission arrived (unix seconds); None if never submitted.
    pub submitted_at: Option<i64>,
    pub rounds: i64,
    pub updated_at: i64,
}

/// Applications from submission to reconciliation in a region, oldest waiting first.
pub async fn queue(store: &Store, scope: Option<&RegionScope>) -> Result<Vec<QueueRow>> {
    let (condition, value) = crate::region_filter(scope);
    let sql = format!(
        "select c.id as cycle_id, i.id as institution_id, i.name as institution_name, r.name as regency_name,
                c.state, c.visit_on, c.updated_at,
                (select max(s.created_at) from submissions s where s.cycle_id = c.id) as submitted_at,
                (select count(*) from submissions s where s.cycle_id = c.id) as rounds
           from cycles c
           join institutions i on i.id = c.institution_id
           join regencies r on r.id = i.regency_id
          where {condition} and c.state in ('submitted', 'returned', 'accepted', 'assessors_assigned', 'visited', 'reconciled', 'appealed')
          order by case c.state when 'submitted' then 0 when 'appealed' then 1 when 'reconciled' then 2 when 'accepted' then 3 else 4 end,
                   c.updated_at"
    );
    let query = sqlx::query_as(AssertSqlSafe(sql));
    Ok(match value {
        Some(v) => query.bind(v),
        None => query,
    }
    .fetch_all(&store.pool)
    .await?)
}

/// Accepts a complete submission. `false` when the cycle is not waiting for the check.
pub async fn accept(store: &Store, user_id: &str, cycle_id: &str) -> Result<bool> {
    let mut tx = store.write_tx().await?;
    let from = state(&mut tx, cycle_id).await?;
    let Ok(to) = from.apply(Transition::Accept) else { return Ok(false) };
    set_state(&mut tx, user_id, cycle_id, from, to).await?;
    tx.commit().await?;
    Ok(true)
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct PersonRow {
    pub id: String,
    pub full_name: String,
    pub role: String,
}

/// Active assessors and supervisors, for the assignment form.
pub async fn visit_staff(store: &Store) -> Result<Vec<PersonRow>> {
    Ok(sqlx::query_as(
        "select id, full_name, role from users where active and role in ('assessor', 'supervisor') order by full_name",
    )
    .fetch_all(&store.pool)
    .await?)
}

/// People who declared a conflict of interest with an institution.
pub async fn conflicted(store: &Store, institution_id: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar("select user_id from conflicts_of_interest where institution_id = $1")
        .bind(institution_id)
        .fetch_all(&store.pool)
        .await?)
}

/// Records an assessor's declared conflict of interest; declaring twice keeps the first.
pub async fn declare_conflict(store: &Store, user_id: &str, institution_id: &str, reason: &str) -> Result<()> {
    let mut tx = store.write_tx().await?;
    let id = new_id();
    let inserted = sqlx::query(
        "insert into conflicts_of_interest (id, user_id, institution_id, reason, created_at) values ($1, $2, $3, $4, $5)
         on conflict (user_id, institution_id) do nothing",
    )
    .bind(&id)
    .bind(user_id)
    .bind(institution_id)
    .bind(reason.trim())
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        audit::record(
            &mut tx,
            Some(user_id),
            "declare_conflict",
            "institution",
            institution_id,
            None,
            Some(reason.trim()),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Institutions a person declared a conflict with: (institution id, name, reason).
pub async fn conflicts_of(store: &Store, user_id: &str) -> Result<Vec<(String, String, String)>> {
    let rows = sqlx::query(
        "select i.id, i.name, c.reason from conflicts_of_interest c join institutions i on i.id = c.institution_id
          where c.user_id = $1 order by i.name",
    )
    .bind(user_id)
    .fetch_all(&store.pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.get("id"), r.get("name"), r.get("reason"))).collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment<'a> {
    pub lead: &'a str,
    pub second: &'a str,
    pub supervisor: Option<&'a str>,
    /// ISO date of the site visit.
    pub visit_on: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignOutcome {
    Assigned,
    NotAllowed(CycleState),
    /// The same person twice, or someone without the needed role.
    InvalidPeople,
    /// This person declared a conflict of interest with the institution.
    Conflict(String),
}

/// Assigns two assessors (the lead first) and optionally a supervisor, with the visit date.
pub async fn assign(store: &Store, user_id: &str, cycle_id: &str, a: &Assignment<'_>) -> Result<AssignOutcome> {
    let mut tx = store.write_tx().await?;
    let from = state(&mut tx, cycle_id).await?;
    let Ok(to) = from.apply(Transition::AssignAssessors) else { return Ok(AssignOutcome::NotAllowed(from)) };
    let people: Vec<(&str, &str)> =
        [Some((a.lead, "assessor")), Some((a.second, "assessor")), a.supervisor.map(|s| (s, "supervisor"))]
            .into_iter()
            .flatten()
            .collect();
    let mut seen = std::collections::BTreeSet::new();
    for (person, role) in &people {
        let actual: Option<String> = sqlx::query_scalar("select role from users where id = $1 and active")
            .bind(person)
            .fetch_optional(&mut *tx)
            .await?;
        // Supervisors may also act as assessors; assessors do not supervise.
        let fits = matches!(
            (actual.as_deref(), *role),
            (Some("assessor" | "supervisor"), "assessor") | (Some("supervisor"), "supervisor")
        );
        if !fits || !seen.insert(*person) {
            return Ok(AssignOutcome::InvalidPeople);
        }
    }
    for (person, _) in &people {
        let declared: Option<String> =
            sqlx::query_scalar("select id from conflicts_of_interest where user_id = $1 and institution_id = (select institution_id from cycles where id = $2)")
                .bind(person)
                .bind(cycle_id)
                .fetch_optional(&mut *tx)
                .await?;
        if declared.is_some() {
            return Ok(AssignOutcome::Conflict((*person).to_string()));
        }
    }
    let t = now();
    // created_at orders the assessors: the lead first.
    for (n, (person, duty)) in people.iter().enumerate() {
        sqlx::query("insert into cycle_assignments (cycle_id, user_id, duty, created_at) values ($1, $2, $3, $4)")
            .bind(cycle_id)
            .bind(person)
            .bind(duty)
            .bind(t + n as i64)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("update cycles set visit_on = $2 where id = $1")
        .bind(cycle_id)
        .bind(a.visit_on)
        .execute(&mut *tx)
        .await?;
    let after = json(&serde_json::json!({
        "lead": a.lead, "second": a.second, "supervisor": a.supervisor, "visit_on": a.visit_on
    }))?;
    audit::record(&mut tx, Some(user_id), "assign", "cycle", cycle_id, None, Some(&after)).await?;
    set_state(&mut tx, user_id, cycle_id, from, to).await?;
    tx.commit().await?;
    Ok(AssignOutcome::Assigned)
}

pub use domain::visit::VisitChange;

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize, Deserialize)]
pub struct VisitScoreRow {
    pub indicator_code: String,
    pub score: Option<i64>,
    pub note: String,
    pub check_on_site: bool,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncOutcome {
    /// Change ids now stored (new or already applied before), in the order sent.
    Stored { applied: Vec<String>, duplicates: usize },
    /// The visit is closed for this assessor (submitted, or the cycle moved on).
    Closed,
}

async fn visit_open(tx: &mut Transaction<'_, Db>, cycle_id: &str, assessor_id: &str) -> Result<bool> {
    let submitted: Option<i64> =
        sqlx::query_scalar("select created_at from visit_submissions where cycle_id = $1 and assessor_id = $2")
            .bind(cycle_id)
            .bind(assessor_id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(state(tx, cycle_id).await? == CycleState::AssessorsAssigned && submitted.is_none())
}

/// Applies a batch of changes from one assessor's tablet, in order, in one transaction.
/// Changes whose id was applied before are skipped, so replaying a batch changes nothing.
pub async fn sync(
    store: &Store,
    assessor_id: &str,
    cycle_id: &str,
    instrument: &Instrument,
    changes: &[VisitChange],
) -> Result<SyncOutcome> {
    let mut tx = store.write_tx().await?;
    if !visit_open(&mut tx, cycle_id, assessor_id).await? {
        return Ok(SyncOutcome::Closed);
    }
    let t = now();
    let mut applied = Vec::with_capacity(changes.len());
    let mut duplicates = 0;
    for c in changes {
        if instrument.find_indicator(&c.code).is_none() {
            return Err(StoreError::Corrupt(format!("indicator {} is not in the instrument", c.code)));
        }
        let new = sqlx::query(
            "insert into visit_changes (change_id, cycle_id, assessor_id, indicator_code, created_at) values ($1, $2, $3, $4, $5)
             on conflict (cycle_id, assessor_id, change_id) do nothing",
        )
        .bind(&c.change_id)
        .bind(cycle_id)
        .bind(assessor_id)
        .bind(&c.code)
        .bind(t)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        applied.push(c.change_id.clone());
        if new == 0 {
            duplicates += 1;
            continue;
        }
        let before: Option<VisitScoreRow> = sqlx::query_as(
            "select indicator_code, score, note, check_on_site, updated_at from visit_scores
              where cycle_id = $1 and assessor_id = $2 and indicator_code = $3",
        )
        .bind(cycle_id)
        .bind(assessor_id)
        .bind(&c.code)
        .fetch_optional(&mut *tx)
        .await?;
        let score = c.score.map(|s| i64::from(s.value()));
        sqlx::query(
            "insert into visit_scores (cycle_id, assessor_id, indicator_code, score, note, check_on_site, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7)
             on conflict (cycle_id, assessor_id, indicator_code)
             do update set score = excluded.score, note = excluded.note, check_on_site = excluded.check_on_site, updated_at = excluded.updated_at",
        )
        .bind(cycle_id)
        .bind(assessor_id)
        .bind(&c.code)
        .bind(score)
        .bind(&c.note)
        .bind(c.check_on_site)
        .bind(t)
        .execute(&mut *tx)
        .await?;
        let before = before.map(|b| json(&(b.score, b.note, b.check_on_site))).transpose()?;
        let after = json(&(score, &c.note, c.check_on_site))?;
        let entity = format!("{cycle_id}/{}", c.code);
        audit::record(
            &mut tx,
            Some(assessor_id),
            "visit_score",
            "visit_score",
            &entity,
            before.as_deref(),
            Some(&after),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(SyncOutcome::Stored { applied, duplicates })
}

/// One assessor's scores of a cycle.
pub async fn scores_of(store: &Store, cycle_id: &str, assessor_id: &str) -> Result<Vec<VisitScoreRow>> {
    Ok(sqlx::query_as(
        "select indicator_code, score, note, check_on_site, updated_at from visit_scores
          where cycle_id = $1 and assessor_id = $2 order by indicator_code",
    )
    .bind(cycle_id)
    .bind(assessor_id)
    .fetch_all(&store.pool)
    .await?)
}

/// Scores given, as the engine reads them.
pub fn as_scores(rows: &[VisitScoreRow]) -> Scores {
    rows.iter().filter_map(|r| Some((r.indicator_code.clone(), Score::parse(r.score?).ok()?))).collect()
}

/// Assessors who submitted their visit scores, with when.
pub async fn submitted(store: &Store, cycle_id: &str) -> Result<BTreeMap<String, i64>> {
    let rows = sqlx::query("select assessor_id, created_at from visit_submissions where cycle_id = $1")
        .bind(cycle_id)
        .fetch_all(&store.pool)
        .await?;
    Ok(rows.into_iter().map(|r| (r.get("assessor_id"), r.get("created_at"))).collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VisitSubmitOutcome {
    /// `visit_complete`: every assigned assessor has now submitted; the cycle moved to visited.
    Submitted {
        visit_complete: bool,
    },
    Unscored(Vec<String>),
    Closed,
}

/// Submits one assessor's scores once every indicator has one. When the last assigned
/// assessor submits, the visit is complete.
pub async fn submit(
    store: &Store,
    assessor_id: &str,
    cycle_id: &str,
    instrument: &Instrument,
) -> Result<VisitSubmitOutcome> {
    let mut tx = store.write_tx().await?;
    if !visit_open(&mut tx, cycle_id, assessor_id).await? {
        return Ok(VisitSubmitOutcome::Closed);
    }
    let rows: Vec<VisitScoreRow> = sqlx::query_as(
        "select indicator_code, score, note, check_on_site, updated_at from visit_scores where cycle_id = $1 and assessor_id = $2",
    )
    .bind(cycle_id)
    .bind(assessor_id)
    .fetch_all(&mut *tx)
    .await?;
    let unscored = domain::visit::unscored(instrument, &as_scores(&rows));
    if !unscored.is_empty() {
        return Ok(VisitSubmitOutcome::Unscored(unscored));
    }
    sqlx::query("insert into visit_submissions (cycle_id, assessor_id, created_at) values ($1, $2, $3)")
        .bind(cycle_id)
        .bind(assessor_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, Some(assessor_id), "submit_visit", "cycle", cycle_id, None, Some(assessor_id)).await?;
    let waiting: i64 = sqlx::query_scalar(
        "select count(*) from cycle_assignments a where a.cycle_id = $1 and a.duty = 'assessor'
            and not exists (select 1 from visit_submissions s where s.cycle_id = a.cycle_id and s.assessor_id = a.user_id)",
    )
    .bind(cycle_id)
    .fetch_one(&mut *tx)
    .await?;
    let visit_complete = waiting == 0;
    if visit_complete {
        let from = state(&mut tx, cycle_id).await?;
        let to = from.apply(Transition::CompleteVisit).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        set_state(&mut tx, assessor_id, cycle_id, from, to).await?;
    }
    tx.commit().await?;
    Ok(VisitSubmitOutcome::Submitted { visit_complete })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReconcileOutcome {
    Reconciled(Box<Evaluation>),
    Invalid(domain::visit::ReconcileError),
    NotAllowed(CycleState),
}

/// Stores the final scores, the engine's result over them, and moves the cycle to reconciled.
pub async fn reconcile(
    store: &Store,
    user_id: &str,
    cycle_id: &str,
    instrument: &Instrument,
    assessors: [&Scores; 2],
    finals: &[FinalScore],
) -> Result<ReconcileOutcome> {
    let scores = match domain::visit::reconcile(instrument, assessors[0], assessors[1], finals) {
        Ok(s) => s,
        Err(e) => return Ok(ReconcileOutcome::Invalid(e)),
    };
    let evaluation = domain::evaluate(instrument, &scores).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut tx = store.write_tx().await?;
    let from = state(&mut tx, cycle_id).await?;
    let Ok(to) = from.apply(Transition::Reconcile) else { return Ok(ReconcileOutcome::NotAllowed(from)) };
    let t = now();
    // A cycle sent back to the assessors is reconciled again: the new finals replace the old.
    sqlx::query("delete from final_scores where cycle_id = $1").bind(cycle_id).execute(&mut *tx).await?;
    sqlx::query("delete from cycle_results where cycle_id = $1").bind(cycle_id).execute(&mut *tx).await?;
    for f in finals {
        sqlx::query(
            "insert into final_scores (cycle_id, indicator_code, score, reason, set_by, created_at) values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(cycle_id)
        .bind(&f.code)
        .bind(i64::from(f.score.value()))
        .bind(f.reason.trim())
        .bind(user_id)
        .bind(t)
        .execute(&mut *tx)
        .await?;
        if !f.reason.trim().is_empty() {
            let entity = format!("{cycle_id}/{}", f.code);
            let before = json(&(assessors[0].get(&f.code), assessors[1].get(&f.code)))?;
            let after = json(&(f.score, f.reason.trim()))?;
            audit::record(
                &mut tx,
                Some(user_id),
                "override_score",
                "final_score",
                &entity,
                Some(&before),
                Some(&after),
            )
            .await?;
        }
    }
    sqlx::query(
        "insert into cycle_results (cycle_id, evaluation, total_hundredths, recommended_grade, reconciled_by, created_at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(cycle_id)
    .bind(json(&evaluation)?)
    .bind(evaluation.total_hundredths)
    .bind(evaluation.grade.code())
    .bind(user_id)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    let after = json(&(evaluation.total_hundredths, evaluation.grade.code()))?;
    audit::record(&mut tx, Some(user_id), "reconcile", "cycle", cycle_id, None, Some(&after)).await?;
    set_state(&mut tx, user_id, cycle_id, from, to).await?;
    tx.commit().await?;
    Ok(ReconcileOutcome::Reconciled(Box::new(evaluation)))
}

/// The final scores with their reasons.
pub async fn finals(store: &Store, cycle_id: &str) -> Result<Vec<FinalScore>> {
    let rows = sqlx::query(
        "select indicator_code, score, reason from final_scores where cycle_id = $1 order by indicator_code",
    )
    .bind(cycle_id)
    .fetch_all(&store.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let score = Score::parse(r.get("score")).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok(FinalScore { code: r.get("indicator_code"), score, reason: r.get("reason") })
        })
        .collect()
}

/// The engine's result stored at reconciliation.
pub async fn result(store: &Store, cycle_id: &str) -> Result<Option<Evaluation>> {
    let text: Option<String> = sqlx::query_scalar("select evaluation from cycle_results where cycle_id = $1")
        .bind(cycle_id)
        .fetch_optional(&store.pool)
        .await?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(e.to_string()))).transpose()
}

/// The latest submission time and round of a cycle, and the indicators changed in it.
pub async fn latest_submission(store: &Store, cycle_id: &str) -> Result<Option<(i64, i64, Vec<String>)>> {
    let row = sqlx::query(
        "select created_at, round, changed_indicators from submissions where cycle_id = $1 order by round desc limit 1",
    )
    .bind(cycle_id)
    .fetch_optional(&store.pool)
    .await?;
    row.map(|r| {
        let changed: Vec<String> =
            serde_json::from_str(r.get("changed_indicators")).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok((r.get("created_at"), r.get("round"), changed))
    })
    .transpose()
}

/// Whether an assessor may still change their visit scores and photos.
pub async fn is_open(store: &Store, cycle_id: &str, assessor_id: &str) -> Result<bool> {
    let mut tx = store.pool.begin().await?;
    let open = visit_open(&mut tx, cycle_id, assessor_id).await?;
    tx.commit().await?;
    Ok(open)
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct VisitPhotoRow {
    pub id: String,
    pub cycle_id: String,
    pub assessor_id: String,
    pub indicator_code: String,
    pub sha256: String,
    pub caption: String,
}

pub struct NewVisitPhoto<'a> {
    pub id: &'a str,
    pub cycle_id: &'a str,
    pub assessor_id: &'a str,
    pub indicator_code: &'a str,
    pub sha256: &'a str,
    pub size_bytes: i64,
    pub width: i64,
    pub height: i64,
    pub caption: &'a str,
}

/// Records a site photo whose blob is already written; idempotent by the tablet's id.
/// Whether a site photo id is new, a replay of this assessor's upload to this cycle, or taken.
pub async fn claim_photo(store: &Store, id: &str, cycle_id: &str, assessor_id: &str) -> Result<Claim<VisitPhotoRow>> {
    Ok(match photo(store, id).await? {
        None => Claim::Free,
        Some(row) if row.cycle_id == cycle_id && row.assessor_id == assessor_id => Claim::Mine(row),
        Some(_) => Claim::Taken,
    })
}

/// Records a site photo whose blob is already written; `None` when the id is someone else's.
pub async fn add_photo(store: &Store, n: NewVisitPhoto<'_>) -> Result<Option<VisitPhotoRow>> {
    let mut tx = store.write_tx().await?;
    let t = now();
    crate::evidence::insert_blob(&mut tx, n.sha256, "image/jpeg", n.size_bytes, n.width, n.height).await?;
    let inserted = sqlx::query(
        "insert into visit_photos (id, cycle_id, assessor_id, indicator_code, sha256, caption, created_at)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing",
    )
    .bind(n.id)
    .bind(n.cycle_id)
    .bind(n.assessor_id)
    .bind(n.indicator_code)
    .bind(n.sha256)
    .bind(n.caption)
    .bind(t)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        let entity = format!("{}/{}", n.cycle_id, n.indicator_code);
        audit::record(&mut tx, Some(n.assessor_id), "add_visit_photo", "visit_photo", &entity, None, Some(n.id))
            .await?;
    }
    tx.commit().await?;
    Ok(match claim_photo(store, n.id, n.cycle_id, n.assessor_id).await? {
        Claim::Mine(row) => Some(row),
        Claim::Free | Claim::Taken => None,
    })
}

const PHOTO: &str = "select id, cycle_id, assessor_id, indicator_code, sha256, caption from visit_photos";

pub async fn photo(store: &Store, id: &str) -> Result<Option<VisitPhotoRow>> {
    Ok(sqlx::query_as(AssertSqlSafe(format!("{PHOTO} where id = $1"))).bind(id).fetch_optional(&store.pool).await?)
}

/// One assessor's site photos of a cycle, oldest first.
pub async fn photos_of(store: &Store, cycle_id: &str, assessor_id: &str) -> Result<Vec<VisitPhotoRow>> {
    Ok(sqlx::query_as(AssertSqlSafe(format!(
        "{PHOTO} where cycle_id = $1 and assessor_id = $2 order by created_at, id"
    )))
    .bind(cycle_id)
    .bind(assessor_id)
    .fetch_all(&store.pool)
    .await?)
}

/// Records that someone looked at a site photo (children may be in it).
pub async fn log_photo_view(store: &Store, photo_id: &str, user_id: &str, variant: &str) -> Result<()> {
    let mut tx = store.write_tx().await?;
    audit::record(&mut tx, Some(user_id), "view_visit_photo", "visit_photo", photo_id, None, Some(variant)).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
