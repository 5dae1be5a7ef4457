//! Regression tests for the security findings of issue 9, each through the real routes on a
//! fresh database with the demo data. Every test failed on the code before its fix.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{spawn_app, within};

/// The profile form as the manager's page posts it, with `name` and one count replaced.
fn profile_form<'a>(id: &'a str, name: &'a str, boys: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("name", name),
        ("address", "Jl. Pangeran Antasari No. 41"),
        ("foundation", "Yayasan Budi Mulia"),
        ("capacity", "60"),
        ("children_boys", boys),
        ("children_girls", "0"),
        ("children_under_6", "0"),
        ("children_6_12", "20"),
        ("children_13_17", "0"),
        ("children_18_plus", "0"),
        ("staff_caregivers", "8"),
        ("staff_social_workers", "1"),
        ("staff_other", "2"),
        ("registration_number", ""),
        ("registration_issued_on", ""),
        ("registration_expires_on", ""),
        ("permit_number", ""),
        ("permit_issued_on", ""),
        ("permit_expires_on", ""),
        ("deed_number", ""),
        ("deed_issued_on", ""),
        ("npwp", ""),
    ]
}

#[tokio::test]
async fn an_institution_name_cannot_inject_a_script_into_an_officers_page() {
    within(async {
        let app = spawn_app().await;
        let id = app.institution_id("Panti Asuhan Budi Mulia").await;
        let manager = app.login("pengelola").await;
        let evil = "x</title><script>alert(document.cookie)</script><title>";
        let r = app.post_form("/api/update_institution", &profile_form(&id, evil, "20"), Some(&manager)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let officer = app.login("dinsos").await;
        let page = app.get(&format!("/institutions/{id}"), Some(&officer)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("<script>alert"), "the name is rendered as text everywhere");
        assert!(page.body.contains("x&lt;/title&gt;&lt;script&gt;"), "the name is shown, escaped");
        let csp = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'nonce-") && !csp.contains("unsafe-inline"), "{csp}");
    })
    .await;
}

#[tokio::test]
async fn another_institution_saving_the_same_change_id_is_stored_not_dropped() {
    within(async {
        let app = spawn_app().await;
        let budi = app.cycle_id("Panti Asuhan Budi Mulia").await;
        let magetan = app.cycle_id("LKSA Muhammadiyah Magetan").await;
        for (user, cycle, score) in [("pengelola", &budi, "3"), ("pengelola.magetan", &magetan, "2")] {
            let cookie = app.login(user).await;
            let form = [
                ("cycle_id", cycle.as_str()),
                ("code", "PR.1.02"),
                ("change_id", "form-PR.1.02-0"),
                ("base_revision", "0"),
                ("self_score", score),
            ];
            let r = app.post_form("/api/save_answer", &form, Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::OK, "{user}: {}", r.body);
        }
        let stored = store::self_assessment::answers(&app.store, &magetan).await.unwrap();
        let answer = stored.iter().find(|a| a.indicator_code == "PR.1.02").expect("Magetan's save is stored");
        assert_eq!(answer.self_score.map(u8::from), Some(2));
    })
    .await;
}

#[tokio::test]
async fn a_reused_change_id_with_other_content_is_a_conflict_not_a_silent_success() {
    within(async {
        let app = spawn_app().await;
        let cycle = app.cycle_id("Panti Asuhan Budi Mulia").await;
        let cookie = app.login("pengelola").await;
        let save = |score: &'static str| {
            let (app, cookie, cycle) = (&app, cookie.clone(), cycle.clone());
            async move {
                let form = [
                    ("cycle_id", cycle.as_str()),
                    ("code", "PR.1.03"),
                    ("change_id", "form-PR.1.03-0"),
                    ("base_revision", "0"),
                    ("self_score", score),
                ];
                app.post_form("/api/save_answer", &form, Some(&cookie)).await
            }
        };
        assert!(save("3").await.body.contains("Saved"));
        assert!(save("3").await.body.contains("Saved"), "a true replay is acknowledged");
        let other = save("1").await;
        assert!(other.body.contains("Conflict"), "another edit under the same id is not acknowledged: {}", other.body);
        let stored = store::self_assessment::answers(&app.store, &cycle).await.unwrap();
        assert_eq!(stored.iter().find(|a| a.indicator_code == "PR.1.03").unwrap().self_score.map(u8::from), Some(3));
    })
    .await;
}

