use super::*;
use crate::accounts::{NewUser, create_user};
use crate::institutions::{NewInstitution, create, create_province, create_regency};
use crate::testing::store;
use domain::Role;

const SMALL: &str = r#"
code = "UJI"
version = "1"
title = "Instrumen uji"
[grading]
band_a = 86.0
band_b = 71.0
band_c = 56.0
critical_zero_cap = "C"
component_floor_percent = 40.0
component_floor_cap = "C"
[validity_years]
a = 5
b = 3
c = 2
[[rubric]]
level = 0
label = "0"
descriptor = "d0"
[[rubric]]
level = 1
label = "1"
descriptor = "d1"
[[rubric]]
level = 2
label = "2"
descriptor = "d2"
[[rubric]]
level = 3
label = "3"
descriptor = "d3"
[[rubric]]
level = 4
label = "4"
descriptor = "d4"
[[components]]
code = "PR"
name = "Program"
weight = 40
[[components.indicators]]
code = "PR.1.01"
text = "Izin operasional berlaku"
weight = 2
evidence = ["document"]
[[components.indicators]]
code = "PR.1.02"
text = "Visi misi berbasis hak anak"
weight = 1
evidence = ["document", "interview"]
[[components]]
code = "SP"
name = "Sarana"
weight = 60
[[components.indicators]]
code = "SP.1.01"
text = "APAR tersedia dan berfungsi"
weight = 3
critical = true
evidence = ["photo", "observation"]
descriptors = ["a", "b", "c", "d", "e"]
"#;

struct Fixture {
    store: Store,
    _dir: crate::testing::TempDir,
    cycle: String,
    manager: String,
    dinsos: String,
    instrument: Instrument,
}

async fn fixture() -> Fixture {
    let (s, dir) = store().await;
    let instrument = crate::instruments::parse(SMALL).unwrap();
    let crate::instruments::Loaded::Inserted { id: version } = crate::instruments::load(&s, &instrument).await.unwrap()
    else {
        panic!()
    };
    create_province(&s, "63", "Kalimantan Selatan").await.unwrap();
    create_regency(&s, "63.71", "63", "Kota Banjarmasin").await.unwrap();
    let inst = create(
        &s,
        NewInstitution {
            name: "Panti Uji".into(),
            regency_id: "63.71".into(),
            address: "Jl. Uji".into(),
            foundation: "Yayasan Uji".into(),
            capacity: 10,
            children_count: 8,
            staff_count: 3,
            registration_number: None,
            registration_expires_on: None,
            permit_number: None,
            permit_expires_on: None,
        },
    )
    .await
    .unwrap();
    let user = |name: &str, role| NewUser {
        username: name.into(),
        full_name: name.into(),
        password: "sandi-uji-1".into(),
        role,
        institution_id: None,
        province_id: None,
        regency_id: None,
        can_approve: false,
    };
    let manager =
        create_user(&s, NewUser { institution_id: Some(inst.clone()), ..user("m", Role::InstitutionManager) })
            .await
            .unwrap();
    let dinsos = create_user(&s, user("d", Role::DinsosOfficer)).await.unwrap();
    let cycle = crate::cycles::create(&s, &inst, &version, CycleState::Draft).await.unwrap();
    Fixture { store: s, _dir: dir, cycle, manager, dinsos, instrument }
}

fn input(change: &str, code: &str, base: i64, score: Option<u8>, narrative: &str) -> AnswerInput {
    AnswerInput {
        change_id: change.into(),
        indicator_code: code.into(),
        base_revision: base,
        self_score: score.map(|s| Score::parse(s.into()).unwrap()),
        narrative: narrative.into(),
    }
}

