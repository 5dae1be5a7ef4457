//! Institutions (LKSA) and the regions they sit in.

use crate::paging::{Page, PageRequest};
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
    pub children_boys: i64,
    pub children_girls: i64,
    pub children_under_6: i64,
    pub children_6_12: i64,
    pub children_13_17: i64,
    pub children_18_plus: i64,
    pub staff_caregivers: i64,
    pub staff_social_workers: i64,
    pub staff_other: i64,
    pub registration_issued_on: Option<String>,
    pub permit_issued_on: Option<String>,
    pub deed_number: Option<String>,
    pub deed_issued_on: Option<String>,
    pub npwp: Option<String>,
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
        i.registration_number, i.registration_expires_on, i.permit_number, i.permit_expires_on,
        i.children_boys, i.children_girls, i.children_under_6, i.children_6_12, i.children_13_17, i.children_18_plus,
        i.staff_caregivers, i.staff_social_workers, i.staff_other,
        i.registration_issued_on, i.permit_issued_on, i.deed_number, i.deed_issued_on, i.npwp
   from institutions i
   join regencies r on r.id = i.regency_id
   join provinces p on p.id = r.province_id";

pub async fn get(store: &Store, id: &str) -> Result<Option<InstitutionRow>> {
    Ok(sqlx::query_as(AssertSqlSafe(format!("{SELECT} where i.id = $1"))).bind(id).fetch_optional(&store.pool).await?)
}

/// Institutions a region scope covers (`None` means every institution), by name, one page at a
/// time; `name` (any part, any case) narrows them when not empty.
pub async fn list(
    store: &Store,
    scope: Option<&RegionScope>,
    name: &str,
    page: PageRequest,
) -> Result<Page<InstitutionRow>> {
    let (condition, value) = crate::region_filter(scope);
    // The region's value is $1 when there is one; the name and the window follow it.
    let n = if value.is_some() { 2 } else { 1 };
    let sql = format!(
        "{SELECT} where {condition} and (${n} = '' or lower(i.name) like '%' || lower(${n}) || '%' escape '\\')
          order by i.name, i.id limit ${} offset ${}",
        n + 1,
        n + 2
    );
    let query = sqlx::query_as(AssertSqlSafe(sql));
    let query = match value {
        Some(v) => query.bind(v),
        None => query,
    };
    let rows = query
        .bind(crate::like_literal(name.trim()))
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&store.pool)
        .await?;
    Ok(Page::of(rows, page))
}

/// How many institutions a region scope covers.
pub async fn count(store: &Store, scope: Option<&RegionScope>) -> Result<i64> {
    let (condition, value) = crate::region_filter(scope);
    let from = match scope {
        None => "institutions i",
        Some(_) => "institutions i join regencies r on r.id = i.regency_id",
    };
    let query = sqlx::query_scalar(AssertSqlSafe(format!("select count(*) from {from} where {condition}")));
    Ok(match value {
        Some(v) => query.bind(v),
        None => query,
    }
    .fetch_one(&store.pool)
    .await?)
}

/// Institutions in the scope whose operating permit is missing, expired or ends by `warn_until`
/// (ISO date), soonest first; at most a page.
pub async fn permits_to_renew(store: &Store, scope: &RegionScope, warn_until: &str) -> Result<Vec<InstitutionRow>> {
    let (condition, value) = crate::region_filter(Some(scope));
    Ok(sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} where {condition}
            and (i.permit_number is null or trim(i.permit_number) = '' or i.permit_expires_on is null
                 or i.permit_expires_on <= $2)
          order by coalesce(i.permit_expires_on, ''), i.name, i.id limit {}",
        crate::paging::PAGE_SIZE
    )))
    .bind(value.unwrap_or_default())
    .bind(warn_until)
    .fetch_all(&store.pool)
    .await?)
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

