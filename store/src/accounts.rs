//! User accounts, sign-in with rate limiting, and database-backed sessions.

use crate::{Db, Result, Store, new_id, now};
use domain::{Actor, RegionScope, Role};
use sha2::{Digest, Sha256};
use sqlx::{Row, Transaction};

/// Sessions end 12 hours after sign-in: one working day, including a long site visit.
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;
/// Failed sign-ins counted per username and per address within this window.
pub const ATTEMPT_WINDOW_SECONDS: i64 = 15 * 60;
pub const MAX_FAILURES_PER_USERNAME: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 30;

/// A signed-in person: the policy's view plus what the pages show about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub actor: Actor,
    pub username: String,
    pub full_name: String,
    pub institution_name: Option<String>,
    pub region_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefused {
    /// Unknown username, wrong password or inactive account: deliberately indistinguishable.
    Invalid,
    TooManyAttempts,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub password: String,
    pub role: Role,
    pub institution_id: Option<String>,
    pub province_id: Option<String>,
    pub regency_id: Option<String>,
    pub can_approve: bool,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub async fn create_user(store: &Store, user: NewUser) -> Result<String> {
    let hash = store.hasher.hash(user.password).await?;
    let id = new_id();
    let t = now();
    sqlx::query(
        "insert into users (id, username, full_name, password_hash, role, institution_id, province_id, regency_id, can_approve, active, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, true, $10, $10)",
    )
    .bind(&id)
    .bind(user.username.trim().to_lowercase())
    .bind(&user.full_name)
    .bind(hash)
    .bind(user.role.code())
    .bind(&user.institution_id)
    .bind(&user.province_id)
    .bind(&user.regency_id)
    .bind(user.can_approve)
    .bind(t)
    .execute(&store.pool)
    .await?;
    Ok(id)
}

/// Days in which a username that signed in from an address keeps signing in from it even when
/// the address as a whole is over its limit (a Dinsos office behind one NAT address).
pub const KNOWN_ADDRESS_DAYS: i64 = 30;

/// Failed sign-ins of a username in the window since its last success.
async fn username_failures(tx: &mut Transaction<'_, Db>, username: &str, since: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "select count(*) from login_attempts where username = $1 and succeeded = false and created_at >= $2
           and created_at > coalesce((select max(created_at) from login_attempts where username = $1 and succeeded = true), 0)",
    )
    .bind(username)
    .bind(since)
    .fetch_one(&mut **tx)
    .await?)
}

/// Failed sign-ins from an address in the window. Someone else's success behind the same
/// address (an office NAT) does not reset it; those people are exempt instead.
async fn address_failures(tx: &mut Transaction<'_, Db>, ip: &str, since: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "select count(*) from login_attempts where ip = $1 and succeeded = false and created_at >= $2",
    )
    .bind(ip)
    .bind(since)
    .fetch_one(&mut **tx)
    .await?)
}

