use super::*;
use crate::Store;
use crate::accounts::{NewUser, create_user};
use crate::testing::store;
use domain::import::{ManagerRecord, cells, check_sheet};
use domain::{Action, Actor, Resource, Role};

async fn officer(store: &Store, username: &str, role: Role, regency: Option<(&str, &str)>) -> Actor {
    let id = create_user(
        store,
        NewUser {
            username: username.into(),
            full_name: username.into(),
            password: "kata-sandi-uji".into(),
            role,
            institution_id: None,
            province_id: regency.map(|(p, _)| p.into()),
            regency_id: regency.map(|(_, r)| r.into()),
            can_approve: false,
        },
    )
    .await
    .unwrap();
    let scope = regency.map(|(p, r)| domain::RegionScope::Regency { province: p.into(), regency: r.into() });
    Actor { user_id: id, role, institution: None, scope, can_approve: false }
}

fn may(actor: &Actor) -> impl Fn(&InstitutionRef) -> bool + '_ {
    |at| domain::can(Some(actor), Action::RegisterInstitution, Resource::Institution(at)).is_ok()
}

/// The policy's answer for a new manager of an institution at `at`.
fn invite(actor: &Actor) -> impl Fn(&InstitutionRef) -> bool + '_ {
    |at| {
        let account = domain::policy::AccountRef {
            user_id: String::new(),
            role: Role::InstitutionManager,
            institution: Some(at.clone()),
            scope: None,
        };
        domain::can(Some(actor), Action::ManageAccounts, Resource::Account(&account)).is_ok()
    }
}

fn record(n: usize, regency: &str) -> InstitutionRecord {
    InstitutionRecord {
        name: format!("LKSA Uji {n}"),
        regency: regency.into(),
        address: format!("Jl. Uji No. {n}"),
        foundation: "=HYPERLINK(\"http://x\")".into(),
        capacity: 40,
        children: 30,
        caregivers: 5,
        registration: LegalDocument {
            number: format!("TD-{n}"),
            issued_on: "2021-01-04".into(),
            expires_on: String::new(),
        },
        permit: LegalDocument::default(),
        manager: None,
    }
}

fn sheet(records: &[InstitutionRecord]) -> Vec<Vec<String>> {
    let mut rows = vec![domain::import::template_columns().iter().map(|c| c.to_string()).collect()];
    rows.extend(records.iter().map(cells));
    rows
}

async fn counts(store: &Store) -> (i64, i64) {
    let institutions = sqlx::query_scalar("select count(*) from institutions").fetch_one(&store.pool).await.unwrap();
    let audit = sqlx::query_scalar("select count(*) from audit_events where entity = 'institution'")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    (institutions, audit)
}

/// Checks a sheet as the server does and confirms it as `actor`.
async fn import_sheet(store: &Store, actor: &Actor, rows: Vec<Vec<String>>) -> Result<Outcome, NotConfirmed> {
    let regencies = regencies(store).await.unwrap();
    let checked = check_sheet(rows, &regencies, may(actor));
    let mut problems = checked.problems;
    problems.extend(foreign_matches(store, &checked.records, may(actor)).await.unwrap());
    problems.extend(manager_matches(store, &checked.records, invite(actor)).await.unwrap());
    let id = save_batch(store, &actor.user_id, "dinsos.csv", &checked.records, &problems).await.unwrap();
    confirm_batch(store, &actor.user_id, &id, may(actor), invite(actor)).await.unwrap()
}

#[tokio::test]
async fn the_same_file_twice_changes_nothing_the_second_time() {
    let (store, _dir) = store().await;
    let admin = officer(&store, "admin.uji", Role::Administrator, None).await;
    let records: Vec<_> = (0..120).map(|n| record(n, if n % 2 == 0 { "63.71" } else { "35.20" })).collect();
    let first = import_sheet(&store, &admin, sheet(&records)).await.unwrap();
    assert_eq!(first, Outcome { created: 120, updated: 0, unchanged: 0, invited: 0 });
    assert_eq!(counts(&store).await, (120, 120));
    let again = import_sheet(&store, &admin, sheet(&records)).await.unwrap();
    assert_eq!(again, Outcome { created: 0, updated: 0, unchanged: 120, invited: 0 });
    assert_eq!(counts(&store).await, (120, 120), "no new institutions and no audit noise");
}

#[tokio::test]
async fn a_changed_row_updates_its_institution_and_is_audited() {
    let (store, _dir) = store().await;
    let admin = officer(&store, "admin.uji", Role::Administrator, None).await;
    let mut records: Vec<_> = (0..3).map(|n| record(n, "63.71")).collect();
    import_sheet(&store, &admin, sheet(&records)).await.unwrap();
    records[1].capacity = 55;
    records[1].permit.number = "503/9".into();
    let outcome = import_sheet(&store, &admin, sheet(&records)).await.unwrap();
    assert_eq!(outcome, Outcome { created: 0, updated: 1, unchanged: 2, invited: 0 });
    let (capacity, permit): (i64, String) =
        sqlx::query_as("select capacity, permit_number from institutions where registration_number = 'TD-1'")
            .fetch_one(&store.pool)
            .await
            .unwrap();
    assert_eq!((capacity, permit.as_str()), (55, "503/9"));
    let (action, before, after): (String, String, String) = sqlx::query_as(
        "select action, before_state, after_state from audit_events where action = 'import_update_institution'",
    )
    .fetch_one(&store.pool)
    .await
    .unwrap();
    assert_eq!(action, "import_update_institution");
    assert!(before.contains("| 40 |") && after.contains("| 55 |"), "{before} → {after}");
}

