//! Onboarding institutions over the real router: upload → preview with row errors → confirm,
//! idempotent re-imports, the 20 MB limit, translated file problems, templates whose cells
//! cannot run as formulas, and the registration form's region check.

mod common;

use axum::http::{StatusCode, header};
use common::{TestApp, multipart, spawn_app, within};
use serde_json::Value;

const HEADER: &str = "nama,kode_kabupaten_kota,alamat,yayasan,kapasitas,jumlah_anak,jumlah_pengasuh,nomor_tanda_daftar,tanda_daftar_terbit,tanda_daftar_berlaku_sampai,nomor_izin_operasional,izin_terbit,izin_berlaku_sampai";

fn csv(rows: &[String]) -> Vec<u8> {
    let mut text = format!("{HEADER}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.into_bytes()
}

fn row(n: usize, regency: &str) -> String {
    format!("LKSA Uji {n},{regency},Jl. Uji {n},Yayasan Uji,40,30,5,TD-UJI-{n},04/01/2021,2031-01-03,503/{n},,")
}

async fn upload(app: &TestApp, cookie: &str, file: &[u8]) -> (StatusCode, Value) {
    let (content_type, body) = multipart(&[], Some(file));
    let r = app.post_raw("/institution-imports", &content_type, "application/json", body, cookie).await;
    (r.status, serde_json::from_str(&r.body).unwrap_or(Value::Null))
}

async fn confirm(app: &TestApp, cookie: &str, id: &str) -> (StatusCode, Value) {
    let r = app.post_form("/api/confirm_import", &[("id", id)], Some(cookie)).await;
    (r.status, serde_json::from_str(&r.body).unwrap_or(Value::Null))
}

async fn institutions(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from institutions").fetch_one(&app.store.pool).await.unwrap()
}

#[tokio::test]
async fn a_file_is_checked_fixed_confirmed_and_reimported_without_changes() {
    within(async {
        let app = spawn_app().await;
        let admin = app.login("admin").await;
        let before = institutions(&app).await;
        let mut rows: Vec<String> = (0..10).map(|n| row(n, "63.71")).collect();
        rows[2] = rows[2].replace("LKSA Uji 2", "");
        rows[5] = rows[5].replace(",40,", ",-4,");
        rows[7] = rows[7].replace("63.71", "99.99");
        let (status, preview) = upload(&app, &admin, &csv(&rows)).await;
        assert_eq!(status, StatusCode::OK, "{preview}");
        let problems = preview["problems"].as_array().unwrap();
        let at: Vec<(i64, &str, &str)> = problems
            .iter()
            .map(|p| (p["row"].as_i64().unwrap(), p["column"].as_str().unwrap(), p["key"].as_str().unwrap()))
            .collect();
        assert_eq!(
            at,
            vec![
                (4, "nama", "import-error-required"),
                (7, "kapasitas", "import-error-number"),
                (9, "kode_kabupaten_kota", "import-error-regency")
            ]
        );
        assert_eq!(problems[0]["message"], "wajib diisi.", "translated");
        let (status, refused) = confirm(&app, &admin, preview["id"].as_str().unwrap()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(institutions(&app).await, before, "nothing is written before a clean file is confirmed");

        let fixed: Vec<String> = (0..10).map(|n| row(n, "63.71")).collect();
        let (_, preview) = upload(&app, &admin, &csv(&fixed)).await;
        assert_eq!(preview["problems"], serde_json::json!([]));
        let id = preview["id"].as_str().unwrap().to_string();
        let (status, outcome) = confirm(&app, &admin, &id).await;
        assert_eq!(status, StatusCode::OK, "{outcome}");
        assert_eq!(outcome, serde_json::json!({ "created": 10, "updated": 0, "unchanged": 0, "invited": 0 }));
        assert_eq!(institutions(&app).await, before + 10);
        // A retried confirmation answers the same and writes nothing.
        assert_eq!(confirm(&app, &admin, &id).await.1, outcome);
        // Another administrator cannot confirm (or see) this person's import.
        let dinsos = app.login("dinsos").await;
        assert_eq!(confirm(&app, &dinsos, &id).await.0, StatusCode::NOT_FOUND);

        let (_, again) = upload(&app, &admin, &csv(&fixed)).await;
        let (_, outcome) = confirm(&app, &admin, again["id"].as_str().unwrap()).await;
        assert_eq!(outcome, serde_json::json!({ "created": 0, "updated": 0, "unchanged": 10, "invited": 0 }));
        assert_eq!(institutions(&app).await, before + 10);
    })
    .await;
}

#[tokio::test]
async fn file_problems_are_translated_and_big_files_refused() {
    within(async {
        let app = spawn_app().await;
        let officer = app.login("dinsos.magetan").await;
        let (status, empty) = upload(&app, &officer, b"\n\n").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(empty["problems"][0]["key"], "import-error-empty");
        assert_eq!(
            empty["problems"][0]["message"],
            "Berkas ini kosong: tidak ada baris judul kolom atau tidak ada baris data."
        );
        let (_, latin1) = upload(&app, &officer, b"nama\nPanti \xc9lite\n").await;
        assert_eq!(latin1["problems"][0]["key"], "import-error-encoding");
        let (_, outside) = upload(&app, &officer, &csv(&[row(1, "35.20"), row(2, "63.71")])).await;
        assert_eq!(outside["problems"][0]["row"], 3);
        assert_eq!(outside["problems"][0]["key"], "import-error-outside-region");

        let big = vec![b'a'; 21 * 1024 * 1024];
        let (content_type, body) = multipart(&[], Some(&big));
        let r = app.post_raw("/institution-imports", &content_type, "application/json", body, &officer).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
        assert!(r.body.contains("20 MB"), "{}", r.body);

        // A browser's form post goes on to the preview page.
        let (content_type, body) = multipart(&[], Some(&csv(&[row(1, "35.20")])));
        let r = app.post_raw("/institution-imports", &content_type, "text/html", body, &officer).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let location = r.headers[header::LOCATION].to_str().unwrap().to_string();
        assert!(location.starts_with("/institutions/import/"), "{location}");
        let page = app.get(&location, Some(&officer)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("1 lembaga siap diimpor"), "{}", page.body);
    })
    .await;
}

#[tokio::test]
async fn an_xlsx_file_imports_like_a_csv() {
    within(async {
        let app = spawn_app().await;
        let admin = app.login("admin").await;
        let columns: Vec<String> = HEADER.split(',').map(String::from).collect();
        let rows = (0..3).map(|n| Ok(row(n, "35.20").split(',').map(String::from).collect::<Vec<_>>()));
        let bytes = server::xlsx::write(Vec::new(), &columns, &[false; 13], 13, rows).unwrap();
        let (_, preview) = upload(&app, &admin, &bytes).await;
        assert_eq!((preview["rows"].as_i64(), &preview["problems"]), (Some(3), &serde_json::json!([])));
    })
    .await;
}

#[tokio::test]
async fn templates_open_as_text_and_the_form_registers_within_the_region() {
    within(async {
        let app = spawn_app().await;
        let officer = app.login("dinsos.magetan").await;
        let template = app.get("/institution-imports/template.csv", Some(&officer)).await;
        assert_eq!(template.status, StatusCode::OK);
        assert!(template.body.starts_with(HEADER), "{}", template.body);
        assert!(template.body.contains(",35.20,"), "an example in the officer's own regency: {}", template.body);
        let xlsx = app.get("/institution-imports/template.xlsx", Some(&officer)).await;
        assert_eq!(xlsx.status, StatusCode::OK);

        let form = |regency: &'static str, name: &'static str| {
            vec![
                ("nama", name),
                ("kode_kabupaten_kota", regency),
                ("alamat", "Jl. Raya Maospati 3"),
                ("yayasan", "=HYPERLINK(\"http://example.com\")"),
                ("kapasitas", "30"),
                ("jumlah_anak", "20"),
                ("jumlah_pengasuh", "4"),
                ("nomor_tanda_daftar", "TD-3520/900/2026"),
                ("tanda_daftar_terbit", "2026-01-02"),
                ("tanda_daftar_berlaku_sampai", ""),
                ("nomor_izin_operasional", ""),
                ("izin_terbit", ""),
                ("izin_berlaku_sampai", ""),
            ]
        };
        let r = app.post_form("/api/register_institution", &form("63.71", "LKSA Seberang"), Some(&officer)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "another region answers like a missing record: {}", r.body);
        let r = app.post_form("/api/register_institution", &form("35.20", "LKSA Baru Magetan"), Some(&officer)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let id: String = serde_json::from_str(&r.body).unwrap();
        let row = store::institutions::get(&app.store, &id).await.unwrap().unwrap();
        assert_eq!((row.name.as_str(), row.regency_id.as_str()), ("LKSA Baru Magetan", "35.20"));
        let r = app.post_form("/api/register_institution", &form("35.20", "LKSA Lagi"), Some(&officer)).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "the same registration number twice: {}", r.body);
        let events: i64 = sqlx::query_scalar(
            "select count(*) from audit_events where action = 'register_institution' and entity_id = $1",
        )
        .bind(&id)
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
        assert_eq!(events, 1);
        let manager = app.login("pengelola").await;
        let r = app.get("/institution-imports/template.csv", Some(&manager)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn exported_cells_that_look_like_formulas_open_as_text() {
    within(async {
        let app = spawn_app().await;
        // A name as someone could type it into the profile form.
        let evil = "=HYPERLINK(\"http://example.com\",\"klik\")";
        sqlx::query("update institutions set name = $1 where name = 'LKSA Al-Hidayah'")
            .bind(evil)
            .execute(&app.store.pool)
            .await
            .unwrap();
        let dinsos = app.login("dinsos").await;
        let r = app.get("/exports/results.csv", Some(&dinsos)).await;
        assert_eq!(r.status, StatusCode::OK);
        let rows = server::onboarding::read_rows(r.body.as_bytes()).unwrap();
        assert!(rows.iter().any(|row| row.iter().any(|c| c == &format!("'{evil}"))), "CSV: {}", r.body);
        assert!(!rows.iter().flatten().any(|c| c.starts_with('=')), "no cell starts like a formula");
        let req = axum::http::Request::get("/exports/results.xlsx")
            .header(header::HOST, "localhost")
            .header(header::COOKIE, &dinsos)
            .body(axum::body::Body::empty())
            .unwrap();
        let res = tower::ServiceExt::oneshot(app.router.clone(), req).await.unwrap();
        let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
        let rows = server::onboarding::read_rows(&bytes).unwrap();
        assert!(rows.iter().any(|row| row.iter().any(|c| c == &format!("'{evil}"))), "XLSX: {rows:?}");
    })
    .await;
}
