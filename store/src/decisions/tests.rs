use super::*;
use crate::testing::{TempDir, store};
use domain::decision::Decision;

const INSTRUMENT: &str = include_str!("../../../instrument/snpa-lksa-2026.1.toml");
/// The demo institution (Kabupaten Magetan) whose cycle is reconciled.
const SUNAN_GIRI: &str = "Panti Asuhan Sunan Giri";

async fn demo() -> (Store, TempDir, Instrument) {
    let (s, dir) = store().await;
    let instrument = crate::instruments::parse(INSTRUMENT).unwrap();
    let crate::instruments::Loaded::Inserted { id } = crate::instruments::load(&s, &instrument).await.unwrap() else {
        panic!("instrument not inserted")
    };
    crate::demo::seed(&s, &id).await.unwrap();
    (s, dir, instrument)
}

async fn user(s: &Store, username: &str) -> String {
    sqlx::query_scalar("select id from users where username = $1").bind(username).fetch_one(&s.pool).await.unwrap()
}

async fn state_of(s: &Store, cycle: &str) -> String {
    sqlx::query_scalar("select state from cycles where id = $1").bind(cycle).fetch_one(&s.pool).await.unwrap()
}

/// A reconciled cycle of `name` with a stored result recommending `grade`.
async fn reconciled(s: &Store, name: &str, grade: &str) -> String {
    let institution: String =
        sqlx::query_scalar("select id from institutions where name = $1").bind(name).fetch_one(&s.pool).await.unwrap();
    let cycle = crate::cycles::latest_for_institution(s, &institution).await.unwrap().unwrap().id;
    sqlx::query("update cycles set state = 'reconciled' where id = $1").bind(&cycle).execute(&s.pool).await.unwrap();
    // Demo cycles decided on paper carry a certificate; this one starts again from reconciliation.
    sqlx::query("delete from certificates where cycle_id = $1").bind(&cycle).execute(&s.pool).await.unwrap();
    sqlx::query(
        "insert into cycle_results (cycle_id, evaluation, total_hundredths, recommended_grade, reconciled_by, created_at)
         values ($1, '{}', 8000, $2, $3, 0)",
    )
    .bind(&cycle)
    .bind(grade)
    .bind(user(s, "supervisor").await)
    .execute(&s.pool)
    .await
    .unwrap();
    cycle
}

#[tokio::test]
async fn approval_issues_numbered_certificates_per_regency_and_year() {
    let (s, _dir, instrument) = demo().await;
    let officer = user(&s, "dinsos.magetan").await;
    let first = reconciled(&s, SUNAN_GIRI, "A").await;
    let outcome = decide(&s, &officer, &first, &Decision::Approve, "2026-11-23", &instrument).await.unwrap();
    let DecideOutcome::Decided { grade: Grade::A, certificate: Some(cert) } = outcome else { panic!("{outcome:?}") };
    assert_eq!(cert.number, "0001/AKR-LKSA/35.20/2026");
    assert_eq!(cert.valid_until, "2031-11-22", "grade A is valid 5 years");
    assert_eq!(state_of(&s, &first).await, "decided");
    // Decided is locked: deciding again is refused.
    let again = decide(&s, &officer, &first, &Decision::Approve, "2026-11-23", &instrument).await.unwrap();
    assert_eq!(again, DecideOutcome::NotAllowed(CycleState::Decided));
    // The next certificate in the same regency and year takes the next number; a new year restarts.
    let second = reconciled(&s, "Panti Asuhan Bhakti Luhur", "C").await;
    let DecideOutcome::Decided { certificate: Some(c2), .. } =
        decide(&s, &officer, &second, &Decision::Approve, "2027-01-02", &instrument).await.unwrap()
    else {
        panic!()
    };
    let regency: String = sqlx::query_scalar(
        "select i.regency_id from cycles c join institutions i on i.id = c.institution_id where c.id = $1",
    )
    .bind(&second)
    .fetch_one(&s.pool)
    .await
    .unwrap();
    assert_eq!(c2.number, format!("0001/AKR-LKSA/{regency}/2027"));
    assert_eq!(c2.valid_until, "2029-01-01");
    // The registry lists both, filtered by grade and name, with nothing but public facts.
    let all = registry(&s, &RegistryFilter::default()).await.unwrap();
    assert!(all.iter().any(|r| r.name == SUNAN_GIRI && r.grade == "A"));
    let only_c = registry(&s, &RegistryFilter { grade: "C".into(), ..Default::default() }).await.unwrap();
    assert!(only_c.iter().all(|r| r.grade == "C") && !only_c.is_empty());
    let by_name = registry(&s, &RegistryFilter { name: "sunan".into(), ..Default::default() }).await.unwrap();
    assert_eq!(by_name.len(), 1);
    let verified = verify(&s, &cert.verification_code).await.unwrap().unwrap();
    assert_eq!(verified.number, cert.number);
    assert!(verify(&s, "nope").await.unwrap().is_none());
}

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
async fn an_appeal_within_the_window_can_change_the_grade_and_reissues_the_certificate() {
    let (s, _dir, instrument) = demo().await;
    let officer = user(&s, "dinsos.magetan").await;
    let manager = user(&s, "pengelola.magetan").await;
    let cycle = reconciled(&s, SUNAN_GIRI, "B").await;
    let DecideOutcome::Decided { certificate: Some(first), .. } =
        decide(&s, &officer, &cycle, &Decision::Approve, "2026-11-01", &instrument).await.unwrap()
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
async fn accreditations_expire_by_date_and_the_trail_records_it() {
    let (s, _dir, instrument) = demo().await;
    let officer = user(&s, "dinsos.magetan").await;
    let cycle = reconciled(&s, SUNAN_GIRI, "C").await;
    decide(&s, &officer, &cycle, &Decision::Approve, "2026-01-10", &instrument).await.unwrap();
    // Grade C is valid two years: through 2028-01-09.
    assert!(expire_due(&s, "2028-01-09").await.unwrap().iter().all(|c| *c != cycle));
    assert!(expire_due(&s, "2028-01-10").await.unwrap().contains(&cycle));
    assert_eq!(state_of(&s, &cycle).await, "expired");
    assert!(expire_due(&s, "2028-01-11").await.unwrap().is_empty(), "a second run changes nothing");
    let trail = crate::audit::for_cycle(&s, &cycle).await.unwrap();
    let expiry = trail.iter().find(|e| e.after_state.as_deref() == Some("expired")).unwrap();
    assert_eq!(
        (expiry.before_state.as_deref(), expiry.actor.as_deref()),
        (Some("decided"), None),
        "the system expired it"
    );
    assert!(trail.iter().any(|e| e.action == "issue_certificate"));
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
    decide(&s, &officer, &cycle, &Decision::Approve, "2026-01-10", &instrument).await.unwrap();
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
    assert_eq!(crate::notifications::for_region(&s, &east_java, 10).await.unwrap().len(), 2);
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
