//! One-time links to set a password: an invitation for a new account, a reset for an existing
//! one. The token is random (256 bits) and handed to the caller once; only its SHA-256 is
//! stored and looked up (the token is never compared as text), and it is never logged.

use crate::{Result, Store};
use domain::audit::Change;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// Days a link can be used.
pub const LINK_DAYS: i64 = 7;

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Why a link does not work. Nothing about the account changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    /// No such link (mistyped, forged), or its account is deactivated.
    Unknown,
    Used,
    Expired,
    /// A newer link for the same account was issued.
    Replaced,
}

/// The account a working link is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkInfo {
    pub username: String,
    pub full_name: String,
    /// `invitation` or `reset`.
    pub purpose: String,
}

/// Voids the account's unused links and adds a new one; returns its token.
pub(super) async fn insert_link(
    tx: &mut crate::DbConn,
    by: &str,
    user_id: &str,
    purpose: &str,
    now: i64,
) -> Result<String> {
    sqlx::query("update account_links set voided_at = $2 where user_id = $1 and used_at is null and voided_at is null")
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let token = hex::encode(rand::random::<[u8; 32]>());
    sqlx::query(
        "insert into account_links (token_hash, user_id, purpose, created_by, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash(&token))
    .bind(user_id)
    .bind(purpose)
    .bind(by)
    .bind(now)
    .bind(now + LINK_DAYS * 86_400)
    .execute(&mut *tx)
    .await?;
    let status = Change::AccountStatus { status: format!("{purpose}_issued") };
    crate::audit::record_on(tx, Some(by), &format!("issue_{purpose}"), "user", user_id, None, Some(&status)).await?;
    Ok(token)
}

/// A new link for an existing account: a reset, or a fresh invitation when no password was
/// ever set. Older unused links stop working; the current password keeps working until the new
/// one is set. `None` for a deactivated or unknown account.
pub async fn issue_link(store: &Store, by: &str, user_id: &str, now: i64) -> Result<Option<String>> {
    let mut tx = store.write_tx().await?;
    let row =
        sqlx::query("select password_hash, (case when active then 1 else 0 end) as active from users where id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(row) = row.filter(|r| r.get::<i64, _>("active") != 0) else { return Ok(None) };
    let purpose = if row.get::<String, _>("password_hash").is_empty() { "invitation" } else { "reset" };
    let token = insert_link(&mut tx, by, user_id, purpose, now).await?;
    tx.commit().await?;
    Ok(Some(token))
}

async fn link_state(
    conn: &mut crate::DbConn,
    token: &str,
    now: i64,
) -> Result<Result<(String, LinkInfo), LinkProblem>> {
    let row = sqlx::query(
        "select l.user_id, l.purpose, l.expires_at, l.used_at, l.voided_at, u.username, u.full_name, (case when u.active then 1 else 0 end) as active
           from account_links l join users u on u.id = l.user_id where l.token_hash = $1",
    )
    .bind(hash(token))
    .fetch_optional(conn)
    .await?;
    let Some(r) = row.filter(|r| r.get::<i64, _>("active") != 0) else { return Ok(Err(LinkProblem::Unknown)) };
    if r.get::<Option<i64>, _>("used_at").is_some() {
        return Ok(Err(LinkProblem::Used));
    }
    if r.get::<Option<i64>, _>("voided_at").is_some() {
        return Ok(Err(LinkProblem::Replaced));
    }
    if r.get::<i64, _>("expires_at") <= now {
        return Ok(Err(LinkProblem::Expired));
    }
    let info = LinkInfo { username: r.get("username"), full_name: r.get("full_name"), purpose: r.get("purpose") };
    Ok(Ok((r.get("user_id"), info)))
}

/// Whether a link works at `now`, and for whom.
pub async fn check_link(store: &Store, token: &str, now: i64) -> Result<Result<LinkInfo, LinkProblem>> {
    let mut conn = store.pool.acquire().await?;
    Ok(link_state(&mut conn, token, now).await?.map(|(_, info)| info))
}

/// Sets the account's password through a link, once. The account's open sessions end (a reset
/// may follow a lost device). Returns the username, for the sign-in page.
pub async fn use_link(store: &Store, token: &str, password: &str, now: i64) -> Result<Result<String, LinkProblem>> {
    // Refuse a bad link before spending a hash on it; checked again under the write lock.
    if let Err(problem) = check_link(store, token, now).await? {
        return Ok(Err(problem));
    }
    let password_hash = store.hasher.hash(password.to_string()).await?;
    let mut tx = store.write_tx().await?;
    let (user_id, info) = match link_state(&mut tx, token, now).await? {
        Ok(found) => found,
        Err(problem) => return Ok(Err(problem)),
    };
    sqlx::query("update account_links set used_at = $2 where token_hash = $1")
        .bind(hash(token))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("update users set password_hash = $2, updated_at = $3 where id = $1")
        .bind(&user_id)
        .bind(password_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from sessions where user_id = $1").bind(&user_id).execute(&mut *tx).await?;
    let status = Change::AccountStatus { status: "password_set".into() };
    crate::audit::record(&mut tx, Some(&user_id), "set_password", "user", &user_id, None, Some(&status)).await?;
    tx.commit().await?;
    Ok(Ok(info.username))
}
