//! Institution imports that name their managers: each new manager gets an account with a
//! one-time invitation link, listed once on the result page (with a CSV of them); the same file
//! again creates no second account; a username of someone else's account, or a manager outside
//! the importer's region, is a row problem before anything is written.

mod common;

use axum::http::StatusCode;
use common::{TestApp, multipart, spawn_app, within};
use serde_json::Value;

const HEADER: &str = "nama,kode_kabupaten_kota,alamat,yayasan,kapasitas,jumlah_anak,jumlah_pengasuh,nomor_tanda_daftar,tanda_daftar_terbit,tanda_daftar_berlaku_sampai,nomor_izin_operasional,izin_terbit,izin_berlaku_sampai,nama_pengelola,username_pengelola,email_pengelola";

fn csv(rows: &[String]) -> Vec<u8> {
    format!("{HEADER}\n{}\n", rows.join("\n")).into_bytes()
}

fn row(n: usize, regency: &str, manager: &str, username: &str, email: &str) -> String {
    format!(
        "LKSA Kelola {n},{regency},Jl. Uji {n},Yayasan Uji,40,30,5,TD-KELOLA-{n},04/01/2021,,,,,{manager},{username},{email}"
    )
}

async fn upload(app: &TestApp, cookie: &str, file: &[u8]) -> Value {
    let (content_type, body) = multipart(&[], Some(file));
    let r = app.post_raw("/institution-imports", &content_type, "application/json", body, cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

async fn users(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from users").fetch_one(&app.store.pool).await.unwrap()
}

fn problems(preview: &Value) -> Vec<(i64, String, String)> {
    preview["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["row"].as_i64().unwrap(), p["column"].as_str().unwrap().into(), p["key"].as_str().unwrap().into()))
        .collect()
}

#[tokio::test]
async fn managers_are_invited_once_with_links_shown_once() {
    within(async {
        let app = spawn_app().await;
        let officer = app.login("dinsos.magetan").await;
        let before = users(&app).await;

        // Problems first: another institution's username, a Banjarmasin row, a bad username.
        let file = csv(&[
            row(1, "35.20", "Siti Rahayu", "siti.rahayu", "siti@example.org"),
            row(2, "35.20", "Budi", "pengelola", ""),
            row(3, "63.71", "Orang Banjar", "orang.banjar", ""),
            row(4, "35.20", "Ani", "ani rahayu", ""),
        ]);
        let preview = upload(&app, &officer, &file).await;
        assert_eq!(
            problems(&preview),
            vec![
                (3, "username_pengelola".into(), "import-error-username-taken".into()),
                (4, "kode_kabupaten_kota".into(), "import-error-outside-region".into()),
                (5, "username_pengelola".into(), "import-error-username".into()),
            ]
        );
        let message = &preview["problems"][0]["message"];
        assert!(message.as_str().unwrap().contains("nama pengguna ini sudah dipakai akun lain"), "{message}");
        let id = preview["id"].as_str().unwrap();
        let r = app.post_form("/api/confirm_import", &[("id", id)], Some(&officer)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(users(&app).await, before, "nothing written");

        // The clean file: two managers invited.
        let file = csv(&[
            row(1, "35.20", "Siti Rahayu", "Siti.Rahayu", "siti@example.org"),
            row(2, "35.20", "=Budi Santoso", "budi.santoso", ""),
            row(5, "35.20", "", "", ""),
        ]);
        let preview = upload(&app, &officer, &file).await;
        assert!(problems(&preview).is_empty(), "{preview}");
        let id = preview["id"].as_str().unwrap().to_string();
        let r = app.post_form("/api/confirm_import", &[("id", &id)], Some(&officer)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let outcome: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!((outcome["created"].as_i64(), outcome["invited"].as_i64()), (Some(3), Some(2)), "{outcome}");
        assert_eq!(users(&app).await, before + 2);
        let (inst, institution): (String, String) = sqlx::query_as(
            "select u.institution_id, i.name from users u join institutions i on i.id = u.institution_id where u.username = 'siti.rahayu'",
        )
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
        assert_eq!(institution, "LKSA Kelola 1", "{inst}");

        // The result page lists the links once, with the CSV, and says they were not e-mailed.
        let page = app.get(&format!("/institutions/import/{id}"), Some(&officer)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body.matches("data-testid=\"invite-link\"").count(), 2, "{}", page.body);
        assert!(page.body.contains("siti.rahayu") && page.body.contains("budi.santoso"));
        assert!(page.body.contains("data:text/csv;charset=utf-8,"), "the links as a CSV file");
        assert!(page.body.contains("%27%3DBudi%20Santoso"), "a name like a formula is neutralised in the CSV");
        assert!(page.body.contains("server e-mail belum diatur"), "the links were not e-mailed");
        let token = page.body.split("/invite/").nth(1).unwrap().split('"').next().unwrap().to_string();
        let invite = app.get(&format!("/invite/{token}"), None).await;
        assert!(invite.body.contains("siti.rahayu") || invite.body.contains("budi.santoso"), "the link works");
        let again = app.get(&format!("/institutions/import/{id}"), Some(&officer)).await;
        assert_eq!(again.body.matches("/invite/").count(), 0, "shown once: {}", again.body);

        // The same file again: no second account, nothing invited.
        let preview = upload(&app, &officer, &file).await;
        assert!(problems(&preview).is_empty(), "{preview}");
        let r = app.post_form("/api/confirm_import", &[("id", preview["id"].as_str().unwrap())], Some(&officer)).await;
        let outcome: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!((outcome["unchanged"].as_i64(), outcome["invited"].as_i64()), (Some(3), Some(0)), "{outcome}");
        assert_eq!(users(&app).await, before + 2);

        // The template offers the manager's columns.
        let template = app.get("/institution-imports/template.csv", Some(&officer)).await;
        assert!(template.body.starts_with(HEADER), "{}", template.body);
    })
    .await;
}
