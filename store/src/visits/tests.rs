use super::*;
use crate::testing::{TempDir, store};
use domain::visit::ReconcileError;

const INSTRUMENT: &str = include_str!("../../../instrument/snpa-lksa-2026.1.toml");
/// The demo institution whose cycle has asesor1, asesor2 and the supervisor assigned.
const AISYIYAH: &str = "Panti Asuhan Putri Aisyiyah";

struct Demo {
    store: Store,
    _dir: TempDir,
    instrument: Instrument,
    version: String,
}

/// A fresh database with the real instrument and the demo data loaded.
async fn demo() -> Demo {
    let (s, dir) = store().await;
    let instrument = crate::instruments::parse(INSTRUMENT).unwrap();
    let crate::instruments::Loaded::Inserted { id: version } = crate::instruments::load(&s, &instrument).await.unwrap()
    else {
        panic!("instrument not inserted")
    };
    crate::demo::seed(&s, &version).await.unwrap();
    Demo { store: s, _dir: dir, instrument, version }
}

async fn user(s: &Store, username: &str) -> String {
    sqlx::query_scalar("select id from users where username = $1").bind(username).fetch_one(&s.pool).await.unwrap()
}

async fn institution(s: &Store, name: &str) -> String {
    sqlx::query_scalar("select id from institutions where name = $1").bind(name).fetch_one(&s.pool).await.unwrap()
}

async fn cycle_of(s: &Store, institution_name: &str) -> String {
    let id = institution(s, institution_name).await;
    crate::cycles::latest_for_institution(s, &id).await.unwrap().unwrap().id
}

async fn cycle_state(s: &Store, cycle_id: &str) -> String {
    crate::cycles::get(s, cycle_id).await.unwrap().unwrap().state
}

async fn count(s: &Store, sql: &'static str, cycle_id: &str) -> i64 {
    sqlx::query_scalar(sql).bind(cycle_id).fetch_one(&s.pool).await.unwrap()
}

fn score(v: u8) -> Score {
    Score::parse(v.into()).unwrap()
}

fn change(id: &str, code: &str, value: Option<u8>, note: &str) -> VisitChange {
    VisitChange {
        change_id: id.into(),
        code: code.into(),
        score: value.map(score),
        note: note.into(),
        check_on_site: false,
    }
}

fn codes(i: &Instrument) -> Vec<String> {
    i.indicators().map(|(_, x)| x.code.clone()).collect()
}

/// asesor1's score of the n-th indicator.
fn first_score(n: usize) -> u8 {
    3 + (n % 2) as u8
}

/// asesor2's score of the n-th indicator: always one level apart from asesor1's.
fn second_score(n: usize) -> u8 {
    4 - (n % 2) as u8
}

/// One change per indicator of the instrument, scored by `value`.
fn score_everything(i: &Instrument, prefix: &str, value: fn(usize) -> u8) -> Vec<VisitChange> {
    codes(i).iter().enumerate().map(|(n, code)| change(&format!("{prefix}-{n}"), code, Some(value(n)), "")).collect()
}

fn stored(outcome: SyncOutcome) -> (Vec<String>, usize) {
    match outcome {
        SyncOutcome::Stored { applied, duplicates } => (applied, duplicates),
        SyncOutcome::Closed => panic!("the visit should be open"),
    }
}

