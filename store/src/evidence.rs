//! Evidence files: evidence rows per indicator over content-addressed blobs ([`BlobStore`], a
//! directory or an S3 bucket), and the log of every view of a stored file ([`views`]).

pub use crate::blobs::BlobStore;
use crate::{Claim, Result, Store, audit, now};
use sqlx::FromRow;

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

pub mod views;
