//! How much on this device the server has not confirmed, across every queue: asked before a
//! sign-out clears the device.

use super::storage::Storage;
use super::{answer_queue, photo_queue, visit_queue};

/// Self-assessment edits (`lksa.pending.*`), visit scores not marked synced (`lksa.visit.*`)
/// and site photos waiting to upload (`lksa.visitphotos.*`).
pub fn unsent_on_device<S: Storage>(storage: &S) -> usize {
    let count = |key: &str| -> usize {
        let Some(items) = storage.read::<Vec<serde_json::Value>>(key) else { return 0 };
        if key.starts_with(visit_queue::PREFIX) {
            items.iter().filter(|i| i.get("synced").and_then(|s| s.as_bool()) != Some(true)).count()
        } else {
            items.len()
        }
    };
    storage
        .keys()
        .into_iter()
        .filter(|k| [answer_queue::PREFIX, visit_queue::PREFIX, photo_queue::PREFIX].iter().any(|p| k.starts_with(p)))
        .map(|k| count(&k))
        .sum()
}
