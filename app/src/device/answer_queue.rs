//! Self-assessment edits the server has not confirmed yet, so that a reload, a closed tab or
//! a dropped connection loses nothing. One entry per indicator: a newer edit replaces the
//! older one, and each entry keeps its change id so that resending it after a lost response
//! is stored once.
//!
//! Stored as `lksa.pending.{cycle}` → `[Pending]`.

use super::storage::{Storage, load_list, store_list};
use serde::{Deserialize, Serialize};

/// The start of every self-assessment queue's key.
pub const PREFIX: &str = "lksa.pending.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub cycle_id: String,
    pub code: String,
    pub change_id: String,
    pub base_revision: i64,
    pub self_score: Option<u8>,
    pub narrative: String,
}

/// The unconfirmed edits of one self-assessment.
#[derive(Debug, Clone)]
pub struct AnswerQueue<S> {
    storage: S,
    key: String,
}

impl<S: Storage> AnswerQueue<S> {
    pub fn new(storage: S, cycle_id: &str) -> Self {
        AnswerQueue { storage, key: format!("{PREFIX}{cycle_id}") }
    }

    pub fn load(&self) -> Vec<Pending> {
        load_list(&self.storage, &self.key)
    }

    /// Records an edit before it is sent.
    pub fn put(&self, p: &Pending) {
        let mut items = self.load();
        items.retain(|i| i.code != p.code);
        items.push(p.clone());
        store_list(&self.storage, &self.key, &items);
    }

    /// Forgets an edit once the server answered it (stored, conflicting or refused), unless a
    /// newer edit replaced it meanwhile.
    pub fn confirm(&self, p: &Pending) {
        let mut items = self.load();
        items.retain(|i| i.change_id != p.change_id);
        store_list(&self.storage, &self.key, &items);
    }

    /// The unconfirmed edit of one indicator, if any.
    pub fn pending_for(&self, code: &str) -> Option<Pending> {
        self.load().into_iter().find(|p| p.code == code)
    }
}