/// Counts this attempt before the password is checked, in the same write transaction as the
/// limit check, so parallel guesses cannot all slip under the limit. `None`: refused.
async fn reserve_attempt(store: &Store, username: &str, ip: &str) -> Result<Option<String>> {
    let t = now();
    let since = t - ATTEMPT_WINDOW_SECONDS;
    let mut tx = store.write_tx().await?;
    let known_here: Option<i64> = sqlx::query_scalar(
        "select 1 from login_attempts where username = $1 and ip = $2 and succeeded = true and created_at >= $3 limit 1",
    )
    .bind(username)
    .bind(ip)
    .bind(t - KNOWN_ADDRESS_DAYS * 86_400)
    .fetch_optional(&mut *tx)
    .await?;
    let locked = username_failures(&mut tx, username, since).await? >= MAX_FAILURES_PER_USERNAME
        || (known_here.is_none() && address_failures(&mut tx, ip, since).await? >= MAX_FAILURES_PER_IP);
    if locked {
        return Ok(None);
    }
    let id = new_id();
    sqlx::query("insert into login_attempts (id, username, ip, succeeded, created_at) values ($1, $2, $3, false, $4)")
        .bind(&id)
        .bind(username)
        .bind(ip)
        .bind(t)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Checks a username and password; on success opens a session and returns its token (for
/// the cookie). Attempts are rate limited per username and per client address; a username
/// that signed in from the address before is not locked out by others' failures there.
pub async fn login(store: &Store, username: &str, password: &str, ip: &str) -> Result<Result<String, LoginRefused>> {
    let username = username.trim().to_lowercase();
    let Some(attempt) = reserve_attempt(store, &username, ip).await? else {
        return Ok(Err(LoginRefused::TooManyAttempts));
    };
    let row = sqlx::query(
        "select id, password_hash, (case when active then 1 else 0 end) as active from users where username = $1",
    )
    .bind(&username)
    .fetch_optional(&store.pool)
    .await?;
    let (user_id, hash, active) = match row {
        Some(r) => {
            (Some(r.get::<String, _>("id")), Some(r.get::<String, _>("password_hash")), crate::flag(&r, "active")?)
        }
        None => (None, None, false),
    };
    let ok = store.hasher.verify(password.to_string(), hash).await && active;
    let (true, Some(user_id)) = (ok, user_id) else { return Ok(Err(LoginRefused::Invalid)) };

    let t = now();
    let mut tx = store.write_tx().await?;
    sqlx::query("update login_attempts set succeeded = true where id = $1").bind(&attempt).execute(&mut *tx).await?;
    let token = hex::encode(rand::random::<[u8; 32]>());
    sqlx::query("delete from sessions where expires_at < $1").bind(t).execute(&mut *tx).await?;
    sqlx::query("insert into sessions (token_hash, user_id, created_at, expires_at) values ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(&user_id)
        .bind(t)
        .bind(t + SESSION_SECONDS)
        .execute(&mut *tx)
        .await?;
    crate::audit::record(&mut tx, Some(&user_id), "sign_in", "user", &user_id, None, None).await?;
    tx.commit().await?;
    Ok(Ok(token))
}

pub async fn count_users(store: &Store) -> Result<i64> {
    Ok(sqlx::query_scalar("select count(*) from users where active = true").fetch_one(&store.pool).await?)
}

pub async fn logout(store: &Store, token: &str) -> Result<()> {
    sqlx::query("delete from sessions where token_hash = $1").bind(token_hash(token)).execute(&store.pool).await?;
    Ok(())
}

/// The person behind a session token, if the session exists, has not expired and the account is active.
pub async fn session_user(store: &Store, token: &str) -> Result<Option<SessionUser>> {
    let row = sqlx::query(
        "select u.id, u.username, u.full_name, u.role, u.institution_id, u.province_id, u.regency_id, (case when u.can_approve then 1 else 0 end) as can_approve,
                i.name as institution_name, p.name as province_name, r.name as regency_name
           from sessions s
           join users u on u.id = s.user_id
           left join institutions i on i.id = u.institution_id
           left join provinces p on p.id = u.province_id
           left join regencies r on r.id = u.regency_id
          where s.token_hash = $1 and s.expires_at > $2 and u.active = true",
    )
    .bind(token_hash(token))
    .bind(now())
    .fetch_optional(&store.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let role_code: String = r.get("role");
    let role =
        Role::from_code(&role_code).ok_or_else(|| crate::StoreError::Corrupt(format!("unknown role {role_code}")))?;
    let province: Option<String> = r.get("province_id");
    let regency: Option<String> = r.get("regency_id");
    let scope = match (province, regency) {
        (Some(province), Some(regency)) => Some(RegionScope::Regency { province, regency }),
        (Some(province), None) => Some(RegionScope::Province { province }),
        _ => None,
    };
    let region_name = r.get::<Option<String>, _>("regency_name").or_else(|| r.get("province_name"));
    Ok(Some(SessionUser {
        actor: Actor {
            user_id: r.get("id"),
            role,
            institution: r.get("institution_id"),
            scope,
            can_approve: crate::flag(&r, "can_approve")?,
        },
        username: r.get("username"),
        full_name: r.get("full_name"),
        institution_name: r.get("institution_name"),
        region_name,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::store;

    async fn user(store: &Store, name: &str) -> String {
        create_user(
            store,
            NewUser {
                username: name.into(),
                full_name: "Siti Aminah".into(),
                password: "kata-sandi-1".into(),
                role: Role::Administrator,
                institution_id: None,
                province_id: None,
                regency_id: None,
                can_approve: false,
            },
        )
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn login_opens_a_session_that_logout_closes() {
        let (s, _dir) = store().await;
        let id = user(&s, "Admin").await;
        let token = login(&s, " admin ", "kata-sandi-1", "127.0.0.1").await.unwrap().unwrap();
        let who = session_user(&s, &token).await.unwrap().unwrap();
        assert_eq!(who.actor.user_id, id);
        assert_eq!(who.actor.role, Role::Administrator);
        let stored: String = sqlx::query_scalar("select token_hash from sessions").fetch_one(&s.pool).await.unwrap();
        assert_ne!(stored, token, "only the hash of the token is stored");
        logout(&s, &token).await.unwrap();
        assert_eq!(session_user(&s, &token).await.unwrap(), None);
    }

    #[tokio::test]
    async fn wrong_password_unknown_user_and_expired_session_are_refused() {
        let (s, _dir) = store().await;
        user(&s, "admin").await;
        assert_eq!(login(&s, "admin", "salah", "ip").await.unwrap(), Err(LoginRefused::Invalid));
        assert_eq!(login(&s, "siapa", "kata-sandi-1", "ip").await.unwrap(), Err(LoginRefused::Invalid));
        let token = login(&s, "admin", "kata-sandi-1", "ip").await.unwrap().unwrap();
        sqlx::query("update sessions set expires_at = 1").execute(&s.pool).await.unwrap();
        assert_eq!(session_user(&s, &token).await.unwrap(), None);
        assert_eq!(session_user(&s, "made-up-token").await.unwrap(), None);
    }

    #[tokio::test]
    async fn five_failures_lock_the_username_even_for_the_right_password() {
        let (s, _dir) = store().await;
        user(&s, "admin").await;
        for _ in 0..MAX_FAILURES_PER_USERNAME {
            assert_eq!(login(&s, "admin", "salah", "10.0.0.1").await.unwrap(), Err(LoginRefused::Invalid));
        }
        assert_eq!(login(&s, "admin", "kata-sandi-1", "10.0.0.2").await.unwrap(), Err(LoginRefused::TooManyAttempts));
        // The window passes: failures older than 15 minutes no longer count.
        sqlx::query("update login_attempts set created_at = created_at - 901").execute(&s.pool).await.unwrap();
        assert!(login(&s, "admin", "kata-sandi-1", "10.0.0.2").await.unwrap().is_ok());
    }

    #[tokio::test]
    async fn parallel_guesses_are_all_counted_against_the_limit() {
        let (s, _dir) = store().await;
        user(&s, "admin").await;
        // All twenty are in flight at once (collected before any is awaited).
        let guesses: Vec<_> = (0..20)
            .map(|i| {
                let s = s.clone();
                tokio::spawn(async move { login(&s, "admin", &format!("salah-{i}"), "10.0.0.9").await.unwrap() })
            })
            .collect();
        let mut checked = 0;
        for g in guesses {
            if g.await.unwrap() == Err(LoginRefused::Invalid) {
                checked += 1;
            }
        }
        assert_eq!(checked, MAX_FAILURES_PER_USERNAME, "only as many passwords checked as the limit allows");
        assert_eq!(login(&s, "admin", "kata-sandi-1", "10.0.0.9").await.unwrap(), Err(LoginRefused::TooManyAttempts));
    }

    #[tokio::test]
    async fn others_failures_behind_one_address_do_not_lock_out_who_signed_in_there_before() {
        let (s, _dir) = store().await;
        user(&s, "dinsos").await;
        assert!(login(&s, "dinsos", "kata-sandi-1", "203.0.113.7").await.unwrap().is_ok());
        for i in 0..MAX_FAILURES_PER_IP {
            let who = format!("tebakan{i}");
            assert_eq!(login(&s, &who, "salah", "203.0.113.7").await.unwrap(), Err(LoginRefused::Invalid));
        }
        assert_eq!(login(&s, "lain", "salah", "203.0.113.7").await.unwrap(), Err(LoginRefused::TooManyAttempts));
        assert!(login(&s, "dinsos", "kata-sandi-1", "203.0.113.7").await.unwrap().is_ok());
    }
}
