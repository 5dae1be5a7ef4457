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

/// Accredited institutions with their latest certificate (`institutions.certificate_id`, kept
/// current when one is issued or revoked), by name, one page at a time, and how many match;
/// nothing about children, evidence or scores. Only the filters given join their tables.
pub async fn registry(store: &Store, f: &RegistryFilter, page: PageRequest) -> Result<(Page<RegistryRow>, i64)> {
    let name = crate::like_literal(f.name.trim());
    let given: Vec<(&str, &str)> = [
        ("lower(i.name) like '%' || lower(?) || '%' escape '\\'", name.as_str()),
        ("r.province_id = ?", f.province.as_str()),
        ("i.regency_id = ?", f.regency.as_str()),
        ("ce.grade = ?", f.grade.as_str()),
    ]
    .into_iter()
    .filter(|(_, value)| !value.is_empty())
    .collect();
    let mut conditions = vec!["i.certificate_id is not null".to_string()];
    conditions.extend(given.iter().enumerate().map(|(k, (c, _))| c.replace('?', &format!("${}", k + 1))));
    let values: Vec<&str> = given.iter().map(|(_, v)| *v).collect();
    let condition = conditions.join(" and ");
    let n = values.len();
    let bind = |sql: String| {
        let mut q = sqlx::query_as::<_, RegistryRow>(AssertSqlSafe(sql));
        for v in &values {
            q = q.bind(*v);
        }
        q
    };
    let rows = bind(format!(
        "select i.id as institution_id, i.name, p.name as province_name, r.name as regency_name,
                ce.grade, ce.valid_until, ce.number, ce.verification_code
           from institutions i
           join regencies r on r.id = i.regency_id
           join provinces p on p.id = r.province_id
           join certificates ce on ce.id = i.certificate_id
          where {condition}
          order by i.name, i.id
          limit ${} offset ${}",
        n + 1,
        n + 2
    ))
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&store.pool)
    .await?;
    let mut from = String::from("institutions i");
    if !f.province.is_empty() {
        from.push_str(" join regencies r on r.id = i.regency_id");
    }
    if !f.grade.is_empty() {
        from.push_str(" join certificates ce on ce.id = i.certificate_id");
    }
    let mut count = sqlx::query_scalar(AssertSqlSafe(format!("select count(*) from {from} where {condition}")));
    for v in &values {
        count = count.bind(*v);
    }
    let total: i64 = count.fetch_one(&store.pool).await?;
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
