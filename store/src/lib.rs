//! Storage adapter. All SQL lives here, written to run on SQLite (the embedded default) and
//! PostgreSQL alike; pages and server functions call these functions and never see SQL.
//!
//! The connection pool is the only shared state, so several stateless app servers can run
//! against one PostgreSQL database.

pub mod accounts;
pub mod api_queries;
pub mod appeal;
pub mod audit;
pub mod blobs;
pub mod certificate;
pub mod cycles;
pub mod dashboard;
pub mod decision;
pub mod demo;
pub mod evidence;
pub mod exports;
pub mod group_commit;
pub mod institutions;
pub mod instrument_versions;
pub mod instruments;
pub mod intake;
pub mod national;
pub mod notifications;
pub mod onboarding;
pub mod paging;
pub mod password;
pub mod people;
pub mod reconcile;
pub mod registry;
pub mod self_assessment;
mod sql;
pub mod summary;
pub mod test_db;
pub mod visit;

use sqlx::any::AnyPoolOptions;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The database, chosen at run time by the URL: SQLite (`sqlite://…`, the embedded default) or
/// PostgreSQL (`postgres://…`). Queries are written once in SQL both understand, with `$n`
/// parameters, and only the types sqlx's `Any` driver carries (integers, floats, text, bytes).
pub type Db = sqlx::Any;
pub type DbPool = sqlx::AnyPool;
pub type DbRow = sqlx::any::AnyRow;
pub type DbConn = sqlx::AnyConnection;

/// Which database a [`Store`] runs on, for the few statements that must differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// Who a client-generated id belongs to, so a retried upload is stored once and an id taken
/// by someone else's record is refused instead of answered with that record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim<T> {
    /// Nobody uses the id yet.
    Free,
    /// The same person stored it before, on the same cycle (and indicator): a replay.
    Mine(T),
    /// Another record (another cycle, indicator or person) has the id.
    Taken,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("instrument file is not valid TOML: {0}")]
    InstrumentSyntax(String),
    #[error("instrument is invalid: {0}")]
    InstrumentInvalid(#[from] domain::InstrumentError),
    #[error(
        "instrument {code} {version} is already loaded with different content; give the changed file a new version"
    )]
    InstrumentChanged { code: String, version: String },
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("background task failed: {0}")]
    Task(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Process rules that are configuration rather than instrument content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Days after a decision in which the institution may appeal.
    pub appeal_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { appeal_days: 30 }
    }
}

/// The application's handle on its database: cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pub pool: DbPool,
    pub backend: Backend,
    pub hasher: password::Hasher,
    /// Score saves share transactions (see [`group_commit`]).
    pub group: group_commit::GroupCommit,
    /// Instrument versions are immutable: parsed once per process.
    instruments:
        std::sync::Arc<std::sync::RwLock<std::collections::HashMap<String, std::sync::Arc<domain::Instrument>>>>,
}

impl Store {
    /// Opens (creating if needed) the database at `url` and applies migrations.
    pub async fn open(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url).ok_or_else(|| {
            StoreError::Task(format!("DATABASE_URL must start with sqlite:// or postgres://, not {url:.12}"))
        })?;
        let pool = match backend {
            Backend::Sqlite => {
                let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
                let file = path.split('?').next().unwrap_or(path);
                if let Some(dir) = std::path::Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| StoreError::Task(e.to_string()))?;
                }
                let url = if url.contains("mode=") {
                    url.to_string()
                } else {
                    format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
                };
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // WAL so readers never wait for the writer; FULL so that a write reported
                            // as saved survives a power cut, not only a process crash.
                            sqlx::raw_sql(
                                "pragma journal_mode = wal; pragma synchronous = full; pragma foreign_keys = on;
                                 pragma busy_timeout = 10000;",
                            )
                            .execute(conn)
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(20)).connect(url).await?
            }
        };
        Store::from_pool(pool, backend).await
    }

    pub async fn from_pool(pool: DbPool, backend: Backend) -> Result<Store> {
        // One schema in two directories: `migrations-postgres` links every file that is the same on
        // both databases and holds PostgreSQL's own form of the few that are not.
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations-postgres").run(&pool).await?,
        }
        Ok(Store {
            group: group_commit::GroupCommit::start(pool.clone(), backend),
            pool,
            backend,
            hasher: password::Hasher::new(2),
            instruments: Default::default(),
        })
    }

    /// Begins a transaction that will write. See [`write_tx`].
    pub async fn write_tx(&self) -> Result<sqlx::Transaction<'static, Db>> {
        write_tx(&self.pool, self.backend).await
    }

    fn cached_instrument(&self, id: &str) -> Option<std::sync::Arc<domain::Instrument>> {
        self.instruments.read().ok()?.get(id).cloned()
    }

    fn cache_instrument(&self, id: &str, instrument: domain::Instrument) -> std::sync::Arc<domain::Instrument> {
        let instrument = std::sync::Arc::new(instrument);
        if let Ok(mut cache) = self.instruments.write() {
            cache.insert(id.to_string(), instrument.clone());
        }
        instrument
    }

    /// True when the database answers a trivial query.
    pub async fn healthy(&self) -> bool {
        sqlx::query("select 1").execute(&self.pool).await.is_ok()
    }

    /// True when nobody has been created yet: a brand-new database.
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("select count(*) from users").fetch_one(&self.pool).await?;
        Ok(n == 0)
    }
}

