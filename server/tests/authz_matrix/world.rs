//! The world the matrix is asked in: a fresh demo database, one session per person, and the
//! records each route names (a draft, a visit, a decided cycle, uploaded files).

use super::*;
use axum::body::Body;
use axum::http::Request;

pub(super) const PHOTO: &[u8] = include_bytes!("../../../fixtures/photos/dormitory-landscape.jpg");

pub(super) struct World {
    pub(super) app: TestApp,
    pub(super) cookies: BTreeMap<Who, String>,
    pub(super) ids: Vec<(&'static str, String)>,
}

pub(super) async fn world() -> World {
    let app = spawn_app().await;
    app.add_assessor("asesor.lain", "Asesor Lain").await;
    let mut cookies = BTreeMap::new();
    for who in SIGNED_IN {
        cookies.insert(*who, app.login(who.username().unwrap()).await);
    }
    let budi = app.cycle_id("Panti Asuhan Budi Mulia").await;
    let putri = app.cycle_id("Panti Asuhan Putri Aisyiyah").await;
    let code: String = sqlx::query_scalar(
        "select ce.verification_code from certificates ce join cycles c on c.id = ce.cycle_id
           join institutions i on i.id = c.institution_id where i.name = 'LKSA Darul Aitam'",
    )
    .fetch_one(&app.store.pool)
    .await
    .unwrap();
    let (content_type, body) = multipart(&[("id", "matrix-evidence"), ("caption", "Dapur")], Some(PHOTO));
    let r = app
        .post_raw(&format!("/evidence/{budi}/PR.1.01"), &content_type, "application/json", body, &cookies[&Manager])
        .await;
    assert_eq!(r.status, StatusCode::OK, "evidence for the matrix: {}", r.body);
    let (content_type, body) = multipart(&[("id", "matrix-photo"), ("caption", "Kamar")], Some(PHOTO));
    let r = app
        .post_raw(
            &format!("/visit-photos/{putri}/PR.1.01"),
            &content_type,
            "application/json",
            body,
            &cookies[&Assessor],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "site photo for the matrix: {}", r.body);
    insert_result(&app, &budi).await;
    let ids = vec![
        ("{budi_inst}", app.institution_id("Panti Asuhan Budi Mulia").await),
        ("{budi}", budi),
        ("{hidayah}", app.cycle_id("LKSA Al-Hidayah").await),
        ("{putri}", putri),
        ("{darul}", app.cycle_id("LKSA Darul Aitam").await),
        ("{sunan}", app.cycle_id("Panti Asuhan Sunan Giri").await),
        ("{code}", code),
        ("{evidence}", "matrix-evidence".into()),
        ("{photo}", "matrix-photo".into()),
        (
            "{pengelola}",
            sqlx::query_scalar("select id from users where username = 'pengelola'")
                .fetch_one(&app.store.pool)
                .await
                .unwrap(),
        ),
        ("{token}", "0".repeat(64)),
        (
            "{instrument}",
            sqlx::query_scalar("select id from instrument_versions where version = '2026.2'")
                .fetch_one(&app.store.pool)
                .await
                .unwrap(),
        ),
    ];
    World { app, cookies, ids }
}

/// A reconciled result for a cycle, so the result API has something to answer.
async fn insert_result(app: &TestApp, cycle: &str) {
    let evaluation = domain::Evaluation {
        components: vec![],
        total_hundredths: 8600,
        band_grade: domain::Grade::A,
        grade: domain::Grade::A,
        findings: vec![],
    };
    sqlx::query(
        "insert into cycle_results (cycle_id, evaluation, total_hundredths, recommended_grade, reconciled_by, created_at)
         values ($1, $2, 8600, 'A', (select id from users where username = 'admin'), 0)",
    )
    .bind(cycle)
    .bind(serde_json::to_string(&evaluation).unwrap())
    .execute(&app.store.pool)
    .await
    .unwrap();
}

impl World {
    fn fill(&self, template: &str) -> String {
        self.ids.iter().fold(template.to_string(), |t, (k, v)| t.replace(k, v))
    }

    pub(super) async fn call(&self, call: &Call, who: Who) -> Reply {
        let cookie = self.cookies.get(&who).cloned();
        let req = |method: &str, path: &str, content_type: Option<&str>, accept: &str| {
            let mut r = Request::builder()
                .method(method)
                .uri(self.fill(path))
                .header(header::HOST, "localhost")
                .header(header::ORIGIN, "http://localhost")
                .header(header::ACCEPT, accept);
            if let Some(c) = content_type {
                r = r.header(header::CONTENT_TYPE, c);
            }
            if let Some(c) = &cookie {
                r = r.header(header::COOKIE, c);
            }
            r
        };
        let request = match call {
            Call::Page(path) => req("GET", path, None, "text/html").body(Body::empty()),
            Call::Get(path) => req("GET", path, None, "application/json").body(Body::empty()),
            Call::Form(path, fields) => {
                let filled: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, self.fill(v))).collect();
                let body = serde_urlencoded::to_string(&filled).unwrap();
                req("POST", path, Some("application/x-www-form-urlencoded"), "application/json").body(Body::from(body))
            }
            Call::Json(path, body) => {
                req("POST", path, Some("application/json"), "application/json").body(Body::from(self.fill(body)))
            }
            Call::Upload(path) => {
                let id = format!("matrix-{}", store::new_id());
                let (content_type, body) = multipart(&[("id", &id), ("caption", "Uji")], Some(PHOTO));
                req("POST", path, Some(&content_type), "application/json").body(Body::from(body))
            }
        };
        self.app.send(request.unwrap()).await
    }
}
