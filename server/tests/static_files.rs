//! The application's own files under /pkg: a release build names them after their content and
//! writes brotli and gzip copies; they are served as written, with `Content-Encoding`, and may be
//! kept for a year. Anything else there (or missing) is not cached that way. `/offline-files`
//! lists what a device stores to work without a network.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{spawn_app_serving, within};

const HASHED: &str = "lksa.Xo3HfdgNGa-kWvk2_ZzYRA.wasm";

fn site() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lksa-site-{}", store::new_id()));
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join(HASHED), vec![0u8; 4000]).unwrap();
    std::fs::write(pkg.join(format!("{HASHED}.br")), b"brotli bytes").unwrap();
    std::fs::write(pkg.join(format!("{HASHED}.gz")), b"gzip bytes, a few more").unwrap();
    std::fs::write(pkg.join("lksa.css"), b"body { margin: 0 }").unwrap();
    dir
}

async fn get(app: &common::TestApp, path: &str, encoding: Option<&str>) -> common::Reply {
    let mut req = Request::get(path).header(header::HOST, "localhost");
    if let Some(e) = encoding {
        req = req.header(header::ACCEPT_ENCODING, e);
    }
    app.send(req.body(Body::empty()).unwrap()).await
}

fn header(r: &common::Reply, name: header::HeaderName) -> &str {
    r.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn hashed_files_are_served_precompressed_and_kept_for_a_year() {
    within(async {
        let site = site();
        let app = spawn_app_serving(site.to_str().unwrap()).await;
        let path = format!("/pkg/{HASHED}");

        let br = get(&app, &path, Some("gzip, deflate, br")).await;
        assert_eq!(br.status, StatusCode::OK);
        assert_eq!(header(&br, header::CONTENT_ENCODING), "br");
        assert_eq!(header(&br, header::CONTENT_LENGTH), "12", "the .br file as written, not compressed again");
        assert_eq!(header(&br, header::CONTENT_TYPE), "application/wasm");
        assert_eq!(header(&br, header::CACHE_CONTROL), "public, max-age=31536000, immutable");

        let gz = get(&app, &path, Some("gzip")).await;
        assert_eq!(header(&gz, header::CONTENT_ENCODING), "gzip");
        assert_eq!(header(&gz, header::CONTENT_LENGTH), "22");

        let plain = get(&app, &path, None).await;
        assert_eq!(plain.status, StatusCode::OK);
        assert_eq!(header(&plain, header::CONTENT_ENCODING), "");
        assert_eq!(header(&plain, header::CONTENT_LENGTH), "4000");

        // A name without a content hash may change: the browser asks again each time.
        let css = get(&app, "/pkg/lksa.css", None).await;
        assert_eq!(css.status, StatusCode::OK);
        assert_eq!(header(&css, header::CACHE_CONTROL), "no-cache");

        // A missing hashed name is not cached for a year.
        let missing = get(&app, "/pkg/lksa.AAAAAAAAAAAAAAAAAAAAAA.wasm", Some("br")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_ne!(header(&missing, header::CACHE_CONTROL), "public, max-age=31536000, immutable");
        std::fs::remove_dir_all(site).ok();
    })
    .await;
}

#[tokio::test]
async fn offline_files_lists_every_app_file_once() {
    within(async {
        let site = site();
        let app = spawn_app_serving(site.to_str().unwrap()).await;
        let r = get(&app, "/offline-files", None).await;
        assert_eq!(r.status, StatusCode::OK);
        let files: Vec<String> = serde_json::from_str(&r.body).unwrap();
        assert!(files.contains(&format!("/pkg/{HASHED}")), "{files:?}");
        assert!(files.contains(&"/pkg/lksa.css".to_string()));
        assert!(files.contains(&"/manifest.webmanifest".to_string()));
        assert!(!files.iter().any(|f| f.ends_with(".br") || f.ends_with(".gz")), "{files:?}");
        std::fs::remove_dir_all(site).ok();
    })
    .await;
}