#[tokio::test]
async fn an_officer_imports_and_registers_only_in_their_region() {
    let (store, _dir) = store().await;
    let magetan = officer(&store, "dinsos.uji", Role::DinsosOfficer, Some(("35", "35.20"))).await;
    let rows = sheet(&[record(1, "35.20"), record(2, "63.71")]);
    match import_sheet(&store, &magetan, rows).await {
        Err(NotConfirmed::Problems(p)) => assert_eq!(
            p,
            vec![Problem {
                row: Some(3),
                column: Some(domain::import::REGENCY.into()),
                kind: ProblemKind::OutsideRegion
            }]
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(counts(&store).await, (0, 0), "nothing is written while the file has problems");
    // The form asks the same policy; an institution of Banjarmasin is refused.
    let banjarmasin = InstitutionRef { id: String::new(), province: "63".into(), regency: "63.71".into() };
    assert_eq!(
        domain::can(Some(&magetan), Action::RegisterInstitution, Resource::Institution(&banjarmasin)),
        Err(domain::Denied::OutOfScope)
    );
    let id = register(&store, &magetan.user_id, &record(1, "35.20")).await.unwrap().unwrap();
    assert_eq!(
        register(&store, &magetan.user_id, &record(1, "35.20")).await.unwrap(),
        Err(ProblemKind::AlreadyRegistered)
    );
    // An admin's institution in Banjarmasin with a number the officer's file reuses is not theirs to change.
    let admin = officer(&store, "admin.uji", Role::Administrator, None).await;
    register(&store, &admin.user_id, &record(7, "63.71")).await.unwrap().unwrap();
    match import_sheet(&store, &magetan, sheet(&[record(7, "35.20")])).await {
        Err(NotConfirmed::Problems(p)) => assert_eq!(p[0].kind, ProblemKind::RegisteredElsewhere),
        other => panic!("{other:?}"),
    }
    let row = crate::institutions::get(&store, &id).await.unwrap().unwrap();
    assert_eq!((row.regency_id.as_str(), row.capacity), ("35.20", 40));
}

#[tokio::test]
async fn a_confirmation_is_kept_for_its_owner_and_answers_the_same_again() {
    let (store, _dir) = store().await;
    let admin = officer(&store, "admin.uji", Role::Administrator, None).await;
    let other = officer(&store, "admin.lain", Role::Administrator, None).await;
    let checked = check_sheet(sheet(&[record(1, "63.71")]), &regencies(&store).await.unwrap(), may(&admin));
    let id = save_batch(&store, &admin.user_id, "a.csv", &checked.records, &[]).await.unwrap();
    assert!(batch(&store, &other.user_id, &id).await.unwrap().is_none(), "another person's import is not found");
    assert_eq!(
        confirm_batch(&store, &other.user_id, &id, may(&other), invite(&other)).await.unwrap(),
        Err(NotConfirmed::Missing)
    );
    let first = confirm_batch(&store, &admin.user_id, &id, may(&admin), invite(&admin)).await.unwrap();
    let retry = confirm_batch(&store, &admin.user_id, &id, may(&admin), invite(&admin)).await.unwrap();
    assert_eq!(first, retry);
    assert_eq!(counts(&store).await, (1, 1));
    let kept = batch(&store, &admin.user_id, &id).await.unwrap().unwrap();
    assert_eq!((kept.row_count, kept.outcome), (1, Some(Outcome { created: 1, updated: 0, unchanged: 0, invited: 0 })));
}

#[tokio::test]
async fn regency_options_follow_the_scope() {
    let (store, _dir) = store().await;
    assert_eq!(regency_options(&store, None).await.unwrap().len(), 514);
    let one = domain::RegionScope::Regency { province: "35".into(), regency: "35.20".into() };
    let options = regency_options(&store, Some(&one)).await.unwrap();
    assert_eq!(options.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), vec!["35.20"]);
    let province = domain::RegionScope::Province { province: "63".into() };
    assert!(regency_options(&store, Some(&province)).await.unwrap().iter().all(|o| o.id.starts_with("63.")));
}

#[tokio::test]
async fn an_institution_moved_by_an_import_takes_its_evidence_log_to_its_new_region() {
    let (store, _dir) = store().await;
    let admin = officer(&store, "admin.uji", Role::Administrator, None).await;
    let id = register(&store, &admin.user_id, &record(7, "63.71")).await.unwrap().unwrap();
    let at = crate::institutions::get(&store, &id).await.unwrap().unwrap().reference();
    crate::evidence::views::log(&store, crate::evidence::views::Source::Evidence, "f", &at, &admin.user_id, "full")
        .await
        .unwrap();
    let region = || async {
        sqlx::query_as::<_, (String, String)>(
            "select regency_id, province_id from file_views where institution_id = $1",
        )
        .bind(&id)
        .fetch_one(&store.pool)
        .await
        .unwrap()
    };
    assert_eq!(region().await, ("63.71".to_string(), "63".to_string()));
    // Corrected to Kabupaten Magetan: its officers now read this institution's whole log.
    let moved = import_sheet(&store, &admin, sheet(&[record(7, "35.20")])).await.unwrap();
    assert_eq!(moved.updated, 1);
    assert_eq!(region().await, ("35.20".to_string(), "35".to_string()));
}

fn managed(n: usize, regency: &str, username: &str) -> InstitutionRecord {
    let manager = ManagerRecord {
        full_name: format!("Pengelola {n}"),
        username: username.into(),
        email: Some(format!("{username}@example.org")),
    };
    InstitutionRecord { manager: Some(manager), ..record(n, regency) }
}

async fn users(store: &Store) -> i64 {
    sqlx::query_scalar("select count(*) from users").fetch_one(&store.pool).await.unwrap()
}

/// Each new manager gets an account and an invitation link, shown once; the same file again
/// invites nobody; a username of another institution's account is a row problem.
#[tokio::test]
async fn managers_are_invited_once() {
    let (store, _dir) = store().await;
    let magetan = officer(&store, "dinsos.magetan", Role::DinsosOfficer, Some(("35", "35.20"))).await;
    let records = [managed(1, "35.20", "siti.rahayu"), managed(2, "35.20", "budi.santoso"), record(3, "35.20")];
    let before = users(&store).await;
    let first = import_sheet(&store, &magetan, sheet(&records)).await.unwrap();
    assert_eq!((first.created, first.invited), (3, 2));
    assert_eq!(users(&store).await, before + 2);
    let id: String = sqlx::query_scalar("select id from institution_imports").fetch_one(&store.pool).await.unwrap();
    let links = take_links(&store, &magetan.user_id, &id).await.unwrap();
    assert_eq!(
        links.iter().map(|l| (l.row, l.username.as_str())).collect::<Vec<_>>(),
        [(2, "siti.rahayu"), (3, "budi.santoso")]
    );
    assert_eq!(links[0].institution, "LKSA Uji 1");
    let info = crate::people::check_link(&store, &links[0].token, now()).await.unwrap().unwrap();
    assert_eq!((info.username.as_str(), info.purpose.as_str()), ("siti.rahayu", "invitation"));
    assert!(take_links(&store, &magetan.user_id, &id).await.unwrap().is_empty(), "shown once");
    let inst = sqlx::query_scalar::<_, String>("select institution_id from users where username = 'siti.rahayu'")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    let expected: String = sqlx::query_scalar("select id from institutions where registration_number = 'TD-1'")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!(inst, expected, "the manager of the institution of its row");

    let again = import_sheet(&store, &magetan, sheet(&records)).await.unwrap();
    assert_eq!((again.unchanged, again.invited), (3, 0));
    assert_eq!(users(&store).await, before + 2, "no second account");

    let taken = import_sheet(&store, &magetan, sheet(&[managed(4, "35.20", "siti.rahayu")])).await;
    let Err(NotConfirmed::Problems(problems)) = taken else { panic!("{taken:?}") };
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].column.as_deref(), problems[0].kind),
        (Some("username_pengelola"), ProblemKind::UsernameTaken)
    );
    assert_eq!(users(&store).await, before + 2);
}

