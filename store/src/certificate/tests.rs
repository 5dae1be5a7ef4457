use super::*;
use crate::decision::{DecideOutcome, decide};
use crate::registry::{RegistryFilter, registry};
use crate::testing::{SUNAN_GIRI, cycle_state as state_of, reconciled, seeded as demo, user};
use domain::decision::Decision;
use domain::{CycleState, Grade};

#[tokio::test]
async fn approval_issues_numbered_certificates_per_regency_and_year() {
    let (s, _dir, instrument) = demo().await;
    let officer = user(&s, "dinsos.magetan").await;
    let first = reconciled(&s, SUNAN_GIRI, "A").await;
    let outcome = decide(&s, &officer, &first, &Decision::approve("460/001/DINSOS/2026"), "2026-11-23", &instrument)
        .await
        .unwrap();
    let DecideOutcome::Decided { grade: Grade::A, certificate: Some(cert) } = outcome else { panic!("{outcome:?}") };
    assert_eq!(cert.number, "0001/AKR-LKSA/35.20/2026");
    assert_eq!(cert.valid_until, "2031-11-22", "grade A is valid 5 years");
    assert_eq!(state_of(&s, &first).await, "decided");
    // Decided is locked: deciding again is refused.
    let again = decide(&s, &officer, &first, &Decision::approve("460/001/DINSOS/2026"), "2026-11-23", &instrument)
        .await
        .unwrap();
    assert_eq!(again, DecideOutcome::NotAllowed(CycleState::Decided));
    // The next certificate in the same regency and year takes the next number; a new year restarts.
    let second = reconciled(&s, "Panti Asuhan Bhakti Luhur", "C").await;
    let DecideOutcome::Decided { certificate: Some(c2), .. } =
        decide(&s, &officer, &second, &Decision::approve("460/001/DINSOS/2026"), "2027-01-02", &instrument)
            .await
            .unwrap()
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
    let first = crate::paging::PageRequest::first();
    let find = |f: RegistryFilter| {
        let s = s.clone();
        async move { registry(&s, &f, first).await.unwrap() }
    };
    let (all, total) = find(RegistryFilter::default()).await;
    assert!(all.rows.iter().any(|r| r.name == SUNAN_GIRI && r.grade == "A"));
    assert_eq!((total, all.more), (all.rows.len() as i64, false));
    let names: Vec<&str> = all.rows.iter().map(|r| r.name.as_str()).collect();
    assert!(names.is_sorted(), "by name: {names:?}");
    let (only_c, _) = find(RegistryFilter { grade: "C".into(), ..Default::default() }).await;
    assert!(only_c.rows.iter().all(|r| r.grade == "C") && !only_c.rows.is_empty());
    let (by_name, total) = find(RegistryFilter { name: "sunan".into(), ..Default::default() }).await;
    assert_eq!((by_name.rows.len(), total), (1, 1));
    // Wildcards typed into the search are plain characters.
    for typed in ["%", "_", "\\"] {
        let (found, total) = find(RegistryFilter { name: typed.into(), ..Default::default() }).await;
        assert_eq!((found.rows.len(), total), (0, 0), "{typed}");
    }
    let verified = verify(&s, &cert.verification_code).await.unwrap().unwrap();
    assert_eq!(verified.number, cert.number);
    assert!(verify(&s, "nope").await.unwrap().is_none());
}
