use super::*;
use crate::testing::{AISYIYAH, count, cycle_state, demo, institution, user};

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

    let rows = queue(s, Some(&scope), crate::paging::PageRequest::first()).await.unwrap().rows;
    let in_regency: Vec<String> = crate::institutions::list(s, Some(&scope), "", crate::paging::PageRequest::first())
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|i| i.id)
        .collect();
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
    assert!(queue(s, None, crate::paging::PageRequest::first()).await.unwrap().rows.len() > rows.len());

    let officer_id = officer.actor.user_id;
    assert!(accept(s, &officer_id, &rows[0].cycle_id).await.unwrap());
    assert!(!accept(s, &officer_id, &rows[0].cycle_id).await.unwrap());
    assert_eq!(cycle_state(s, &rows[0].cycle_id).await, "accepted");
    let rows = queue(s, Some(&scope), crate::paging::PageRequest::first()).await.unwrap().rows;
    assert!(rows.iter().any(|r| r.institution_name == "LKSA Al-Hidayah" && r.state == "accepted"));
}
