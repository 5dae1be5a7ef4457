use super::*;
use crate::testing::{
    AISYIYAH, change, codes, count, cycle_of, cycle_state, demo, first_score, score, score_everything, second_score,
    stored, user,
};

/// asesor1's score events on one cycle: the demo's reconciled cycle holds their scores too.
const A1_SCORE_EVENTS: &str =
    "select count(*) from audit_events where action = 'visit_score' and entity_id like $1 || '/%'
    and actor_user_id = (select id from users where username = 'asesor1')";

#[tokio::test]
async fn replaying_a_sync_batch_stores_each_score_once() {
    let d = demo().await;
    let s = &d.store;
    let cycle = cycle_of(s, AISYIYAH).await;
    assert_eq!(cycle_state(s, &cycle).await, "assessors_assigned");
    let a1 = user(s, "asesor1").await;
    let codes = codes(&d.instrument);
    let batch = vec![
        change("t1", &codes[0], Some(3), "Izin operasional terpasang di ruang tamu"),
        change("t2", &codes[1], Some(2), ""),
        VisitChange { check_on_site: true, ..change("t3", &codes[2], None, "Periksa buku kas") },
    ];
    let ids = ["t1", "t2", "t3"].map(String::from).to_vec();
    assert_eq!(stored(sync(s, &a1, &cycle, &d.instrument, &batch).await.unwrap()), (ids.clone(), 0));
    // The tablet lost the response and sends the same batch again.
    assert_eq!(stored(sync(s, &a1, &cycle, &d.instrument, &batch).await.unwrap()), (ids, 3));

    let scores_sql = "select count(*) from visit_scores where cycle_id = $1 and assessor_id = $2";
    let n: i64 = sqlx::query_scalar(scores_sql).bind(&cycle).bind(&a1).fetch_one(&s.pool).await.unwrap();
    assert_eq!(n, 3);
    let n: i64 = sqlx::query_scalar("select count(*) from visit_changes where cycle_id = $1 and assessor_id = $2")
        .bind(&cycle)
        .bind(&a1)
        .fetch_one(&s.pool)
        .await
        .unwrap();
    assert_eq!(n, 3);
    assert_eq!(count(s, A1_SCORE_EVENTS, &cycle).await, 3);
    let rows = scores_of(s, &cycle, &a1).await.unwrap();
    let got: Vec<_> = rows.iter().map(|r| (r.indicator_code.as_str(), r.score, r.check_on_site)).collect();
    assert_eq!(
        got,
        [
            (codes[0].as_str(), Some(score(3)), false),
            (codes[1].as_str(), Some(score(2)), false),
            (codes[2].as_str(), None, true)
        ]
    );
    assert_eq!(as_scores(&rows).len(), 2, "a note without a score is not a score");

    // A later edit of the same indicator replaces the score.
    let later = change("t4", &codes[1], Some(4), "Setelah melihat dokumen asli");
    assert_eq!(
        stored(sync(s, &a1, &cycle, &d.instrument, std::slice::from_ref(&later)).await.unwrap()),
        (vec!["t4".into()], 0)
    );
    let rows = scores_of(s, &cycle, &a1).await.unwrap();
    assert_eq!(rows.len(), 3);
    let edited: Vec<_> = rows.iter().filter(|r| r.indicator_code == codes[1]).collect();
    assert_eq!(edited.len(), 1);
    assert_eq!((edited[0].score, edited[0].note.as_str()), (Some(score(4)), "Setelah melihat dokumen asli"));
    assert_eq!(count(s, A1_SCORE_EVENTS, &cycle).await, 4);
    let before: String = sqlx::query_scalar(
        "select before_state from audit_events where action = 'visit_score' and entity_id = $1 and before_state is not null",
    )
    .bind(format!("{cycle}/{}", codes[1]))
    .fetch_one(&s.pool)
    .await
    .unwrap();
    assert!(
        matches!(
            domain::audit::Change::read("visit_score", &before),
            domain::audit::Change::VisitScore { score: Some(2), .. }
        ),
        "the audit keeps the replaced score: {before}"
    );

    // Another assessor's scores are kept apart.
    let a2 = user(s, "asesor2").await;
    assert!(scores_of(s, &cycle, &a2).await.unwrap().is_empty());
    // An indicator outside the instrument is refused, and nothing of the batch is stored.
    let bad = [change("t5", &codes[3], Some(1), ""), change("t6", "XX.9.99", Some(1), "")];
    assert!(sync(s, &a1, &cycle, &d.instrument, &bad).await.is_err());
    assert_eq!(scores_of(s, &cycle, &a1).await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_visit_is_complete_when_both_assessors_submit() {
    let d = demo().await;
    let s = &d.store;
    let cycle = cycle_of(s, AISYIYAH).await;
    let (a1, a2) = (user(s, "asesor1").await, user(s, "asesor2").await);
    let codes = codes(&d.instrument);

    let partial = [change("p1", &codes[0], Some(3), ""), change("p2", &codes[1], None, "Belum dinilai")];
    stored(sync(s, &a1, &cycle, &d.instrument, &partial).await.unwrap());
    let VisitSubmitOutcome::Unscored(missing) = submit(s, &a1, &cycle, &d.instrument).await.unwrap() else {
        panic!("expected unscored indicators")
    };
    assert_eq!(missing, codes[1..], "every indicator without a score, in instrument order");
    assert!(submitted(s, &cycle).await.unwrap().is_empty());

    stored(sync(s, &a1, &cycle, &d.instrument, &score_everything(&d.instrument, "a1", first_score)).await.unwrap());
    assert_eq!(
        submit(s, &a1, &cycle, &d.instrument).await.unwrap(),
        VisitSubmitOutcome::Submitted { visit_complete: false }
    );
    assert_eq!(cycle_state(s, &cycle).await, "assessors_assigned");
    // Once submitted, this assessor's scores are closed; the other assessor still works.
    assert_eq!(sync(s, &a1, &cycle, &d.instrument, &partial).await.unwrap(), SyncOutcome::Closed);
    assert_eq!(submit(s, &a1, &cycle, &d.instrument).await.unwrap(), VisitSubmitOutcome::Closed);
    assert_eq!(submitted(s, &cycle).await.unwrap().keys().collect::<Vec<_>>(), [&a1]);

    stored(sync(s, &a2, &cycle, &d.instrument, &score_everything(&d.instrument, "a2", second_score)).await.unwrap());
    assert_eq!(
        submit(s, &a2, &cycle, &d.instrument).await.unwrap(),
        VisitSubmitOutcome::Submitted { visit_complete: true }
    );
    assert_eq!(cycle_state(s, &cycle).await, "visited");
    assert_eq!(submitted(s, &cycle).await.unwrap().len(), 2);

    let late = [change("late", &codes[0], Some(0), "")];
    assert_eq!(sync(s, &a2, &cycle, &d.instrument, &late).await.unwrap(), SyncOutcome::Closed);
    assert_eq!(sync(s, &a1, &cycle, &d.instrument, &late).await.unwrap(), SyncOutcome::Closed);
    assert_eq!(scores_of(s, &cycle, &a2).await.unwrap()[0].score, Some(score(second_score(0))));
    let transitions = count(
        s,
        "select count(*) from audit_events where action = 'transition' and entity_id = $1 and after_state like '%\"visited\"%'",
        &cycle,
    )
    .await;
    assert_eq!(transitions, 1);
}

/// Two servers on one database take both assessors' saves at once, each save also replayed on the
/// other server (a tablet retrying through the proxy): every score is stored once, with one
/// numbered trail entry, whichever server answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_saving_at_once_store_each_change_once() {
    let d = demo().await;
    let servers = [d.store.clone(), Store::open(&d.url).await.unwrap()];
    let cycle = cycle_of(&servers[0], AISYIYAH).await;
    let assessors = [user(&servers[0], "asesor1").await, user(&servers[0], "asesor2").await];
    let instrument = std::sync::Arc::new(d.instrument.clone());
    let mut saves = Vec::new();
    for (n, code) in codes(&d.instrument).into_iter().enumerate() {
        for (a, assessor) in assessors.iter().enumerate() {
            let one = change(&format!("two-{a}-{n}"), &code, Some(first_score(n + a)), "");
            for server in [(n + a) % 2, (n + a + 1) % 2] {
                let (s, i, assessor, cycle, one) =
                    (servers[server].clone(), instrument.clone(), assessor.clone(), cycle.clone(), one.clone());
                saves.push(tokio::spawn(async move { sync(&s, &assessor, &cycle, &i, &[one]).await }));
            }
        }
    }
    let sent = saves.len();
    let mut duplicates = 0;
    for save in saves {
        duplicates += stored(save.await.unwrap().unwrap()).1;
    }
    assert_eq!(duplicates, sent / 2, "each change stored by one server and recognised by the other");
    let changes = count(&servers[0], "select count(*) from visit_changes where cycle_id = $1", &cycle).await;
    let scores = count(&servers[0], "select count(*) from visit_scores where cycle_id = $1", &cycle).await;
    let events = count(
        &servers[0],
        "select count(distinct seq) from audit_events where action = 'visit_score' and entity_id like $1 || '/%'",
        &cycle,
    )
    .await;
    let indicators = d.instrument.indicators().count() as i64;
    assert_eq!((changes, scores, events), (2 * indicators, 2 * indicators, 2 * indicators));
}
