//! Instrument versions over the real router: an administrator uploads a version, reviews the
//! changes, publishes it and moves the open drafts; broken files are refused with a translated
//! reason naming what is wrong, and nothing is stored.

mod common;

use axum::http::{StatusCode, header};
use common::{TestApp, multipart, spawn_app, within};
use serde_json::Value;

const SHIPPED: &str = include_str!("../../instrument/snpa-lksa-2026.2.toml");

/// 2026.2 as 2026.3 with PR.1.01 reworded, SP.9.02 removed and SP.9.03 added in its place.
fn next_version() -> String {
    let text = SHIPPED.replacen("version = \"2026.2\"", "version = \"2026.3\"", 1);
    let text = text.replacen(
        "LKSA memiliki tanda daftar sebagai lembaga kesejahteraan sosial dari Dinas Sosial yang masih berlaku.",
        "LKSA memiliki tanda daftar dari Dinas Sosial yang masih berlaku dan tercatat di SIKS-NG.",
        1,
    );
    text.replacen("code = \"SP.9.02\"", "code = \"SP.9.03\"", 1)
}

async fn upload(app: &TestApp, cookie: &str, file: &[u8], accept: &str) -> (StatusCode, Value, Option<String>) {
    let (content_type, body) = multipart(&[], Some(file));
    let r = app.post_raw("/instrument-versions", &content_type, accept, body, cookie).await;
    let location = r.headers.get(header::LOCATION).and_then(|l| l.to_str().ok()).map(String::from);
    (r.status, serde_json::from_str(&r.body).unwrap_or(Value::Null), location)
}

async fn versions(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from instrument_versions").fetch_one(&app.store.pool).await.unwrap()
}

#[tokio::test]
async fn a_version_is_uploaded_reviewed_published_and_drafts_move_to_it() {
    within(async {
        let app = spawn_app().await;
        let admin = app.login("admin").await;
        let (status, body, _) = upload(&app, &admin, next_version().as_bytes(), "application/json").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let id = body["id"].as_str().unwrap().to_string();
        let (_, again, _) = upload(&app, &admin, next_version().as_bytes(), "application/json").await;
        assert_eq!(again["id"], body["id"], "the same file again is the same version");

        let r = app.post_form("/api/instrument_version", &[("id", &id)], Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let review: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(review["base"], "2026.2");
        let kinds: Vec<(&str, &str)> = review["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["code"].as_str().unwrap(), c["kind"].as_str().unwrap()))
            .collect();
        assert_eq!(kinds, vec![("PR.1.01", "Changed"), ("SP.9.03", "Added"), ("SP.9.02", "Removed")]);
        assert_eq!(review["drafts"], 0, "nothing moves before it is published");

        let officer = app.login("dinsos").await;
        let r = app.post_form("/api/publish_instrument", &[("id", &id)], Some(&officer)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "only administrators publish");
        let r = app.post_form("/api/publish_instrument", &[("id", &id)], Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);

        let budi = app.cycle_id("Panti Asuhan Budi Mulia").await;
        let manager = app.login("pengelola").await;
        let save = [
            ("cycle_id", budi.as_str()),
            ("code", "SP.9.02"),
            ("change_id", "iv-1"),
            ("base_revision", "0"),
            ("self_score", "2"),
        ];
        assert_eq!(app.post_form("/api/save_answer", &save, Some(&manager)).await.status, StatusCode::OK);

        let refused = [("id", id.as_str()), ("rules[SP.9.02]", "map:PR.1.01")];
        let r = app.post_form("/api/migrate_instrument_drafts", &refused, Some(&admin)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let rules = [("id", id.as_str()), ("rules[SP.9.02]", "map:SP.9.03"), ("rules[PR.1.01]", "reset")];
        let r = app.post_form("/api/migrate_instrument_drafts", &rules, Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.trim().parse::<usize>().unwrap() >= 1, "{}", r.body);

        let r = app.post_form("/api/self_assessment", &[("component", "SP")], Some(&manager)).await;
        let view: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(view["instrument_version"], "2026.3");
        assert_eq!(view["migration"]["from_version"], "2026.2");
        assert_eq!(view["answers"]["SP.9.03"]["self_score"], 2, "the answer moved with the mapping");
        let report = view["migration"]["report"].to_string();
        assert!(report.contains("\"mapped\"") && report.contains("SP.9.03"), "{report}");

        let page = app.get("/self-assessment?c=SP", Some(&manager)).await;
        assert!(page.body.contains("Instrumen diperbarui ke versi 2026.3"), "the manager is told");
        assert!(page.body.contains("SP.9.03 menggantikan SP.9.02"));
        let audit = app.get(&format!("/audit/{budi}"), Some(&admin)).await;
        assert!(audit.body.contains("versi instrumen 2026.2 → versi instrumen 2026.3"), "the move is audited in words");
    })
    .await;
}

#[tokio::test]
async fn broken_files_are_refused_with_a_reason_and_nothing_is_stored() {
    within(async {
        let app = spawn_app().await;
        let admin = app.login("admin").await;
        let before = versions(&app).await;
        let duplicate = next_version().replacen("code = \"PR.1.02\"", "code = \"PR.1.01\"", 1);
        let changed = SHIPPED.replacen("weight = 3", "weight = 2", 1);
        let cases: Vec<(Vec<u8>, &str, &str)> = vec![
            (vec![0xff, 0xfe, 0x00], "instrument-error-encoding", ""),
            ("code = \"SNPA-LKSA\"\nversion = ".as_bytes().to_vec(), "instrument-error-syntax", "2"),
            (duplicate.into_bytes(), "instrument-error-duplicate-code", "PR.1.01"),
            (
                next_version().replacen("weight = 15", "weight = 14", 1).into_bytes(),
                "instrument-error-component-weights",
                "99",
            ),
            (changed.into_bytes(), "instrument-error-changed", "2026.2"),
            (
                SHIPPED.replacen("code = \"SNPA-LKSA\"", "code = \"LAIN\"", 1).into_bytes(),
                "instrument-error-other-code",
                "LAIN",
            ),
        ];
        for (file, key, subject) in cases {
            let (status, body, _) = upload(&app, &admin, &file, "application/json").await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{key}: {body}");
            assert_eq!((body["key"].as_str(), body["subject"].as_str()), (Some(key), Some(subject)), "{body}");
            assert!(!body["error"].as_str().unwrap().contains('{'), "a whole sentence: {body}");
        }
        assert_eq!(versions(&app).await, before, "nothing stored");

        // Without JavaScript the browser goes back to the list, which says why.
        let (status, _, location) = upload(&app, &admin, b"version = ", "text/html").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let location = location.unwrap();
        assert_eq!(location, "/instrument/versions?error=instrument-error-syntax&subject=1");
        let page = app.get(&location, Some(&admin)).await;
        assert!(page.body.contains("Berkas ini bukan TOML yang valid (baris 1)"), "{}", page.body);
        let forged = app.get("/instrument/versions?error=audit-title&subject=%3Cscript%3E", Some(&admin)).await;
        assert!(
            !forged.body.contains("<script>") && !forged.body.contains("Jejak audit</p>"),
            "only upload refusals show"
        );

        let officer = app.login("dinsos").await;
        let (status, _, _) = upload(&app, &officer, next_version().as_bytes(), "application/json").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(versions(&app).await, before);
    })
    .await;
}
