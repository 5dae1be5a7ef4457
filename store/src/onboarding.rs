//! Onboarding institutions: one by the registration form, or many from a Dinsos spreadsheet.
//!
//! An import is kept as a checked batch ([`save_batch`]) until the person who uploaded it
//! confirms ([`confirm_batch`]); then one transaction creates the new institutions, updates the
//! changed ones and leaves identical ones alone, matching on the registration number. So the
//! same file imported twice changes nothing and writes no audit rows, and a repeated
//! confirmation answers with the outcome stored the first time.

use crate::DbConn;
use crate::{Result, StoreError, new_id, now};
use domain::audit::Change;
use domain::import::{InstitutionRecord, Problem, ProblemKind, Regencies, registration_key};
use domain::profile::LegalDocument;
use domain::{InstitutionRef, RegionScope};
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use std::collections::HashMap;

/// Institutions per multi-row insert, 17 values each: SQLite binds numbered parameters in time
/// quadratic in their count per statement (see `national::bulk`), so statements stay short.
const INSERT_CHUNK: usize = 100;

/// What a confirmed import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Manager accounts created, each with an invitation link.
    #[serde(default)]
    pub invited: u32,
}

/// Every regency's province, by BPS code.
pub async fn regencies(store: &crate::Store) -> Result<Regencies> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("select id, province_id from regencies").fetch_all(&store.pool).await?;
    Ok(rows.into_iter().collect())
}

/// A regency the form offers: code, name and province name.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct RegencyOption {
    pub id: String,
    pub name: String,
    pub province: String,
}

/// The regencies a scope covers (`None`: all), by province and name.
pub async fn regency_options(store: &crate::Store, scope: Option<&RegionScope>) -> Result<Vec<RegencyOption>> {
    let (condition, value) = match scope {
        None => ("1 = 1", None),
        Some(RegionScope::Province { province }) => ("r.province_id = $1", Some(province)),
        Some(RegionScope::Regency { regency, .. }) => ("r.id = $1", Some(regency)),
    };
    let sql = format!(
        "select r.id, r.name, p.name as province from regencies r join provinces p on p.id = r.province_id
          where {condition} order by p.name, r.name"
    );
    let query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    let query = match value {
        Some(v) => query.bind(v),
        None => query,
    };
    Ok(query.fetch_all(&store.pool).await?)
}

/// An institution as stored, in the fields the form and the import write.
#[derive(Debug, Clone, FromRow)]
struct Existing {
    id: String,
    regency_id: String,
    province_id: String,
    name: String,
    address: String,
    foundation: String,
    capacity: i64,
    children_count: i64,
    staff_caregivers: i64,
    staff_social_workers: i64,
    staff_other: i64,
    registration_number: String,
    registration_issued_on: Option<String>,
    registration_expires_on: Option<String>,
    permit_number: Option<String>,
    permit_issued_on: Option<String>,
    permit_expires_on: Option<String>,
}

impl Existing {
    fn reference(&self) -> InstitutionRef {
        InstitutionRef { id: self.id.clone(), province: self.province_id.clone(), regency: self.regency_id.clone() }
    }

    fn record(&self) -> InstitutionRecord {
        let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        InstitutionRecord {
            name: self.name.clone(),
            regency: self.regency_id.clone(),
            address: self.address.clone(),
            foundation: self.foundation.clone(),
            capacity: n(self.capacity),
            children: n(self.children_count),
            caregivers: n(self.staff_caregivers),
            registration: LegalDocument {
                number: self.registration_number.clone(),
                issued_on: s(&self.registration_issued_on),
                expires_on: s(&self.registration_expires_on),
            },
            permit: LegalDocument {
                number: s(&self.permit_number),
                issued_on: s(&self.permit_issued_on),
                expires_on: s(&self.permit_expires_on),
            },
            manager: None,
        }
    }
}

