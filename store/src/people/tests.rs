use super::*;
use crate::accounts::{LoginRefused, login, session_user};
use crate::testing::{demo, institution, user};
use domain::{Action, Denied, Resource, can};

const T0: i64 = 1_800_000_000;
const PASSWORD: &str = "kata-sandi-baru-1";

fn manager(username: &str, institution_id: &str) -> NewAccount {
    NewAccount {
        username: username.into(),
        full_name: "Siti Rahayu".into(),
        role: Role::InstitutionManager,
        institution_id: Some(institution_id.into()),
        scope: None,
        can_approve: false,
        email: None,
    }
}

async fn magetan_manager(s: &Store) -> (String, String) {
    let by = user(s, "dinsos.magetan").await;
    let inst = institution(s, "LKSA Muhammadiyah Magetan").await;
    create_account(s, &by, manager("siti.rahayu", &inst), T0).await.unwrap().unwrap()
}

#[tokio::test]
async fn an_invitation_sets_the_password_once() {
    let d = demo().await;
    let s = &d.store;
    let (id, token) = magetan_manager(s).await;
    assert_eq!(login(s, "siti.rahayu", "", "ip").await.unwrap(), Err(LoginRefused::Invalid), "no password yet");
    let info = check_link(s, &token, T0 + 60).await.unwrap().unwrap();
    assert_eq!((info.username.as_str(), info.purpose.as_str()), ("siti.rahayu", "invitation"));
    assert_eq!(use_link(s, &token, PASSWORD, T0 + 60).await.unwrap(), Ok("siti.rahayu".to_string()));
    assert!(login(s, "siti.rahayu", PASSWORD, "ip").await.unwrap().is_ok());
    // The second use is refused and changes nothing.
    assert_eq!(use_link(s, &token, "another-password", T0 + 120).await.unwrap(), Err(LinkProblem::Used));
    assert!(login(s, "siti.rahayu", PASSWORD, "ip").await.unwrap().is_ok());
    let stored: i64 = sqlx::query_scalar("select count(*) from account_links where token_hash = $1")
        .bind(&token)
        .fetch_one(&s.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0, "only the hash of the token is stored");
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_events where entity = 'user' and entity_id = $1 and action <> 'sign_in'",
    )
    .bind(&id)
    .fetch_one(&s.pool)
    .await
    .unwrap();
    assert_eq!(audited, 3, "created, invitation issued, password set");
}

#[tokio::test]
async fn expired_and_forged_links_change_nothing() {
    let d = demo().await;
    let s = &d.store;
    let (_, token) = magetan_manager(s).await;
    let late = T0 + LINK_DAYS * 86_400;
    assert_eq!(check_link(s, &token, late).await.unwrap(), Err(LinkProblem::Expired));
    assert_eq!(use_link(s, &token, PASSWORD, late).await.unwrap(), Err(LinkProblem::Expired));
    assert_eq!(use_link(s, &"0".repeat(64), PASSWORD, T0).await.unwrap(), Err(LinkProblem::Unknown));
    assert_eq!(use_link(s, "", PASSWORD, T0).await.unwrap(), Err(LinkProblem::Unknown));
    assert_eq!(login(s, "siti.rahayu", PASSWORD, "ip").await.unwrap(), Err(LoginRefused::Invalid));
    // Still usable within its seven days.
    assert!(use_link(s, &token, PASSWORD, late - 1).await.unwrap().is_ok());
}

#[tokio::test]
async fn a_reset_voids_older_links_and_the_old_password_works_until_the_new_one_is_set() {
    let d = demo().await;
    let s = &d.store;
    let admin = user(s, "admin").await;
    let who = user(s, "pengelola").await;
    let first = issue_link(s, &admin, &who, T0).await.unwrap().unwrap();
    let second = issue_link(s, &admin, &who, T0 + 10).await.unwrap().unwrap();
    assert_eq!(check_link(s, &second, T0 + 20).await.unwrap().unwrap().purpose, "reset");
    assert_eq!(use_link(s, &first, PASSWORD, T0 + 20).await.unwrap(), Err(LinkProblem::Replaced));
    let session = login(s, "pengelola", crate::demo::DEMO_PASSWORD, "ip").await.unwrap().unwrap();
    assert!(use_link(s, &second, PASSWORD, T0 + 30).await.unwrap().is_ok());
    assert_eq!(login(s, "pengelola", crate::demo::DEMO_PASSWORD, "ip").await.unwrap(), Err(LoginRefused::Invalid));
    assert!(login(s, "pengelola", PASSWORD, "ip").await.unwrap().is_ok());
    assert_eq!(session_user(s, &session).await.unwrap(), None, "a reset ends the open sessions");
}