/// A Magetan officer cannot create a Banjarmasin manager through an import: the check at
/// confirmation refuses it even for a batch that was stored without problems.
#[tokio::test]
async fn managers_are_invited_only_where_the_importer_may() {
    let (store, _dir) = store().await;
    let magetan = officer(&store, "dinsos.magetan", Role::DinsosOfficer, Some(("35", "35.20"))).await;
    let records = vec![(2, managed(1, "63.71", "pengelola.banjar"))];
    let id = save_batch(&store, &magetan.user_id, "a.csv", &records, &[]).await.unwrap();
    let before = (users(&store).await, counts(&store).await);
    let anywhere = |_: &InstitutionRef| true;
    let refused = confirm_batch(&store, &magetan.user_id, &id, anywhere, invite(&magetan)).await.unwrap();
    let Err(NotConfirmed::Problems(problems)) = refused else { panic!("{refused:?}") };
    assert_eq!((problems[0].row, problems[0].kind), (Some(2), ProblemKind::OutsideRegion));
    assert_eq!((users(&store).await, counts(&store).await), before, "nothing written");
    let checked = check_sheet(
        sheet(&[managed(1, "63.71", "pengelola.banjar")]),
        &regencies(&store).await.unwrap(),
        may(&magetan),
    );
    assert!(checked.records.is_empty(), "the row itself is outside the region too");
    let found = manager_matches(&store, &records, invite(&magetan)).await.unwrap();
    assert_eq!(found.len(), 1, "the preview says so before confirming");
}