#[tokio::test]
async fn bad_arguments_and_unknown_indicators_are_refused_with_a_translated_message() {
    within(async {
        let app = spawn_app().await;
        let cycle = app.cycle_id("Panti Asuhan Budi Mulia").await;
        let cookie = app.login("pengelola").await;
        let long = "X".repeat(100_000);
        let cases: [(&str, &str, &str); 6] = [
            ("self_score", "abc", "PR.1.01"),
            ("self_score", "-1", "PR.1.01"),
            ("self_score", "256", "PR.1.01"),
            ("self_score", "1.5", "PR.1.01"),
            ("base_revision", "9223372036854775808", "PR.1.01"),
            ("self_score", "2", &long),
        ];
        for (field, value, code) in cases {
            let mut form = vec![("cycle_id", cycle.as_str()), ("code", code), ("change_id", "c-1")];
            form.push(if field == "base_revision" { ("self_score", "2") } else { ("base_revision", "0") });
            form.push((field, value));
            let r = app.post_form("/api/save_answer", &form, Some(&cookie)).await;
            assert!(
                r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::UNPROCESSABLE_ENTITY,
                "{field}={value}: {} {:?} {}",
                r.status,
                r.headers,
                r.body
            );
            assert!(r.body.contains("Invalid") && !r.body.contains("deserializ"), "{field}={value}: {}", r.body);
        }
        let form = [
            ("cycle_id", cycle.as_str()),
            ("code", "ZZ.9.99"),
            ("change_id", "c-2"),
            ("base_revision", "0"),
            ("self_score", "2"),
        ];
        let r = app.post_form("/api/save_answer", &form, Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("assessment-unknown-indicator"), "{}", r.body);
        let lang = app.post_form("/api/save_answer", &[("cycle_id", cycle.as_str())], Some(&cookie)).await;
        assert_eq!(lang.status, StatusCode::UNPROCESSABLE_ENTITY, "missing fields: {}", lang.body);
    })
    .await;
}

#[tokio::test]
async fn huge_counts_in_a_profile_are_refused_not_wrapped() {
    within(async {
        let app = spawn_app().await;
        let id = app.institution_id("Panti Asuhan Budi Mulia").await;
        let manager = app.login("pengelola").await;
        let r =
            app.post_form("/api/update_institution", &profile_form(&id, "Panti", "4294967295"), Some(&manager)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("profile-error-count"), "{}", r.body);
    })
    .await;
}

