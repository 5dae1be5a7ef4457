//! People: accounts created by administrators and Dinsos officers, one-time links to set a
//! password (an invitation for a new account, a reset for an existing one), password changes,
//! deactivation. Who may do which is `domain::policy`'s question, asked by the caller first;
//! every change here writes its audit row in the same transaction.
//!
//! A link's token is random (256 bits) and handed to the caller once; only its SHA-256 is
//! stored, looked up by that hash (never compared as text), and never logged.

use crate::paging::{Page, PageRequest};
use crate::{Result, Store, new_id};
use domain::audit::Change;
use domain::policy::AccountRef;
use domain::{InstitutionRef, RegionScope, Role};
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub institution_id: Option<String>,
    pub scope: Option<RegionScope>,
    pub can_approve: bool,
    /// Checked by `domain::account::email`; links are e-mailed there when mail is set up.
    pub email: Option<String>,
}

/// Where an account stands, as the accounts list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No password set yet: the invitation is open.
    Invited,
    Active,
    Deactivated,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Invited => "invited",
            Status::Active => "active",
            Status::Deactivated => "deactivated",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    /// The institution, regency or province the person works for.
    pub place: Option<String>,
    pub can_approve: bool,
    pub email: Option<String>,
    pub status: Status,
    /// The policy's view of the account, to ask whether the reader may manage it.
    pub reference: AccountRef,
}

/// The policy's view of an existing account.
pub async fn reference(store: &Store, user_id: &str) -> Result<Option<AccountRef>> {
    let row = sqlx::query(
        "select u.id, u.role, u.province_id, u.regency_id, u.institution_id, r.province_id as inst_province, i.regency_id as inst_regency
           from users u left join institutions i on i.id = u.institution_id left join regencies r on r.id = i.regency_id
          where u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(&store.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let code: String = r.get("role");
    let role = Role::from_code(&code).ok_or_else(|| crate::StoreError::Corrupt(format!("unknown role {code}")))?;
    let institution = institution_of(&r);
    Ok(Some(AccountRef {
        user_id: r.get("id"),
        role,
        institution,
        scope: scope_of(r.get("province_id"), r.get("regency_id")),
    }))
}

fn institution_of(r: &crate::DbRow) -> Option<InstitutionRef> {
    match (r.get::<Option<String>, _>("institution_id"), r.get("inst_province"), r.get("inst_regency")) {
        (Some(id), Some(province), Some(regency)) => Some(InstitutionRef { id, province, regency }),
        _ => None,
    }
}

fn scope_of(province: Option<String>, regency: Option<String>) -> Option<RegionScope> {
    match (province, regency) {
        (Some(province), Some(regency)) => Some(RegionScope::Regency { province, regency }),
        (Some(province), None) => Some(RegionScope::Province { province }),
        _ => None,
    }
}

/// The provinces and regencies (code, name) within a scope (`None`: the whole country),
/// each province followed by its regencies.
pub async fn regions(store: &Store, scope: Option<&RegionScope>) -> Result<Vec<(String, String)>> {
    let (condition, value) = match scope {
        None => ("1 = 1", None),
        Some(RegionScope::Province { province }) => ("p.id = $1", Some(province)),
        Some(RegionScope::Regency { regency, .. }) => ("r.id = $1", Some(regency)),
    };
    let regency_only = matches!(scope, Some(RegionScope::Regency { .. }));
    let sql = format!(
        "select p.id as code, p.name as name, p.name as sort_p, '' as sort_r from provinces p
          where {} and exists (select 1 from regencies r where r.province_id = p.id and {condition})
         union all
         select r.id, r.name || ', ' || p.name, p.name, r.name from regencies r join provinces p on p.id = r.province_id
          where {condition}
         order by 3, 4",
        if regency_only { "1 = 0" } else { "1 = 1" }
    );
    let query = sqlx::query_as::<_, (String, String, String, String)>(AssertSqlSafe(sql));
    let query = match value {
        Some(v) => query.bind(v),
        None => query,
    };
    Ok(query.fetch_all(&store.pool).await?.into_iter().map(|(code, name, _, _)| (code, name)).collect())
}

/// The region a province or regency code names, if it exists.
pub async fn region(store: &Store, code: &str) -> Result<Option<RegionScope>> {
    let regency: Option<String> = sqlx::query_scalar("select province_id from regencies where id = $1")
        .bind(code)
        .fetch_optional(&store.pool)
        .await?;
    if let Some(province) = regency {
        return Ok(Some(RegionScope::Regency { province, regency: code.to_string() }));
    }
    let province: Option<String> =
        sqlx::query_scalar("select id from provinces where id = $1").bind(code).fetch_optional(&store.pool).await?;
    Ok(province.map(|province| RegionScope::Province { province }))
}

pub async fn full_name(store: &Store, user_id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("select full_name from users where id = $1")
        .bind(user_id)
        .fetch_optional(&store.pool)
        .await?)
}

/// The name of the place an account works for, for its audit row.
async fn place_name(conn: &mut crate::DbConn, a: &NewAccount) -> Result<Option<String>> {
    let (sql, id) = match (&a.institution_id, &a.scope) {
        (Some(id), _) => ("select name from institutions where id = $1", id),
        (None, Some(RegionScope::Regency { regency, .. })) => ("select name from regencies where id = $1", regency),
        (None, Some(RegionScope::Province { province })) => ("select name from provinces where id = $1", province),
        (None, None) => return Ok(None),
    };
    Ok(sqlx::query_scalar(sql).bind(id).fetch_optional(&mut *conn).await?)
}

/// Creates an account without a password and its invitation link; returns the account id and
/// the link's token. `None` when the username is taken.
pub async fn create_account(store: &Store, by: &str, a: NewAccount, now: i64) -> Result<Option<(String, String)>> {
    let mut tx = store.write_tx().await?;
    let created = create_on(&mut tx, by, &a, now).await?;
    if created.is_some() {
        tx.commit().await?;
    }
    Ok(created)
}

/// [`create_account`] inside a write transaction the caller holds (an import's).
pub(crate) async fn create_on(
    conn: &mut crate::DbConn,
    by: &str,
    a: &NewAccount,
    now: i64,
) -> Result<Option<(String, String)>> {
    let username = a.username.trim().to_lowercase();
    let (province, regency) = match &a.scope {
        Some(RegionScope::Province { province }) => (Some(province.clone()), None),
        Some(RegionScope::Regency { province, regency }) => (Some(province.clone()), Some(regency.clone())),
        None => (None, None),
    };
    let id = new_id();
    let inserted = sqlx::query(
        "insert into users (id, username, full_name, password_hash, role, institution_id, province_id, regency_id, can_approve, email, active, created_at, updated_at)
         values ($1, $2, $3, '', $4, $5, $6, $7, $8, $10, true, $9, $9) on conflict (username) do nothing",
    )
    .bind(&id)
    .bind(&username)
    .bind(a.full_name.trim())
    .bind(a.role.code())
    .bind(&a.institution_id)
    .bind(province)
    .bind(regency)
    .bind(a.can_approve)
    .bind(now)
    .bind(&a.email)
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(None);
    }
    let place = place_name(conn, a).await?;
    let created = Change::Account { role: a.role.code().into(), place };
    crate::audit::record_on(conn, Some(by), "create_account", "user", &id, None, Some(&created)).await?;
    let token = insert_link(conn, by, &id, "invitation", now).await?;
    Ok(Some((id, token)))
}

