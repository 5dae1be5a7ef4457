//! Storage adapter. All SQL lives here, written to run on SQLite (the embedded default) and
//! PostgreSQL alike; pages and server functions call these functions and never see SQL.
//!
//! The connection pool is the only shared state, so several stateless app servers can run
//! against one PostgreSQL database.

pub mod accounts;
pub mod api_queries;
pub mod appeal;
pub mod audit;
pub mod certificate;
pub mod cycles;
pub mod dashboard;
pub mod decision;
pub mod demo;
pub mod evidence;
pub mod exports;
pub mod group_commit;
pub mod institutions;
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
pub mod summary;
pub mod visit;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub type Db = sqlx::Sqlite;

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
    pub pool: SqlitePool,
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
        if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            let path = path.split('?').next().unwrap_or(path);
            if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| StoreError::Task(e.to_string()))?;
            }
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a write reported as saved survives a power cut, not only a process crash.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        Store::from_pool(pool).await
    }

    pub async fn from_pool(pool: SqlitePool) -> Result<Store> {
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Store {
            group: group_commit::GroupCommit::start(pool.clone()),
            pool,
            hasher: password::Hasher::new(2),
            instruments: Default::default(),
        })
    }

    /// True when the database answers a trivial query.
    /// Begins a transaction that will write. On SQLite it takes the write lock at the start
    /// (`BEGIN IMMEDIATE`), so that two concurrent writers queue on the busy timeout instead of
    /// one failing when it upgrades a read lock; PostgreSQL takes row locks as it goes.
    pub async fn write_tx(&self) -> Result<sqlx::Transaction<'static, Db>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
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

    pub async fn healthy(&self) -> bool {
        sqlx::query("select 1").execute(&self.pool).await.is_ok()
    }

    /// True when nobody has been created yet: a brand-new database.
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("select count(*) from users").fetch_one(&self.pool).await?;
        Ok(n == 0)
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
pub(crate) fn score_column(row: &sqlx::sqlite::SqliteRow, column: &str) -> Result<Option<domain::Score>> {
    use sqlx::Row;
    row.try_get::<Option<i64>, _>(column)?
        .map(|v| domain::Score::parse(v).map_err(|e| StoreError::Corrupt(format!("{column}: {e}"))))
        .transpose()
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
