//! Instrument versions as administrators handle them: upload, review against the current
//! version, publish, and move open self-assessments to the published version.
//!
//! Publishing changes which version new cycles use; it never touches a cycle on its way
//! through review or decided. Drafts (and self-assessments returned for revision) move only
//! when an administrator migrates them, each in its own transaction, so a migration stopped
//! half-way is finished by running it again.

use crate::instruments::{Loaded, Origin};
use crate::{Result, Store, StoreError, now};
use domain::audit::Change;
use domain::instrument_diff::{Diff, Rule, diff, plan};
use domain::{CycleState, Instrument};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::collections::BTreeMap;

/// States whose answers the institution is still editing.
const OPEN: [CycleState; 2] = [CycleState::Draft, CycleState::Returned];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRow {
    pub id: String,
    pub code: String,
    pub version: String,
    pub title: String,
    pub indicator_count: i64,
    /// Unix seconds.
    pub created_at: i64,
    pub published_at: Option<i64>,
    /// Who uploaded or published it, by name.
    pub uploaded_by: Option<String>,
    pub published_by: Option<String>,
    /// Cycles bound to this version.
    pub cycles: i64,
}

const SELECT: &str = "select v.id, v.code, v.version, v.title, v.indicator_count, v.created_at, v.published_at,
        (select u.full_name from users u where u.id = v.uploaded_by) as uploaded_by,
        (select u.full_name from users u where u.id = v.published_by) as published_by,
        (select count(*) from cycles c where c.instrument_version_id = v.id) as cycles
   from instrument_versions v";

fn row(r: &crate::DbRow) -> VersionRow {
    VersionRow {
        id: r.get("id"),
        code: r.get("code"),
        version: r.get("version"),
        title: r.get("title"),
        indicator_count: r.get("indicator_count"),
        created_at: r.get("created_at"),
        published_at: r.get("published_at"),
        uploaded_by: r.get("uploaded_by"),
        published_by: r.get("published_by"),
        cycles: r.get("cycles"),
    }
}

/// Every version of the instrument `code`, newest first.
pub async fn list(store: &Store, code: &str) -> Result<Vec<VersionRow>> {
    let sql = format!("{SELECT} where v.code = $1 order by v.created_at desc, v.version desc");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(code).fetch_all(&store.pool).await?;
    Ok(rows.iter().map(row).collect())
}

pub async fn find(store: &Store, id: &str) -> Result<Option<VersionRow>> {
    let sql = format!("{SELECT} where v.id = $1");
    let found = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&store.pool).await?;
    Ok(found.as_ref().map(row))
}

/// Stores an uploaded version for review; it is not used until it is published.
pub async fn upload(store: &Store, instrument: &Instrument, by: &str) -> Result<Loaded> {
    crate::instruments::store_version(store, instrument, Origin::Uploaded { by }).await
}