/// Both assessors score every indicator and submit: the Aisyiyah cycle becomes visited.
async fn visited(d: &Demo) -> (String, String, String) {
    let s = &d.store;
    let cycle = cycle_of(s, AISYIYAH).await;
    let (a1, a2) = (user(s, "asesor1").await, user(s, "asesor2").await);
    stored(sync(s, &a1, &cycle, &d.instrument, &score_everything(&d.instrument, "a1", first_score)).await.unwrap());
    stored(sync(s, &a2, &cycle, &d.instrument, &score_everything(&d.instrument, "a2", second_score)).await.unwrap());
    assert_eq!(
        submit(s, &a1, &cycle, &d.instrument).await.unwrap(),
        VisitSubmitOutcome::Submitted { visit_complete: false }
    );
    assert_eq!(
        submit(s, &a2, &cycle, &d.instrument).await.unwrap(),
        VisitSubmitOutcome::Submitted { visit_complete: true }
    );
    assert_eq!(cycle_state(s, &cycle).await, "visited");
    (cycle, a1, a2)
}

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
    assert_eq!(
        count(s, "select count(*) from audit_events where action = 'visit_score' and actor_user_id = $1", &a1).await,
        3
    );
    let rows = scores_of(s, &cycle, &a1).await.unwrap();
    let got: Vec<_> = rows.iter().map(|r| (r.indicator_code.as_str(), r.score, r.check_on_site)).collect();
    assert_eq!(
        got,
        [(codes[0].as_str(), Some(3), false), (codes[1].as_str(), Some(2), false), (codes[2].as_str(), None, true)]
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
    assert_eq!((edited[0].score, edited[0].note.as_str()), (Some(4), "Setelah melihat dokumen asli"));
    assert_eq!(
        count(s, "select count(*) from audit_events where action = 'visit_score' and actor_user_id = $1", &a1).await,
        4
    );
    let before: String = sqlx::query_scalar(
        "select before_state from audit_events where action = 'visit_score' and entity_id = $1 and before_state is not null",
    )
    .bind(format!("{cycle}/{}", codes[1]))
    .fetch_one(&s.pool)
    .await
    .unwrap();
    assert!(before.contains('2'), "the audit keeps the replaced score: {before}");

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
    assert_eq!(scores_of(s, &cycle, &a2).await.unwrap()[0].score, Some(i64::from(second_score(0))));
    let transitions = count(
        s,
        "select count(*) from audit_events where action = 'transition' and entity_id = $1 and after_state = 'visited'",
        &cycle,
    )
    .await;
    assert_eq!(transitions, 1);
}

#[tokio::test]
async fn reconciliation_stores_finals_result_and_audits_overrides() {
    let d = demo().await;
    let s = &d.store;
    let (cycle, a1, a2) = visited(&d).await;
    let supervisor = user(s, "supervisor").await;
    let first = as_scores(&scores_of(s, &cycle, &a1).await.unwrap());
    let second = as_scores(&scores_of(s, &cycle, &a2).await.unwrap());
    assert_eq!(first.len(), d.instrument.indicator_count());

    // The reconciler takes asesor1's score everywhere except the first indicator, which gets
    // a score neither assessor gave (3 and 4).
    let codes = codes(&d.instrument);
    let mut finals: Vec<FinalScore> = codes
        .iter()
        .enumerate()
        .map(|(n, code)| FinalScore { code: code.clone(), score: score(first_score(n)), reason: String::new() })
        .collect();
    finals[0].score = score(1);
    assert_ne!(Some(&finals[0].score), first.get(&codes[0]));
    assert_ne!(Some(&finals[0].score), second.get(&codes[0]));

    assert_eq!(
        reconcile(s, &supervisor, &cycle, &d.instrument, [&first, &second], &finals).await.unwrap(),
        ReconcileOutcome::Invalid(ReconcileError::ReasonRequired(vec![codes[0].clone()]))
    );
    assert_eq!(cycle_state(s, &cycle).await, "visited");
    assert!(finals_of(s, &cycle).await.is_empty());
    assert_eq!(result(s, &cycle).await.unwrap(), None);

    finals[0].reason = "  Izin operasional kedaluwarsa; perpanjangan belum diajukan  ".into();
    let expected_scores: Scores = finals.iter().map(|f| (f.code.clone(), f.score)).collect();
    let expected = domain::evaluate(&d.instrument, &expected_scores).unwrap();
    let ReconcileOutcome::Reconciled(evaluation) =
        reconcile(s, &supervisor, &cycle, &d.instrument, [&first, &second], &finals).await.unwrap()
    else {
        panic!("expected the cycle to be reconciled")
    };
    assert_eq!(evaluation.grade, expected.grade);
    assert_eq!(*evaluation, expected);

    let mut stored_finals = finals_of(s, &cycle).await;
    stored_finals.sort_by(|a, b| a.code.cmp(&b.code));
    let mut wanted = finals.clone();
    wanted[0].reason = wanted[0].reason.trim().to_string();
    wanted.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(stored_finals, wanted);
    assert_eq!(result(s, &cycle).await.unwrap(), Some(expected.clone()));
    assert_eq!(cycle_state(s, &cycle).await, "reconciled");

    let overrides: Vec<(String, Option<String>)> =
        sqlx::query_as("select entity_id, actor_user_id from audit_events where action = 'override_score'")
            .fetch_all(&s.pool)
            .await
            .unwrap();
    assert_eq!(overrides, [(format!("{cycle}/{}", codes[0]), Some(supervisor.clone()))]);
    let (total, grade): (i64, String) =
        sqlx::query_as("select total_hundredths, recommended_grade from cycle_results where cycle_id = $1")
            .bind(&cycle)
            .fetch_one(&s.pool)
            .await
            .unwrap();
    assert_eq!((total, grade.as_str()), (expected.total_hundredths, expected.grade.code()));

    // Reconciling twice is refused by the workflow.
    assert_eq!(
        reconcile(s, &supervisor, &cycle, &d.instrument, [&first, &second], &finals).await.unwrap(),
        ReconcileOutcome::NotAllowed(CycleState::Reconciled)
    );
}