/// Institutions that have a registration number, by [`registration_key`]. Read whole: the
/// country has about 14,500, a few milliseconds, and the key is compared as the domain does.
async fn existing(conn: &mut DbConn) -> Result<HashMap<String, Existing>> {
    let rows: Vec<Existing> = sqlx::query_as(
        "select i.id, i.regency_id, r.province_id, i.name, i.address, i.foundation, i.capacity, i.children_count,
                i.staff_caregivers, i.staff_social_workers, i.staff_other, i.registration_number,
                i.registration_issued_on, i.registration_expires_on, i.permit_number, i.permit_issued_on,
                i.permit_expires_on
           from institutions i join regencies r on r.id = i.regency_id
          where i.registration_number is not null and trim(i.registration_number) <> ''",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|e| (registration_key(&e.registration_number), e)).collect())
}

/// A record as one line of the audit trail (the institution's own cells, not its manager).
fn summary(r: &InstitutionRecord) -> Change {
    Change::Text { text: domain::import::institution_cells(r).join(" | ") }
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Registers one institution (the form), with its audit row; `Err` when an institution with
/// this registration number exists already.
pub async fn register(
    store: &crate::Store,
    user_id: &str,
    r: &InstitutionRecord,
) -> Result<Result<String, ProblemKind>> {
    let mut tx = store.write_tx().await?;
    if existing(&mut tx).await?.contains_key(&registration_key(&r.registration.number)) {
        return Ok(Err(ProblemKind::AlreadyRegistered));
    }
    let ids = insert(&mut tx, std::slice::from_ref(r)).await?;
    let id = ids.into_iter().next().ok_or_else(|| StoreError::Corrupt("no institution inserted".into()))?;
    crate::audit::record(&mut tx, Some(user_id), "register_institution", "institution", &id, None, Some(&summary(r)))
        .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Inserts institutions in multi-row statements; answers their new ids in order.
async fn insert(conn: &mut DbConn, records: &[InstitutionRecord]) -> Result<Vec<String>> {
    let t = now();
    let mut ids = Vec::with_capacity(records.len());
    for chunk in records.chunks(INSERT_CHUNK) {
        let mut q = crate::sql::Builder::new(
            "insert into institutions (id, name, regency_id, address, foundation, capacity, children_count,
                staff_count, staff_caregivers, registration_number, registration_issued_on, registration_expires_on,
                permit_number, permit_issued_on, permit_expires_on, created_at, updated_at) ",
        );
        q.push_values(chunk, |mut b, r| {
            let id = new_id();
            b.push_bind(id.clone())
                .push_bind(r.name.clone())
                .push_bind(r.regency.clone())
                .push_bind(r.address.clone())
                .push_bind(r.foundation.clone())
                .push_bind(i64::from(r.capacity))
                .push_bind(i64::from(r.children))
                .push_bind(i64::from(r.caregivers))
                .push_bind(i64::from(r.caregivers))
                .push_bind(r.registration.number.clone())
                .push_bind(opt(&r.registration.issued_on).map(String::from))
                .push_bind(opt(&r.registration.expires_on).map(String::from))
                .push_bind(opt(&r.permit.number).map(String::from))
                .push_bind(opt(&r.permit.issued_on).map(String::from))
                .push_bind(opt(&r.permit.expires_on).map(String::from))
                .push_bind(t)
                .push_bind(t);
            ids.push(id);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(ids)
}

async fn update(conn: &mut DbConn, old: &Existing, r: &InstitutionRecord) -> Result<()> {
    sqlx::query(
        "update institutions set name = $2, regency_id = $3, address = $4, foundation = $5, capacity = $6,
            children_count = $7, staff_caregivers = $8, staff_count = $9, registration_number = $10,
            registration_issued_on = $11, registration_expires_on = $12, permit_number = $13,
            permit_issued_on = $14, permit_expires_on = $15, updated_at = $16
          where id = $1",
    )
    .bind(&old.id)
    .bind(&r.name)
    .bind(&r.regency)
    .bind(&r.address)
    .bind(&r.foundation)
    .bind(i64::from(r.capacity))
    .bind(i64::from(r.children))
    .bind(i64::from(r.caregivers))
    .bind(i64::from(r.caregivers) + old.staff_social_workers + old.staff_other)
    .bind(&r.registration.number)
    .bind(opt(&r.registration.issued_on))
    .bind(opt(&r.registration.expires_on))
    .bind(opt(&r.permit.number))
    .bind(opt(&r.permit.issued_on))
    .bind(opt(&r.permit.expires_on))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    if old.regency_id != r.regency {
        crate::evidence::views::moved(conn, &old.id, &r.regency).await?;
    }
    Ok(())
}

/// Institutions matched by registration number that `may_change` refuses (another region's),
/// as row problems; the preview shows them before anything is confirmed.
pub async fn foreign_matches(
    store: &crate::Store,
    records: &[(u32, InstitutionRecord)],
    may_change: impl Fn(&InstitutionRef) -> bool,
) -> Result<Vec<Problem>> {
    let mut conn = store.pool.acquire().await?;
    let existing = existing(&mut conn).await?;
    Ok(refused(&existing, records, &may_change))
}

fn refused(
    existing: &HashMap<String, Existing>,
    records: &[(u32, InstitutionRecord)],
    may_change: &impl Fn(&InstitutionRef) -> bool,
) -> Vec<Problem> {
    records
        .iter()
        .filter(|(_, r)| {
            existing.get(&registration_key(&r.registration.number)).is_some_and(|old| !may_change(&old.reference()))
        })
        .map(|(row, _)| Problem {
            row: Some(*row),
            column: Some(domain::import::REGISTRATION_NUMBER.into()),
            kind: ProblemKind::RegisteredElsewhere,
        })
        .collect()
}

/// Managers named by records that `may_invite` refuses, or whose username is another
/// account's, as row problems; the preview shows them before anything is confirmed.
pub async fn manager_matches(
    store: &crate::Store,
    records: &[(u32, InstitutionRecord)],
    may_invite: impl Fn(&InstitutionRef) -> bool,
) -> Result<Vec<Problem>> {
    let mut conn = store.pool.acquire().await?;
    let existing = existing(&mut conn).await?;
    managers::problems(&mut conn, &existing, records, &may_invite).await
}

/// Applies checked records in one transaction: new ones created, changed ones updated, both
/// audited; identical ones untouched; the managers they name invited. `Err` with row problems
/// (nothing written) when a record matches an institution `may_change` refuses, or names a
/// manager `may_invite` refuses or whose username is someone else's.
pub async fn import(
    conn: &mut DbConn,
    user_id: &str,
    records: &[(u32, InstitutionRecord)],
    may_change: impl Fn(&InstitutionRef) -> bool,
    may_invite: impl Fn(&InstitutionRef) -> bool,
) -> Result<Result<(Outcome, Vec<ManagerLink>), Vec<Problem>>> {
    let existing = existing(conn).await?;
    let mut problems = refused(&existing, records, &may_change);
    problems.extend(managers::problems(conn, &existing, records, &may_invite).await?);
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row);
        return Ok(Err(problems));
    }
    let mut outcome = Outcome::default();
    let mut new = vec![];
    let mut invited = vec![];
    for (row, r) in records {
        let found = existing.get(&registration_key(&r.registration.number));
        if let (Some(old), Some(m)) = (found, &r.manager) {
            invited.push((*row, old.id.clone(), r.name.clone(), m.clone()));
        }
        let institution = InstitutionRecord { manager: None, ..r.clone() };
        match found {
            None => new.push(r.clone()),
            Some(old) if old.record() == institution => outcome.unchanged += 1,
            Some(old) => {
                update(conn, old, r).await?;
                let (before, after) = (summary(&old.record()), summary(r));
                audit(conn, user_id, "import_update_institution", &old.id, Some(&before), &after).await?;
                outcome.updated += 1;
            }
        }
    }
    let rows: HashMap<&str, u32> = records.iter().map(|(row, r)| (r.registration.number.as_str(), *row)).collect();
    for (id, r) in insert(conn, &new).await?.iter().zip(&new) {
        audit(conn, user_id, "import_institution", id, None, &summary(r)).await?;
        if let Some(m) = &r.manager {
            let row = rows.get(r.registration.number.as_str()).copied().unwrap_or(0);
            invited.push((row, id.clone(), r.name.clone(), m.clone()));
        }
    }
    outcome.created = u32::try_from(new.len()).unwrap_or(u32::MAX);
    invited.sort_by_key(|(row, ..)| *row);
    let links = managers::invite(conn, user_id, invited, now()).await?;
    outcome.invited = u32::try_from(links.len()).unwrap_or(u32::MAX);
    Ok(Ok((outcome, links)))
}

async fn audit(
    conn: &mut DbConn,
    user_id: &str,
    action: &str,
    id: &str,
    before: Option<&Change>,
    after: &Change,
) -> Result<()> {
    crate::audit::record_on(conn, Some(user_id), action, "institution", id, before, Some(after)).await
}

mod batch;
mod managers;
pub use batch::{Batch, NotConfirmed, batch, confirm_batch, save_batch, set_links, take_links};
pub use managers::ManagerLink;

#[cfg(test)]
mod tests;
