//! Checked imports waiting for their confirmation: kept per person, confirmed once, and the
//! outcome kept so a repeated confirmation answers the same without writing again.

use super::{ManagerLink, Outcome, import};
use crate::{Result, StoreError, json, new_id, now};
use domain::InstitutionRef;
use domain::import::{InstitutionRecord, Problem};
use sqlx::FromRow;

/// Removed when newer imports arrive: a checked file waits this long for its confirmation.
const KEEP_SECONDS: i64 = 7 * 24 * 3600;
/// Invitation links of an import wait this long for the page that shows them once.
const LINK_SECONDS: i64 = 3600;

/// A checked file waiting for confirmation, or confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub id: String,
    pub file_name: String,
    /// Rows that passed the check (kept after confirmation, when `records` is emptied).
    pub row_count: u32,
    pub records: Vec<(u32, InstitutionRecord)>,
    pub problems: Vec<Problem>,
    pub outcome: Option<Outcome>,
}

/// Keeps a checked file until its confirmation; answers its id. Older batches are removed.
pub async fn save_batch(
    store: &crate::Store,
    user_id: &str,
    file_name: &str,
    records: &[(u32, InstitutionRecord)],
    problems: &[Problem],
) -> Result<String> {
    let id = new_id();
    let t = now();
    let mut tx = store.write_tx().await?;
    sqlx::query("delete from institution_imports where created_at < $1")
        .bind(t - KEEP_SECONDS)
        .execute(&mut *tx)
        .await?;
    sqlx::query("update institution_imports set links = null where links is not null and confirmed_at < $1")
        .bind(t - LINK_SECONDS)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "insert into institution_imports (id, user_id, file_name, row_count, records, problems, created_at)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(file_name)
    .bind(i64::try_from(records.len()).unwrap_or(i64::MAX))
    .bind(json(&records)?)
    .bind(json(&problems)?)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(FromRow)]
struct StoredBatch {
    id: String,
    file_name: String,
    row_count: i64,
    records: String,
    problems: String,
    outcome: Option<String>,
}

impl StoredBatch {
    fn read(self) -> Result<Batch> {
        let corrupt = |e: serde_json::Error| StoreError::Corrupt(e.to_string());
        Ok(Batch {
            records: serde_json::from_str(&self.records).map_err(corrupt)?,
            problems: serde_json::from_str(&self.problems).map_err(corrupt)?,
            outcome: self.outcome.as_deref().map(serde_json::from_str).transpose().map_err(corrupt)?,
            id: self.id,
            file_name: self.file_name,
            row_count: u32::try_from(self.row_count).unwrap_or(0),
        })
    }
}

const BATCH: &str = "select id, file_name, row_count, records, problems, outcome from institution_imports where id = $1 and user_id = $2";

/// A batch of the person who uploaded it (nobody else's).
pub async fn batch(store: &crate::Store, user_id: &str, id: &str) -> Result<Option<Batch>> {
    let row: Option<StoredBatch> = sqlx::query_as(BATCH).bind(id).bind(user_id).fetch_optional(&store.pool).await?;
    row.map(StoredBatch::read).transpose()
}

/// Why a batch was not confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotConfirmed {
    Missing,
    /// The file has problems (from the check, or found now): nothing was written.
    Problems(Vec<Problem>),
}

/// Confirms a batch: imports its records, invites the managers it names and keeps the outcome,
/// in one transaction; the invitation links wait for [`take_links`]. Confirming again answers
/// the first outcome and writes nothing.
pub async fn confirm_batch(
    store: &crate::Store,
    user_id: &str,
    id: &str,
    may_change: impl Fn(&InstitutionRef) -> bool,
    may_invite: impl Fn(&InstitutionRef) -> bool,
) -> Result<Result<Outcome, NotConfirmed>> {
    let mut tx = store.write_tx().await?;
    let row: Option<StoredBatch> = sqlx::query_as(BATCH).bind(id).bind(user_id).fetch_optional(&mut *tx).await?;
    let Some(batch) = row.map(StoredBatch::read).transpose()? else { return Ok(Err(NotConfirmed::Missing)) };
    if let Some(outcome) = batch.outcome {
        return Ok(Ok(outcome));
    }
    if !batch.problems.is_empty() {
        return Ok(Err(NotConfirmed::Problems(batch.problems)));
    }
    let (outcome, links) = match import(&mut tx, user_id, &batch.records, may_change, may_invite).await? {
        Ok(done) => done,
        Err(problems) => return Ok(Err(NotConfirmed::Problems(problems))),
    };
    sqlx::query(
        "update institution_imports set outcome = $2, confirmed_at = $3, records = '[]', links = $4 where id = $1",
    )
    .bind(id)
    .bind(json(&outcome)?)
    .bind(now())
    .bind((!links.is_empty()).then(|| json(&links)).transpose()?)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(outcome))
}

/// The invitation links of a confirmed batch of the person, once: they are removed as they are
/// read (and an hour after the confirmation in any case).
pub async fn take_links(store: &crate::Store, user_id: &str, id: &str) -> Result<Vec<ManagerLink>> {
    let mut tx = store.write_tx().await?;
    let stored: Option<(Option<String>, Option<i64>)> =
        sqlx::query_as("select links, confirmed_at from institution_imports where id = $1 and user_id = $2")
            .bind(id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((Some(links), confirmed_at)) = stored else { return Ok(vec![]) };
    sqlx::query("update institution_imports set links = null where id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    if confirmed_at.is_some_and(|t| t < now() - LINK_SECONDS) {
        return Ok(vec![]);
    }
    serde_json::from_str(&links).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Puts links taken by [`take_links`] back to wait for the page (with what became of their
/// e-mails): the confirmation e-mails them between the two.
pub async fn set_links(store: &crate::Store, user_id: &str, id: &str, links: &[ManagerLink]) -> Result<()> {
    sqlx::query("update institution_imports set links = $3 where id = $1 and user_id = $2")
        .bind(id)
        .bind(user_id)
        .bind(json(&links)?)
        .execute(&store.pool)
        .await?;
    Ok(())
}
