//! A deterministic national-size data set: every province and regency, 14,445 institutions
//! (the national count) in every workflow state, with their users, self-assessments, visits,
//! reconciliations, decisions, certificates, evidence and notifications. For load tests,
//! dashboards and demonstrations at real size; never loaded over real data.
//!
//! Usernames (all with the one password whose hash the caller passes):
//! `pengelola.00001` … one manager per institution, `asesor.0001` …, `supervisor.01` …,
//! `dinsos.63.71` (a regency's officer, may approve), `dinsos.63` (a province's officer) and
//! `admin.nasional`. None of them is a demo username.

mod bulk;
mod cycle;
mod names;
mod plan;
mod scores;
mod tables;
#[cfg(test)]
mod tests;

use crate::{Result, Store, StoreError};
use bulk::row;
use rand::SeedableRng;
use rand::rngs::StdRng;
use sqlx::Connection;
use std::time::Instant;

/// The number of LKSA in Indonesia the generator reproduces at national scale.
pub const NATIONAL_INSTITUTIONS: usize = 14_445;

/// How much to generate, from which seed, relative to which moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub institutions: usize,
    pub seed: u64,
    /// "Now" for the generated dates (unix seconds); the same seed and `now` give the same data.
    pub now: i64,
}

impl Scale {
    /// 14,445 institutions, 12,207 of them accredited (871 A, 4,439 B, 6,897 C).
    pub fn national() -> Scale {
        Scale::of(NATIONAL_INSTITUTIONS)
    }

    /// `institutions` institutions, with the national proportions; dates relative to today.
    pub fn of(institutions: usize) -> Scale {
        let now = crate::now();
        Scale { institutions, seed: 2026, now: now - now % 86_400 + 9 * 3600 }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    pub institutions: usize,
    pub users: usize,
    pub cycles: usize,
    /// Self-scores, visit scores and final scores together.
    pub score_rows: usize,
    pub decided: usize,
    pub certificates: usize,
    pub evidence: usize,
    pub notifications: usize,
    pub millis: u128,
}

/// The institution manager's username of the n-th institution (from 1).
pub fn manager_username(n: usize) -> String {
    format!("pengelola.{n:05}")
}

/// The n-th assessor's username (from 1).
pub fn assessor_username(n: usize) -> String {
    format!("asesor.{n:04}")
}

/// The n-th supervisor's username (from 1).
pub fn supervisor_username(n: usize) -> String {
    format!("supervisor.{n:02}")
}

/// The Dinsos officer of a region: `dinsos.63` (province) or `dinsos.63.71` (regency).
pub fn dinsos_username(region_id: &str) -> String {
    format!("dinsos.{region_id}")
}

pub const ADMIN_USERNAME: &str = "admin.nasional";

/// Assessors and supervisors for a number of institutions (about 600 and 40 nationally).
pub fn staff_counts(institutions: usize) -> (usize, usize) {
    ((institutions / 24).max(4), (institutions / 360).max(2))
}

/// Writes the data set. Refuses when its accounts exist already (it was generated before).
pub async fn generate(
    store: &Store,
    instrument_version_id: &str,
    scale: &Scale,
    password_hash: &str,
) -> Result<Generated> {
    let started = Instant::now();
    let instrument = crate::instruments::by_id(store, instrument_version_id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("no instrument version {instrument_version_id}")))?;
    let taken: i64 = sqlx::query_scalar("select count(*) from users where username in ($1, $2)")
        .bind(ADMIN_USERNAME)
        .bind(manager_username(1))
        .fetch_one(&store.pool)
        .await?;
    if taken > 0 {
        return Err(StoreError::Task("the national data set has been generated in this database already".into()));
    }
    let regencies: Vec<(String, String, String)> =
        sqlx::query_as("select id, province_id, name from regencies order by id").fetch_all(&store.pool).await?;
    let provinces: Vec<String> =
        sqlx::query_scalar("select id from provinces order by id").fetch_all(&store.pool).await?;
    if regencies.is_empty() {
        return Err(StoreError::Corrupt("no regencies: the regions migration has not run".into()));
    }
    let certificates: Vec<(String, i64, i64)> =
        sqlx::query_as("select regency_id, year, max(seq) from certificates group by regency_id, year")
            .fetch_all(&store.pool)
            .await?;

    let mut rng = StdRng::seed_from_u64(scale.seed);
    let plan = plan::plan(&mut rng, scale, &regencies, &provinces);
    let mut g = cycle::Gen::new(rng, &instrument, instrument_version_id, scale.now, &plan, &regencies);
    g.known_certificates(certificates);

