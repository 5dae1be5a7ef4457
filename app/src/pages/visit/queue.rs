//! The assessor's scores as written on this tablet, kept in the browser's localStorage
//! (synchronous, so a change is on the device before the tap returns). One entry per
//! indicator; an entry stays after the server confirmed it (marked `synced`), so that a page
//! served from the offline cache still shows everything scored on this device. Each entry
//! keeps its change id: a batch sent again after a lost response is stored once.

use domain::visit::VisitChange;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub change: VisitChange,
    pub synced: bool,
}

#[cfg(feature = "hydrate")]
fn key(queue: &str) -> String {
    format!("lksa.visit.{queue}")
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

#[cfg(feature = "hydrate")]
pub fn load(queue: &str) -> Vec<Entry> {
    storage()
        .and_then(|s| s.get_item(&key(queue)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

#[cfg(not(feature = "hydrate"))]
pub fn load(_queue: &str) -> Vec<Entry> {
    Vec::new()
}

/// Writes the entries; `false` when the browser refused (storage full or blocked).
#[cfg(feature = "hydrate")]
fn store_all(queue: &str, items: &[Entry]) -> bool {
    let Some(s) = storage() else { return false };
    let Ok(json) = serde_json::to_string(items) else { return false };
    if items.is_empty() { s.remove_item(&key(queue)).is_ok() } else { s.set_item(&key(queue), &json).is_ok() }
}

#[cfg(not(feature = "hydrate"))]
fn store_all(_queue: &str, _items: &[Entry]) -> bool {
    true
}

/// Records a change on the device, replacing the entry of the same indicator. `false` when
/// the browser refused to store it.
pub fn put(queue: &str, change: VisitChange) -> bool {
    let mut items = load(queue);
    items.retain(|i| i.change.code != change.code);
    items.push(Entry { change, synced: false });
    store_all(queue, &items)
}

/// Changes not yet confirmed by the server, oldest first.
pub fn unsent(queue: &str) -> Vec<VisitChange> {
    load(queue).into_iter().filter(|e| !e.synced).map(|e| e.change).collect()
}

/// Marks the changes the server stored; returns how many remain unsent.
pub fn confirm(queue: &str, stored: &[String]) -> usize {
    let mut items = load(queue);
    for e in items.iter_mut() {
        if stored.contains(&e.change.change_id) {
            e.synced = true;
        }
    }
    store_all(queue, &items);
    items.iter().filter(|e| !e.synced).count()
}

/// Forgets everything once the visit is submitted.
pub fn clear(queue: &str) {
    store_all(queue, &[]);
}