#[tokio::test]
async fn the_language_switch_never_redirects_to_another_host() {
    within(async {
        let app = spawn_app().await;
        for next in ["/%09/evil.example", "/%0a/evil.example", "/%5Cevil.example", "//evil.example"] {
            let r = app.get(&format!("/lang/en?next={next}"), None).await;
            assert_eq!(r.headers[header::LOCATION], "/", "{next}");
        }
        // Encoded as the switch encodes the page's address: still decoded to the same refusals.
        for next in ["%2F%2Fevil.example", "%2F%5Cevil.example", "https%3A%2F%2Fevil.example", "/%2F/evil.example"] {
            let r = app.get(&format!("/lang/id?next={next}"), None).await;
            assert_eq!(r.headers[header::LOCATION], "/", "{next}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_language_switch_returns_to_the_page_with_its_query() {
    within(async {
        let app = spawn_app().await;
        for (next, to) in [
            ("/self-assessment%3Fc%3DSP", "/self-assessment?c=SP"),
            ("/registry%3Fq%3DPanti%2520Asuhan%26page%3D2", "/registry?q=Panti%20Asuhan&page=2"),
            ("/instrument", "/instrument"),
        ] {
            let r = app.get(&format!("/lang/en?next={next}"), None).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{next}");
            assert_eq!(r.headers[header::LOCATION], to, "{next}");
        }
        let page = app.get("/registry?q=Panti", None).await;
        assert!(
            page.body.contains("href=\"/lang/en?next=/registry%3Fq%3DPanti\""),
            "the switch links back with the query"
        );
    })
    .await;
}

#[tokio::test]
async fn a_certificate_keeps_the_name_it_was_issued_to_and_ignores_the_host_header() {
    within(async {
        let app = spawn_app().await;
        let cycle = app.cycle_id("LKSA Darul Aitam").await;
        let code: String = sqlx::query_scalar("select verification_code from certificates where cycle_id = $1")
            .bind(&cycle)
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
        sqlx::query("update institutions set name = 'Nama Baru Tanpa Akreditasi' where name = 'LKSA Darul Aitam'")
            .execute(&app.store.pool)
            .await
            .unwrap();
        let page = app.get(&format!("/verify/{code}"), None).await;
        assert!(page.body.contains("LKSA Darul Aitam") && !page.body.contains("Nama Baru"), "the issued name");
        let unknown = app.get("/verify/tidak-ada", None).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);

        let admin = app.login("admin").await;
        let req = Request::get(format!("/certificates/{cycle}"))
            .header(header::HOST, "evil.example")
            .header(header::COOKIE, &admin)
            .body(Body::empty())
            .unwrap();
        let pdf = app.send(req).await;
        assert_eq!(pdf.status, StatusCode::OK);
        assert!(!pdf.body.contains("evil.example"), "the request's host is not printed on the certificate");
    })
    .await;
}

#[tokio::test]
async fn the_registry_api_says_whether_an_accreditation_is_in_force() {
    within(async {
        let app = spawn_app().await;
        sqlx::query("update certificates set valid_until = '2020-01-01' where grade = 'B'")
            .execute(&app.store.pool)
            .await
            .unwrap();
        let r = app.get("/api/v1/registry", None).await;
        let list: Vec<serde_json::Value> = serde_json::from_str(&r.body).unwrap();
        assert!(!list.is_empty());
        for entry in list {
            let expired = entry["valid_until"].as_str().unwrap() < "2021-01-01";
            assert_eq!(entry["in_force"].as_bool(), Some(!expired), "{entry}");
        }
    })
    .await;
}

#[tokio::test]
async fn signing_out_clears_the_device_unless_unsent_work_is_kept() {
    within(async {
        let app = spawn_app().await;
        let cookie = app.login("asesor1").await;
        let r = app.post_form("/auth/logout", &[("keep_device_data", "0")], Some(&cookie)).await;
        assert_eq!(r.headers["clear-site-data"], "\"cache\", \"storage\"");
        let cookie = app.login("asesor1").await;
        let r = app.post_form("/auth/logout", &[("keep_device_data", "1")], Some(&cookie)).await;
        assert!(r.headers.get("clear-site-data").is_none(), "the person chose to keep unsent scores");
        assert_eq!(app.post_form("/api/home", &[], Some(&cookie)).await.status, StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn the_api_answers_unreadable_requests_with_a_documented_json_400() {
    within(async {
        let app = spawn_app().await;
        let admin = app.login("admin").await;
        for path in ["/api/v1/registry?grade=&grade=", "/api/v1/institutions/%FF/cycles", "/api/v1/cycles/%FF/result"] {
            let r = app.get(path, Some(&admin)).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
            let json: serde_json::Value = serde_json::from_str(&r.body).expect("JSON, not extractor text");
            assert_eq!(json["key"], "error-bad-request", "{path}");
        }
    })
    .await;
}
