use super::*;
use crate::certificate::{certificate_for_cycle, verify};
use crate::decision::{DecideOutcome, decide};
use crate::testing::{SUNAN_GIRI, cycle_state as state_of, reconciled, seeded as demo, user};
use domain::decision::Decision;

#[tokio::test]
async fn an_appeal_within_the_window_can_change_the_grade_and_reissues_the_certificate() {
    let (s, _dir, instrument) = demo().await;
    let officer = user(&s, "dinsos.magetan").await;
    let manager = user(&s, "pengelola.magetan").await;
    let cycle = reconciled(&s, SUNAN_GIRI, "B").await;
    let DecideOutcome::Decided { certificate: Some(first), .. } =
        decide(&s, &officer, &cycle, &Decision::approve("460/001/DINSOS/2026"), "2026-11-01", &instrument)
            .await
            .unwrap()
    else {
        panic!()
    };
    assert_eq!(appeal_until(&s, &cycle, 30).await.unwrap().as_deref(), Some("2026-12-01"));
    let late = file_appeal(&s, &manager, &cycle, "Alasan banding yang cukup panjang", "2026-12-02", 30).await.unwrap();
    assert_eq!(late, AppealOutcome::TooLate { deadline: "2026-12-01".into() });
    let filed = file_appeal(&s, &manager, &cycle, "Alasan banding yang cukup panjang", "2026-12-01", 30).await.unwrap();
    assert_eq!(filed, AppealOutcome::Filed);
    assert_eq!(state_of(&s, &cycle).await, "appealed");

    let second_officer = user(&s, "kabid.magetan").await;
    let ResolveOutcome::Resolved { certificate: Some(new) } = resolve_appeal(
        &s,
        &second_officer,
        &cycle,
        &Resolution::ChangeGrade(Grade::A),
        "Bukti pelatihan diterima",
        "2026-12-10",
        &instrument,
    )
    .await
    .unwrap() else {
        panic!()
    };
    assert_eq!(new.grade, "A");
    assert_ne!(new.number, first.number);
    assert_eq!(state_of(&s, &cycle).await, "decided");
    assert_eq!(certificate_for_cycle(&s, &cycle).await.unwrap().unwrap().number, new.number);
    assert!(verify(&s, &first.verification_code).await.unwrap().unwrap().revoked_at.is_some());
    let a = appeal(&s, &cycle).await.unwrap().unwrap();
    assert_eq!((a.outcome.as_deref(), a.outcome_grade.as_deref()), (Some("changed"), Some("A")));
    // One appeal per decision.
    let twice = file_appeal(&s, &manager, &cycle, "Alasan banding yang cukup panjang", "2026-12-11", 30).await.unwrap();
    assert_eq!(twice, AppealOutcome::AlreadyAppealed);
    // The policy's view names who decided last, so that the appeal goes to someone else.
    let r = crate::cycles::reference(&s, &cycle).await.unwrap().unwrap();
    assert_eq!(r.decided_by.as_deref(), Some(second_officer.as_str()));
    let audit: i64 = sqlx::query_scalar("select count(*) from audit_events where entity_id = $1 and action in ('decision', 'appeal', 'issue_certificate')")
        .bind(&cycle)
        .fetch_one(&s.pool)
        .await
        .unwrap();
    assert_eq!(audit, 5, "approve, its certificate, the appeal, its decision and the new certificate");
}

#[tokio::test]
async fn decisions_appeals_and_expiry_notify_the_institution_and_its_regency_once() {
    let (s, _dir, instrument) = demo().await;
    let officer = user(&s, "dinsos.magetan").await;
    let manager = user(&s, "pengelola.magetan").await;
    let cycle = reconciled(&s, SUNAN_GIRI, "C").await;
    let institution: String = sqlx::query_scalar("select institution_id from cycles where id = $1")
        .bind(&cycle)
        .fetch_one(&s.pool)
        .await
        .unwrap();
    decide(&s, &officer, &cycle, &Decision::approve("460/001/DINSOS/2026"), "2026-01-10", &instrument).await.unwrap();
    file_appeal(&s, &manager, &cycle, "Alasan banding yang cukup panjang", "2026-01-12", 30).await.unwrap();
    let kinds = |rows: Vec<crate::notifications::NotificationRow>| rows.into_iter().map(|r| r.kind).collect::<Vec<_>>();
    let mine = crate::notifications::for_institution(&s, &institution, 10).await.unwrap();
    assert_eq!(kinds(mine.clone()).len(), 2);
    assert!(mine.iter().any(|n| n.kind == "decided" && n.detail == "C"));
    let magetan = domain::RegionScope::Regency { province: "35".into(), regency: "35.20".into() };
    assert!(
        kinds(crate::notifications::for_region(&s, &magetan, 10).await.unwrap()).contains(&"appeal_filed".to_string())
    );
    let east_java = domain::RegionScope::Province { province: "35".into() };
    // The province's notifications about this cycle (the demo's decided cycles announced theirs too).
    let about_this = crate::notifications::for_region(&s, &east_java, 10).await.unwrap();
    assert_eq!(about_this.iter().filter(|n| n.institution_name == SUNAN_GIRI).count(), 2);
    let elsewhere = domain::RegionScope::Regency { province: "63".into(), regency: "63.71".into() };
    assert!(
        crate::notifications::for_region(&s, &elsewhere, 10)
            .await
            .unwrap()
            .iter()
            .all(|n| n.institution_name != SUNAN_GIRI)
    );
    resolve_appeal(
        &s,
        &user(&s, "kabid.magetan").await,
        &cycle,
        &Resolution::Uphold,
        "Tetap",
        "2026-01-20",
        &instrument,
    )
    .await
    .unwrap();
    // Expiring within six months is announced once however often the check runs.
    assert!(crate::notifications::announce_expiring(&s, "2027-09-01", 183).await.unwrap() >= 1);
    crate::notifications::announce_expiring(&s, "2027-09-02", 183).await.unwrap();
    let mine = kinds(crate::notifications::for_institution(&s, &institution, 20).await.unwrap());
    assert_eq!(mine.iter().filter(|k| *k == "expiring").count(), 1, "{mine:?}");
    assert!(mine.contains(&"appeal_resolved".to_string()));
}
