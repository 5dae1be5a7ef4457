//! The blob store's contract, on a directory always and on a real S3 server (Garage) when
//! `LKSA_TEST_S3=1` names one (`scripts/garage.sh run`, as `make test` does): what is put is read
//! back byte for byte, the same address written twice or at once stays one file, a missing file
//! is an error, and nothing in the bucket can be read without the key.

use store::blobs::{BlobStore, S3Settings};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn sha(seed: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("{seed}-{}", uuid::Uuid::new_v4())))
}

/// The bucket of `scripts/garage.sh`, under a prefix of its own per test.
fn bucket() -> Option<BlobStore> {
    if std::env::var("LKSA_TEST_S3").as_deref() != Ok("1") {
        return None;
    }
    let url = std::env::var("LKSA_EVIDENCE_URL").expect("LKSA_TEST_S3=1 needs LKSA_EVIDENCE_URL");
    assert!(url.starts_with("s3://"), "LKSA_EVIDENCE_URL is not a bucket: {url}");
    let url = format!("{url}/test-{}", uuid::Uuid::new_v4());
    Some(BlobStore::open(&url, &S3Settings::from_env()).expect("the bucket of LKSA_EVIDENCE_URL"))
}

fn stores() -> Vec<(BlobStore, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![(BlobStore::open(dir.path().to_str().unwrap(), &S3Settings::default()).unwrap(), Some(dir))];
    all.extend(bucket().map(|b| (b, None)));
    all
}

async fn contract(blobs: &BlobStore) {
    let where_ = blobs.describe();
    let (photo, thumb) = (sha("photo"), vec![0xFF, 0xD8, 1, 2, 3]);
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    blobs.put(&photo, &bytes, Some(&thumb)).await.unwrap();
    assert_eq!(blobs.get(&photo, false).await.unwrap(), bytes, "{where_}");
    assert_eq!(blobs.get(&photo, true).await.unwrap(), thumb, "{where_}");

    // A document has no thumbnail; a file never stored is an error, not empty bytes.
    let document = sha("document");
    blobs.put(&document, b"%PDF-1.4 akta", None).await.unwrap();
    assert!(blobs.get(&document, true).await.is_err(), "{where_}");
    assert!(blobs.get(&sha("missing"), false).await.is_err(), "{where_}");

    // The same address again, and ten times at once (a retry, two servers): one file, unchanged.
    blobs.put(&photo, &bytes, Some(&thumb)).await.unwrap();
    let writes: Vec<_> = (0..10)
        .map(|_| {
            let (blobs, document) = (blobs.clone(), document.clone());
            tokio::spawn(async move { blobs.put(&document, b"%PDF-1.4 akta", None).await })
        })
        .collect();
    for write in writes {
        write.await.unwrap().unwrap();
    }
    assert_eq!(blobs.get(&document, false).await.unwrap(), b"%PDF-1.4 akta", "{where_}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn what_is_put_is_read_back_once_per_address() {
    for (blobs, _dir) in stores() {
        contract(&blobs).await;
    }
}

#[tokio::test]
async fn a_directory_keeps_files_under_their_address() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = BlobStore::new(dir.path());
    let id = sha("addressed");
    blobs.put(&id, b"bytes", Some(b"thumb")).await.unwrap();
    assert_eq!(std::fs::read(dir.path().join(&id[..2]).join(&id)).unwrap(), b"bytes");
    assert_eq!(std::fs::read(dir.path().join(&id[..2]).join(format!("{id}.thumb"))).unwrap(), b"thumb");
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path().join(&id[..2])).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_bucket_url_without_a_bucket_is_refused() {
    assert!(BlobStore::open("s3://", &S3Settings::default()).is_err());
}

/// Anonymous requests to the bucket are refused: evidence is only ever served by the app.
#[tokio::test]
async fn nothing_in_the_bucket_is_public() {
    let Some(blobs) = bucket() else { return };
    let id = sha("private");
    blobs.put(&id, b"rahasia anak", None).await.unwrap();
    let endpoint = std::env::var("LKSA_S3_ENDPOINT").expect("LKSA_S3_ENDPOINT");
    let host = endpoint.trim_start_matches("http://").trim_end_matches('/').to_string();
    let url = std::env::var("LKSA_EVIDENCE_URL").unwrap();
    let bucket_path = url.trim_start_matches("s3://");
    // Every key under the bucket, and a listing of it, asked for without credentials.
    for path in [format!("/{bucket_path}"), format!("/{}", bucket_path.split('/').next().unwrap())] {
        let mut tcp = tokio::net::TcpStream::connect(&host).await.unwrap();
        let request = format!("GET {path}/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        tcp.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        tokio::time::timeout(std::time::Duration::from_secs(10), tcp.read_to_string(&mut answer))
            .await
            .expect("the S3 server answers within 10 s")
            .unwrap();
        let status = answer.lines().next().unwrap_or_default();
        assert!(status.contains(" 403 "), "anonymous GET {path}/ answered {status}");
        assert!(!answer.contains("rahasia"), "{answer}");
    }
}
