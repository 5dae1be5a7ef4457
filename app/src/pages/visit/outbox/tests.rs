//! The sync engine against an in-memory device: what goes out, and what each answer leaves on
//! the device.

use super::*;
use crate::device::storage::Memory;
use domain::Score;

const QUEUE: &str = "cycle-1.assessor-7";
const KEY: &str = "lksa.visit.cycle-1.assessor-7";

fn change(id: &str, code: &str, score: u8) -> VisitChange {
    VisitChange {
        change_id: id.into(),
        code: code.into(),
        score: Some(Score::parse(score.into()).unwrap()),
        note: format!("note {id}"),
        check_on_site: false,
    }
}

fn outbox(device: &Memory) -> Outbox<Memory> {
    Outbox::new(VisitQueue::new(device.clone(), QUEUE))
}

fn ids(batch: &[VisitChange]) -> Vec<&str> {
    batch.iter().map(|c| c.change_id.as_str()).collect()
}

fn stored(ids: &[&str]) -> Result<SyncResult, AppError> {
    Ok(SyncResult::Stored(ids.iter().map(|s| s.to_string()).collect()))
}

fn no_network() -> Result<SyncResult, AppError> {
    Err(AppError::Transport("Failed to fetch".into()))
}

#[test]
fn nothing_recorded_sends_nothing() {
    let mut o = outbox(&Memory::default());
    assert_eq!(o.next(), Next { pending: 0, batch: None });
}

#[test]
fn offline_keeps_everything_and_sends_the_same_batch_again() {
    let device = Memory::default();
    let mut o = outbox(&device);
    o.record(change("a1", "1.1", 3)).unwrap();
    o.record(change("b1", "1.2", 2)).unwrap();

    let first = o.next();
    assert_eq!(first.pending, 2);
    assert_eq!(ids(first.batch.as_deref().unwrap()), ["a1", "b1"]);
    let answer = o.answer(no_network());
    assert_eq!(answer, Answered { state: SyncState::Unsent { timed_out: false }, pending: None, again: false });
    assert_eq!(o.pending(), 2);

    // The retry (timer, online event or reload) sends the very same changes: same ids.
    let mut reloaded = outbox(&device);
    let retry = reloaded.next();
    assert_eq!(retry.batch, first.batch);
    let answer = reloaded.answer(stored(&["a1", "b1"]));
    assert_eq!(answer, Answered { state: SyncState::Idle, pending: Some(0), again: false });
    assert_eq!(reloaded.next(), Next { pending: 0, batch: None });
}

#[test]
fn replay_after_a_lost_response_is_confirmed_by_the_earlier_store() {
    let device = Memory::default();
    let mut o = outbox(&device);
    o.record(change("a1", "1.1", 3)).unwrap();
    o.record(change("b1", "1.2", 4)).unwrap();
    let sent = o.next().batch.unwrap();
    // The server stored the batch but the answer never arrived.
    o.answer(no_network());
    // Sent again; the server answers with the ids stored by the earlier send too.
    let replay = o.next().batch.unwrap();
    assert_eq!(replay, sent);
    let answer = o.answer(stored(&["a1", "b1"]));
    assert_eq!(answer.pending, Some(0));
    // Confirmed entries stay on the device, marked synced, for a page served from the cache.
    let entries = o.entries();
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| e.synced));
}

#[test]
fn one_batch_in_flight_at_a_time() {
    let device = Memory::default();
    let mut o = outbox(&device);
    o.record(change("a1", "1.1", 3)).unwrap();
    assert!(o.next().batch.is_some());
    o.record(change("b1", "1.2", 2)).unwrap();
    // A tap while the request is out only updates the count.
    assert_eq!(o.next(), Next { pending: 2, batch: None });
    let answer = o.answer(stored(&["a1"]));
    assert_eq!(answer.pending, Some(1));
    assert!(answer.again, "what arrived meanwhile goes out next");
    assert_eq!(ids(&o.next().batch.unwrap()), ["b1"]);
}

#[test]
fn a_score_changed_while_its_batch_was_in_flight_stays_unsent_and_moves_last() {
    let device = Memory::default();
    let mut o = outbox(&device);
    o.record(change("a1", "1.1", 1)).unwrap();
    o.record(change("b1", "1.2", 2)).unwrap();
    assert_eq!(ids(&o.next().batch.unwrap()), ["a1", "b1"]);
    // 1.1 is changed again before the answer: its entry is replaced and goes last.
    o.record(change("a2", "1.1", 4)).unwrap();
    assert_eq!(o.entries().iter().map(|e| e.change.change_id.as_str()).collect::<Vec<_>>(), ["b1", "a2"]);

    let answer = o.answer(stored(&["a1", "b1"]));
    // The server's answer about a1 does not confirm a2.
    assert_eq!(answer, Answered { state: SyncState::Idle, pending: Some(1), again: true });
    let next = o.next().batch.unwrap();
    assert_eq!(ids(&next), ["a2"]);
    assert_eq!(next[0].score.map(|s| s.value()), Some(4));
    o.answer(stored(&["a2"]));
    assert_eq!(o.pending(), 0);
}

