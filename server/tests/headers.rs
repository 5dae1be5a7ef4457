//! The security headers on every route: each page of the app (taken from the app's own route
//! list, so a new page is covered without editing this file), every plain route, signed in and
//! not. A page's Content-Security-Policy must carry the nonce of its hydration script and never
//! `unsafe-inline`; nothing personal may be stored by a browser or proxy.

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use common::{Reply, TestApp, spawn_app, within};

/// Every page path of the app with real ids in place of its parameters.
async fn page_paths(app: &TestApp) -> Vec<String> {
    let institution = app.institution_id("Panti Asuhan Budi Mulia").await;
    let cycle = store::cycles::latest_for_institution(&app.store, &institution).await.unwrap().unwrap().id;
    let code: String = sqlx::query_scalar("select verification_code from certificates limit 1")
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
    let routes = leptos_axum::generate_route_list(app::App);
    assert!(routes.len() >= 15, "the app's route list is read: {}", routes.len());
    routes
        .iter()
        .map(|r| {
            let path = r.path().to_string();
            let id = if path.starts_with("/institutions/") { &institution } else { &cycle };
            path.replace("{id}", id).replace(":id", id).replace("{code}", &code).replace(":code", &code)
        })
        .collect()
}

/// The plain (non-Leptos) GET routes, with real ids.
const PLAIN: &[&str] = &[
    "/healthz",
    "/api/v1/openapi.json",
    "/api/v1/institutions",
    "/api/v1/registry",
    "/exports/results.csv",
    "/exports/results.xlsx",
    "/evidence/none/full",
    "/visit-photos/none/full",
    "/appeal-files/none/full",
    "/certificates/none",
    "/lang/en?next=/",
    "/tidak-ada",
];

async fn get(app: &TestApp, path: &str, cookie: Option<&str>, https: bool) -> Reply {
    let mut req = Request::get(path).header(header::HOST, "localhost").header(header::ACCEPT, "text/html");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    if https {
        req = req.header("x-forwarded-proto", "https");
    }
    app.send(req.body(Body::empty()).unwrap()).await
}

fn value<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

fn check(path: &str, r: &Reply, https: bool) {
    let h = &r.headers;
    assert_eq!(value(h, "x-content-type-options"), "nosniff", "{path}");
    assert_eq!(value(h, "x-frame-options"), "DENY", "{path}");
    assert!(value(h, "permissions-policy").contains("camera=(self)"), "{path}");
    assert!(value(h, "cache-control").contains("no-store"), "{path}: {:?}", h.get("cache-control"));
    assert_eq!(value(h, "strict-transport-security").contains("max-age="), https, "{path}: HSTS only over https");
    if value(h, "content-type").starts_with("text/html") {
        let csp = value(h, "content-security-policy");
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'")
                || csp.contains("default-src 'none'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("'unsafe-inline'") && !csp.contains(" 'unsafe-eval'"), "{path}: {csp}");
        if r.body.contains("<script") {
            let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).unwrap_or("");
            assert!(!nonce.is_empty(), "{path}: a page with scripts has a nonce policy: {csp}");
            for script in r.body.split("<script").skip(1) {
                let tag = script.split('>').next().unwrap_or("");
                assert!(
                    tag.contains(&format!("nonce=\"{nonce}\"")),
                    "{path}: every inline script carries the nonce: <script{tag}>"
                );
            }
        }
    }
}

#[tokio::test]
async fn every_route_answers_with_the_security_headers() {
    within(async {
        let app = spawn_app().await;
        let admin = app.login("admin").await;
        let manager = app.login("pengelola").await;
        let mut checked = 0;
        for path in page_paths(&app).await.iter().map(String::as_str).chain(PLAIN.iter().copied()) {
            for cookie in [None, Some(admin.as_str()), Some(manager.as_str())] {
                for https in [false, true] {
                    let r = get(&app, path, cookie, https).await;
                    assert_ne!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
                    check(path, &r, https);
                    checked += 1;
                }
            }
        }
        assert!(checked > 150, "{checked} responses checked");
    })
    .await;
}

#[tokio::test]
async fn server_functions_and_refusals_are_not_stored_either() {
    within(async {
        let app = spawn_app().await;
        let cookie = app.login("pengelola").await;
        let r = app.post_form("/api/self_assessment", &[], Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::OK);
        check("/api/self_assessment", &r, false);
        let refused = app.post_form("/api/home", &[], None).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
        check("/api/home", &refused, false);
    })
    .await;
}
