//! The evidence access log over HTTP: every way a stored file is served is logged; each
//! officer reads their own region's part of the log, a manager only its own institution's,
//! assessors and visitors nothing; what an uploader typed is shown as text.

mod common;

use axum::http::{StatusCode, header};
use common::{TestApp, multipart, spawn_app, within};

const PHOTO: &[u8] = include_bytes!("../../fixtures/photos/dormitory-landscape.jpg");
const SCRIPT: &str = "<script>alert('dapur')</script>";

/// The manager of Panti Asuhan Budi Mulia (Kota Banjarmasin) uploads a photo captioned `caption`.
async fn upload_budi(app: &TestApp, manager: &str, id: &str, caption: &str) {
    let cycle = app.cycle_id("Panti Asuhan Budi Mulia").await;
    let (content_type, body) = multipart(&[("id", id), ("caption", caption)], Some(PHOTO));
    let r = app.post_raw(&format!("/evidence/{cycle}/PR.1.01"), &content_type, "application/json", body, manager).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// An evidence file of Panti Asuhan Sunan Giri (Kabupaten Magetan), from the demo.
async fn sunan_giri_file(app: &TestApp) -> String {
    let cycle = app.cycle_id("Panti Asuhan Sunan Giri").await;
    store::evidence::list(&app.store, &cycle).await.unwrap().remove(0).id
}

async fn opened(app: &TestApp, path: &str, cookie: &str) {
    let r = app.get(path, Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{path}");
}

/// Rows of the log on a rendered page.
fn rows(body: &str) -> usize {
    body.matches("data-testid=\"file-view\"").count()
}

#[tokio::test]
async fn each_reader_sees_only_their_part_of_the_log_and_typed_text_stays_text() {
    within(async {
        let app = spawn_app().await;
        let manager = app.login("pengelola").await;
        let banjarmasin = app.login("dinsos").await;
        let magetan = app.login("dinsos.magetan").await;
        upload_budi(&app, &manager, "dapur-budi", SCRIPT).await;
        opened(&app, "/evidence/dapur-budi/thumbnail", &manager).await;
        opened(&app, "/evidence/dapur-budi/full", &banjarmasin).await;
        let sunan = sunan_giri_file(&app).await;
        opened(&app, &format!("/evidence/{sunan}/full"), &magetan).await;

        // Kabupaten Magetan's officer: Sunan Giri's view only, never Banjarmasin's.
        let page = app.get("/evidence-views", Some(&magetan)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(rows(&page.body), 1, "{}", page.body);
        assert!(page.body.contains("Panti Asuhan Sunan Giri") && page.body.contains("Sri Wahyuni"));
        assert!(!page.body.contains("Budi Mulia") && !page.body.contains("dapur"), "no Banjarmasin view");
        // Nor by asking for a Banjarmasin institution by id.
        let budi = app.institution_id("Panti Asuhan Budi Mulia").await;
        let r = app.get(&format!("/evidence-views?institution_id={budi}"), Some(&magetan)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(!r.body.contains("dapur"));

        // Kota Banjarmasin's officer: both views of Budi Mulia's photo, the caption as text.
        let page = app.get("/evidence-views", Some(&banjarmasin)).await;
        assert_eq!(rows(&page.body), 2, "{}", page.body);
        assert!(!page.body.contains("Sunan Giri"));
        assert!(page.body.contains("&lt;script&gt;alert("), "the caption is escaped: {}", page.body);
        assert!(!page.body.contains(SCRIPT), "no typed markup reaches the page");
        assert!(page.body.contains("Gambar kecil") && page.body.contains("Berkas asli"), "the variant in words");
        assert!(page.body.contains("WITA"), "Banjarmasin's local time");

        // The manager: who opened its own files (itself and the officer), nothing of Magetan.
        let page = app.get("/evidence-views", Some(&manager)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(rows(&page.body), 2, "{}", page.body);
        assert!(page.body.contains("Noor Hasanah") && page.body.contains("Hj. Rahmah Fitriani"));
        assert!(!page.body.contains("Sunan Giri"));
        assert!(!page.body.contains("name=\"institution\""), "one institution: no institution search");
        let own = app.get(&format!("/evidence-views?institution_id={budi}"), Some(&manager)).await;
        assert_eq!(rows(&own.body), 2);
        let other = app.institution_id("Panti Asuhan Sunan Giri").await;
        let r = app.get(&format!("/evidence-views?institution_id={other}"), Some(&manager)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        // The administrator: the whole country; narrowed by person, institution and day.
        let admin = app.login("admin").await;
        let page = app.get("/evidence-views", Some(&admin)).await;
        assert_eq!(rows(&page.body), 3);
        let by_person = app.get("/evidence-views?person=NOOR", Some(&admin)).await;
        assert_eq!(rows(&by_person.body), 1, "{}", by_person.body);
        let by_name = app.get("/evidence-views?institution=sunan", Some(&admin)).await;
        assert_eq!(rows(&by_name.body), 1);
        // Today in Banjarmasin or Magetan is one of these three days, whatever the hour in UTC.
        let today = store::today();
        let (yesterday, tomorrow) =
            (domain::dates::add_days(&today, -1).unwrap(), domain::dates::add_days(&today, 1).unwrap());
        let recent = app.get(&format!("/evidence-views?from={yesterday}&to={tomorrow}"), Some(&admin)).await;
        assert_eq!(rows(&recent.body), 3, "{}", recent.body);
        let long_ago = app.get("/evidence-views?from=2020-01-01&to=2020-01-31", Some(&admin)).await;
        assert_eq!(rows(&long_ago.body), 0);
        assert!(long_ago.body.contains("evidence-log-empty"));

        // Assessors keep no log; visitors sign in first.
        let assessor = app.login("asesor1").await;
        assert_eq!(app.get("/evidence-views", Some(&assessor)).await.status, StatusCode::FORBIDDEN);
        let r = app.get("/evidence-views", None).await;
        assert!(r.status.is_redirection(), "{}", r.status);
        assert!(r.headers[header::LOCATION].to_str().unwrap().starts_with("/login"));
    })
    .await;
}

#[tokio::test]
async fn filters_that_cannot_be_applied_are_explained_and_the_form_keeps_what_was_typed() {
    within(async {
        let app = spawn_app().await;
        let admin = app.login("admin").await;
        let r = app.post_form("/api/evidence_log", &[("from", "2026-02-30")], Some(&admin)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let r = app.post_form("/api/evidence_log", &[("from", "2026-12-02"), ("to", "2026-12-01")], Some(&admin)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let page = app.get("/evidence-views?person=noor&from=kemarin", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("Tanggal tidak dikenali"), "{}", page.body);
        assert!(page.body.contains("value=\"noor\""), "the person typed is kept");
        let budi = app.institution_id("Panti Asuhan Budi Mulia").await;
        let page = app.get(&format!("/evidence-views?institution_id={budi}&to=31-12-2026"), Some(&admin)).await;
        assert!(page.body.contains(&format!("name=\"institution_id\" value=\"{budi}\"")), "the institution is kept");

        // A name that matches more institutions than a page asks for more of it.
        for n in 0..=store::evidence::views::MAX_MATCHES {
            let twin = store::institutions::NewInstitution {
                name: format!("Panti Kembar {n:02}"),
                regency_id: "63.71".into(),
                address: "Jl. Kembar".into(),
                foundation: String::new(),
                capacity: 10,
                children_count: 5,
                staff_count: 2,
                registration_number: None,
                registration_expires_on: None,
                permit_number: None,
                permit_expires_on: None,
            };
            store::institutions::create(&app.store, twin).await.unwrap();
        }
        let page = app.get("/evidence-views?institution=kembar", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Terlalu banyak lembaga"), "{}", page.body);
    })
    .await;
}

#[tokio::test]
async fn every_way_a_stored_file_is_served_is_logged() {
    within(async {
        let app = spawn_app().await;
        let manager = app.login("pengelola").await;
        upload_budi(&app, &manager, "kamar-budi", "Kamar anak").await;
        let officer = app.login("dinsos").await;
        for variant in ["full", "thumbnail"] {
            opened(&app, &format!("/evidence/kamar-budi/{variant}"), &officer).await;
        }
        // A site photo of Putri Aisyiyah (Kota Banjarmasin), opened by the assessor who took it.
        let assessor = app.login("asesor1").await;
        let putri = app.cycle_id("Panti Asuhan Putri Aisyiyah").await;
        let (content_type, body) = multipart(&[("id", "foto-putri"), ("caption", "Dapur")], Some(PHOTO));
        let r = app
            .post_raw(&format!("/visit-photos/{putri}/PR.1.01"), &content_type, "application/json", body, &assessor)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        opened(&app, "/visit-photos/foto-putri/thumbnail", &assessor).await;
        opened(&app, "/visit-photos/foto-putri/full", &officer).await;
        // A refused or missing file is not served, and so not logged.
        let outsider = app.login("dinsos.magetan").await;
        assert_eq!(app.get("/evidence/kamar-budi/full", Some(&outsider)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get("/evidence/tidak-ada/full", Some(&officer)).await.status, StatusCode::NOT_FOUND);

        use store::evidence::views::{Source, count_for_file};
        assert_eq!(count_for_file(&app.store, Source::Evidence, "kamar-budi").await.unwrap(), 2);
        assert_eq!(count_for_file(&app.store, Source::SitePhoto, "foto-putri").await.unwrap(), 2);
        let page = app.get("/evidence-views", Some(&officer)).await;
        assert_eq!(rows(&page.body), 4, "{}", page.body);
        assert!(page.body.contains("foto lapangan asesor") && page.body.contains("bukti penilaian mandiri"));
        // The manager of Budi Mulia sees its own file's views; Putri Aisyiyah's photo is not its.
        let page = app.get("/evidence-views", Some(&manager)).await;
        assert_eq!(rows(&page.body), 2, "{}", page.body);
    })
    .await;
}
