//! Edits the server has not confirmed yet, kept in the browser's localStorage so that a
//! reload, a closed tab or a dropped connection loses nothing. One entry per indicator: a
//! newer edit replaces the older one, and each entry keeps its change id so that resending
//! it after a lost response is stored once.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub cycle_id: String,
    pub code: String,
    pub change_id: String,
    pub base_revision: i64,
    pub self_score: Option<u8>,
    pub narrative: String,
}

#[cfg(feature = "hydrate")]
fn key(cycle_id: &str) -> String {
    format!("lksa.pending.{cycle_id}")
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

#[cfg(feature = "hydrate")]
pub fn load(cycle_id: &str) -> Vec<Pending> {
    storage()
        .and_then(|s| s.get_item(&key(cycle_id)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

#[cfg(not(feature = "hydrate"))]
pub fn load(_cycle_id: &str) -> Vec<Pending> {
    Vec::new()
}

#[cfg(feature = "hydrate")]
fn store_all(cycle_id: &str, items: &[Pending]) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(items)) {
        let _ = if items.is_empty() { s.remove_item(&key(cycle_id)) } else { s.set_item(&key(cycle_id), &json) };
    }
}

#[cfg(not(feature = "hydrate"))]
fn store_all(_cycle_id: &str, _items: &[Pending]) {}

/// Records an edit before it is sent.
pub fn put(p: &Pending) {
    let mut items = load(&p.cycle_id);
    items.retain(|i| i.code != p.code);
    items.push(p.clone());
    store_all(&p.cycle_id, &items);
}

/// Forgets an edit once the server confirmed it, unless a newer edit replaced it meanwhile.
pub fn confirm(p: &Pending) {
    let mut items = load(&p.cycle_id);
    items.retain(|i| i.change_id != p.change_id);
    store_all(&p.cycle_id, &items);
}

/// The unconfirmed edit of one indicator, if any.
pub fn pending_for(cycle_id: &str, code: &str) -> Option<Pending> {
    load(cycle_id).into_iter().find(|p| p.code == code)
}

/// A random id for a change, from the browser's crypto.
#[cfg(feature = "hydrate")]
pub fn new_change_id() -> String {
    web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.random_uuid()).unwrap_or_else(|| {
        // Crypto is in every supported browser; this only guards against a broken one.
        format!("c-{}", web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default())
    })
}

#[cfg(not(feature = "hydrate"))]
pub fn new_change_id() -> String {
    format!(
        "c-{}",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
    )
}