/// Changes a person's own password after checking the current one. `false`: wrong current password.
pub async fn change_password(store: &Store, user_id: &str, current: &str, new: &str, now: i64) -> Result<bool> {
    let stored: Option<String> = sqlx::query_scalar("select password_hash from users where id = $1 and active = true")
        .bind(user_id)
        .fetch_optional(&store.pool)
        .await?;
    if !store.hasher.verify(current.to_string(), stored.filter(|h| !h.is_empty())).await {
        return Ok(false);
    }
    let password_hash = store.hasher.hash(new.to_string()).await?;
    let mut tx = store.write_tx().await?;
    sqlx::query("update users set password_hash = $2, updated_at = $3 where id = $1")
        .bind(user_id)
        .bind(password_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let status = Change::AccountStatus { status: "password_changed".into() };
    crate::audit::record(&mut tx, Some(user_id), "change_password", "user", user_id, None, Some(&status)).await?;
    tx.commit().await?;
    Ok(true)
}

/// Sets or removes an account's e-mail address (checked by `domain::account::email`), audited
/// without the address itself.
pub async fn set_email(store: &Store, by: &str, user_id: &str, email: Option<&str>, now: i64) -> Result<()> {
    let mut tx = store.write_tx().await?;
    let before: Option<Option<String>> =
        sqlx::query_scalar("select email from users where id = $1").bind(user_id).fetch_optional(&mut *tx).await?;
    let Some(before) = before else { return Ok(()) };
    if before.as_deref() == email {
        return Ok(());
    }
    sqlx::query("update users set email = $2, updated_at = $3 where id = $1")
        .bind(user_id)
        .bind(email)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let status = Change::AccountStatus { status: if email.is_some() { "email_set" } else { "email_removed" }.into() };
    crate::audit::record(&mut tx, Some(by), "change_email", "user", user_id, None, Some(&status)).await?;
    tx.commit().await?;
    Ok(())
}

/// Deactivates (ending every open session and unused link at once) or reactivates an account.
/// Reactivation restores sign-in, not the old sessions.
pub async fn set_active(store: &Store, by: &str, user_id: &str, active: bool, now: i64) -> Result<()> {
    let mut tx = store.write_tx().await?;
    let before: Option<crate::Flag> =
        sqlx::query_scalar("select (case when active then 1 else 0 end) from users where id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(before) = before.map(bool::from) else { return Ok(()) };
    sqlx::query("update users set active = $2, updated_at = $3 where id = $1")
        .bind(user_id)
        .bind(active)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if !active {
        sqlx::query("delete from sessions where user_id = $1").bind(user_id).execute(&mut *tx).await?;
        sqlx::query(
            "update account_links set voided_at = $2 where user_id = $1 and used_at is null and voided_at is null",
        )
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let word = |a: bool| Change::AccountStatus { status: if a { "active" } else { "deactivated" }.into() };
    let action = if active { "reactivate_account" } else { "deactivate_account" };
    crate::audit::record(&mut tx, Some(by), action, "user", user_id, Some(&word(before)), Some(&word(active))).await?;
    tx.commit().await?;
    Ok(())
}

/// The columns of an [`AccountRow`], and the joins that find its place.
const ACCOUNT: &str =
    "select u.id, u.username, u.full_name, u.role, (case when u.can_approve then 1 else 0 end) as can_approve, u.email, (case when u.active then 1 else 0 end) as active, (case when u.password_hash = '' then 1 else 0 end) as invited,
        coalesce(i.name, ur.name, p.name) as place, u.province_id, u.regency_id, u.institution_id,
        r.province_id as inst_province, i.regency_id as inst_regency
   from users u
   left join institutions i on i.id = u.institution_id
   left join regencies r on r.id = i.regency_id
   left join regencies ur on ur.id = u.regency_id
   left join provinces p on p.id = u.province_id";

/// The accounts a region holds (`None`: every account), by name, a page at a time: the
/// officers and assessors of the region and the managers of its institutions.
pub async fn list(store: &Store, scope: Option<&RegionScope>, page: PageRequest) -> Result<Page<AccountRow>> {
    let (condition, value) = match scope {
        None => ("1 = 1", None),
        Some(RegionScope::Province { province }) => ("coalesce(r.province_id, u.province_id) = $1", Some(province)),
        Some(RegionScope::Regency { regency, .. }) => ("coalesce(i.regency_id, u.regency_id) = $1", Some(regency)),
    };
    let n = if value.is_some() { 2 } else { 1 };
    let sql = format!("{ACCOUNT} where {condition} order by u.full_name, u.id limit ${n} offset ${}", n + 1);
    let query = sqlx::query(AssertSqlSafe(sql));
    let query = match value {
        Some(v) => query.bind(v),
        None => query,
    };
    let rows = query.bind(page.limit()).bind(page.offset()).fetch_all(&store.pool).await?;
    let rows = rows.iter().map(account_row).collect::<Result<Vec<_>>>()?;
    Ok(Page::of(rows, page))
}

/// One account, as the list shows it.
pub async fn account(store: &Store, user_id: &str) -> Result<Option<AccountRow>> {
    let row = sqlx::query(AssertSqlSafe(format!("{ACCOUNT} where u.id = $1")))
        .bind(user_id)
        .fetch_optional(&store.pool)
        .await?;
    row.as_ref().map(account_row).transpose()
}

fn account_row(r: &crate::DbRow) -> Result<AccountRow> {
    let code: String = r.get("role");
    let role = Role::from_code(&code).ok_or_else(|| crate::StoreError::Corrupt(format!("unknown role {code}")))?;
    let status = match (crate::flag(r, "active")?, crate::flag(r, "invited")?) {
        (false, _) => Status::Deactivated,
        (true, true) => Status::Invited,
        (true, false) => Status::Active,
    };
    let reference = AccountRef {
        user_id: r.get("id"),
        role,
        institution: institution_of(r),
        scope: scope_of(r.get("province_id"), r.get("regency_id")),
    };
    Ok(AccountRow {
        reference,
        id: r.get("id"),
        username: r.get("username"),
        full_name: r.get("full_name"),
        role,
        place: r.get("place"),
        can_approve: crate::flag(r, "can_approve")?,
        email: r.get("email"),
        status,
    })
}

/// How many events of an account's history the person's page shows.
pub const HISTORY: i64 = 20;

/// The newest changes to an account (created, links issued, passwords, deactivation), newest
/// first; sign-ins are left out.
pub async fn history(store: &Store, user_id: &str) -> Result<Vec<crate::audit::EventRow>> {
    crate::audit::latest_for(store, "user", user_id, "sign_in", HISTORY).await
}

mod links;
use links::insert_link;
pub use links::{LINK_DAYS, LinkInfo, LinkProblem, check_link, issue_link, use_link};

#[cfg(test)]
mod tests;
