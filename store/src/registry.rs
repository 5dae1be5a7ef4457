//! The public registry of accredited institutions.

use crate::{Result, Store};
use sqlx::FromRow;

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
