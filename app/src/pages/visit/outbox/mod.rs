//! The visit's sync engine as a plain type: which scores go out next, and what an answer of
//! the server means for the device. Sending: everything unsent, in order, one request at a
//! time; what arrives meanwhile goes in the next request. The page holds one [`Outbox`] and
//! does the sending and the showing; the decisions are here, tested without a browser.

use crate::api::visit::SyncResult;
use crate::device::storage::Storage;
use crate::device::visit_queue::{Entry, VisitQueue};
use crate::error::AppError;
use crate::model::OwnScoreView;
use domain::visit::VisitChange;
use std::collections::BTreeMap;

#[cfg(test)]
mod tests;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncState {
    Idle,
    Sending,
    /// The last batch did not arrive: the request failed, or (`timed_out`) got no answer in
    /// time. Whether the device is offline is the browser's to say, not this answer's.
    Unsent {
        timed_out: bool,
    },
    /// The server refused; the key explains why. Changes stay on the device.
    Refused(String),
}

/// What the page shows once the server answered (or did not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub state: SyncState,
    /// How many changes are still unsent, when the answer changed it.
    pub pending: Option<usize>,
    /// Changes arrived while the batch was in flight: send again now.
    pub again: bool,
}

/// A batch to send, with the number of unsent changes to show meanwhile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Next {
    pub pending: usize,
    /// `None` when nothing is unsent or a batch is already in flight.
    pub batch: Option<Vec<VisitChange>>,
}

#[derive(Debug, Clone)]
pub struct Outbox<S> {
    queue: VisitQueue<S>,
    in_flight: bool,
}

impl<S: Storage> Outbox<S> {
    pub fn new(queue: VisitQueue<S>) -> Self {
        Outbox { queue, in_flight: false }
    }

    /// Everything this device holds, synced or not.
    pub fn entries(&self) -> Vec<Entry> {
        self.queue.load()
    }

    pub fn pending(&self) -> usize {
        self.queue.unsent().len()
    }

    /// Keeps a change on the device before anything is sent. `Err` with the message key when
    /// the browser refused to store it.
    pub fn record(&self, change: VisitChange) -> Result<(), String> {
        if self.queue.put(change) { Ok(()) } else { Err("visit-error-storage".into()) }
    }

    /// The next batch: every unsent change, oldest first, unless one is in flight.
    pub fn next(&mut self) -> Next {
        let items = self.queue.unsent();
        let pending = items.len();
        if items.is_empty() || self.in_flight {
            return Next { pending, batch: None };
        }
        self.in_flight = true;
        Next { pending, batch: Some(items) }
    }

    /// The server's answer to the batch in flight.
    pub fn answer(&mut self, result: Result<SyncResult, AppError>) -> Answered {
        self.in_flight = false;
        match result {
            Ok(SyncResult::Stored(ids)) => {
                let left = self.queue.confirm(&ids);
                Answered { state: SyncState::Idle, pending: Some(left), again: left > 0 }
            }
            Ok(SyncResult::Closed) => refused("visit-error-closed"),
            Err(AppError::Transport(_)) => {
                Answered { state: SyncState::Unsent { timed_out: false }, pending: None, again: false }
            }
            Err(e) => refused(e.message_key()),
        }
    }

    /// The batch in flight got no answer in time: the page stopped waiting. It goes out again
    /// with the next batch (the server ignores a change id it already stored).
    pub fn no_answer(&mut self) -> Answered {
        self.in_flight = false;
        Answered { state: SyncState::Unsent { timed_out: true }, pending: None, again: false }
    }
}

fn refused(key: &str) -> Answered {
    Answered { state: SyncState::Refused(key.to_string()), pending: None, again: false }
}

/// The scores as this device holds them: what it recorded replaces what the page came with
/// (a page served from the offline cache is older than the device).
pub fn overlay(own: &mut BTreeMap<String, OwnScoreView>, entries: &[Entry]) {
    for e in entries {
        let c = &e.change;
        own.insert(
            c.code.clone(),
            OwnScoreView { score: c.score, note: c.note.clone(), check_on_site: c.check_on_site },
        );
    }
}
