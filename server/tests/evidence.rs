mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Reply, TestApp, spawn_app};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/photos");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

async fn upload(app: &TestApp, cookie: Option<&str>, cycle: &str, code: &str, id: &str, file: &[u8]) -> Reply {
    let boundary = "----lksa-test-boundary";
    let mut body = Vec::new();
    for (name, value) in [("id", id), ("caption", "Dapur tampak depan")] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"foto.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            .as_bytes(),
    );
    body.extend(file);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut req = Request::post(format!("/evidence/{cycle}/{code}"))
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    app.send(req.body(Body::from(body)).unwrap()).await
}

async fn manager_cycle(app: &TestApp) -> String {
    let id = app.institution_id("Panti Asuhan Budi Mulia").await;
    store::cycles::latest_for_institution(&app.store, &id).await.unwrap().unwrap().id
}

async fn get_bytes(app: &TestApp, path: &str, cookie: &str) -> (StatusCode, Vec<u8>) {
    let req = Request::get(path)
        .header(header::HOST, "localhost")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let res = tower::ServiceExt::oneshot(app.router.clone(), req).await.unwrap();
    let status = res.status();
    let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes().to_vec();
    (status, bytes)
}

#[tokio::test]
async fn a_stored_photo_is_upright_small_and_free_of_exif_and_gps() {
    let app = spawn_app().await;
    let cookie = app.login("pengelola").await;
    let cycle = manager_cycle(&app).await;
    let original = fixture("kitchen-rotated-exif6-gps.jpg");
    assert!(original.windows(4).any(|w| w == b"Exif"), "the fixture carries EXIF");

    let r = upload(&app, Some(&cookie), &cycle, "SP.1.01", "foto-dapur-1", &original).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (status, stored) = get_bytes(&app, "/evidence/foto-dapur-1/full", &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!stored.windows(4).any(|w| w == b"Exif"), "no EXIF segment survives");
    assert!(!stored.windows(5).any(|w| w == b"Galax"), "no device name survives");
    let img = image::load_from_memory(&stored).unwrap();
    assert!(img.height() > img.width(), "orientation 6 applied: the photo is upright (portrait)");
    assert!(img.width().max(img.height()) <= 2048);
    let (status, thumb) = get_bytes(&app, "/evidence/foto-dapur-1/thumbnail", &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert!(image::load_from_memory(&thumb).unwrap().height() <= 320);
    assert_eq!(
        store::evidence::views::count_for_file(&app.store, store::evidence::views::Source::Evidence, "foto-dapur-1")
            .await
            .unwrap(),
        2,
        "each view is logged"
    );

    // A retried upload with the same client id is stored once.
    let again = upload(&app, Some(&cookie), &cycle, "SP.1.01", "foto-dapur-1", &original).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(store::evidence::list(&app.store, &cycle).await.unwrap().len(), 1);
    // The same photo under another id is a second evidence item but one stored file.
    upload(&app, Some(&cookie), &cycle, "SP.1.02", "foto-dapur-2", &original).await;
    // (Counted for this cycle: the demo's submitted self-assessments have files of their own.)
    let blobs: i64 = sqlx::query_scalar(
        "select count(*) from blobs where sha256 in (select sha256 from evidence where cycle_id = $1)",
    )
    .bind(&cycle)
    .fetch_one(&app.store.pool)
    .await
    .unwrap();
    assert_eq!(blobs, 1);
}

#[tokio::test]
async fn bad_files_get_clear_errors_and_leave_existing_evidence_untouched() {
    let app = spawn_app().await;
    let cookie = app.login("pengelola").await;
    let cycle = manager_cycle(&app).await;
    let ok = upload(&app, Some(&cookie), &cycle, "SP.1.01", "baik-1", &fixture("dormitory-landscape.jpg")).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);

    let mut oversize = fixture("dormitory-landscape.jpg");
    oversize.resize(15 * 1024 * 1024 + 1, 0);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("rusak", fixture("corrupt.jpg"), "rusak"),
        ("bukan-foto", fixture("not-an-image.jpg"), "tidak didukung"),
        ("raksasa", fixture("huge-20000x20000.jpg"), "resolusinya melebihi batas"),
        ("terlalu-besar", oversize, "terlalu besar"),
    ];
    for (id, bytes, message) in cases {
        let r = upload(&app, Some(&cookie), &cycle, "SP.1.01", id, &bytes).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{id}: {}", r.body);
        let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert!(json["error"].as_str().unwrap().contains(message), "{id}: {}", r.body);
    }
    let left = store::evidence::list(&app.store, &cycle).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, "baik-1");
    assert_eq!(get_bytes(&app, "/evidence/baik-1/full", &cookie).await.0, StatusCode::OK);
}

#[tokio::test]
async fn another_institution_cannot_upload_or_see_this_evidence() {
    let app = spawn_app().await;
    let owner = app.login("pengelola").await;
    let cycle = manager_cycle(&app).await;
    upload(&app, Some(&owner), &cycle, "SP.1.01", "milik-budi-mulia", &fixture("dormitory-landscape.jpg")).await;

    let other = app.login("pengelola.magetan").await;
    let r = upload(&app, Some(&other), &cycle, "SP.1.01", "penyusup", &fixture("dormitory-landscape.jpg")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(get_bytes(&app, "/evidence/milik-budi-mulia/full", &other).await.0, StatusCode::NOT_FOUND);
    assert_eq!(get_bytes(&app, "/evidence/milik-budi-mulia/thumbnail", &other).await.0, StatusCode::NOT_FOUND);
    let r = app.post_form("/api/self_assessment", &[], Some(&other)).await;
    assert!(!r.body.contains(&cycle), "the other manager's page never names this cycle");
    let r = app
        .post_form(
            "/api/save_answer",
            &[
                ("cycle_id", &cycle),
                ("code", "SP.1.01"),
                ("change_id", "x"),
                ("base_revision", "0"),
                ("self_score", "4"),
            ],
            Some(&other),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.post_form("/api/submit_self_assessment", &[("cycle_id", &cycle)], Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );
    // An assessor not assigned to the institution sees nothing either; a visitor must sign in.
    let asesor = app.login("asesor1").await;
    assert_eq!(get_bytes(&app, "/evidence/milik-budi-mulia/full", &asesor).await.0, StatusCode::NOT_FOUND);
    let r = upload(&app, None, &cycle, "SP.1.01", "anonim", &fixture("dormitory-landscape.jpg")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(store::evidence::list(&app.store, &cycle).await.unwrap().len(), 1);
}
