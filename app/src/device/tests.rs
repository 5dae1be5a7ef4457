//! The device queues against an in-memory localStorage: key names and JSON as devices in the
//! field hold them, and what a sign-out counts as unsent.

use super::answer_queue::{AnswerQueue, Pending};
use super::photo_queue::{PhotoQueue, Waiting};
use super::storage::{Memory, Storage};
use super::unsent::unsent_on_device;
use super::visit_queue::VisitQueue;
use domain::visit::VisitChange;

fn pending(code: &str, change_id: &str, narrative: &str) -> Pending {
    Pending {
        cycle_id: "c1".into(),
        code: code.into(),
        change_id: change_id.into(),
        base_revision: 2,
        self_score: Some(3),
        narrative: narrative.into(),
    }
}

fn photo(id: &str) -> Waiting {
    Waiting { id: id.into(), code: "1.1".into(), caption: "dapur".into(), refused: None, preview: "blob:x".into() }
}

#[test]
fn an_answer_edit_replaces_the_older_edit_of_its_indicator() {
    let device = Memory::default();
    let q = AnswerQueue::new(device.clone(), "c1");
    q.put(&pending("1.1", "a", "first"));
    q.put(&pending("1.2", "b", "other"));
    q.put(&pending("1.1", "c", "second"));
    assert_eq!(q.load().iter().map(|p| p.change_id.as_str()).collect::<Vec<_>>(), ["b", "c"]);
    assert_eq!(q.pending_for("1.1").unwrap().narrative, "second");
    assert!(device.raw("lksa.pending.c1").unwrap().starts_with(
        r#"[{"cycle_id":"c1","code":"1.2","change_id":"b","base_revision":2,"self_score":3,"narrative":"other"}"#
    ));
}

#[test]
fn an_answer_confirmed_after_a_newer_edit_keeps_the_newer_edit() {
    let q = AnswerQueue::new(Memory::default(), "c1");
    let sent = pending("1.1", "a", "sent");
    q.put(&sent);
    // Typed again while the save (or a conflict answer) was on its way.
    q.put(&pending("1.1", "b", "newer"));
    q.confirm(&sent);
    assert_eq!(q.pending_for("1.1").unwrap().change_id, "b");
    q.confirm(&pending("1.1", "b", "newer"));
    assert_eq!(q.pending_for("1.1"), None);
}

#[test]
fn an_empty_queue_leaves_no_key() {
    let device = Memory::default();
    let q = AnswerQueue::new(device.clone(), "c1");
    let p = pending("1.1", "a", "x");
    q.put(&p);
    q.confirm(&p);
    assert!(device.keys().is_empty());
}

#[test]
fn photos_are_listed_without_their_preview_and_refusals_are_kept() {
    let device = Memory::default();
    let q = PhotoQueue::new(device.clone(), "c1.a1");
    assert!(q.remember(&photo("p1")));
    assert!(q.remember(&photo("p2")));
    assert_eq!(
        device.raw("lksa.visitphotos.c1.a1").unwrap(),
        r#"[{"id":"p1","code":"1.1","caption":"dapur","refused":null},{"id":"p2","code":"1.1","caption":"dapur","refused":null}]"#
    );
    q.mark_refused("p1", "error-not-an-image");
    q.forget_entry("p2");
    let list = q.list();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].refused.as_deref(), Some("error-not-an-image"));
    assert_eq!(list[0].preview, "");
}

#[test]
fn unsent_counts_every_queue_but_synced_scores_and_foreign_keys() {
    let device = Memory::default();
    AnswerQueue::new(device.clone(), "c1").put(&pending("1.1", "a", "x"));
    let visit = VisitQueue::new(device.clone(), "c2.a1");
    let change = |id: &str, code: &str| VisitChange {
        change_id: id.into(),
        code: code.into(),
        score: None,
        note: String::new(),
        check_on_site: false,
    };
    visit.put(change("v1", "1.1"));
    visit.put(change("v2", "1.2"));
    visit.confirm(&["v1".to_string()]);
    PhotoQueue::new(device.clone(), "c2.a1").remember(&photo("p1"));
    device.set_raw("other.site", "not json");
    device.set_raw("lksa.visit.broken", "{");
    // 1 edit + 1 unsynced score + 1 photo.
    assert_eq!(unsent_on_device(&device), 3);
}
