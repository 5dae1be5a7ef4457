//! The public registry of accredited institutions.

use crate::paging::{Page, PageRequest};
use crate::{Result, Store};
use sqlx::{AssertSqlSafe, FromRow};

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

/// The latest certificate not revoked of the institution `i`.
const LATEST_CERTIFICATE: &str = "ce.id = (select ce2.id from cycles c2 join certificates ce2 on ce2.cycle_id = c2.id
                                where c2.institution_id = i.id and ce2.revoked_at is null
                                order by ce2.created_at desc, ce2.id desc limit 1)";

const FILTERS: &str = "($1 = '' or lower(i.name) like '%' || lower($1) || '%' escape '\\')
            and ($2 = '' or r.province_id = $2)
            and ($3 = '' or i.regency_id = $3)
            and ($4 = '' or ce.grade = $4)";

/// Accredited institutions with their latest certificate, by name, one page at a time, and how
/// many match; nothing about children, evidence or scores.
pub async fn registry(store: &Store, f: &RegistryFilter, page: PageRequest) -> Result<(Page<RegistryRow>, i64)> {
    let name = crate::like_literal(f.name.trim());
    let rows = sqlx::query_as(AssertSqlSafe(format!(
        "select i.id as institution_id, i.name, p.name as province_name, r.name as regency_name,
                ce.grade, ce.valid_until, ce.number, ce.verification_code
           from institutions i
           join regencies r on r.id = i.regency_id
           join provinces p on p.id = r.province_id
           join certificates ce on {LATEST_CERTIFICATE}
          where {FILTERS}
          order by i.name, i.id
          limit $5 offset $6"
    )))
    .bind(&name)
    .bind(&f.province)
    .bind(&f.regency)
    .bind(&f.grade)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&store.pool)
    .await?;
    let total: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
        "select count(*) from institutions i
           join regencies r on r.id = i.regency_id
           join certificates ce on {LATEST_CERTIFICATE}
          where {FILTERS}"
    )))
    .bind(&name)
    .bind(&f.province)
    .bind(&f.regency)
    .bind(&f.grade)
    .fetch_one(&store.pool)
    .await?;
    Ok((Page::of(rows, page), total))
}

/// Provinces for the registry's filters, and the regencies of `province` (none when empty: a
/// national list of 514 would weigh more than a page of results): (id, name).
pub async fn regions(store: &Store, province: &str) -> Result<(Vec<(String, String)>, Vec<(String, String)>)> {
    let provinces = sqlx::query_as("select id, name from provinces order by name").fetch_all(&store.pool).await?;
    let regencies = sqlx::query_as("select id, name from regencies where province_id = $1 order by name")
        .bind(province)
        .fetch_all(&store.pool)
        .await?;
    Ok((provinces, regencies))
}