#[tokio::test]
async fn deactivation_ends_open_sessions_and_reactivation_restores_sign_in_only() {
    let d = demo().await;
    let s = &d.store;
    let officer = user(s, "dinsos.magetan").await;
    let who = user(s, "pengelola.magetan").await;
    let session = login(s, "pengelola.magetan", crate::demo::DEMO_PASSWORD, "ip").await.unwrap().unwrap();
    let pending = issue_link(s, &officer, &who, T0).await.unwrap().unwrap();
    set_active(s, &officer, &who, false, T0).await.unwrap();
    assert_eq!(session_user(s, &session).await.unwrap(), None, "the open session stops at once");
    assert_eq!(
        login(s, "pengelola.magetan", crate::demo::DEMO_PASSWORD, "ip").await.unwrap(),
        Err(LoginRefused::Invalid)
    );
    assert_eq!(use_link(s, &pending, PASSWORD, T0 + 1).await.unwrap(), Err(LinkProblem::Unknown));
    assert_eq!(issue_link(s, &officer, &who, T0 + 2).await.unwrap(), None, "no links for a deactivated account");
    set_active(s, &officer, &who, true, T0 + 3).await.unwrap();
    assert_eq!(session_user(s, &session).await.unwrap(), None, "old sessions stay closed");
    assert!(login(s, "pengelola.magetan", crate::demo::DEMO_PASSWORD, "ip").await.unwrap().is_ok());
    let page =
        list(s, Some(&RegionScope::Regency { province: "35".into(), regency: "35.20".into() }), PageRequest::first())
            .await
            .unwrap();
    let row = page.rows.iter().find(|r| r.id == who).unwrap();
    assert_eq!(row.status, Status::Active);
}

async fn actor(s: &Store, name: &str) -> domain::Actor {
    let token = login(s, name, crate::demo::DEMO_PASSWORD, "ip").await.unwrap().unwrap();
    session_user(s, &token).await.unwrap().unwrap().actor
}

#[tokio::test]
async fn accounts_are_created_and_listed_within_a_region() {
    let d = demo().await;
    let s = &d.store;
    let (id, _) = magetan_manager(s).await;
    let inst = institution(s, "Panti Asuhan Budi Mulia").await;
    let by = user(s, "admin").await;
    assert!(create_account(s, &by, manager("Siti.Rahayu", &inst), T0).await.unwrap().is_none(), "username taken");
    // The policy decides on the stored account: the Magetan officer, not the Banjarmasin one.
    let account = reference(s, &id).await.unwrap().unwrap();
    let magetan = actor(s, "dinsos.magetan").await;
    let banjarmasin = actor(s, "dinsos").await;
    assert_eq!(can(Some(&magetan), Action::ManageAccounts, Resource::Account(&account)), Ok(()));
    assert_eq!(can(Some(&banjarmasin), Action::ManageAccounts, Resource::Account(&account)), Err(Denied::OutOfScope));
    let far = reference(s, &user(s, "pengelola").await).await.unwrap().unwrap();
    assert_eq!(can(Some(&magetan), Action::ManageAccounts, Resource::Account(&far)), Err(Denied::OutOfScope));

    let region = RegionScope::Regency { province: "35".into(), regency: "35.20".into() };
    let page = list(s, Some(&region), PageRequest::first()).await.unwrap();
    let names: Vec<&str> = page.rows.iter().map(|r| r.username.as_str()).collect();
    assert!(
        names.contains(&"siti.rahayu") && names.contains(&"pengelola.magetan") && names.contains(&"dinsos.magetan")
    );
    assert!(!names.contains(&"pengelola") && !names.contains(&"dinsos") && !names.contains(&"admin"), "{names:?}");
    let new = page.rows.iter().find(|r| r.id == id).unwrap();
    assert_eq!((new.status, new.place.as_deref()), (Status::Invited, Some("LKSA Muhammadiyah Magetan")));
    let everyone = list(s, None, PageRequest::first()).await.unwrap();
    assert!(everyone.rows.iter().any(|r| r.username == "admin"));
}

#[tokio::test]
async fn a_person_changes_their_own_password_with_the_current_one() {
    let d = demo().await;
    let s = &d.store;
    let me = user(s, "asesor1").await;
    assert!(!change_password(s, &me, "salah", PASSWORD, T0).await.unwrap());
    assert!(login(s, "asesor1", crate::demo::DEMO_PASSWORD, "ip").await.unwrap().is_ok());
    assert!(change_password(s, &me, crate::demo::DEMO_PASSWORD, PASSWORD, T0).await.unwrap());
    assert!(login(s, "asesor1", PASSWORD, "ip").await.unwrap().is_ok());
}

#[tokio::test]
async fn an_email_address_is_kept_and_changed_with_an_audit_row_without_it() {
    let d = demo().await;
    let s = &d.store;
    let by = user(s, "dinsos.magetan").await;
    let inst = institution(s, "LKSA Muhammadiyah Magetan").await;
    let account = NewAccount { email: Some("siti@example.org".into()), ..manager("siti.rahayu", &inst) };
    let (id, _) = create_account(s, &by, account, T0).await.unwrap().unwrap();
    assert_eq!(super::account(s, &id).await.unwrap().unwrap().email.as_deref(), Some("siti@example.org"));
    set_email(s, &by, &id, Some("siti.rahayu@example.org"), T0 + 1).await.unwrap();
    set_email(s, &by, &id, Some("siti.rahayu@example.org"), T0 + 2).await.unwrap();
    assert_eq!(super::account(s, &id).await.unwrap().unwrap().email.as_deref(), Some("siti.rahayu@example.org"));
    set_email(s, &by, &id, None, T0 + 3).await.unwrap();
    assert_eq!(super::account(s, &id).await.unwrap().unwrap().email, None);
    let history = history(s, &id).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["change_email", "change_email", "issue_invitation", "create_account"],
        "newest first, no repeat"
    );
    let stored: Vec<String> =
        sqlx::query_scalar("select coalesce(after_state, '') from audit_events where entity_id = $1")
            .bind(&id)
            .fetch_all(&s.pool)
            .await
            .unwrap();
    assert!(stored.iter().all(|a| !a.contains("example.org")), "the address is not in the audit trail");
}
