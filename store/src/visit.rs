//! The site visit: the assessors' scores with idempotent sync from the tablet, their
//! submission, and the site photos. Each write checks the cycle's state inside its own
//! transaction and records an audit event in that same transaction.

use crate::DbRow;
use crate::cycles::transition;
use crate::{Claim, Db, Result, Store, StoreError, audit, now};
use domain::audit::Change;
use domain::visit::VisitChange;
use domain::{CycleState, Instrument, Score, Scores, Transition};
use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, FromRow, Row, Transaction};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitScoreRow {
    pub indicator_code: String,
    pub score: Option<Score>,
    pub note: String,
    pub check_on_site: bool,
    pub updated_at: i64,
}

const SCORE: &str = "select indicator_code, score, note, (case when check_on_site then 1 else 0 end) as check_on_site, updated_at from visit_scores";

impl VisitScoreRow {
    fn from_row(r: &DbRow) -> Result<VisitScoreRow> {
        Ok(VisitScoreRow {
            indicator_code: r.try_get("indicator_code")?,
            score: crate::score_column(r, "score")?,
            note: r.try_get("note")?,
            check_on_site: crate::flag(r, "check_on_site")?,
            updated_at: r.try_get("updated_at")?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncOutcome {
    /// Change ids now stored (new or already applied before), in the order sent.
    Stored { applied: Vec<String>, duplicates: usize },
    /// The visit is closed for this assessor (submitted, or the cycle moved on).
    Closed,
}

async fn visit_open(tx: &mut Transaction<'_, Db>, cycle_id: &str, assessor_id: &str) -> Result<bool> {
    // One query: every score save asks this, and on PostgreSQL each query is a round trip.
    let (code, submitted): (String, i64) = sqlx::query_as(
        "select c.state, (case when exists (select 1 from visit_submissions s
                                             where s.cycle_id = c.id and s.assessor_id = $2) then 1 else 0 end)
           from cycles c where c.id = $1",
    )
    .bind(cycle_id)
    .bind(assessor_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| StoreError::Corrupt(format!("no cycle {cycle_id}")))?;
    Ok(code == CycleState::AssessorsAssigned.code() && submitted == 0)
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
    if let Some(unknown) = changes.iter().find(|c| instrument.find_indicator(&c.code).is_none()) {
        return Err(StoreError::Corrupt(format!("indicator {} is not in the instrument", unknown.code)));
    }
    let (assessor_id, cycle_id, changes) = (assessor_id.to_string(), cycle_id.to_string(), changes.to_vec());
    // Saves of many tablets share one transaction and one commit; each stays atomic on its own.
    let key = cycle_id.clone();
    store
        .group
        .run(&key, Box::new(move |tx| Box::pin(async move { apply(tx, &assessor_id, &cycle_id, &changes).await })))
        .await
}

async fn apply(
    tx: &mut Transaction<'_, Db>,
    assessor_id: &str,
    cycle_id: &str,
    changes: &[VisitChange],
) -> Result<SyncOutcome> {
    if !visit_open(tx, cycle_id, assessor_id).await? {
        return Ok(SyncOutcome::Closed);
    }
    let t = now();
    let mut applied = Vec::with_capacity(changes.len());
    let mut duplicates = 0;
    for c in changes {
        let new = sqlx::query(
            "insert into visit_changes (change_id, cycle_id, assessor_id, indicator_code, created_at) values ($1, $2, $3, $4, $5)
             on conflict (cycle_id, assessor_id, change_id) do nothing",
        )
        .bind(&c.change_id)
        .bind(cycle_id)
        .bind(assessor_id)
        .bind(&c.code)
        .bind(t)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        applied.push(c.change_id.clone());
        if new == 0 {
            duplicates += 1;
            continue;
        }
        let before = sqlx::query(AssertSqlSafe(format!(
            "{SCORE} where cycle_id = $1 and assessor_id = $2 and indicator_code = $3"
        )))
        .bind(cycle_id)
        .bind(assessor_id)
        .bind(&c.code)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| VisitScoreRow::from_row(&r))
        .transpose()?;
        let score = crate::score_value(c.score);
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
        .execute(&mut **tx)
        .await?;
        let before = before.map(|b| Change::VisitScore {
            score: b.score.map(u8::from),
            note: b.note,
            check_on_site: b.check_on_site,
        });
        let after =
            Change::VisitScore { score: c.score.map(u8::from), note: c.note.clone(), check_on_site: c.check_on_site };
        let entity = format!("{cycle_id}/{}", c.code);
        audit::record(tx, Some(assessor_id), "visit_score", "visit_score", &entity, before.as_ref(), Some(&after))
            .await?;
    }
    Ok(SyncOutcome::Stored { applied, duplicates })
}

/// One assessor's scores of a cycle.
pub async fn scores_of(store: &Store, cycle_id: &str, assessor_id: &str) -> Result<Vec<VisitScoreRow>> {
    scores_in(&store.pool, cycle_id, assessor_id).await
}

/// One assessor's scores of a cycle, by indicator code, on any connection or transaction.
pub(crate) async fn scores_in<'e, E>(db: E, cycle_id: &str, assessor_id: &str) -> Result<Vec<VisitScoreRow>>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    sqlx::query(AssertSqlSafe(format!("{SCORE} where cycle_id = $1 and assessor_id = $2 order by indicator_code")))
        .bind(cycle_id)
        .bind(assessor_id)
        .fetch_all(db)
        .await?
        .iter()
        .map(VisitScoreRow::from_row)
        .collect()
}

/// Scores given, as the engine reads them.
pub fn as_scores(rows: &[VisitScoreRow]) -> Scores {
    rows.iter().filter_map(|r| Some((r.indicator_code.clone(), r.score?))).collect()
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
    let rows = scores_in(&mut *tx, cycle_id, assessor_id).await?;
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
    audit::record(&mut tx, Some(assessor_id), "submit_visit", "cycle", cycle_id, None, None).await?;
    let waiting: i64 = sqlx::query_scalar(
        "select count(*) from cycle_assignments a where a.cycle_id = $1 and a.duty = 'assessor'
            and not exists (select 1 from visit_submissions s where s.cycle_id = a.cycle_id and s.assessor_id = a.user_id)",
    )
    .bind(cycle_id)
    .fetch_one(&mut *tx)
    .await?;
    let visit_complete = waiting == 0;
    if visit_complete {
        transition(&mut tx, cycle_id, Transition::CompleteVisit, Some(assessor_id))
            .await?
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    }
    tx.commit().await?;
    Ok(VisitSubmitOutcome::Submitted { visit_complete })
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
    /// Site photos are always JPEG.
    pub blob: crate::evidence::Blob<'a>,
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
    crate::evidence::insert_blob(&mut tx, &n.blob).await?;
    let inserted = sqlx::query(
        "insert into visit_photos (id, cycle_id, assessor_id, indicator_code, sha256, caption, created_at)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing",
    )
    .bind(n.id)
    .bind(n.cycle_id)
    .bind(n.assessor_id)
    .bind(n.indicator_code)
    .bind(n.blob.sha256)
    .bind(n.caption)
    .bind(t)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        let entity = format!("{}/{}", n.cycle_id, n.indicator_code);
        audit::record(&mut tx, Some(n.assessor_id), "add_visit_photo", "visit_photo", &entity, None, None).await?;
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

#[cfg(test)]
mod tests;
