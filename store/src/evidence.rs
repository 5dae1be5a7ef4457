//! Evidence files: content-addressed blobs on disk, evidence rows per indicator, and the log
//! of every view. Blobs live in a directory that several app servers can share (a mounted
//! volume or, later, an object store behind the same two functions).

use crate::{Claim, Result, Store, StoreError, audit, new_id, now};
use sqlx::{FromRow, Row};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    pub fn new(root: impl Into<PathBuf>) -> BlobStore {
        BlobStore { root: root.into() }
    }

    fn path(&self, sha256: &str, thumbnail: bool) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("00");
        self.root.join(prefix).join(if thumbnail { format!("{sha256}.thumb") } else { sha256.to_string() })
    }

    /// Writes a file durably (temporary file, fsync, rename); an existing file is left alone,
    /// since the same address always holds the same bytes.
    fn put_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if path.exists() {
            return Ok(());
        }
        let dir = path.parent().ok_or_else(|| std::io::Error::other("no parent"))?;
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".{}.tmp", new_id()));
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        std::fs::File::open(dir)?.sync_all()
    }

    /// Blocking: call from `spawn_blocking`.
    pub fn put(&self, sha256: &str, bytes: &[u8], thumbnail: Option<&[u8]>) -> Result<()> {
        let io = |e: std::io::Error| StoreError::Task(format!("blob write: {e}"));
        Self::put_file(&self.path(sha256, false), bytes).map_err(io)?;
        if let Some(t) = thumbnail {
            Self::put_file(&self.path(sha256, true), t).map_err(io)?;
        }
        Ok(())
    }

    pub async fn get(&self, sha256: &str, thumbnail: bool) -> Result<Vec<u8>> {
        tokio::fs::read(self.path(sha256, thumbnail)).await.map_err(|e| StoreError::Task(format!("blob read: {e}")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct EvidenceRow {
    pub id: String,
    pub cycle_id: String,
    pub indicator_code: String,
    pub kind: String,
    pub sha256: String,
    pub content_type: String,
    pub caption: String,
    pub width: i64,
    pub height: i64,
}

pub struct NewEvidence<'a> {
    pub id: &'a str,
    pub cycle_id: &'a str,
    pub indicator_code: &'a str,
    pub kind: &'a str,
    pub blob: Blob<'a>,
    pub caption: &'a str,
    pub uploaded_by: &'a str,
}

/// A stored file's content address and facts, as the media pipeline wrote it; the same for
/// evidence, site photos and appeal files.
#[derive(Debug, Clone, Copy)]
pub struct Blob<'a> {
    pub sha256: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub width: i64,
    pub height: i64,
}

const SELECT: &str =
    "select e.id, e.cycle_id, e.indicator_code, e.kind, e.sha256, b.content_type, e.caption, b.width, b.height
   from evidence e join blobs b on b.sha256 = e.sha256";

/// Records a stored file's metadata once per content address.
pub(crate) async fn insert_blob(tx: &mut sqlx::Transaction<'_, crate::Db>, blob: &Blob<'_>) -> Result<()> {
    sqlx::query(
        "insert into blobs (sha256, content_type, size_bytes, width, height, created_at) values ($1, $2, $3, $4, $5, $6)
         on conflict (sha256) do nothing",
    )
    .bind(blob.sha256)
    .bind(blob.content_type)
    .bind(blob.size_bytes)
    .bind(blob.width)
    .bind(blob.height)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records an uploaded file (whose blob is already written). Idempotent by the client's id:
/// a retried upload returns the row stored the first time.
/// Whether an upload id is new, a replay of this person's upload to this indicator, or taken.
pub async fn claim(store: &Store, id: &str, cycle_id: &str, code: &str, uploader: &str) -> Result<Claim<EvidenceRow>> {
    let owner: Option<(String, String, String)> =
        sqlx::query_as("select cycle_id, indicator_code, uploaded_by from evidence where id = $1")
            .bind(id)
            .fetch_optional(&store.pool)
            .await?;
    Ok(match owner {
        None => Claim::Free,
        Some((c, i, u)) if c == cycle_id && i == code && u == uploader => match get(store, id).await? {
            Some(row) => Claim::Mine(row),
            None => Claim::Taken,
        },
        Some(_) => Claim::Taken,
    })
}

/// Records evidence whose blob is already written; idempotent by the client's id. `None` when
/// the id belongs to another cycle, indicator or person.
pub async fn add(store: &Store, n: NewEvidence<'_>) -> Result<Option<EvidenceRow>> {
    let mut tx = store.write_tx().await?;
    let t = now();
    insert_blob(&mut tx, &n.blob).await?;
    let inserted = sqlx::query(
        "insert into evidence (id, cycle_id, indicator_code, kind, sha256, caption, uploaded_by, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (id) do nothing",
    )
    .bind(n.id)
    .bind(n.cycle_id)
    .bind(n.indicator_code)
    .bind(n.kind)
    .bind(n.blob.sha256)
    .bind(n.caption)
    .bind(n.uploaded_by)
    .bind(t)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        audit::record(
            &mut tx,
            Some(n.uploaded_by),
            "add_evidence",
            "evidence",
            n.id,
            None,
            Some(&domain::audit::Change::Text { text: n.blob.sha256.into() }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(match claim(store, n.id, n.cycle_id, n.indicator_code, n.uploaded_by).await? {
        Claim::Mine(row) => Some(row),
        Claim::Free | Claim::Taken => None,
    })
}

pub async fn get(store: &Store, id: &str) -> Result<Option<EvidenceRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} where e.id = $1 and e.deleted_at is null")))
        .bind(id)
        .fetch_optional(&store.pool)
        .await?)
}

pub async fn list(store: &Store, cycle_id: &str) -> Result<Vec<EvidenceRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} where e.cycle_id = $1 and e.deleted_at is null order by e.indicator_code, e.created_at"
    )))
    .bind(cycle_id)
    .fetch_all(&store.pool)
    .await?)
}

/// Records that `user_id` saw an evidence file.
pub async fn log_view(store: &Store, evidence_id: &str, user_id: &str, variant: &str) -> Result<()> {
    sqlx::query(
        "insert into evidence_views (id, evidence_id, user_id, variant, created_at) values ($1, $2, $3, $4, $5)",
    )
    .bind(new_id())
    .bind(evidence_id)
    .bind(user_id)
    .bind(variant)
    .bind(now())
    .execute(&store.pool)
    .await?;
    Ok(())
}

pub async fn view_count(store: &Store, evidence_id: &str) -> Result<i64> {
    let r = sqlx::query("select count(*) as n from evidence_views where evidence_id = $1")
        .bind(evidence_id)
        .fetch_one(&store.pool)
        .await?;
    Ok(r.get("n"))
}