/// Makes a version the one new cycles use. Returns false when it was already published.
pub async fn publish(store: &Store, id: &str, by: &str) -> Result<bool> {
    let mut tx = store.write_tx().await?;
    let done = sqlx::query(
        "update instrument_versions set published_at = $2, published_by = $3 where id = $1 and published_at is null",
    )
    .bind(id)
    .bind(now())
    .bind(by)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let version: String = sqlx::query_scalar("select version from instrument_versions where id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let after = Change::InstrumentVersion { version };
    crate::audit::record(&mut tx, Some(by), "publish_instrument", "instrument_version", id, None, Some(&after)).await?;
    tx.commit().await?;
    Ok(true)
}

fn open_states() -> String {
    OPEN.iter().map(|s| format!("'{}'", s.code())).collect::<Vec<_>>().join(", ")
}

/// Open self-assessments of the same instrument on another version than `to_id`: (cycle, version id).
async fn open_drafts(store: &Store, to_id: &str) -> Result<Vec<(String, String)>> {
    let sql = format!(
        "select c.id, c.instrument_version_id from cycles c
           join instrument_versions v on v.id = c.instrument_version_id
          where v.code = (select code from instrument_versions where id = $1)
            and c.instrument_version_id <> $1 and c.state in ({})
          order by c.id",
        open_states()
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(to_id).fetch_all(&store.pool).await?;
    Ok(rows.iter().map(|r| (r.get("id"), r.get("instrument_version_id"))).collect())
}

/// How many open self-assessments a migration to `to_id` would move.
pub async fn drafts_to_migrate(store: &Store, to_id: &str) -> Result<usize> {
    Ok(open_drafts(store, to_id).await?.len())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrateRefused {
    #[error("only the current published version can receive drafts")]
    NotCurrent,
    #[error(transparent)]
    Plan(#[from] domain::instrument_diff::PlanError),
}

/// The version `id` is reviewed against: the one published last before it (or, for a version
/// not yet published, the current one).
pub async fn base_of(store: &Store, id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "select b.id from instrument_versions b join instrument_versions v on v.id = $1
          where b.code = v.code and b.id <> v.id and b.published_at is not null
            and b.published_at <= coalesce(v.published_at, b.published_at)
          order by b.published_at desc, b.created_at desc, b.version desc limit 1",
    )
    .bind(id)
    .fetch_optional(&store.pool)
    .await?)
}

/// The changes from the base version (see [`base_of`]) to `id`, with the base's version name:
/// what an administrator reviews before publishing.
pub async fn review(store: &Store, id: &str) -> Result<Option<(Option<String>, Diff)>> {
    let Some(new) = crate::instruments::by_id(store, id).await? else { return Ok(None) };
    let Some(base) = base_of(store, id).await? else { return Ok(Some((None, Diff::default()))) };
    let old = crate::instruments::by_id(store, &base).await?.ok_or_else(|| StoreError::Corrupt(base.clone()))?;
    let version = old.version.clone();
    Ok(Some((Some(version), diff(&old, &new))))
}

/// Moves every open self-assessment of the instrument to the current version `to_id`, with
/// the rules chosen (defaults for the rest). Returns how many moved.
pub async fn migrate_drafts(
    store: &Store,
    to_id: &str,
    chosen: &BTreeMap<String, Rule>,
    by: &str,
) -> Result<Result<usize, MigrateRefused>> {
    let Some(new) = crate::instruments::by_id(store, to_id).await? else { return Ok(Err(MigrateRefused::NotCurrent)) };
    match crate::instruments::current(store, &new.code).await? {
        Some((current, _)) if current == to_id => {}
        _ => return Ok(Err(MigrateRefused::NotCurrent)),
    }
    // Rules are chosen against the version published before; they are checked there first.
    if let Some((_, reviewed)) = review(store, to_id).await?
        && let Err(refused) = plan(&reviewed, chosen)
    {
        return Ok(Err(refused.into()));
    }
    let mut moved = 0;
    let mut plans: BTreeMap<String, (Diff, BTreeMap<String, Rule>)> = BTreeMap::new();
    for (cycle_id, from_id) in open_drafts(store, to_id).await? {
        if !plans.contains_key(&from_id) {
            let old = crate::instruments::by_id(store, &from_id)
                .await?
                .ok_or_else(|| StoreError::Corrupt(from_id.clone()))?;
            let d = diff(&old, &new);
            // A rule that does not fit an older draft's changes falls back to the default there.
            let fitting = chosen
                .iter()
                .filter(|(code, rule)| plan(&d, &BTreeMap::from([((*code).clone(), (*rule).clone())])).is_ok())
                .map(|(c, r)| (c.clone(), r.clone()))
                .collect();
            let rules = plan(&d, &fitting).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            plans.insert(from_id.clone(), (d, rules));
        }
        let (d, rules) = &plans[&from_id];
        if migrate_one(store, &cycle_id, &from_id, to_id, d, rules, by).await? {
            moved += 1;
        }
    }
    Ok(Ok(moved))
}

#[path = "instrument_versions_migrate.rs"]
mod migrate_one;
use migrate_one::migrate_one;
pub use migrate_one::{MigrationRow, migration_of};

#[cfg(test)]
#[path = "instrument_versions_tests.rs"]
mod tests;
