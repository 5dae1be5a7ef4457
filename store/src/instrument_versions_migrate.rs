//! Moving one open self-assessment to a newer instrument version, and reading back what moved.

use crate::{Result, Store, StoreError, new_id, now};
use domain::audit::Change;
use domain::instrument_diff::{Diff, Moved, Rule, migrate};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::collections::BTreeMap;

/// An answer of an indicator the new version no longer has, kept with the migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawnAnswer {
    pub code: String,
    pub self_score: Option<u8>,
    pub narrative: String,
}

/// One cycle's move, in one transaction. False when the cycle is no longer open or has moved.
pub(super) async fn migrate_one(
    store: &Store,
    cycle_id: &str,
    from_id: &str,
    to_id: &str,
    diff: &Diff,
    rules: &BTreeMap<String, Rule>,
    by: &str,
) -> Result<bool> {
    let mut tx = store.write_tx().await?;
    let at = now();
    let moved = sqlx::query(sqlx::AssertSqlSafe(format!(
        "update cycles set instrument_version_id = $3, updated_at = $4
          where id = $1 and instrument_version_id = $2 and state in ({})",
        super::open_states()
    )))
    .bind(cycle_id)
    .bind(from_id)
    .bind(to_id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        return Ok(false);
    }
    let mut answers = BTreeMap::new();
    let mut narratives = BTreeMap::new();
    for r in sqlx::query("select indicator_code, self_score, narrative from answers where cycle_id = $1")
        .bind(cycle_id)
        .fetch_all(&mut *tx)
        .await?
    {
        let code: String = r.get("indicator_code");
        answers.insert(code.clone(), crate::score_column(&r, "self_score")?.map(domain::Score::value));
        narratives.insert(code, r.get::<String, _>("narrative"));
    }
    let report = migrate(diff, rules, &answers);
    let mut withdrawn = Vec::new();
    // Every changed answer gets a new revision, so an edit queued offline against the old one is
    // shown as a conflict instead of overwriting it.
    for line in &report {
        match line {
            Moved::Rescore { code, .. } => {
                sqlx::query(
                    "update answers set self_score = null, revision = revision + 1, updated_at = $3, updated_by = $4
                      where cycle_id = $1 and indicator_code = $2",
                )
                .bind(cycle_id)
                .bind(code)
                .bind(at)
                .bind(by)
                .execute(&mut *tx)
                .await?;
            }
            Moved::Mapped { from, to, .. } => {
                for table in ["answers", "evidence"] {
                    let bump = if table == "answers" { ", revision = revision + 1" } else { "" };
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "update {table} set indicator_code = $3{bump} where cycle_id = $1 and indicator_code = $2"
                    )))
                    .bind(cycle_id)
                    .bind(from)
                    .bind(to)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            Moved::Withdrawn { code, previous } => {
                withdrawn.push(WithdrawnAnswer {
                    code: code.clone(),
                    self_score: *previous,
                    narrative: narratives.get(code).cloned().unwrap_or_default(),
                });
                sqlx::query("delete from answers where cycle_id = $1 and indicator_code = $2")
                    .bind(cycle_id)
                    .bind(code)
                    .execute(&mut *tx)
                    .await?;
            }
            Moved::Recheck { .. } | Moved::New { .. } => {}
        }
    }
    sqlx::query(
        "insert into instrument_migrations (id, cycle_id, from_version_id, to_version_id, report, withdrawn_answers,
                                            created_by, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(cycle_id)
    .bind(from_id)
    .bind(to_id)
    .bind(crate::json(&report)?)
    .bind(crate::json(&withdrawn)?)
    .bind(by)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    let mut versions = Vec::new();
    for id in [from_id, to_id] {
        let v: String = sqlx::query_scalar("select version from instrument_versions where id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        versions.push(v);
    }
    let [before, after]: [String; 2] = versions.try_into().map_err(|_| StoreError::Corrupt(cycle_id.into()))?;
    crate::audit::record(
        &mut tx,
        Some(by),
        "migrate_instrument",
        "cycle",
        cycle_id,
        Some(&Change::InstrumentVersion { version: before }),
        Some(&Change::InstrumentVersion { version: after }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

fn from_json<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The last migration of a cycle: the versions, when, and what the institution must re-check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationRow {
    pub from_version: String,
    pub to_version: String,
    /// Unix seconds.
    pub at: i64,
    pub report: Vec<Moved>,
    pub withdrawn: Vec<WithdrawnAnswer>,
}

/// The migration that brought the cycle to the version it is on now, if any.
pub async fn migration_of(store: &Store, cycle_id: &str) -> Result<Option<MigrationRow>> {
    let row = sqlx::query(
        "select f.version as from_version, t.version as to_version, m.created_at, m.report, m.withdrawn_answers
           from instrument_migrations m
           join cycles c on c.id = m.cycle_id and c.instrument_version_id = m.to_version_id
           join instrument_versions f on f.id = m.from_version_id
           join instrument_versions t on t.id = m.to_version_id
          where m.cycle_id = $1
          order by m.created_at desc limit 1",
    )
    .bind(cycle_id)
    .fetch_optional(&store.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(MigrationRow {
        from_version: r.get("from_version"),
        to_version: r.get("to_version"),
        at: r.get("created_at"),
        report: from_json(r.get("report"))?,
        withdrawn: from_json(r.get("withdrawn_answers"))?,
    }))
}