async fn attach_photo(f: &Fixture, code: &str) {
    sqlx::query("insert into blobs (sha256, content_type, size_bytes, width, height, created_at) values ('abc', 'image/jpeg', 10, 1, 1, 0) on conflict (sha256) do nothing")
        .execute(&f.store.pool)
        .await
        .unwrap();
    sqlx::query("insert into evidence (id, cycle_id, indicator_code, kind, sha256, uploaded_by, created_at) values ($1, $2, $3, 'photo', 'abc', $4, $5)")
        .bind(new_id())
        .bind(&f.cycle)
        .bind(code)
        .bind(&f.manager)
        .bind(now())
        .execute(&f.store.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn saves_are_versioned_idempotent_and_conflicts_are_reported() {
    let f = fixture().await;
    let s = &f.store;
    let first = input("c1", "PR.1.01", 0, Some(3), "Izin berlaku sampai 2029");
    assert_eq!(save_answer(s, &f.manager, &f.cycle, &first).await.unwrap(), SaveOutcome::Saved { revision: 1 });
    // The same change replayed (lost response, offline queue sent twice) is stored once.
    assert_eq!(
        save_answer(s, &f.manager, &f.cycle, &first).await.unwrap(),
        SaveOutcome::AlreadyApplied { revision: 1 }
    );
    assert_eq!(
        save_answer(s, &f.manager, &f.cycle, &input("c2", "PR.1.01", 1, Some(4), "")).await.unwrap(),
        SaveOutcome::Saved { revision: 2 }
    );
    // A second tab still at revision 1 is told, with the newer version, instead of overwriting.
    match save_answer(s, &f.manager, &f.cycle, &input("c3", "PR.1.01", 1, Some(1), "basi")).await.unwrap() {
        SaveOutcome::Conflict { current } => {
            assert_eq!((current.self_score, current.revision), (Score::parse(4).ok(), 2))
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let rows = answers(s, &f.cycle).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].self_score, Score::parse(4).ok());
    let audits: i64 = sqlx::query_scalar("select count(*) from audit_events where action = 'save_answer'")
        .fetch_one(&s.pool)
        .await
        .unwrap();
    assert_eq!(audits, 2, "one audit row per stored change");
}

#[tokio::test]
async fn submit_lists_what_is_missing_then_locks_the_answers() {
    let f = fixture().await;
    let s = &f.store;
    save_answer(s, &f.manager, &f.cycle, &input("a", "PR.1.01", 0, Some(3), "")).await.unwrap();
    let SubmitOutcome::Incomplete(missing) = submit(s, &f.manager, &f.cycle, &f.instrument).await.unwrap() else {
        panic!()
    };
    let codes: Vec<_> = missing.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, ["PR.1.02", "SP.1.01"]);

    save_answer(s, &f.manager, &f.cycle, &input("b", "PR.1.02", 0, Some(2), "")).await.unwrap();
    save_answer(s, &f.manager, &f.cycle, &input("c", "SP.1.01", 0, Some(4), "")).await.unwrap();
    assert!(
        matches!(submit(s, &f.manager, &f.cycle, &f.instrument).await.unwrap(), SubmitOutcome::Incomplete(_)),
        "critical photo missing"
    );
    attach_photo(&f, "SP.1.01").await;
    let SubmitOutcome::Submitted { round, .. } = submit(s, &f.manager, &f.cycle, &f.instrument).await.unwrap() else {
        panic!()
    };
    assert_eq!(round, 1);
    assert_eq!(
        save_answer(s, &f.manager, &f.cycle, &input("d", "PR.1.01", 1, Some(0), "")).await.unwrap(),
        SaveOutcome::NotEditable
    );
    assert_eq!(
        submit(s, &f.manager, &f.cycle, &f.instrument).await.unwrap(),
        SubmitOutcome::NotAllowed(CycleState::Submitted)
    );
}

#[tokio::test]
async fn a_returned_submission_reopens_only_the_indicators_with_reasons() {
    let f = fixture().await;
    let s = &f.store;
    for (n, code) in ["PR.1.01", "PR.1.02", "SP.1.01"].iter().enumerate() {
        save_answer(s, &f.manager, &f.cycle, &input(&format!("x{n}"), code, 0, Some(3), "")).await.unwrap();
    }
    attach_photo(&f, "SP.1.01").await;
    assert!(matches!(submit(s, &f.manager, &f.cycle, &f.instrument).await.unwrap(), SubmitOutcome::Submitted { .. }));

    assert!(
        !return_for_revision(s, &f.dinsos, &f.cycle, &[("PR.1.02".into(), "  ".into())]).await.unwrap(),
        "a reason is required"
    );
    assert!(
        return_for_revision(
            s,
            &f.dinsos,
            &f.cycle,
            &[("PR.1.02".into(), "Lampirkan dokumen visi misi yang ditandatangani".into())]
        )
        .await
        .unwrap()
    );
    assert_eq!(
        revision_reasons(s, &f.cycle).await.unwrap()["PR.1.02"],
        "Lampirkan dokumen visi misi yang ditandatangani"
    );

    assert_eq!(
        save_answer(s, &f.manager, &f.cycle, &input("y1", "PR.1.01", 1, Some(4), "")).await.unwrap(),
        SaveOutcome::NotEditable
    );
    // Resubmitting records what changed since the first submission.
    assert_eq!(
        save_answer(s, &f.manager, &f.cycle, &input("y2", "PR.1.02", 1, Some(4), "Dokumen terlampir")).await.unwrap(),
        SaveOutcome::Saved { revision: 2 }
    );
    let SubmitOutcome::Submitted { round, changed } = submit(s, &f.manager, &f.cycle, &f.instrument).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(round, 2);
    assert_eq!(changed, ["PR.1.02"]);
    let transitions: Vec<String> =
        sqlx::query_scalar("select after_state from audit_events where action = 'transition' order by created_at, seq")
            .fetch_all(&s.pool)
            .await
            .unwrap();
    let state = |s: &str| domain::audit::Change::State { state: s.into() }.write();
    assert_eq!(transitions, [state("submitted"), state("returned"), state("submitted")]);
}
