//! Site photos taken on the tablet and not yet on the server. Their bytes are kept in the
//! browser's cache storage (localStorage is too small for photos), their list in localStorage,
//! so that photos taken without a signal survive a reload and are sent when the network
//! returns.
//!
//! Stored as `lksa.visitphotos.{cycle}.{assessor}` → `[Waiting]`, the bytes in the cache
//! `lksa-site-photos-v1` under `/visit-photo-queue/{cycle}.{assessor}/{id}`.

use super::storage::{Storage, load_list, store_list};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The start of every photo list's key.
pub const PREFIX: &str = "lksa.visitphotos.";
const CACHE: &str = "lksa-site-photos-v1";

/// A photo waiting on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub id: String,
    pub code: String,
    pub caption: String,
    /// Why the server refused it, if it did (translation key); it is then not retried.
    #[serde(default)]
    pub refused: Option<String>,
    /// Object URL of the local copy for the preview (not stored).
    #[serde(skip)]
    pub preview: String,
}

#[derive(Debug, Clone)]
pub struct PhotoQueue<S> {
    storage: S,
    queue: String,
}

impl<S: Storage> PhotoQueue<S> {
    /// The queue named `queue` (`{cycle}.{assessor}`).
    pub fn new(storage: S, queue: &str) -> Self {
        PhotoQueue { storage, queue: queue.to_string() }
    }

    fn list_key(&self) -> String {
        format!("{PREFIX}{}", self.queue)
    }

    fn blob_key(&self, id: &str) -> String {
        format!("/visit-photo-queue/{}/{id}", self.queue)
    }

    pub fn list(&self) -> Vec<Waiting> {
        load_list(&self.storage, &self.list_key())
    }

    fn save_list(&self, items: &[Waiting]) -> bool {
        store_list(&self.storage, &self.list_key(), items)
    }

    /// Adds (or replaces) the photo's entry; `false` when the browser refused.
    pub fn remember(&self, w: &Waiting) -> bool {
        let mut items = self.list();
        items.retain(|i| i.id != w.id);
        items.push(Waiting { preview: String::new(), ..w.clone() });
        self.save_list(&items)
    }

    pub fn forget_entry(&self, id: &str) {
        let mut items = self.list();
        items.retain(|i| i.id != id);
        self.save_list(&items);
    }

    /// The server refused the photo: it stays listed with the reason and is not sent again.
    pub fn mark_refused(&self, id: &str, key: &str) {
        let mut items = self.list();
        for i in items.iter_mut().filter(|i| i.id == id) {
            i.refused = Some(key.to_string());
        }
        self.save_list(&items);
    }

    /// Keeps the photo's bytes and its entry on the device.
    pub async fn keep(&self, w: &Waiting, blob: &web_sys::Blob) -> Result<(), JsValue> {
        let response = web_sys::Response::new_with_opt_blob(Some(blob))?;
        JsFuture::from(cache().await?.put_with_str(&self.blob_key(&w.id), &response)).await?;
        if self.remember(w) { Ok(()) } else { Err("storage refused".into()) }
    }

    pub async fn bytes(&self, id: &str) -> Option<web_sys::Blob> {
        let found = JsFuture::from(cache().await.ok()?.match_with_str(&self.blob_key(id))).await.ok()?;
        let response: web_sys::Response = found.dyn_into().ok()?;
        JsFuture::from(response.blob().ok()?).await.ok()?.dyn_into().ok()
    }

    /// Forgets the photo's bytes and entry once the server has it.
    pub async fn forget(&self, id: &str) {
        if let Ok(c) = cache().await {
            let _ = JsFuture::from(c.delete_with_str(&self.blob_key(id))).await;
        }
        self.forget_entry(id);
    }
}

/// gloo has no Cache Storage API: web-sys directly.
async fn cache() -> Result<web_sys::Cache, JsValue> {
    let caches = web_sys::window().ok_or("no window")?.caches()?;
    Ok(JsFuture::from(caches.open(CACHE)).await?.unchecked_into())
}
