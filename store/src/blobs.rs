//! Where stored files live, addressed by their SHA-256: evidence, site photos, appeal files and
//! their thumbnails. Either a local directory (the default, `LKSA_EVIDENCE_DIR`) or a bucket of an
//! S3-compatible object store (`LKSA_EVIDENCE_URL=s3://bucket/prefix`, with `LKSA_S3_ENDPOINT`,
//! `LKSA_S3_REGION`, `LKSA_S3_ACCESS_KEY_ID`, `LKSA_S3_SECRET_ACCESS_KEY`; the usual `AWS_*`
//! variables work too), which several app servers share.
//!
//! The same address always holds the same bytes, so a file already stored is never written again
//! (dedupe), and a retried or concurrent write of the same file is harmless. Nothing is made
//! public: the bucket is read only through the app, which checks the policy and logs each view.

use crate::{Result, StoreError, new_id};
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct BlobStore {
    place: Place,
}

#[derive(Debug, Clone)]
enum Place {
    /// A directory: `<root>/<first two hex digits>/<sha256>[.thumb]`, written durably.
    Directory(PathBuf),
    /// A bucket: `<prefix>/<first two hex digits>/<sha256>[.thumb]`.
    Bucket { store: Arc<dyn ObjectStore>, prefix: String, url: String },
}

/// The S3 connection settings beside the bucket URL; empty values fall back to `AWS_*`.
#[derive(Debug, Clone, Default)]
pub struct S3Settings {
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

impl S3Settings {
    /// From `LKSA_S3_ENDPOINT`, `LKSA_S3_REGION`, `LKSA_S3_ACCESS_KEY_ID`, `LKSA_S3_SECRET_ACCESS_KEY`.
    pub fn from_env() -> S3Settings {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        S3Settings {
            endpoint: var("LKSA_S3_ENDPOINT"),
            region: var("LKSA_S3_REGION"),
            access_key_id: var("LKSA_S3_ACCESS_KEY_ID"),
            secret_access_key: var("LKSA_S3_SECRET_ACCESS_KEY"),
        }
    }
}

fn io(what: &str) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| StoreError::Task(format!("blob {what}: {e}"))
}

fn object(what: &str) -> impl Fn(object_store::Error) -> StoreError + '_ {
    move |e| StoreError::Task(format!("blob {what}: {e}"))
}

fn key(sha256: &str, thumbnail: bool) -> String {
    let prefix = sha256.get(..2).unwrap_or("00");
    if thumbnail { format!("{prefix}/{sha256}.thumb") } else { format!("{prefix}/{sha256}") }
}

impl BlobStore {
    /// Files in a local directory.
    pub fn new(root: impl Into<PathBuf>) -> BlobStore {
        BlobStore { place: Place::Directory(root.into()) }
    }

    /// `s3://bucket[/prefix]` names a bucket; anything else is a directory.
    pub fn open(location: &str, s3: &S3Settings) -> Result<BlobStore> {
        let Some(rest) = location.strip_prefix("s3://") else {
            return Ok(BlobStore::new(location));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(StoreError::Task(format!("blob store: no bucket in {location}")));
        }
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        if let Some(endpoint) = &s3.endpoint {
            builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
        }
        if let Some(region) = &s3.region {
            builder = builder.with_region(region);
        }
        if let Some(id) = &s3.access_key_id {
            builder = builder.with_access_key_id(id);
        }
        if let Some(secret) = &s3.secret_access_key {
            builder = builder.with_secret_access_key(secret);
        }
        let store = builder.build().map_err(object("store"))?;
        let prefix = prefix.trim_matches('/').to_string();
        Ok(BlobStore { place: Place::Bucket { store: Arc::new(store), prefix, url: location.to_string() } })
    }

    /// Where the files are, for the start-up log.
    pub fn describe(&self) -> String {
        match &self.place {
            Place::Directory(root) => root.display().to_string(),
            Place::Bucket { url, .. } => url.clone(),
        }
    }

    fn object_path(prefix: &str, sha256: &str, thumbnail: bool) -> ObjectPath {
        let key = key(sha256, thumbnail);
        ObjectPath::from(if prefix.is_empty() { key } else { format!("{prefix}/{key}") })
    }

    /// Stores a file and, for photos, its thumbnail. Returns once both are durable: fsynced in
    /// a directory, acknowledged by the object store in a bucket.
    pub async fn put(&self, sha256: &str, bytes: &[u8], thumbnail: Option<&[u8]>) -> Result<()> {
        match &self.place {
            Place::Directory(root) => {
                let files: Vec<(PathBuf, Vec<u8>)> = std::iter::once((root.join(key(sha256, false)), bytes.to_vec()))
                    .chain(thumbnail.map(|t| (root.join(key(sha256, true)), t.to_vec())))
                    .collect();
                tokio::task::spawn_blocking(move || files.iter().try_for_each(|(path, bytes)| put_file(path, bytes)))
                    .await
                    .map_err(|e| StoreError::Task(format!("blob write: {e}")))?
                    .map_err(io("write"))
            }
            Place::Bucket { store, prefix, .. } => {
                let files = std::iter::once((false, bytes)).chain(thumbnail.map(|t| (true, t)));
                for (thumb, bytes) in files {
                    let path = Self::object_path(prefix, sha256, thumb);
                    match store.head(&path).await {
                        Ok(_) => continue,
                        Err(object_store::Error::NotFound { .. }) => {}
                        Err(e) => return Err(object("check")(e)),
                    }
                    store.put(&path, PutPayload::from(bytes.to_vec())).await.map_err(object("write"))?;
                }
                Ok(())
            }
        }
    }

    pub async fn get(&self, sha256: &str, thumbnail: bool) -> Result<Vec<u8>> {
        match &self.place {
            Place::Directory(root) => tokio::fs::read(root.join(key(sha256, thumbnail))).await.map_err(io("read")),
            Place::Bucket { store, prefix, .. } => {
                let path = Self::object_path(prefix, sha256, thumbnail);
                let found = store.get(&path).await.map_err(object("read"))?;
                Ok(found.bytes().await.map_err(object("read"))?.to_vec())
            }
        }
    }
}

/// Writes a file durably (temporary file, fsync, rename, fsync of the directory); an existing
/// file is left alone, since the same address always holds the same bytes.
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
