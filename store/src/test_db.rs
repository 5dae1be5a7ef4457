//! Databases for tests, on either backend: a SQLite file in the test's directory, or, when
//! `LKSA_TEST_POSTGRES` names a PostgreSQL server (`postgres://user@127.0.0.1:port`, as
//! `scripts/postgres.sh` prints), a database of its own on that server for every test. The same
//! test suites run on both (`make test-rust` runs them twice).

use crate::{Backend, Result, Store, StoreError, new_id};
use sqlx::{AssertSqlSafe, Connection};
use std::path::Path;

/// The PostgreSQL server tests use, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var("LKSA_TEST_POSTGRES").ok().filter(|url| !url.is_empty()).map(|url| url.trim_end_matches('/').into())
}

/// The backend tests run on.
pub fn backend() -> Backend {
    if postgres_server().is_some() { Backend::Postgres } else { Backend::Sqlite }
}

/// The address of a new, empty database for one test; `dir` holds the SQLite file.
pub async fn fresh(dir: &Path) -> Result<String> {
    match postgres_server() {
        None => Ok(format!("sqlite://{}/test.db", dir.display())),
        Some(server) => create(&server, None).await,
    }
}

/// A template made from a prepared database, which [`copy`] copies for each test. On SQLite it is a
/// consistent single file written beside the original; on PostgreSQL the database itself becomes
/// the template, so the store is closed (a template may have no open connections).
pub async fn freeze(store: Store, url: &str, dir: &Path) -> Result<String> {
    match store.backend {
        Backend::Sqlite => {
            let file = dir.join("seeded.db");
            sqlx::query(AssertSqlSafe(format!("vacuum into '{}'", file.display()))).execute(&store.pool).await?;
            store.pool.close().await;
            Ok(file.display().to_string())
        }
        Backend::Postgres => {
            store.pool.close().await;
            Ok(url.rsplit('/').next().unwrap_or(url).to_string())
        }
    }
}

/// A new database holding what the template of [`freeze`] holds; `dir` holds the SQLite file.
pub async fn copy(template: &str, dir: &Path) -> Result<String> {
    match postgres_server() {
        None => {
            let file = dir.join("test.db");
            std::fs::copy(template, &file).map_err(|e| StoreError::Task(format!("copy {template}: {e}")))?;
            Ok(format!("sqlite://{}", file.display()))
        }
        Some(server) => create(&server, Some(template)).await,
    }
}

async fn create(server: &str, template: Option<&str>) -> Result<String> {
    sqlx::any::install_default_drivers();
    let name = format!("t_{}", new_id().replace('-', ""));
    let mut admin = sqlx::AnyConnection::connect(&format!("{server}/postgres")).await?;
    let from = template.map(|t| format!(" template {t}")).unwrap_or_default();
    // Copying a template fails while anything else is connected to it; a test that just froze it
    // may still be closing its last connection.
    let mut tries = 0;
    loop {
        match sqlx::query(AssertSqlSafe(format!("create database {name}{from}"))).execute(&mut admin).await {
            Ok(_) => break,
            Err(e) if tries < 50 && e.to_string().contains("being accessed by other users") => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    admin.close().await?;
    Ok(format!("{server}/{name}"))
}
