//! Institutions (LKSA) and the regions they sit in.

use crate::{Result, Store, new_id, now};
use domain::{InstitutionRef, RegionScope};
use sqlx::{AssertSqlSafe, FromRow};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct InstitutionRow {
    pub id: String,
    pub name: String,
    pub address: String,
    pub foundation: String,
    pub capacity: i64,
    pub children_count: i64,
    pub staff_count: i64,
    pub regency_id: String,
    pub regency_name: String,
    pub province_id: String,
    pub province_name: String,
    pub registration_number: Option<String>,
    pub registration_expires_on: Option<String>,
    pub permit_number: Option<String>,
    pub permit_expires_on: Option<String>,
}

impl InstitutionRow {
    pub fn reference(&self) -> InstitutionRef {
        InstitutionRef { id: self.id.clone(), province: self.province_id.clone(), regency: self.regency_id.clone() }
    }
}

#[derive(Debug, Clone)]
pub struct NewInstitution {
    pub name: String,
    pub regency_id: String,
    pub address: String,
    pub foundation: String,
    pub capacity: i64,
    pub children_count: i64,
    pub staff_count: i64,
    pub registration_number: Option<String>,
    pub registration_expires_on: Option<String>,
    pub permit_number: Option<String>,
    pub permit_expires_on: Option<String>,
}

const SELECT: &str = "select i.id, i.name, i.address, i.foundation, i.capacity, i.children_count, i.staff_count,
        i.regency_id, r.name as regency_name, r.province_id, p.name as province_name,
        i.registration_number, i.registration_expires_on, i.permit_number, i.permit_expires_on
   from institutions i
   join regencies r on r.id = i.regency_id
   join provinces p on p.id = r.province_id";

pub async fn get(store: &Store, id: &str) -> Result<Option<InstitutionRow>> {
    Ok(sqlx::query_as(AssertSqlSafe(format!("{SELECT} where i.id = $1"))).bind(id).fetch_optional(&store.pool).await?)
}

/// Institutions a region scope covers; `None` means every institution (administrators).
pub async fn list(store: &Store, scope: Option<&RegionScope>) -> Result<Vec<InstitutionRow>> {
    let rows = match scope {
        None => sqlx::query_as(AssertSqlSafe(format!("{SELECT} order by i.name"))).fetch_all(&store.pool).await?,
        Some(RegionScope::Province { province }) => {
            sqlx::query_as(AssertSqlSafe(format!("{SELECT} where r.province_id = $1 order by i.name")))
                .bind(province)
                .fetch_all(&store.pool)
                .await?
        }
        Some(RegionScope::Regency { regency, .. }) => {
            sqlx::query_as(AssertSqlSafe(format!("{SELECT} where i.regency_id = $1 order by i.name")))
                .bind(regency)
                .fetch_all(&store.pool)
                .await?
        }
    };
    Ok(rows)
}

pub async fn create(store: &Store, n: NewInstitution) -> Result<String> {
    let id = new_id();
    let t = now();
    sqlx::query(
        "insert into institutions (id, name, regency_id, address, foundation, capacity, children_count, staff_count,
            registration_number, registration_expires_on, permit_number, permit_expires_on, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
    )
    .bind(&id)
    .bind(&n.name)
    .bind(&n.regency_id)
    .bind(&n.address)
    .bind(&n.foundation)
    .bind(n.capacity)
    .bind(n.children_count)
    .bind(n.staff_count)
    .bind(&n.registration_number)
    .bind(&n.registration_expires_on)
    .bind(&n.permit_number)
    .bind(&n.permit_expires_on)
    .bind(t)
    .execute(&store.pool)
    .await?;
    Ok(id)
}

pub async fn create_province(store: &Store, id: &str, name: &str) -> Result<()> {
    sqlx::query("insert into provinces (id, name, created_at) values ($1, $2, $3) on conflict (id) do nothing")
        .bind(id)
        .bind(name)
        .bind(now())
        .execute(&store.pool)
        .await?;
    Ok(())
}

pub async fn create_regency(store: &Store, id: &str, province_id: &str, name: &str) -> Result<()> {
    sqlx::query(
        "insert into regencies (id, province_id, name, created_at) values ($1, $2, $3, $4) on conflict (id) do nothing",
    )
    .bind(id)
    .bind(province_id)
    .bind(name)
    .bind(now())
    .execute(&store.pool)
    .await?;
    Ok(())
}
