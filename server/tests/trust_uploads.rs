//! Regression tests for the upload findings of issue 9: replayed ids scoped to their owner,
//! translated refusals for broken requests, files served with a name.

mod common;

use axum::http::{StatusCode, header};
use common::{TestApp, multipart, spawn_app, within};

const PHOTO: &[u8] = include_bytes!("../../fixtures/photos/dormitory-landscape.jpg");

async fn upload(app: &TestApp, cookie: &str, cycle: &str, id: &str, caption: &str) -> common::Reply {
    let (content_type, body) = multipart(&[("id", id), ("caption", caption)], Some(PHOTO));
    app.post_raw(&format!("/evidence/{cycle}/PR.1.01"), &content_type, "application/json", body, cookie).await
}

#[tokio::test]
async fn another_institutions_evidence_id_is_refused_and_reveals_nothing() {
    within(async {
        let app = spawn_app().await;
        let budi = app.cycle_id("Panti Asuhan Budi Mulia").await;
        let magetan = app.cycle_id("LKSA Muhammadiyah Magetan").await;
        let banjarmasin = app.login("pengelola").await;
        let r = upload(&app, &banjarmasin, &budi, "bukti-rahasia-1", "Kamar anak-anak Banjarmasin").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let again = upload(&app, &banjarmasin, &budi, "bukti-rahasia-1", "Kamar anak-anak Banjarmasin").await;
        assert_eq!(again.status, StatusCode::OK, "the owner's retry is answered with the stored record");

        let other = app.login("pengelola.magetan").await;
        let r = upload(&app, &other, &magetan, "bukti-rahasia-1", "apa saja").await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("upload-id-taken") && !r.body.contains("Banjarmasin"), "{}", r.body);
        let theirs = store::evidence::list(&app.store, &magetan).await.unwrap();
        assert!(theirs.iter().all(|e| e.id != "bukti-rahasia-1"));
    })
    .await;
}

#[tokio::test]
async fn broken_upload_requests_get_translated_answers() {
    within(async {
        let app = spawn_app().await;
        let cycle = app.cycle_id("Panti Asuhan Budi Mulia").await;
        let cookie = app.login("pengelola").await;
        let path = format!("/evidence/{cycle}/PR.1.01");

        let raw = app.post_raw(&path, "image/jpeg", "application/json", PHOTO.to_vec(), &cookie).await;
        assert_eq!(raw.status, StatusCode::BAD_REQUEST, "{}", raw.body);
        assert!(raw.body.contains("upload-bad-request") && raw.body.contains("Unggahan"), "{}", raw.body);

        let no_boundary = app.post_raw(&path, "multipart/form-data", "application/json", PHOTO.to_vec(), &cookie).await;
        assert_eq!(no_boundary.status, StatusCode::BAD_REQUEST, "{}", no_boundary.body);

        let (content_type, body) = multipart(&[("id", "tanpa-berkas")], None);
        let missing = app.post_raw(&path, &content_type, "application/json", body, &cookie).await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(missing.body.contains("upload-missing-file"), "{}", missing.body);

        let (content_type, mut body) = multipart(&[("id", "terpotong")], Some(PHOTO));
        body.truncate(body.len() / 2);
        let cut = app.post_raw(&path, &content_type, "application/json", body, &cookie).await;
        assert_eq!(cut.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(cut.body.contains("upload-bad-request"), "a body cut short is not 'too large': {}", cut.body);

        let (content_type, body) = multipart(&[("id", "bukan-gambar")], Some(b"%!PS not an image"));
        let page = app.post_raw(&path, &content_type, "text/html,application/xhtml+xml", body, &cookie).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"), "a page, not JSON");
        assert!(page.body.contains("href=\"/self-assessment\"") && !page.body.contains("{\""), "{}", page.body);
    })
    .await;
}

#[tokio::test]
async fn evidence_is_served_with_a_file_name_and_never_cached() {
    within(async {
        let app = spawn_app().await;
        let cycle = app.cycle_id("Panti Asuhan Budi Mulia").await;
        let cookie = app.login("pengelola").await;
        assert_eq!(upload(&app, &cookie, &cycle, "bukti-nama-1", "Dapur").await.status, StatusCode::OK);
        let r = app.get("/evidence/bukti-nama-1/full", Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers[header::CONTENT_DISPOSITION], "inline; filename=\"evidence-bukti-nama-1.jpg\"");
        assert_eq!(r.headers[header::CACHE_CONTROL], "private, no-store");
    })
    .await;
}
