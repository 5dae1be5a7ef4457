//! Appeal evidence through the router: only the institution adds it, only while it may appeal
//! or its appeal waits, and only people entitled to the cycle see it.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Reply, TestApp, spawn_app};

const PDF: &[u8] = include_bytes!("../../fixtures/photos/sop-document.pdf");

async fn upload(app: &TestApp, cookie: &str, cycle: &str, id: &str) -> Reply {
    let boundary = "----lksa-appeal-boundary";
    let mut body = Vec::new();
    for (name, value) in [("id", id), ("caption", "Sertifikat pelatihan")] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bukti.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
            .as_bytes(),
    );
    body.extend(PDF);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post(format!("/appeal-files/{cycle}"))
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
    app.send(req.body(Body::from(body)).unwrap()).await
}

/// The Magetan institution's cycle, decided today with grade B.
async fn decided_today(app: &TestApp) -> String {
    let institution = app.institution_id("LKSA Muhammadiyah Magetan").await;
    let cycle = store::cycles::latest_for_institution(&app.store, &institution).await.unwrap().unwrap();
    sqlx::query("update cycles set state = 'reconciled' where id = $1")
        .bind(&cycle.id)
        .execute(&app.store.pool)
        .await
        .unwrap();
    let officer: String = sqlx::query_scalar("select id from users where username = 'dinsos.magetan'")
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
    sqlx::query(
        "insert into cycle_results (cycle_id, evaluation, total_hundredths, recommended_grade, reconciled_by, created_at)
         values ($1, '{}', 7500, 'B', $2, 0)",
    )
    .bind(&cycle.id)
    .bind(&officer)
    .execute(&app.store.pool)
    .await
    .unwrap();
    let instrument = store::instruments::by_id(&app.store, &cycle.instrument_version_id).await.unwrap().unwrap();
    let decision = domain::decision::Decision::approve("460/001/DINSOS/2026");
    store::decision::decide(&app.store, &officer, &cycle.id, &decision, &store::today(), &instrument).await.unwrap();
    cycle.id
}

#[tokio::test]
async fn the_institution_attaches_appeal_evidence_while_the_appeal_is_open() {
    let app = spawn_app().await;
    let cycle = decided_today(&app).await;
    let manager = app.login("pengelola.magetan").await;
    let other_manager = app.login("pengelola").await;
    let officer = app.login("dinsos.magetan").await;

    let r = upload(&app, &manager, &cycle, "appeal-file-1").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // A retry of the same upload is stored once.
    assert_eq!(upload(&app, &manager, &cycle, "appeal-file-1").await.status, StatusCode::OK);
    let files = store::appeal::appeal_files(&app.store, &cycle).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].kind, "document");

    // Another institution's manager and a Dinsos officer cannot add to it.
    assert_eq!(upload(&app, &other_manager, &cycle, "appeal-file-2").await.status, StatusCode::NOT_FOUND);
    assert_eq!(upload(&app, &officer, &cycle, "appeal-file-3").await.status, StatusCode::FORBIDDEN);

    // Dinsos of the region reads it; the other institution does not.
    let get = |cookie: &str| {
        Request::get(format!("/appeal-files/{}/full", files[0].id))
            .header(header::HOST, "localhost")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap()
    };
    let seen = app.send(get(&officer)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(app.send(get(&other_manager)).await.status, StatusCode::NOT_FOUND);

    // Once the appeal window has passed without an appeal, nothing more can be attached.
    sqlx::query("update decisions set decided_on = '2020-01-01' where cycle_id = $1")
        .bind(&cycle)
        .execute(&app.store.pool)
        .await
        .unwrap();
    assert_eq!(upload(&app, &manager, &cycle, "appeal-file-4").await.status, StatusCode::CONFLICT);
}