    let mut conn = store.pool.acquire().await?;
    let backend = store.backend;
    sqlx::query(bulk(backend).fast).execute(&mut *conn).await?;
    let mut result = write(&mut conn, backend, &mut g, &plan, password_hash).await;
    if result.is_ok() {
        // The per-component summary carries its institution's region (as the reconciliation writes it).
        result = sqlx::query(
            "update cycle_component_results set
                regency_id = (select i.regency_id from cycles c join institutions i on i.id = c.institution_id
                               where c.id = cycle_component_results.cycle_id),
                province_id = (select r.province_id from cycles c join institutions i on i.id = c.institution_id
                                 join regencies r on r.id = i.regency_id where c.id = cycle_component_results.cycle_id),
                state = (select c.state from cycles c where c.id = cycle_component_results.cycle_id)
              where regency_id = ''",
        )
        .execute(&mut *conn)
        .await
        .map(|_| ())
        .map_err(Into::into);
    }
    if result.is_ok() {
        // Cycles carry their region and the regencies' totals are summed, as the workflow records them.
        result = async {
            sqlx::query(
                "update cycles set
                    regency_id = (select i.regency_id from institutions i where i.id = cycles.institution_id),
                    province_id = (select r.province_id from institutions i join regencies r on r.id = i.regency_id
                                    where i.id = cycles.institution_id)
                  where regency_id is null",
            )
            .execute(&mut *conn)
            .await?;
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            crate::summary::refresh_totals(&mut tx, None).await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
    }
    if result.is_ok() {
        // Every institution points at its certificate in force, as issuing one records it.
        let all = crate::summary::CURRENT_CERTIFICATE
            .replace("where id = (select institution_id from cycles where id = $1)", "");
        result = sqlx::query(sqlx::AssertSqlSafe(all)).execute(&mut *conn).await.map(|_| ()).map_err(Into::into);
    }
    sqlx::query(bulk(backend).durable).execute(&mut *conn).await?;
    result?;
    sqlx::query(bulk(backend).settle).execute(&mut *conn).await?;
    let mut out = g.generated();
    out.institutions = plan.institutions.len();
    out.users = plan.users.len();
    out.millis = started.elapsed().as_millis();
    tracing::info!(?out, "national data generated");
    Ok(out)
}

/// What a bulk load says to its database connection, per backend.
struct Bulk {
    /// Commits need not wait for the disk: a crashed generation is simply run again.
    fast: &'static str,
    /// Back to waiting for the disk on every commit.
    durable: &'static str,
    /// Foreign keys are checked at commit, so rows of a batch may come in any order.
    deferred: &'static str,
    /// After the load, what a database administrator runs after any bulk load: PostgreSQL's
    /// planner statistics and visibility map (without them it counts the registry by reading
    /// every institution: 15 ms instead of an index-only scan). SQLite plans well without.
    settle: &'static str,
}

fn bulk(backend: crate::Backend) -> Bulk {
    match backend {
        crate::Backend::Sqlite => Bulk {
            fast: "pragma synchronous = off",
            durable: "pragma synchronous = full",
            deferred: "pragma defer_foreign_keys = on",
            settle: "select 1",
        },
        crate::Backend::Postgres => Bulk {
            fast: "set synchronous_commit = off",
            durable: "set synchronous_commit = on",
            deferred: "set constraints all deferred",
            settle: "vacuum (analyze)",
        },
    }
}

/// Institutions per transaction after the first one (institutions and users).
const BATCH: usize = 1000;

async fn write(
    conn: &mut crate::DbConn,
    backend: crate::Backend,
    g: &mut cycle::Gen<'_>,
    plan: &plan::Plan,
    password_hash: &str,
) -> Result<()> {
    let mut tx = conn.begin().await?;
    sqlx::query(bulk(backend).deferred).execute(&mut *tx).await?;
    let t = &mut g.tables;
    for i in &plan.institutions {
        t.institutions.row(i.row());
    }
    for u in &plan.users {
        t.users.row(row![
            &u.id,
            &u.username,
            &u.full_name,
            password_hash.to_string(),
            u.role.code(),
            u.institution.clone(),
            u.province.clone(),
            u.regency.clone(),
            u.can_approve,
            true,
            u.created_at,
            u.created_at,
        ]);
    }
    t.flush_all(&mut tx).await?;
    tx.commit().await?;
    for batch in plan.institutions.chunks(BATCH) {
        let mut tx = conn.begin().await?;
        sqlx::query(bulk(backend).deferred).execute(&mut *tx).await?;
        for institution in batch {
            g.institution(institution)?;
            g.tables.flush_full(&mut tx).await?;
        }
        g.tables.flush_all(&mut tx).await?;
        tx.commit().await?;
    }
    Ok(())
}
