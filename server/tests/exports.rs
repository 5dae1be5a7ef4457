mod common;

use axum::http::{StatusCode, header};
use common::{Reply, spawn_app};

const CSV: &str = "/exports/results.csv";
const XLSX: &str = "/exports/results.xlsx";

/// The CSV answer as its header and its rows.
fn parse(reply: &Reply) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(reply.body.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|c| c == name).unwrap_or_else(|| panic!("no column {name}"))
}

#[tokio::test]
async fn dinsos_exports_the_results_of_their_region() {
    let app = spawn_app().await;
    let cookie = app.login("dinsos").await;

    let r = app.get(CSV, Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let disposition = r.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains(&format!("{}.csv", store::today())), "{disposition}");
    assert!(r.body.starts_with("institution_id,"), "{}", &r.body[..80.min(r.body.len())]);

    let (header, rows) = parse(&r);
    let regency = column(&header, "regency");
    let in_banjarmasin: i64 = sqlx::query_scalar(
        "select count(*) from cycles c join institutions i on i.id = c.institution_id where i.regency_id = '63.71'",
    )
    .fetch_one(&app.store.pool)
    .await
    .unwrap();
    assert!(in_banjarmasin >= 3, "the demo has cycles in Kota Banjarmasin");
    assert_eq!(rows.len() as i64, in_banjarmasin);
    assert!(rows.iter().all(|row| row.len() == header.len() && row[regency] == "Kota Banjarmasin"), "{rows:?}");
    // Demo self-scores: LKSA Al-Hidayah submitted a 4 for the first indicator.
    let name = column(&header, "institution_name");
    let al_hidayah = rows.iter().find(|row| row[name] == "LKSA Al-Hidayah").unwrap();
    assert_eq!(al_hidayah[column(&header, "state")], "submitted");
    assert_eq!(al_hidayah[column(&header, "PR.1.01:self")], "4");
    assert_eq!(al_hidayah[column(&header, "PR.1.01:final")], "");

    let r = app.get(XLSX, Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let disposition = r.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.contains(&format!("{}.xlsx", store::today())), "{disposition}");
    assert!(r.body.starts_with("PK"), "a ZIP container");
    assert!(r.body.contains("xl/worksheets/sheet1.xml"), "holding a workbook");
}

#[tokio::test]
async fn administrators_export_everything_and_nobody_else_exports_anything() {
    let app = spawn_app().await;

    let admin = app.login("admin").await;
    let (header, rows) = parse(&app.get(CSV, Some(&admin)).await);
    let cycles: i64 = sqlx::query_scalar("select count(*) from cycles").fetch_one(&app.store.pool).await.unwrap();
    assert_eq!(rows.len() as i64, cycles);
    let province = column(&header, "province");
    for expected in ["Kalimantan Selatan", "Jawa Timur"] {
        assert!(rows.iter().any(|row| row[province] == expected), "{expected}");
    }
    assert_eq!(app.get(XLSX, Some(&admin)).await.status, StatusCode::OK);

    for username in ["asesor1", "pengelola"] {
        let cookie = app.login(username).await;
        for path in [CSV, XLSX] {
            let r = app.get(path, Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{username} {path}");
            assert!(!r.body.contains("Banjarmasin"), "{username} {path}");
        }
    }
    for path in [CSV, XLSX] {
        assert_eq!(app.get(path, None).await.status, StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[tokio::test]
async fn a_year_narrows_the_export_and_an_unknown_one_is_explained() {
    let app = spawn_app().await;
    let cookie = app.login("admin").await;
    let this_year = &store::today()[..4];
    let (_, all) = parse(&app.get(CSV, Some(&cookie)).await);
    let (_, now) = parse(&app.get(&format!("{CSV}?year={this_year}"), Some(&cookie)).await);
    assert_eq!(now.len(), all.len(), "every demo cycle began this year");
    let (header, earlier) = parse(&app.get(&format!("{CSV}?year=2001"), Some(&cookie)).await);
    assert!(earlier.is_empty() && header[0] == "institution_id", "the header alone");
    let r = app.get(&format!("{XLSX}?year="), Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "an empty year means every year");
    for bad in ["abc", "1999", "20260"] {
        let r = app.get(&format!("{CSV}?year={bad}"), Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(r.body.contains("Tahun tidak dikenal"), "{bad}: {}", r.body);
    }
}
