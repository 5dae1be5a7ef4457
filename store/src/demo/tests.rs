use super::*;
use crate::evidence::BlobStore;
use crate::testing::{INSTRUMENT, store};

#[tokio::test]
async fn demo_data_gives_every_role_something_to_do() {
    let (s, dir) = store().await;
    let i = crate::instruments::parse(INSTRUMENT).unwrap();
    let crate::instruments::Loaded::Inserted { id } = crate::instruments::load(&s, &i).await.unwrap() else { panic!() };
    assert!(s.is_empty().await.unwrap());
    let blobs = BlobStore::new(dir.0.join("evidence"));
    let started = std::time::Instant::now();
    seed(&s, &id, Some(&blobs)).await.unwrap();
    println!("demo seed: {:?}", started.elapsed());
    assert!(!s.is_empty().await.unwrap());

    let token = crate::accounts::login(&s, "asesor1", DEMO_PASSWORD, "ip").await.unwrap().unwrap();
    let asesor = crate::accounts::session_user(&s, &token).await.unwrap().unwrap();
    let work = cycles::assignments(&s, &asesor.actor.user_id).await.unwrap();
    assert_eq!(work.len(), 2);
    assert_eq!(work[0].visit_on.as_deref(), Some("2026-10-14"), "soonest visit first");

    let token = crate::accounts::login(&s, "dinsos", DEMO_PASSWORD, "ip").await.unwrap().unwrap();
    let dinsos = crate::accounts::session_user(&s, &token).await.unwrap().unwrap();
    let counts = cycles::count_by_state(&s, dinsos.actor.scope.as_ref()).await.unwrap();
    assert!(counts.contains(&("submitted".to_string(), 1)), "{counts:?}");
    assert_eq!(crate::institutions::count(&s, None).await.unwrap(), 10);
    let first = crate::paging::PageRequest::first();
    let in_banjarmasin = crate::institutions::list(&s, dinsos.actor.scope.as_ref(), "", first).await.unwrap();
    assert_eq!((in_banjarmasin.rows.len(), in_banjarmasin.more), (3, false));
    assert_eq!(crate::institutions::count(&s, dinsos.actor.scope.as_ref()).await.unwrap(), 3);
    let named = crate::institutions::list(&s, None, "BUDI mulia", first).await.unwrap();
    assert_eq!(named.rows.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["Panti Asuhan Budi Mulia"]);

    let position: String =
        sqlx::query_scalar("select position from users where username = 'dinsos'").fetch_one(&s.pool).await.unwrap();
    assert_eq!(position, "Kepala Bidang Rehabilitasi Sosial Dinas Sosial Kota Banjarmasin");

    // The demo files are on disk where the evidence rows point, with a thumbnail for photos.
    let files: Vec<(String, String)> =
        sqlx::query_as("select distinct e.sha256, e.kind from evidence e").fetch_all(&s.pool).await.unwrap();
    assert_eq!(files.len(), 2, "one photo and one document, stored once");
    for (sha, kind) in files {
        let bytes = blobs.get(&sha, false).await.unwrap();
        assert_eq!(sha, hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)), "content-addressed");
        assert_eq!(blobs.get(&sha, true).await.is_ok(), kind == "photo", "{kind}");
    }
}

