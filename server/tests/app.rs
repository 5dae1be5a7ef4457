mod common;

use axum::http::{StatusCode, header};
use common::spawn_app;

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = spawn_app().await;
    let r = app.get("/healthz", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(json["database"], "ok");
    // Closing waits for connections in use; bounded so a lingering one cannot hang the suite.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), app.store.pool.close()).await;
    let r = app.get("/healthz", None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn session_cookie_is_httponly_and_samesite() {
    let app = spawn_app().await;
    let r =
        app.post_form("/auth/login", &[("username", "admin"), ("password", store::demo::DEMO_PASSWORD)], None).await;
    let set = r.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
    assert!(!set.contains("Secure"), "plain http in tests");
}

#[tokio::test]
async fn wrong_password_redirects_back_with_a_reason_and_locks_after_five() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let r = app.post_form("/auth/login", &[("username", "dinsos"), ("password", "tebakan")], None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(r.headers[header::LOCATION].to_str().unwrap().starts_with("/login?error=invalid"));
        assert!(r.headers.get(header::SET_COOKIE).is_none());
    }
    let r =
        app.post_form("/auth/login", &[("username", "dinsos"), ("password", store::demo::DEMO_PASSWORD)], None).await;
    assert!(r.headers[header::LOCATION].to_str().unwrap().starts_with("/login?error=locked"));
    let page = app.get("/login?error=locked", None).await;
    assert!(page.body.contains("Terlalu banyak percobaan"), "translated reason on the page");
}

#[tokio::test]
async fn each_role_sees_its_own_home_page() {
    let app = spawn_app().await;
    let cases = [
        ("pengelola", "Panti Asuhan Budi Mulia"),
        ("dinsos", "Kota Banjarmasin"),
        ("asesor1", "Panti Asuhan Putri Aisyiyah"),
        ("supervisor", "Panti Asuhan Sunan Giri"),
        ("admin", "Ringkasan sistem"),
    ];
    for (user, expected) in cases {
        let cookie = app.login(user).await;
        let r = app.get("/", Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{user}");
        assert!(r.body.contains(expected), "{user} should see {expected}");
    }
}

#[tokio::test]
async fn visitors_are_sent_to_sign_in_and_server_functions_refuse_them() {
    let app = spawn_app().await;
    let r = app.get("/", None).await;
    assert!(r.status.is_redirection(), "got {}", r.status);
    assert!(r.headers[header::LOCATION].to_str().unwrap().starts_with("/login"));
    let r = app.post_form("/api/home", &[], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_manager_cannot_read_another_institution() {
    let app = spawn_app().await;
    let cookie = app.login("pengelola").await;
    let own = app.institution_id("Panti Asuhan Budi Mulia").await;
    let other = app.institution_id("LKSA Muhammadiyah Magetan").await;

    let r = app.post_form("/api/institution", &[("id", &own)], Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Budi Mulia"));

    let r = app.post_form("/api/institution", &[("id", &other)], Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains("Magetan"), "nothing about the other institution leaks: {}", r.body);

    let page = app.get(&format!("/institutions/{other}"), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("Yos Sudarso"), "the other institution's address is not rendered");
    let page = app.get(&format!("/institutions/{own}"), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Pangeran Antasari"));
}

#[tokio::test]
async fn dinsos_sees_its_region_only_and_assessors_no_institution_profiles() {
    let app = spawn_app().await;
    let magetan = app.institution_id("LKSA Muhammadiyah Magetan").await;
    let banjarmasin = app.institution_id("LKSA Al-Hidayah").await;
    let dinsos = app.login("dinsos").await;
    assert_eq!(app.post_form("/api/institution", &[("id", &banjarmasin)], Some(&dinsos)).await.status, StatusCode::OK);
    assert_eq!(
        app.post_form("/api/institution", &[("id", &magetan)], Some(&dinsos)).await.status,
        StatusCode::NOT_FOUND
    );
    let asesor = app.login("asesor1").await;
    assert_eq!(
        app.post_form("/api/institution", &[("id", &banjarmasin)], Some(&asesor)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_instrument_browser_lists_six_components_and_all_indicators_in_indonesian() {
    let app = spawn_app().await;
    let cookie = app.login("asesor2").await;
    let r = app.get("/instrument", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    for name in [
        "Standar Program",
        "Proses Pelayanan",
        "Organisasi dan Manajemen",
        "Sumber Daya Manusia",
        "Sarana dan Prasarana",
        "Hasil Pelayanan",
    ] {
        assert!(r.body.contains(name), "component {name}");
    }
    let rows = r.body.matches("class=\"indicator").count();
    assert!(rows >= 200, "{rows} indicator rows");
    assert!(r.body.contains("Menampilkan 220 dari 220 indikator"));
}

#[tokio::test]
async fn cross_site_posts_are_refused_with_a_translated_message() {
    let app = spawn_app().await;
    let req = axum::http::Request::post("/auth/login")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("username=admin&password=demo-lksa-2026"))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Permintaan ditolak"));
}

#[tokio::test]
async fn language_switch_sets_a_cookie_and_pages_follow_it() {
    let app = spawn_app().await;
    let r = app.get("/lang/en?next=/login", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/login");
    let cookie = r.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
    let page = app.get("/login", Some(&cookie)).await;
    assert!(page.body.contains("<html lang=\"en\""), "html lang follows the cookie");
    assert!(page.body.contains("Sign in"));
    let page = app.get("/login", None).await;
    assert!(page.body.contains("<html lang=\"id\""));
    assert!(page.body.contains("Masuk"));
}

#[tokio::test]
async fn unknown_pages_are_404_and_translated() {
    let app = spawn_app().await;
    let r = app.get("/tidak-ada", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Halaman tidak ditemukan"));
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let app = spawn_app().await;
    let cookie = app.login("admin").await;
    let r = app.post_form("/auth/logout", &[], Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(app.post_form("/api/home", &[], Some(&cookie)).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn demo_data_is_loaded_once() {
    let app = spawn_app().await;
    let before = store::accounts::count_users(&app.store).await.unwrap();
    // Starting again against the same database loads nothing twice.
    let config = server::Config {
        database_url: app.database_url.clone(),
        demo_data: Some(true),
        instrument_file: None,
        secure_cookies: false,
        evidence_dir: "unused".into(),
        public_url: None,
        appeal_days: 30,
        smtp_url: None,
        smtp_from: None,
        trusted_proxies: Vec::new(),
    };
    let again = server::prepare_store(&config).await.unwrap();
    assert_eq!(store::accounts::count_users(&again).await.unwrap(), before);
}

#[tokio::test]
async fn a_self_assessment_cannot_start_while_the_permit_is_expired() {
    let app = spawn_app().await;
    let id = app.institution_id("Panti Asuhan Nurul Iman").await;
    store::accounts::create_user(
        &app.store,
        store::accounts::NewUser {
            username: "pengelola.nuruliman".into(),
            full_name: "H. Abdul Gani".into(),
            password: store::demo::DEMO_PASSWORD.into(),
            role: domain::Role::InstitutionManager,
            institution_id: Some(id.clone()),
            province_id: None,
            regency_id: None,
            can_approve: false,
        },
    )
    .await
    .unwrap();
    sqlx::query("update institutions set permit_expires_on = '2020-01-01' where id = $1")
        .bind(&id)
        .execute(&app.store.pool)
        .await
        .unwrap();
    let cookie = app.login("pengelola.nuruliman").await;
    let r = app.post_form("/api/start_self_assessment", &[], Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("assessment-legal-invalid"), "{}", r.body);
    assert!(store::cycles::latest_for_institution(&app.store, &id).await.unwrap().is_none());

    sqlx::query("update institutions set permit_expires_on = '2030-01-01' where id = $1")
        .bind(&id)
        .execute(&app.store.pool)
        .await
        .unwrap();
    assert_eq!(app.post_form("/api/start_self_assessment", &[], Some(&cookie)).await.status, StatusCode::OK);
    let cycle = store::cycles::latest_for_institution(&app.store, &id).await.unwrap().unwrap();
    assert_eq!(cycle.state(), Some(domain::CycleState::Draft));
    assert_eq!(cycle.instrument_version, "2026.2", "bound to the current instrument version");
}