async fn finals_of(s: &Store, cycle: &str) -> Vec<FinalScore> {
    finals(s, cycle).await.unwrap()
}

#[tokio::test]
async fn assignment_refuses_conflicts_and_duplicates() {
    let d = demo().await;
    let s = &d.store;
    let inst = institution(s, "Panti Asuhan Nurul Iman").await;
    let cycle = crate::cycles::create(s, &inst, &d.version, CycleState::Accepted).await.unwrap();
    let dinsos = user(s, "dinsos.kalsel").await;
    let (a1, a2, sup, manager) =
        (user(s, "asesor1").await, user(s, "asesor2").await, user(s, "supervisor").await, user(s, "pengelola").await);

    declare_conflict(s, &a2, &inst, "  Adik kandung pengurus yayasan  ").await.unwrap();
    declare_conflict(s, &a2, &inst, "Dinyatakan ulang").await.unwrap();
    assert_eq!(conflicted(s, &inst).await.unwrap(), std::slice::from_ref(&a2));
    assert_eq!(
        conflicts_of(s, &a2).await.unwrap(),
        [(inst.clone(), "Panti Asuhan Nurul Iman".to_string(), "Adik kandung pengurus yayasan".to_string())]
    );
    assert_eq!(
        count(s, "select count(*) from audit_events where action = 'declare_conflict' and entity_id = $1", &inst).await,
        1
    );

    let assignments = "select count(*) from cycle_assignments where cycle_id = $1";
    let with = |lead, second, supervisor| Assignment { lead, second, supervisor, visit_on: "2026-12-15" };
    assert_eq!(
        assign(s, &dinsos, &cycle, &with(&a1, &a2, Some(&sup))).await.unwrap(),
        AssignOutcome::Conflict(a2.clone())
    );
    assert_eq!(count(s, assignments, &cycle).await, 0);
    assert_eq!(assign(s, &dinsos, &cycle, &with(&a1, &a1, None)).await.unwrap(), AssignOutcome::InvalidPeople);
    assert_eq!(assign(s, &dinsos, &cycle, &with(&a1, &manager, None)).await.unwrap(), AssignOutcome::InvalidPeople);
    // An assessor does not supervise, and the supervisor cannot also be one of the assessors.
    assert_eq!(assign(s, &dinsos, &cycle, &with(&a1, &sup, Some(&a1))).await.unwrap(), AssignOutcome::InvalidPeople);
    assert_eq!(assign(s, &dinsos, &cycle, &with(&a1, &sup, Some(&sup))).await.unwrap(), AssignOutcome::InvalidPeople);
    assert_eq!(count(s, assignments, &cycle).await, 0);
    assert_eq!(cycle_state(s, &cycle).await, "accepted");
    assert_eq!(crate::cycles::get(s, &cycle).await.unwrap().unwrap().visit_on, None);

    // A supervisor may act as the second assessor.
    assert_eq!(assign(s, &dinsos, &cycle, &with(&a1, &sup, None)).await.unwrap(), AssignOutcome::Assigned);
    let row = crate::cycles::get(s, &cycle).await.unwrap().unwrap();
    assert_eq!((row.state.as_str(), row.visit_on.as_deref()), ("assessors_assigned", Some("2026-12-15")));
    let r = crate::cycles::reference(s, &cycle).await.unwrap().unwrap();
    assert_eq!(r.assessors, [a1.clone(), sup.clone()], "the lead first");
    assert_eq!(r.supervisor, None);
    assert_eq!(
        count(s, "select count(*) from audit_events where action = 'assign' and entity_id = $1", &cycle).await,
        1
    );

    assert_eq!(
        assign(s, &dinsos, &cycle, &with(&a2, &a1, None)).await.unwrap(),
        AssignOutcome::NotAllowed(CycleState::AssessorsAssigned)
    );
    assert_eq!(count(s, assignments, &cycle).await, 2);
    let staff: Vec<String> = visit_staff(s).await.unwrap().into_iter().map(|p| p.id).collect();
    assert!(staff.contains(&a1) && staff.contains(&a2) && staff.contains(&sup) && !staff.contains(&manager));
}