/// Every demo cycle is in the state the table gives it, and has what that state implies.
#[tokio::test]
async fn every_demo_cycle_got_to_its_state_through_the_workflow() {
    let d = crate::testing::demo().await;
    let s = &d.store;
    let mut seen = 0;
    for (name, .., state, grade) in INSTITUTIONS {
        let institution = crate::testing::institution(s, name).await;
        let Some(cycle) = cycles::latest_for_institution(s, &institution).await.unwrap() else {
            assert!(state.is_none(), "{name}");
            continue;
        };
        let state = state.unwrap();
        assert_eq!(cycle.state, state.code(), "{name}");
        seen += 1;
        let id = cycle.id.as_str();
        if state == CycleState::Draft {
            assert!(crate::self_assessment::answers(s, id).await.unwrap().is_empty(), "{name}: an empty draft");
            continue;
        }
        assert!(crate::intake::latest_submission(s, id).await.unwrap().is_some(), "{name}: submitted");
        let statuses = crate::self_assessment::answer_statuses(s, id).await.unwrap();
        let gaps = domain::self_assessment::completeness(&d.instrument, &statuses);
        assert!(gaps.is_empty(), "{name}: {} indicators incomplete", gaps.len());

        let reconciled = matches!(state, CycleState::Reconciled | CycleState::Decided);
        let result = crate::reconcile::result(s, id).await.unwrap();
        assert_eq!(result.is_some(), reconciled, "{name}: a result exactly from the reconciliation on");
        if !reconciled {
            assert!(crate::reconcile::finals(s, id).await.unwrap().is_empty(), "{name}");
            continue;
        }
        let finals = crate::reconcile::finals(s, id).await.unwrap();
        assert_eq!(finals.len(), d.instrument.indicator_count(), "{name}: a final score per indicator");
        assert!(finals.iter().any(|f| !f.reason.is_empty()), "{name}: differences explained");
        let recommended: Option<String> =
            sqlx::query_scalar("select recommended_grade from cycle_results where cycle_id = $1")
                .bind(id)
                .fetch_one(&s.pool)
                .await
                .unwrap();
        assert!(recommended.as_deref().and_then(Grade::from_code).is_some(), "{name}: a recommended grade");

        if state == CycleState::Decided {
            let grade = grade.unwrap();
            assert_eq!((result.unwrap().grade.code(), cycle.grade.as_deref()), (grade, Some(grade)), "{name}");
            let decisions = crate::decision::decisions(s, id).await.unwrap();
            assert_eq!(decisions.iter().map(|d| d.kind.as_str()).collect::<Vec<_>>(), ["approve"], "{name}");
            let certificate = crate::certificate::certificate_for_cycle(s, id).await.unwrap().expect("a certificate");
            assert_eq!(certificate.grade, grade);
            assert!(certificate.decree_number.as_deref().is_some_and(|n| n.starts_with("460/")), "{certificate:?}");
            assert!(certificate.signer_position.as_deref().is_some_and(|p| !p.is_empty()), "{certificate:?}");
            assert!(domain::certificate::still_valid(&certificate.valid_until, "2027-12-31"), "{certificate:?}");
            assert_eq!(cycle.valid_until.as_deref(), Some(certificate.valid_until.as_str()));
        }
    }
    assert_eq!(seen, INSTITUTIONS.iter().filter(|i| i.8.is_some()).count());
}

/// The reconciler of every assignment, read for a whole list at once, is the one the policy names
/// for each cycle on its own (supervisor, or the lead assessor where no supervisor is assigned).
#[tokio::test]
async fn reconcilers_of_a_list_agree_with_each_cycle_reference() {
    let d = crate::testing::demo().await;
    let s = &d.store;
    let people: Vec<String> =
        sqlx::query_scalar("select distinct user_id from cycle_assignments").fetch_all(&s.pool).await.unwrap();
    // A cycle with assessors and no supervisor: its lead assessor reconciles.
    let no_supervisor: String = sqlx::query_scalar(
        "select cycle_id from cycle_assignments group by cycle_id having sum(case when duty = 'supervisor' then 1 else 0 end) > 0 limit 1",
    )
    .fetch_one(&s.pool)
    .await
    .unwrap();
    sqlx::query("delete from cycle_assignments where cycle_id = $1 and duty = 'supervisor'")
        .bind(&no_supervisor)
        .execute(&s.pool)
        .await
        .unwrap();
    let mut checked = 0;
    for person in &people {
        let listed = cycles::reconcilers_of(s, person).await.unwrap();
        for a in cycles::assignments(s, person).await.unwrap() {
            let reference = cycles::reference(s, &a.cycle_id).await.unwrap().unwrap();
            assert_eq!(listed.get(&a.cycle_id).map(String::as_str), reference.reconciler(), "{}", a.cycle_id);
            checked += 1;
        }
    }
    assert!(checked >= 4, "{checked} assignments checked");
}
