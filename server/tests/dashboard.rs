mod common;

use axum::http::StatusCode;
use common::spawn_app;
use domain::RegionScope;

/// The table row of a state on the dashboard page, from its opening tag to `</tr>`.
fn state_row<'a>(html: &'a str, state: &str) -> &'a str {
    let start = html.find(&format!("data-state=\"{state}\"")).unwrap_or_else(|| panic!("no row for {state}"));
    let rest = &html[start..];
    &rest[..rest.find("</tr>").unwrap()]
}

#[tokio::test]
async fn dinsos_sees_its_region_counts_as_svg_charts_and_tables() {
    let app = spawn_app().await;
    // Counted independently: the latest cycle of each institution in Kota Banjarmasin (the
    // demo data has one cycle per institution).
    let scope = RegionScope::Regency { province: "63".into(), regency: "63.71".into() };
    let mut states = vec![];
    for i in
        store::institutions::list(&app.store, Some(&scope), "", store::paging::PageRequest::first()).await.unwrap().rows
    {
        if let Some(c) = store::cycles::latest_for_institution(&app.store, &i.id).await.unwrap() {
            states.push(c.state);
        }
    }
    let all: i64 = sqlx::query_scalar("select count(*) from cycles").fetch_one(&app.store.pool).await.unwrap();
    assert!(!states.is_empty() && (states.len() as i64) < all, "the region is a proper subset");

    let cookie = app.login("dinsos").await;
    let r = app.get("/dashboard", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<svg"), "server-rendered chart");
    assert!(r.body.contains("role=\"img\""));
    assert!(r.body.contains("Kota Banjarmasin"));
    for state in domain::CycleState::ALL {
        let expected = states.iter().filter(|s| *s == state.code()).count();
        let row = state_row(&r.body, state.code());
        assert!(row.contains(&format!(">{expected}<")), "{state:?}: expected {expected} in {row}");
    }
    let total: usize = domain::CycleState::ALL.len();
    assert_eq!(r.body.matches("data-state=").count(), total);

    // The server function answers the same for the officer.
    let r = app.post_form("/api/dashboard", &[], Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let counted: i64 = v["by_state"].as_array().unwrap().iter().map(|p| p[1].as_i64().unwrap()).sum();
    assert_eq!(counted, states.len() as i64);
}

#[tokio::test]
async fn administrators_see_everything_and_others_are_refused() {
    let app = spawn_app().await;
    let all: i64 = sqlx::query_scalar("select count(*) from cycles").fetch_one(&app.store.pool).await.unwrap();
    let admin = app.login("admin").await;
    let r = app.post_form("/api/dashboard", &[], Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let counted: i64 = v["by_state"].as_array().unwrap().iter().map(|p| p[1].as_i64().unwrap()).sum();
    assert_eq!(counted, all);

    for user in ["asesor1", "pengelola"] {
        let cookie = app.login(user).await;
        let r = app.post_form("/api/dashboard", &[], Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
    }
    assert_eq!(app.post_form("/api/dashboard", &[], None).await.status, StatusCode::UNAUTHORIZED);
}
