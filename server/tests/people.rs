//! People over HTTP: an officer creates an account in their region and gets a one-time link;
//! the person sets a password through it once; officers elsewhere are refused; deactivation
//! ends the person's open session at once.

mod common;

use axum::http::{StatusCode, header};
use common::{TestApp, spawn_app, within};

const PASSWORD: &str = "kata-sandi-baru-2026";

/// The token at the end of an issued link.
fn token_of(r: &common::Reply) -> String {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let url = json["url"].as_str().unwrap();
    assert!(url.starts_with("http://localhost/invite/"), "{url}");
    url.rsplit('/').next().unwrap().to_string()
}

async fn invite_magetan_manager(app: &TestApp, officer: &str) -> common::Reply {
    let inst = app.institution_id("LKSA Muhammadiyah Magetan").await;
    app.post_form(
        "/api/create_account",
        &[
            ("username", "Siti.Rahayu"),
            ("full_name", "Siti Rahayu <b>"),
            ("role", "institution_manager"),
            ("institution_id", &inst),
        ],
        Some(officer),
    )
    .await
}

async fn sign_in(app: &TestApp, username: &str, password: &str) -> Option<String> {
    let r = app.post_form("/auth/login", &[("username", username), ("password", password)], None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    r.headers.get(header::SET_COOKIE).map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
}

#[tokio::test]
async fn an_officer_invites_a_manager_who_sets_a_password_once() {
    within(async {
        let app = spawn_app().await;
        let officer = app.login("dinsos.magetan").await;
        let token = token_of(&invite_magetan_manager(&app, &officer).await);

        // The list shows the new account as invited, its name escaped.
        let page = app.get("/people", Some(&officer)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("siti.rahayu") && page.body.contains("Diundang"),
            "listed as invited: {}",
            page.body
        );
        assert!(page.body.contains("Siti Rahayu &lt;b&gt;"), "the name is escaped as text");

        let invite = app.get(&format!("/invite/{token}"), None).await;
        assert_eq!(invite.status, StatusCode::OK);
        assert!(invite.body.contains("Buat kata sandi") && invite.body.contains("siti.rahayu"), "{}", invite.body);

        let short = [("token", token.as_str()), ("password", "pendek"), ("confirm", "pendek")];
        let r = app.post_form("/api/accept_invitation", &short, None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let form = [("token", token.as_str()), ("password", PASSWORD), ("confirm", PASSWORD)];
        let r = app.post_form("/api/accept_invitation", &form, None).await;
        assert!(r.status.is_success() || r.status.is_redirection(), "{} {}", r.status, r.body);
        assert!(sign_in(&app, "siti.rahayu", PASSWORD).await.is_some(), "signed in with the new password");

        // Used: refused, the password stays.
        let again = [("token", token.as_str()), ("password", "kata-sandi-lain-1"), ("confirm", "kata-sandi-lain-1")];
        let r = app.post_form("/api/accept_invitation", &again, None).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("invite-used"), "{}", r.body);
        let page = app.get(&format!("/invite/{token}"), None).await;
        assert!(page.body.contains("Tautan ini sudah dipakai"), "translated message");
        assert!(sign_in(&app, "siti.rahayu", "kata-sandi-lain-1").await.is_none());

        let forged = app.get(&format!("/invite/{}", "ab".repeat(32)), None).await;
        assert!(forged.body.contains("Tautan ini tidak berlaku"));
    })
    .await;
}

#[tokio::test]
async fn officers_create_accounts_in_their_own_region_only() {
    within(async {
        let app = spawn_app().await;
        let banjarmasin = app.login("dinsos").await;
        assert_eq!(invite_magetan_manager(&app, &banjarmasin).await.status, StatusCode::NOT_FOUND);
        // Nor an officer, an administrator or a supervisor, even in their own region.
        for role in ["dinsos_officer", "administrator", "supervisor"] {
            let form = [("username", "orang.baru"), ("full_name", "Orang Baru"), ("role", role), ("region", "63.71")];
            let r = app.post_form("/api/create_account", &form, Some(&banjarmasin)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{role}");
        }
        let admin = app.login("admin").await;
        let form = [
            ("username", "petugas.baru"),
            ("full_name", "Petugas Baru"),
            ("role", "dinsos_officer"),
            ("region", "35.20"),
            ("can_approve", "1"),
        ];
        token_of(&app.post_form("/api/create_account", &form, Some(&admin)).await);
        let r = app.post_form("/api/create_account", &form, Some(&admin)).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "username taken");
        // The manager's account is not the Banjarmasin officer's to reset or deactivate.
        let id: String = sqlx::query_scalar("select id from users where username = 'pengelola.magetan'")
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
        let r = app
            .post_form("/api/set_account_active", &[("user_id", &id), ("active", "false")], Some(&banjarmasin))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = app.post_form("/api/issue_account_link", &[("user_id", &id)], Some(&banjarmasin)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn deactivation_ends_the_open_session_at_once() {
    within(async {
        let app = spawn_app().await;
        let officer = app.login("dinsos.magetan").await;
        let manager = app.login("pengelola.magetan").await;
        assert_eq!(app.post_form("/api/home", &[], Some(&manager)).await.status, StatusCode::OK);
        let id: String = sqlx::query_scalar("select id from users where username = 'pengelola.magetan'")
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
        let r =
            app.post_form("/api/set_account_active", &[("user_id", &id), ("active", "false")], Some(&officer)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(app.post_form("/api/home", &[], Some(&manager)).await.status, StatusCode::UNAUTHORIZED);
        let page = app.get("/", Some(&manager)).await;
        assert!(page.headers[header::LOCATION].to_str().unwrap().starts_with("/login"));
        assert!(sign_in(&app, "pengelola.magetan", store::demo::DEMO_PASSWORD).await.is_none());

        let r = app.post_form("/api/set_account_active", &[("user_id", &id), ("active", "true")], Some(&officer)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            app.post_form("/api/home", &[], Some(&manager)).await.status,
            StatusCode::UNAUTHORIZED,
            "old session"
        );
        assert!(sign_in(&app, "pengelola.magetan", store::demo::DEMO_PASSWORD).await.is_some());

        // The person's page tells the changes in words, newest first, with who made them and the
        // local time of Magetan (WIB); sign-ins are not listed.
        let page = app.get(&format!("/people/{id}"), Some(&officer)).await;
        assert_eq!(page.status, StatusCode::OK);
        let history = page.body.split("data-testid=\"person-history\"").nth(1).expect("a history table");
        let reactivated = history.find("Akun diaktifkan kembali").expect("reactivation listed");
        let deactivated = history.find("Akun dinonaktifkan").expect("deactivation listed");
        assert!(reactivated < deactivated, "newest first");
        assert!(history.contains("Nonaktif → Aktif") && history.contains(" WIB"), "{history}");
        assert!(!history.contains("Masuk<") && !history.contains("sign_in"), "sign-ins are left out");
        let other = app.login("dinsos").await;
        assert_eq!(app.get(&format!("/people/{id}"), Some(&other)).await.status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn everyone_changes_their_own_password_with_the_current_one() {
    within(async {
        let app = spawn_app().await;
        let me = app.login("supervisor").await;
        let wrong = [("current", "salah"), ("password", PASSWORD), ("confirm", PASSWORD)];
        let r = app.post_form("/api/change_password", &wrong, Some(&me)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let mismatch = [("current", store::demo::DEMO_PASSWORD), ("password", PASSWORD), ("confirm", "lain-lain-lain")];
        let r = app.post_form("/api/change_password", &mismatch, Some(&me)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let ok = [("current", store::demo::DEMO_PASSWORD), ("password", PASSWORD), ("confirm", PASSWORD)];
        assert_eq!(app.post_form("/api/change_password", &ok, Some(&me)).await.status, StatusCode::OK);
        assert!(sign_in(&app, "supervisor", PASSWORD).await.is_some());
        assert!(sign_in(&app, "supervisor", store::demo::DEMO_PASSWORD).await.is_none());
    })
    .await;
}