#[tokio::test]
async fn queue_lists_applications_in_the_region_oldest_first() {
    let d = demo().await;
    let s = &d.store;
    let token = crate::accounts::login(s, "dinsos", crate::demo::DEMO_PASSWORD, "ip").await.unwrap().unwrap();
    let officer = crate::accounts::session_user(s, &token).await.unwrap().unwrap();
    let scope = RegionScope::Regency { province: "63".into(), regency: "63.71".into() };
    assert_eq!(officer.actor.scope.as_ref(), Some(&scope));

    let rows = queue(s, Some(&scope)).await.unwrap();
    let in_regency: Vec<String> =
        crate::institutions::list(s, Some(&scope)).await.unwrap().into_iter().map(|i| i.id).collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| in_regency.contains(&r.institution_id) && r.regency_name == "Kota Banjarmasin"),
        "{rows:?}"
    );
    assert_eq!(rows[0].institution_name, "LKSA Al-Hidayah");
    assert_eq!(rows[0].state, "submitted");
    let names: Vec<&str> = rows.iter().map(|r| r.institution_name.as_str()).collect();
    assert!(names.contains(&AISYIYAH), "{names:?}");
    assert!(!names.contains(&"Panti Asuhan Budi Mulia"), "a draft is not in the queue");
    assert!(!names.contains(&"Panti Asuhan Kasih Bunda"), "another regency");
    // The whole country's queue also holds the other regencies' applications.
    assert!(queue(s, None).await.unwrap().len() > rows.len());

    let officer_id = officer.actor.user_id;
    assert!(accept(s, &officer_id, &rows[0].cycle_id).await.unwrap());
    assert!(!accept(s, &officer_id, &rows[0].cycle_id).await.unwrap());
    assert_eq!(cycle_state(s, &rows[0].cycle_id).await, "accepted");
    let rows = queue(s, Some(&scope)).await.unwrap();
    assert!(rows.iter().any(|r| r.institution_name == "LKSA Al-Hidayah" && r.state == "accepted"));
}
