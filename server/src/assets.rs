//! The application's own files under `/pkg` (WASM chunks, their JavaScript, the stylesheet).
//!
//! A release build (`cargo leptos build --release --split --precompress`) names every file after
//! a hash of its content and writes a brotli (q11) and a gzip copy beside it, so they are served
//! as they lie on disk with `Content-Encoding` and may be kept by a browser for a year: a new
//! build has new names. Other builds are compressed on the fly as before.

use axum::Json;
use axum::extract::State;
use leptos::prelude::LeptosOptions;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tower_http::services::ServeDir;

/// Where the hashed stylesheet is, for the plain error pages rendered without Leptos.
static STYLESHEET: OnceLock<String> = OnceLock::new();

/// The hash file cargo-leptos writes beside the server binary when it hashed the file names.
fn hash_file(options: &LeptosOptions) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join(options.hash_file.as_ref()))
}

/// Turns on hashed names when the build wrote them (unless `LEPTOS_HASH_FILES` says otherwise),
/// and remembers the stylesheet's name. Called once when the server starts.
pub fn configure(options: &mut LeptosOptions) {
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = hash_file(options).is_some_and(|p| p.exists());
    }
    let _ = STYLESHEET.set(stylesheet_of(options));
}

fn stylesheet_of(options: &LeptosOptions) -> String {
    let hashes = options
        .hash_files
        .then(|| hash_file(options))
        .flatten()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    let hash = hashes.lines().find_map(|l| l.trim().strip_prefix("css:").map(str::trim));
    match hash {
        Some(h) => format!("/{}/{}.{h}.css", options.site_pkg_dir, options.output_name),
        None => format!("/{}/{}.css", options.site_pkg_dir, options.output_name),
    }
}

/// The stylesheet's address for pages rendered outside Leptos.
pub fn stylesheet() -> &'static str {
    STYLESHEET.get().map(String::as_str).unwrap_or("/pkg/lksa.css")
}

/// Serves `/pkg`, preferring the precompressed copies the client accepts.
pub fn service(options: &LeptosOptions) -> ServeDir {
    let dir = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    ServeDir::new(dir).precompressed_br().precompressed_gzip()
}

/// Every file a device needs to run the app without a network (`GET /offline-files`): each
/// WASM chunk, its JavaScript, the stylesheet, the icons. The visit page stores them all when an
/// assessor prepares a visit, so any page chunk is there later.
pub async fn offline_files(State(options): State<LeptosOptions>) -> Json<Vec<String>> {
    let dir = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let mut files = vec![
        "/favicon.ico".to_string(),
        "/manifest.webmanifest".to_string(),
        "/icons/icon-192.png".to_string(),
        "/icons/icon-512.png".to_string(),
    ];
    if let Ok(mut entries) = tokio::fs::read_dir(&dir).await {
        let mut names = Vec::new();
        while let Ok(Some(entry)) = entries.next_entry().await {
            let name = entry.file_name().to_string_lossy().into_owned();
            let wanted = [".wasm", ".js", ".css", ".json"].iter().any(|e| name.ends_with(e));
            if wanted && entry.file_type().await.is_ok_and(|t| t.is_file()) {
                names.push(format!("/{}/{name}", options.site_pkg_dir));
            }
        }
        names.sort();
        files.extend(names);
    }
    Json(files)
}

/// Whether a `/pkg` path names a file after its content (`name.<22 characters>.ext`), so the
/// same address will never serve anything else.
pub fn is_hashed(path: &str) -> bool {
    let Some(name) = path.strip_prefix("/pkg/").filter(|n| !n.contains('/')) else { return false };
    let mut parts = name.rsplit('.');
    let (_ext, hash) = (parts.next(), parts.next());
    parts.next().is_some()
        && hash.is_some_and(|h| h.len() == 22 && h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("/pkg/lksa.Xo3HfdgNGa-kWvk2_ZzYRA.wasm"));
        assert!(is_hashed("/pkg/__wasm_split.Xo3HfdgNGa-kWvk2_ZzYRA.js"));
        assert!(!is_hashed("/pkg/lksa.wasm"));
        assert!(!is_hashed("/pkg/lksa.css"));
        assert!(!is_hashed("/pkg/Xo3HfdgNGa-kWvk2_ZzYRA.wasm"));
        assert!(!is_hashed("/pkg/lksa.Xo3HfdgNGa-kWvk2_ZzYR!.wasm"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/pkg/sub/lksa.Xo3HfdgNGa-kWvk2_ZzYRA.wasm"));
    }
}
