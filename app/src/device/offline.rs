//! Making a visit work without a network: the service worker (public/sw.js) serves the app
//! shell and prepared pages from the browser's cache storage, and this module prepares them.
//! gloo has no service worker, Cache Storage, storage manager or `navigator.onLine` API, so
//! this is web-sys throughout. It compiles on the server too; only the browser calls it.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The cache that holds prepared visits; public/sw.js reads the same name.
const VISIT_CACHE: &str = "lksa-visit-v1";

fn window() -> Result<web_sys::Window, String> {
    web_sys::window().ok_or_else(|| "no window".to_string())
}

fn text(e: JsValue) -> String {
    e.as_string().or_else(|| js_sys::JSON::stringify(&e).ok().and_then(|s| s.as_string())).unwrap_or_default()
}

/// Registers the service worker (once per browser; later calls are no-ops).
pub fn register() {
    if let Ok(w) = window() {
        let _ = w.navigator().service_worker().register("/sw.js");
    }
}

/// Whether the browser believes it has a network.
pub fn online() -> bool {
    window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

/// Stores `urls` in cache storage once the service worker controls the page, and asks
/// the browser not to evict them under storage pressure. When `urls` hold every file of the
/// current build (`AppFiles::complete`), files of earlier builds (other hashed names) are dropped,
/// so a tablet does not fill up over updates.
pub async fn prepare(urls: Vec<String>, complete: bool) -> Result<bool, String> {
    let w = window()?;
    let sw = w.navigator().service_worker();
    JsFuture::from(sw.ready().map_err(text)?).await.map_err(text)?;
    let caches = w.caches().map_err(text)?;
    let cache: web_sys::Cache = JsFuture::from(caches.open(VISIT_CACHE)).await.map_err(text)?.unchecked_into();
    let list = js_sys::Array::new();
    for u in &urls {
        list.push(&JsValue::from_str(u));
    }
    JsFuture::from(cache.add_all_with_str_sequence(&list)).await.map_err(text)?;
    if complete {
        forget_other_app_files(&cache, &urls).await?;
    }
    let persisted = match w.navigator().storage().persist() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|v| v.as_bool()).unwrap_or(false),
        Err(_) => false,
    };
    Ok(persisted)
}

fn path_of(url: &str) -> Option<String> {
    web_sys::Url::new_with_base(url, "http://localhost").ok().map(|u| u.pathname())
}

async fn forget_other_app_files(cache: &web_sys::Cache, keep: &[String]) -> Result<(), String> {
    let keep: Vec<String> = keep.iter().filter_map(|u| path_of(u)).collect();
    let keys = js_sys::Array::from(&JsFuture::from(cache.keys()).await.map_err(text)?);
    for key in keys.iter() {
        let url = key.unchecked_into::<web_sys::Request>().url();
        if path_of(&url).is_some_and(|p| p.starts_with("/pkg/") && !keep.contains(&p)) {
            JsFuture::from(cache.delete_with_str(&url)).await.map_err(text)?;
        }
    }
    Ok(())
}

/// The app's files a device stores for use without a network.
pub struct AppFiles {
    pub urls: Vec<String>,
    /// Whether `urls` are every file of the current build (the server's list), not only the
    /// ones this page named.
    pub complete: bool,
}

/// Every file of the app (each page's WASM chunk, the JavaScript, the stylesheet, the icons), as
/// the server lists them at `/offline-files`, so a page never opened before also works offline.
/// If that list cannot be had, the files this document's head names.
pub async fn app_files() -> AppFiles {
    match all_app_files().await {
        Ok(urls) if !urls.is_empty() => AppFiles { urls, complete: true },
        _ => AppFiles { urls: head_files(), complete: false },
    }
}

async fn all_app_files() -> Result<Vec<String>, String> {
    let w = window()?;
    let response: web_sys::Response =
        JsFuture::from(w.fetch_with_str("/offline-files")).await.map_err(text)?.unchecked_into();
    if !response.ok() {
        return Err(format!("status {}", response.status()));
    }
    let list = JsFuture::from(response.json().map_err(text)?).await.map_err(text)?;
    Ok(js_sys::Array::from(&list).iter().filter_map(|v| v.as_string()).collect())
}

fn head_files() -> Vec<String> {
    let mut urls = vec!["/favicon.ico".to_string()];
    let Some(doc) = window().ok().and_then(|w| w.document()) else { return urls };
    if let Ok(list) = doc.query_selector_all("link[href^='/pkg/']") {
        for n in 0..list.length() {
            if let Some(href) = list
                .item(n)
                .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.get_attribute("href"))
                && !urls.contains(&href)
            {
                urls.push(href);
            }
        }
    }
    urls
}

/// Keeps the page being shown, and the app files it loaded, for a reload without a network:
/// the self-assessment opens offline as it was last seen, and the edits kept on the device are
/// laid over it. Only this page's files, so a phone on weak data fetches nothing new.
pub async fn keep_this_page() -> Result<bool, String> {
    register();
    let w = window()?;
    let location = w.location();
    let mut urls = vec![format!("{}{}", location.pathname().map_err(text)?, location.search().map_err(text)?)];
    // As paths: the cache refuses a list that names one file twice (a full and a relative URL).
    let mut add = |path: String| {
        if !urls.contains(&path) {
            urls.push(path);
        }
    };
    if let Some(p) = w.performance() {
        for entry in p.get_entries_by_type("resource").iter() {
            let name = entry.unchecked_into::<web_sys::PerformanceEntry>().name();
            if let Some(path) = path_of(&name).filter(|p| p.starts_with("/pkg/")) {
                add(path);
            }
        }
    }
    head_files().into_iter().filter_map(|f| path_of(&f)).for_each(add);
    prepare(urls, false).await
}

/// Whether `url` is in the visit cache.
pub async fn is_prepared(url: &str) -> bool {
    let Ok(w) = window() else { return false };
    let Ok(caches) = w.caches() else { return false };
    let Ok(cache) = JsFuture::from(caches.open(VISIT_CACHE)).await else { return false };
    let cache: web_sys::Cache = cache.unchecked_into();
    JsFuture::from(cache.match_with_str(url)).await.map(|v| !v.is_undefined()).unwrap_or(false)
}
