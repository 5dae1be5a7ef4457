//! The assessor's scores as written on this tablet. One entry per indicator; an entry stays
//! after the server confirmed it (marked `synced`), so that a page served from the offline
//! cache still shows everything scored on this device. Each entry keeps its change id: a
//! batch sent again after a lost response is stored once.
//!
//! Stored as `lksa.visit.{cycle}.{assessor}` → `[{"change": VisitChange, "synced": bool}]`.

use super::storage::{Storage, load_list, store_list};
use domain::visit::VisitChange;
use serde::{Deserialize, Serialize};

/// The start of every visit queue's key.
pub const PREFIX: &str = "lksa.visit.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub change: VisitChange,
    pub synced: bool,
}

/// One assessor's queue for one visit.
#[derive(Debug, Clone)]
pub struct VisitQueue<S> {
    storage: S,
    key: String,
}

impl<S: Storage> VisitQueue<S> {
    /// The queue named `queue` (`{cycle}.{assessor}`).
    pub fn new(storage: S, queue: &str) -> Self {
        VisitQueue { storage, key: format!("{PREFIX}{queue}") }
    }

    pub fn load(&self) -> Vec<Entry> {
        load_list(&self.storage, &self.key)
    }

    /// Records a change on the device, replacing the entry of the same indicator (the newest
    /// goes last). `false` when the browser refused to store it.
    pub fn put(&self, change: VisitChange) -> bool {
        let mut items = self.load();
        items.retain(|i| i.change.code != change.code);
        items.push(Entry { change, synced: false });
        store_list(&self.storage, &self.key, &items)
    }

    /// Changes not yet confirmed by the server, oldest first: the next batch to send.
    pub fn unsent(&self) -> Vec<VisitChange> {
        self.load().into_iter().filter(|e| !e.synced).map(|e| e.change).collect()
    }

    /// Marks the changes the server stored; returns how many remain unsent. A change replaced
    /// while its batch was in flight has a new id, so it stays unsent.
    pub fn confirm(&self, stored: &[String]) -> usize {
        let mut items = self.load();
        for e in items.iter_mut() {
            if stored.contains(&e.change.change_id) {
                e.synced = true;
            }
        }
        store_list(&self.storage, &self.key, &items);
        items.iter().filter(|e| !e.synced).count()
    }

    /// Forgets everything once the visit is submitted.
    pub fn clear(&self) {
        store_list::<Entry, S>(&self.storage, &self.key, &[]);
    }
}
