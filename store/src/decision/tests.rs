use super::*;
use crate::certificate::certificate_for_cycle;
use crate::testing::{SUNAN_GIRI, cycle_state as state_of, reconciled, seeded as demo, user};
use domain::decision::Decision;

#[tokio::test]
async fn rejection_and_send_back_need_the_right_state_and_give_no_certificate() {
    let (s, _dir, instrument) = demo().await;
    let officer = user(&s, "dinsos.magetan").await;
    let cycle = reconciled(&s, SUNAN_GIRI, "B").await;
    let back = Decision::SendBack { reason: "Periksa ulang SDM".into() };
    assert_eq!(decide(&s, &officer, &cycle, &back, "2026-11-23", &instrument).await.unwrap(), DecideOutcome::SentBack);
    assert_eq!(state_of(&s, &cycle).await, "assessors_assigned");
    let results: i64 = sqlx::query_scalar("select count(*) from cycle_results where cycle_id = $1")
        .bind(&cycle)
        .fetch_one(&s.pool)
        .await
        .unwrap();
    assert_eq!(results, 0, "the reconciliation is redone");

    let cycle = reconciled(&s, "Panti Asuhan Bhakti Luhur", "B").await;
    let reject = Decision::Reject { reasons: "Kasus kekerasan tidak ditangani".into() };
    let outcome = decide(&s, &officer, &cycle, &reject, "2026-11-23", &instrument).await.unwrap();
    assert_eq!(outcome, DecideOutcome::Decided { grade: Grade::NotAccredited, certificate: None });
    assert!(certificate_for_cycle(&s, &cycle).await.unwrap().is_none());
}

#[tokio::test]
async fn accreditations_expire_by_date_and_the_trail_records_it() {
    let (s, _dir, instrument) = demo().await;
    let officer = user(&s, "dinsos.magetan").await;
    let cycle = reconciled(&s, SUNAN_GIRI, "C").await;
    decide(&s, &officer, &cycle, &Decision::approve("460/001/DINSOS/2026"), "2026-01-10", &instrument).await.unwrap();
    // Grade C is valid two years: through 2028-01-09.
    assert!(expire_due(&s, "2028-01-09").await.unwrap().iter().all(|c| *c != cycle));
    assert!(expire_due(&s, "2028-01-10").await.unwrap().contains(&cycle));
    assert_eq!(state_of(&s, &cycle).await, "expired");
    assert!(expire_due(&s, "2028-01-11").await.unwrap().is_empty(), "a second run changes nothing");
    // The whole trail, page by page: the demo cycle's self-assessment, visit and reconciliation come first.
    let (mut trail, mut number) = (Vec::new(), 1);
    let total = loop {
        let (page, n) = crate::audit::for_cycle(&s, &cycle, crate::paging::PageRequest::new(number)).await.unwrap();
        trail.extend(page.rows);
        if !page.more {
            break n;
        }
        number += 1;
    };
    assert_eq!(total, trail.len() as i64);
    let state = |s: &str| Some(domain::audit::Change::State { state: s.into() });
    let expiry = trail.iter().find(|e| e.after == state("expired")).unwrap();
    assert_eq!((expiry.before.clone(), expiry.actor.as_deref()), (state("decided"), None), "the system expired it");
    assert!(trail.iter().any(|e| e.action == "issue_certificate"));
}

/// Two app servers on one database run the hourly jobs at the same moment: every accreditation is
/// announced once and expires once, with one trail entry, whichever server got there first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_running_the_hourly_jobs_at_once_do_nothing_twice() {
    let d = crate::testing::demo().await;
    let (one, two) = (d.store, Store::open(&d.url).await.unwrap());
    let decided: Vec<String> = sqlx::query_scalar("select id from cycles where state = 'decided' order by id")
        .fetch_all(&one.pool)
        .await
        .unwrap();
    assert!(decided.len() >= 2, "the demo has decided cycles: {decided:?}");

    let (a, b) = tokio::join!(
        crate::notifications::announce_expiring(&one, "2000-01-01", 365 * 100),
        crate::notifications::announce_expiring(&two, "2000-01-01", 365 * 100)
    );
    assert_eq!((a.unwrap(), b.unwrap()), (decided.len(), decided.len()), "both servers saw every accreditation");
    let (a, b) = tokio::join!(expire_due(&one, "2100-01-01"), expire_due(&two, "2100-01-01"));
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut expired: Vec<String> = a.iter().chain(&b).cloned().collect();
    expired.sort();
    assert_eq!(expired, decided, "each expired by exactly one server (first {a:?}, second {b:?})");

    for kind in ["expiring", "expired"] {
        let per_recipient: Vec<(String, i64)> = sqlx::query_as(
            "select cycle_id, count(*) from notifications where kind = $1
              group by cycle_id, recipient_kind, recipient order by cycle_id",
        )
        .bind(kind)
        .fetch_all(&one.pool)
        .await
        .unwrap();
        let cycles: std::collections::BTreeSet<&String> = per_recipient.iter().map(|(c, _)| c).collect();
        assert_eq!(cycles.len(), decided.len(), "every accreditation announced as {kind}");
        assert!(per_recipient.iter().all(|(_, n)| *n == 1), "{kind} announced twice: {per_recipient:?}");
    }
    let expiries: Vec<(String, i64)> = sqlx::query_as(
        "select entity_id, count(*) from audit_events where action = 'transition' and after_state like '%expired%'
          group by entity_id order by entity_id",
    )
    .fetch_all(&one.pool)
    .await
    .unwrap();
    assert_eq!(expiries.len(), decided.len());
    assert!(expiries.iter().all(|(_, n)| *n == 1), "an expiry recorded twice: {expiries:?}");
}