#[test]
fn a_closed_visit_refuses_and_the_changes_stay_on_the_device() {
    let device = Memory::default();
    let mut o = outbox(&device);
    o.record(change("a1", "1.1", 3)).unwrap();
    o.next();
    let answer = o.answer(Ok(SyncResult::Closed));
    assert_eq!(answer.state, SyncState::Refused("visit-error-closed".into()));
    assert_eq!((answer.pending, answer.again), (None, false));
    assert_eq!(o.pending(), 1);
    // Not stuck in flight: a later attempt sends it again.
    assert!(o.next().batch.is_some());
}

#[test]
fn a_refused_batch_shows_the_servers_reason_and_keeps_the_changes() {
    let device = Memory::default();
    let mut o = outbox(&device);
    o.record(change("a1", "9.9", 3)).unwrap();
    o.next();
    let answer = o.answer(Err(AppError::Invalid("error-unknown-indicator".into())));
    assert_eq!(answer.state, SyncState::Refused("error-unknown-indicator".into()));
    let answer = {
        o.next();
        o.answer(Err(AppError::NotSignedIn))
    };
    assert_eq!(answer.state, SyncState::Refused("error-not-signed-in".into()));
    assert_eq!(o.pending(), 1);
}

#[test]
fn a_full_device_refuses_the_change() {
    let device = Memory::default();
    let o = outbox(&device);
    device.fill_up();
    assert_eq!(o.record(change("a1", "1.1", 3)), Err("visit-error-storage".into()));
}

#[test]
fn the_stored_json_keeps_its_shape_and_submission_clears_it() {
    let device = Memory::default();
    let mut o = outbox(&device);
    o.record(change("a1", "1.1", 3)).unwrap();
    assert_eq!(
        device.raw(KEY).unwrap(),
        r#"[{"change":{"change_id":"a1","code":"1.1","score":3,"note":"note a1","check_on_site":false},"synced":false}]"#
    );
    o.next();
    o.answer(stored(&["a1"]));
    assert!(device.raw(KEY).unwrap().ends_with(r#""synced":true}]"#));
    // Submitting forgets the queue.
    VisitQueue::new(device.clone(), QUEUE).clear();
    assert_eq!(device.raw(KEY), None);
}

#[test]
fn entries_written_by_an_earlier_version_are_read() {
    let device = Memory::default();
    device.set_raw(
        KEY,
        r#"[{"change":{"change_id":"x","code":"2.1","score":null,"note":"","check_on_site":true},"synced":false}]"#,
    );
    let mut o = outbox(&device);
    let batch = o.next().batch.unwrap();
    assert_eq!(batch[0].code, "2.1");
    assert!(batch[0].check_on_site);
}

#[test]
fn the_device_overlays_the_page_it_was_served() {
    let device = Memory::default();
    let o = outbox(&device);
    o.record(change("a1", "1.1", 4)).unwrap();
    let mut own = BTreeMap::from([
        ("1.1".to_string(), OwnScoreView { score: Score::parse(1).ok(), note: String::new(), check_on_site: false }),
        ("1.2".to_string(), OwnScoreView { score: Score::parse(2).ok(), note: "kept".into(), check_on_site: true }),
    ]);
    overlay(&mut own, &o.entries());
    assert_eq!(own["1.1"], OwnScoreView { score: Score::parse(4).ok(), note: "note a1".into(), check_on_site: false });
    assert_eq!(own["1.2"].note, "kept");
}

#[test]
fn a_batch_without_an_answer_goes_out_again_with_the_same_ids() {
    let device = Memory::default();
    let mut o = outbox(&device);
    o.record(change("a1", "1.1", 3)).unwrap();
    let first = o.next().batch.unwrap();
    // Still in flight: nothing else goes out.
    assert_eq!(o.next().batch, None);
    let answer = o.no_answer();
    assert_eq!(answer.state, SyncState::Unsent { timed_out: true });
    assert_eq!(o.pending(), 1);
    assert_eq!(o.next().batch.unwrap(), first);
}