/// The number of the global write lock on PostgreSQL; with a second number, the lock of one key
/// of [`group_commit`].
pub(crate) const WRITE_LOCK: i32 = 7316;

/// Begins a transaction that will write, one writer at a time, on either database.
///
/// Every write path was written for SQLite's single writer: it reads, decides, then writes, and
/// relies on nobody else writing in between. SQLite gets that from `BEGIN IMMEDIATE` (the write
/// lock is taken at the start, so two writers queue on the busy timeout instead of one failing
/// when it upgrades a read lock). PostgreSQL gets the same guarantee from a transaction-scoped
/// advisory lock, held until commit or rollback, so several app servers on one database serialise
/// their writes exactly as threads of one server do on SQLite. Reads never take it. Score saves
/// take it shared, with a lock per cycle ([`group_commit`]).
pub async fn write_tx(pool: &DbPool, backend: Backend) -> Result<sqlx::Transaction<'static, Db>> {
    match backend {
        Backend::Sqlite => Ok(pool.begin_with("BEGIN IMMEDIATE").await?),
        Backend::Postgres => {
            let mut tx = pool.begin().await?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "select 1 from (select pg_advisory_xact_lock({WRITE_LOCK})) as locked"
            )))
            .execute(&mut *tx)
            .await?;
            Ok(tx)
        }
    }
}

/// The condition (and its one bound value) that limits rows to a region, for queries that join
/// institutions as `i` and regencies as `r`. `None` means everywhere.
pub(crate) fn region_filter(scope: Option<&domain::RegionScope>) -> (&'static str, Option<&str>) {
    match scope {
        None => ("1 = 1", None),
        Some(domain::RegionScope::Province { province }) => ("r.province_id = $1", Some(province)),
        Some(domain::RegionScope::Regency { regency, .. }) => ("i.regency_id = $1", Some(regency)),
    }
}

/// [`region_filter`] on the region columns cycles carry (`cycles` as `c`), for queries that
/// need no other table.
pub(crate) fn cycle_region_filter(scope: Option<&domain::RegionScope>) -> (&'static str, Option<&str>) {
    match scope {
        None => ("1 = 1", None),
        Some(domain::RegionScope::Province { province }) => ("c.province_id = $1", Some(province)),
        Some(domain::RegionScope::Regency { regency, .. }) => ("c.regency_id = $1", Some(regency)),
    }
}

/// Text typed by a person, for `like '%' || $n || '%' escape '\'`: its `%` and `_` match
/// themselves, not any text.
pub(crate) fn like_literal(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// A value as the JSON text stored in a column or an audit row.
pub(crate) fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A score column as the domain's [`domain::Score`], converted once where the row is read: a
/// stored value outside the rubric is corrupt data, never passed on as a number.
pub(crate) fn score_column(row: &DbRow, column: &str) -> Result<Option<domain::Score>> {
    use sqlx::Row;
    row.try_get::<Option<i64>, _>(column)?
        .map(|v| domain::Score::parse(v).map_err(|e| StoreError::Corrupt(format!("{column}: {e}"))))
        .transpose()
}

/// A yes/no column, selected as `(case when c then 1 else 0 end) as c`: sqlx's `Any` driver reads
/// no SQLite boolean, and PostgreSQL's boolean is no integer, but both give this integer.
pub(crate) fn flag(row: &DbRow, column: &str) -> Result<bool> {
    use sqlx::Row;
    Ok(row.try_get::<Flag, _>(column)?.into())
}

/// A yes/no column read as the integer of [`flag`], for `#[sqlx(try_from = "Flag")]` on `FromRow`.
#[derive(sqlx::Type)]
#[sqlx(transparent)]
pub(crate) struct Flag(i64);

impl From<Flag> for bool {
    fn from(f: Flag) -> bool {
        f.0 != 0
    }
}

/// A score as its column value.
pub(crate) fn score_value(score: Option<domain::Score>) -> Option<i64> {
    score.map(|s| i64::from(s.value()))
}

/// Seconds since the unix epoch.
pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Today's date (UTC) as 'YYYY-MM-DD'.
pub fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
pub(crate) mod testing;
