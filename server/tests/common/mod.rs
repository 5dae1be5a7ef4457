//! `spawn_app`: a fresh database per test (temporary SQLite file) with the shipped instrument
//! and demo data, and the real router, driven without a socket through `oneshot`.

#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use server::{AppState, Config, prepare_store, router};
use store::Store;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub store: Store,
    /// The database's address, for a second store or server on the same data.
    pub database_url: String,
    pub dir: std::path::PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_serving("target/site").await
}

fn config_in(dir: &std::path::Path, database_url: String) -> Config {
    Config {
        database_url,
        demo_data: None,
        instrument_file: None,
        secure_cookies: false,
        evidence_dir: format!("{}/evidence", dir.display()),
        public_url: None,
        appeal_days: 30,
        smtp_url: None,
        smtp_from: None,
        trusted_proxies: Vec::new(),
    }
}

/// A database seeded once per test process (the demo goes through every workflow step, ~2 s),
/// copied for each app: tests that start many apps (the authorization matrix) stay fast, and each
/// app still gets its own database and evidence folder.
static TEMPLATE: tokio::sync::OnceCell<(std::path::PathBuf, String)> = tokio::sync::OnceCell::const_new();

/// The template's folder (with its evidence) and database (see `store::test_db::freeze`).
async fn template() -> &'static (std::path::PathBuf, String) {
    TEMPLATE
        .get_or_init(|| async {
            forget_old_templates();
            let dir = std::env::temp_dir().join(format!("lksa-template-{}", store::new_id()));
            std::fs::create_dir_all(&dir).unwrap();
            let url = store::test_db::fresh(&dir).await.expect("a template database");
            let store = prepare_store(&config_in(&dir, url.clone())).await.expect("prepare template store");
            let template = store::test_db::freeze(store, &url, &dir).await.expect("freeze the seeded database");
            (dir, template)
        })
        .await
}

/// Templates of earlier test processes (a test process cannot remove its own on exit).
fn forget_old_templates() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for entry in entries.flatten() {
        let old = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        if entry.file_name().to_string_lossy().starts_with("lksa-template-")
            && old.is_some_and(|age| age > std::time::Duration::from_secs(1800))
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The app serving its static files from `site_root`.
pub async fn spawn_app_serving(site_root: &str) -> TestApp {
    spawn_app_with(site_root, |_| {}).await
}

/// The app with settings of its own (a mail server, say).
pub async fn spawn_app_with(site_root: &str, edit: impl FnOnce(&mut Config)) -> TestApp {
    let dir = std::env::temp_dir().join(format!("lksa-server-{}", store::new_id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (seeded, template) = template().await;
    let database_url = store::test_db::copy(template, &dir).await.expect("copy the seeded database");
    if seeded.join("evidence").exists() {
        copy_dir(&seeded.join("evidence"), &dir.join("evidence"));
    }
    let mut config = config_in(&dir, database_url.clone());
    edit(&mut config);
    let store = prepare_store(&config).await.expect("prepare store");
    let leptos_options = LeptosOptions::builder().output_name("lksa").site_root(site_root).build();
    let router = router(AppState::new(leptos_options, store.clone(), &config));
    TestApp { router, store, database_url, dir }
}

impl TestApp {
    /// An assessor account (demo password) assigned to nothing.
    pub async fn add_assessor(&self, username: &str, full_name: &str) {
        store::accounts::create_user(
            &self.store,
            store::accounts::NewUser {
                username: username.into(),
                full_name: full_name.into(),
                password: store::demo::DEMO_PASSWORD.into(),
                role: domain::Role::Assessor,
                institution_id: None,
                province_id: None,
                regency_id: None,
                can_approve: false,
            },
        )
        .await
        .unwrap();
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::get(path).header(header::HOST, "localhost").header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// A same-origin form post, as a browser sends it.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Reply {
        let mut req = Request::post(path)
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let body = serde_urlencoded::to_string(form).unwrap();
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// A same-origin JSON post, as the app sends to server functions declared with
    /// `input = server_fn::codec::Json` (the object's fields are the function's arguments).
    pub async fn post_json(&self, path: &str, body: serde_json::Value, cookie: Option<&str>) -> Reply {
        let mut req = Request::post(path)
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body.to_string())).unwrap()).await
    }

    /// Signs in and returns the `Cookie` header value for later requests.
    pub async fn login(&self, username: &str) -> String {
        let r = self
            .post_form(
                "/auth/login",
                &[("username", username), ("password", store::demo::DEMO_PASSWORD), ("next", "/")],
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.headers[header::LOCATION], "/");
        let set = r.headers[header::SET_COOKIE].to_str().unwrap().to_string();
        set.split(';').next().unwrap().to_string()
    }

    /// The id of the institution's latest accreditation cycle.
    pub async fn cycle_id(&self, institution: &str) -> String {
        let id = self.institution_id(institution).await;
        store::cycles::latest_for_institution(&self.store, &id).await.unwrap().unwrap().id
    }

    pub async fn institution_id(&self, name: &str) -> String {
        store::institutions::list(&self.store, None, name, store::paging::PageRequest::first())
            .await
            .unwrap()
            .rows
            .into_iter()
            .find(|i| i.name == name)
            .unwrap()
            .id
    }
}

/// Runs a test body with a time limit, so a stuck test fails within a minute saying so instead
/// of holding up the whole suite.
pub async fn within<F: std::future::Future>(body: F) -> F::Output {
    within_secs(60, body).await
}

pub async fn within_secs<F: std::future::Future>(secs: u64, body: F) -> F::Output {
    match tokio::time::timeout(std::time::Duration::from_secs(secs), body).await {
        Ok(out) => out,
        Err(_) => panic!("test did not finish within {secs} s"),
    }
}

/// A multipart form body (text fields, then an optional `file`) and its content type.
pub fn multipart(fields: &[(&str, &str)], file: Option<&[u8]>) -> (String, Vec<u8>) {
    let boundary = "----lksa-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    if let Some(file) = file {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"foto.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .as_bytes(),
        );
        body.extend(file);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestApp {
    /// A same-origin post of `body` with the given content type and `Accept` header.
    pub async fn post_raw(&self, path: &str, content_type: &str, accept: &str, body: Vec<u8>, cookie: &str) -> Reply {
        let req = Request::post(path)
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .header(header::REFERER, "http://localhost/self-assessment")
            .header(header::ACCEPT, accept)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::COOKIE, cookie);
        self.send(req.body(Body::from(body)).unwrap()).await
    }
}