/// Creates a province or renames an existing one (every province is loaded by a migration).
pub async fn create_province(store: &Store, id: &str, name: &str) -> Result<()> {
    sqlx::query(
        "insert into provinces (id, name, created_at) values ($1, $2, $3)
         on conflict (id) do update set name = excluded.name",
    )
    .bind(id)
    .bind(name)
    .bind(now())
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// Creates a regency or city, or updates an existing one (every one is loaded by a migration).
pub async fn create_regency(store: &Store, id: &str, province_id: &str, name: &str) -> Result<()> {
    sqlx::query(
        "insert into regencies (id, province_id, name, created_at) values ($1, $2, $3, $4)
         on conflict (id) do update set province_id = excluded.province_id, name = excluded.name",
    )
    .bind(id)
    .bind(province_id)
    .bind(name)
    .bind(now())
    .execute(&store.pool)
    .await?;
    Ok(())
}

fn opt(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// Saves a validated profile, with an audit row naming who changed it. The total of children
/// is the sum of boys and girls once the form gives them; while both are 0 (the form has no
/// field for the total) the total kept is the one the registration or an import recorded.
pub async fn update_profile(store: &Store, user_id: &str, id: &str, p: &domain::profile::Profile) -> Result<()> {
    let mut tx = store.write_tx().await?;
    sqlx::query(
        "update institutions set name = $2, address = $3, foundation = $4, capacity = $5,
            children_count = case when $6 > 0 then $6 else children_count end, staff_count = $7,
            children_boys = $8, children_girls = $9, children_under_6 = $10, children_6_12 = $11, children_13_17 = $12,
            children_18_plus = $13, staff_caregivers = $14, staff_social_workers = $15, staff_other = $16,
            registration_number = $17, registration_issued_on = $18, registration_expires_on = $19,
            permit_number = $20, permit_issued_on = $21, permit_expires_on = $22,
            deed_number = $23, deed_issued_on = $24, npwp = $25, updated_at = $26
          where id = $1",
    )
    .bind(id)
    .bind(p.name.trim())
    .bind(p.address.trim())
    .bind(p.foundation.trim())
    .bind(i64::from(p.capacity))
    .bind(i64::from(p.children()))
    .bind(i64::from(p.staff()))
    .bind(i64::from(p.children_boys))
    .bind(i64::from(p.children_girls))
    .bind(i64::from(p.children_under_6))
    .bind(i64::from(p.children_6_12))
    .bind(i64::from(p.children_13_17))
    .bind(i64::from(p.children_18_plus))
    .bind(i64::from(p.staff_caregivers))
    .bind(i64::from(p.staff_social_workers))
    .bind(i64::from(p.staff_other))
    .bind(opt(&p.registration.number))
    .bind(opt(&p.registration.issued_on))
    .bind(opt(&p.registration.expires_on))
    .bind(opt(&p.permit.number))
    .bind(opt(&p.permit.issued_on))
    .bind(opt(&p.permit.expires_on))
    .bind(opt(&p.deed.number))
    .bind(opt(&p.deed.issued_on))
    .bind(opt(&p.npwp))
    .bind(crate::now())
    .execute(&mut *tx)
    .await?;
    let after = domain::audit::Change::Permit {
        number: opt(&p.permit.number).map(String::from),
        expires_on: opt(&p.permit.expires_on).map(String::from),
    };
    crate::audit::record(&mut tx, Some(user_id), "update_profile", "institution", id, None, Some(&after)).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::profile::Profile;

    /// An imported institution knows its number of children but not boys and girls: saving the
    /// profile form (which shows the breakdown only) keeps the number until a breakdown is given.
    #[tokio::test]
    async fn a_profile_save_keeps_what_the_form_does_not_show() {
        let (s, _dir) = crate::testing::store().await;
        create_province(&s, "35", "Jawa Timur").await.unwrap();
        create_regency(&s, "35.20", "35", "Kabupaten Magetan").await.unwrap();
        let record = domain::import::InstitutionRecord {
            name: "LKSA Contoh".into(),
            regency: "35.20".into(),
            address: "Jl. Contoh 1".into(),
            children: 30,
            caregivers: 6,
            registration: domain::profile::LegalDocument { number: "TD-1".into(), ..Default::default() },
            ..Default::default()
        };
        let by = crate::accounts::create_user(
            &s,
            crate::accounts::NewUser {
                username: "admin".into(),
                full_name: "Admin".into(),
                password: "kata-sandi-panjang".into(),
                role: domain::Role::Administrator,
                institution_id: None,
                province_id: None,
                regency_id: None,
                can_approve: false,
            },
        )
        .await
        .unwrap();
        let id = crate::onboarding::register(&s, &by, &record).await.unwrap().unwrap();
        let mut p = Profile {
            name: "LKSA Contoh".into(),
            address: "Jl. Contoh 2".into(),
            capacity: 40,
            staff_caregivers: 6,
            registration: record.registration.clone(),
            ..Default::default()
        };
        update_profile(&s, &by, &id, &p).await.unwrap();
        let row = get(&s, &id).await.unwrap().unwrap();
        assert_eq!((row.children_count, row.address.as_str(), row.regency_id.as_str()), (30, "Jl. Contoh 2", "35.20"));
        assert_eq!(row.registration_number.as_deref(), Some("TD-1"));
        (p.children_boys, p.children_girls, p.children_6_12) = (10, 12, 22);
        update_profile(&s, &by, &id, &p).await.unwrap();
        assert_eq!(get(&s, &id).await.unwrap().unwrap().children_count, 22, "the breakdown replaces the total");
    }
}
