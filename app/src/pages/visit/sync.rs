//! The page's side of syncing: the [`Outbox`] kept for the page's lifetime, a request per
//! batch that is given [`ANSWER_WITHIN`] to answer, the retries (after a change; after a
//! failure at 2, 4, 8, 16, then every 30 s; when the network returns), what is true about it
//! ([`Delivery`]), and the question before leaving with unsent work.

use super::outbox::{Outbox, SyncState, overlay};
use super::photo_sync;
use super::photos::SendFile;
use crate::api::visit::sync_visit;
use crate::device::delivery::{ANSWER_WITHIN, Delivery, backoff, why_failed};
use crate::device::photo_queue::Waiting;
use crate::device::storage::Local;
use crate::device::timers::{self, Debounce};
use crate::device::visit_queue::VisitQueue;
use crate::device::{clock, events, new_change_id, offline};
use crate::model::{OwnScoreView, SitePhotoView};
use domain::Score;
use domain::visit::VisitChange;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::time::Duration;

/// One edit of one indicator's score, note or mark.
#[derive(Debug, Clone)]
pub enum Edit {
    Score(u8),
    Note(String),
    ToggleCheck,
}

#[derive(Debug, Clone, Copy)]
pub struct Sync {
    /// Changes not yet confirmed by the server.
    pub pending: RwSignal<usize>,
    /// What the browser says of its network (not whether the server answered).
    pub online: RwSignal<bool>,
    /// Where the unsent changes stand, with the reason and time of the next try.
    pub delivery: Signal<Delivery>,
    /// Photos waiting on the device that the server has not refused.
    pub photos_waiting: Signal<usize>,
    /// Records an edit on the device, then sends it.
    pub record: Callback<(String, Edit)>,
    pub add_photo: Callback<(String, String, SendFile)>,
}

/// Starts syncing the queue `queue_key` (`{cycle}.{assessor}`) of the visit `cycle_id`.
pub fn use_sync(
    queue_key: &str,
    cycle_id: &str,
    own: RwSignal<BTreeMap<String, OwnScoreView>>,
    locked: RwSignal<bool>,
    photos: RwSignal<BTreeMap<String, Vec<SitePhotoView>>>,
    waiting: RwSignal<Vec<Waiting>>,
) -> Sync {
    let pending = RwSignal::new(0usize);
    let state = RwSignal::new(SyncState::Idle);
    let online = RwSignal::new(true);
    let outbox = StoredValue::new(Outbox::new(VisitQueue::new(Local, queue_key)));
    let (send_photos, add_photo) =
        photo_sync::senders(queue_key.to_string(), cycle_id.to_string(), photos, waiting, state);

    // Bumped when changes arrived while a request was in flight, or when a retry is due: they go out next.
    let again = RwSignal::new(0u32);
    let next_try = RwSignal::new(0f64);
    let failures = StoredValue::new(0u32);
    let retry = Debounce::new();
    let sync_now = Callback::new({
        let cycle_id = cycle_id.to_string();
        move |()| {
            let next = outbox.try_update_value(Outbox::next).unwrap_or_default();
            pending.set(next.pending);
            let Some(batch) = next.batch else { return };
            state.set(SyncState::Sending);
            let cycle_id = cycle_id.clone();
            leptos::task::spawn_local(async move {
                let answer = match timers::within(ANSWER_WITHIN, sync_visit(cycle_id, batch)).await {
                    Some(result) => outbox.try_update_value(|o| o.answer(result)),
                    None => outbox.try_update_value(Outbox::no_answer),
                };
                let Some(answer) = answer else { return };
                if let Some(left) = answer.pending {
                    pending.set(left);
                }
                if matches!(answer.state, SyncState::Unsent { .. }) {
                    let n = failures.get_value();
                    failures.set_value(n.saturating_add(1));
                    let wait = backoff(n);
                    next_try.set(clock::now_ms() + wait.as_millis() as f64);
                    retry.schedule(wait, move || again.update(|k| *k += 1));
                } else {
                    failures.set_value(0);
                }
                state.set(answer.state);
                if answer.again {
                    again.update(|k| *k += 1);
                }
            });
        }
    });
    let delivery = Signal::derive(move || match state.get() {
        SyncState::Idle => Delivery::Sent,
        SyncState::Sending => Delivery::Sending,
        SyncState::Unsent { timed_out } => {
            Delivery::Waiting { why: why_failed(timed_out, online.get()), next_try_ms: next_try.get() }
        }
        SyncState::Refused(key) => Delivery::Refused(key),
    });
    Effect::new(move |previous: Option<()>| {
        again.track();
        if previous.is_some() {
            sync_now.run(());
        }
    });

    let timer = Debounce::new();
    let record = Callback::new(move |(code, edit): (String, Edit)| {
        if locked.get_untracked() {
            return;
        }
        let mut s: OwnScoreView = own.with_untracked(|m| m.get(&code).cloned()).unwrap_or_default();
        match edit {
            Edit::Score(n) => s.score = Score::parse(n.into()).ok(),
            Edit::Note(text) => s.note = text,
            Edit::ToggleCheck => s.check_on_site = !s.check_on_site,
        }
        own.update(|m| {
            m.insert(code.clone(), s.clone());
        });
        let change = VisitChange {
            change_id: new_change_id(),
            code,
            score: s.score,
            note: s.note,
            check_on_site: s.check_on_site,
        };
        if let Err(key) = outbox.with_value(|o| o.record(change)) {
            state.set(SyncState::Refused(key));
        }
        pending.set(outbox.with_value(Outbox::pending));
        timer.schedule(Duration::from_millis(700), move || sync_now.run(()));
    });

    // After hydration: show what this device holds (newer than a page served from the
    // offline cache), then send what is unsent.
    Effect::new(move |_| {
        offline::register();
        online.set(offline::online());
        let local = outbox.with_value(Outbox::entries);
        if !local.is_empty() {
            own.update(|m| overlay(m, &local));
        }
        sync_now.run(());
        send_photos.run(true);
    });
    events::on_window("online", move |_| {
        online.set(true);
        sync_now.run(());
        send_photos.run(false);
    });
    events::on_window("offline", move |_| online.set(false));
    // Photos are retried every 15 s; scores on the schedule above.
    timers::every(Duration::from_secs(15), move || send_photos.run(false));
    let photos_waiting = Signal::derive(move || waiting.with(|w| w.iter().filter(|p| p.refused.is_none()).count()));
    events::on_window_preventable("beforeunload", move |ev| {
        if !crate::components::sign_out::signing_out()
            && (pending.get_untracked() > 0 || photos_waiting.get_untracked() > 0)
        {
            ev.prevent_default();
        }
    });

    Sync { pending, online, delivery, photos_waiting, record, add_photo }
}
