//! `/api/v1`: the served OpenAPI document is valid (checked by a real validator) and every path
//! in it answers as documented: 200 with the documented fields for an entitled person, and the
//! documented 401/403/404 for everyone else.

mod common;

use axum::http::{StatusCode, header};
use common::{Reply, TestApp, spawn_app};
use serde_json::Value;
use std::collections::BTreeSet;

async fn document(app: &TestApp) -> Value {
    let r = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).expect("the OpenAPI document is JSON")
}

fn json(r: &Reply) -> Value {
    assert!(
        r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"),
        "not JSON: {:?} {}",
        r.headers.get(header::CONTENT_TYPE),
        r.body
    );
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

/// The `required` property names of a schema, following one `$ref` into `components.schemas`.
fn required(doc: &Value, schema: &Value) -> Vec<String> {
    let schema = match schema["$ref"].as_str() {
        Some(r) => &doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")],
        None => schema,
    };
    schema["required"]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// Checks `body` against the documented 200 response of `GET path`: each item of an array (or
/// the object) has the schema's required properties. Returns how many items were checked.
fn check_shape(doc: &Value, path: &str, body: &Value) -> usize {
    let schema = &doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert!(!schema.is_null(), "{path}: no documented 200 JSON schema");
    let items: Vec<&Value> = if schema["type"] == "array" {
        body.as_array().unwrap_or_else(|| panic!("{path}: documented an array, got {body}")).iter().collect()
    } else {
        vec![body]
    };
    let fields = if schema["type"] == "array" { required(doc, &schema["items"]) } else { required(doc, schema) };
    for item in &items {
        for field in &fields {
            assert!(item.get(field).is_some(), "{path}: `{field}` missing in {item}");
        }
    }
    items.len()
}

fn documented(doc: &Value, path: &str, status: StatusCode) -> bool {
    !doc["paths"][path]["get"]["responses"][status.as_str()].is_null()
}

async fn cycle_of(app: &TestApp, institution: &str) -> String {
    let id = app.institution_id(institution).await;
    store::cycles::latest_for_institution(&app.store, &id).await.unwrap().expect("demo cycle").id
}

/// Stores a reconciled result for `cycle`, as reconciliation would.
async fn insert_result(app: &TestApp, cycle: &str) {
    let evaluation = domain::Evaluation {
        components: vec![domain::scoring::ComponentResult {
            code: "K1".into(),
            name: "Kelembagaan".into(),
            weight: 10,
            earned: 86,
            possible: 100,
            percent_hundredths: 8600,
        }],
        total_hundredths: 8600,
        band_grade: domain::Grade::A,
        grade: domain::Grade::A,
        findings: vec![],
    };
    let admin: String =
        sqlx::query_scalar("select id from users where username = 'admin'").fetch_one(&app.store.pool).await.unwrap();
    sqlx::query(
        "insert into cycle_results (cycle_id, evaluation, total_hundredths, recommended_grade, reconciled_by, created_at)
         values ($1, $2, 8600, 'A', $3, 0)",
    )
    .bind(cycle)
    .bind(serde_json::to_string(&evaluation).unwrap())
    .bind(admin)
    .execute(&app.store.pool)
    .await
    .unwrap();
}

/// One documented path, filled in: who gets a 200, and who is refused with which status.
struct Case {
    uri: String,
    allowed: String,
    refused: Vec<(Option<String>, StatusCode)>,
}

#[tokio::test]
async fn every_documented_path_answers_as_documented() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let budi_mulia = app.institution_id("Panti Asuhan Budi Mulia").await;
    let budi_cycle = cycle_of(&app, "Panti Asuhan Budi Mulia").await;
    insert_result(&app, &budi_cycle).await;
    // Magetan's draft: no reconciled result (the demo's reconciled cycle, Sunan Giri, has one).
    let unreconciled_cycle = cycle_of(&app, "LKSA Muhammadiyah Magetan").await;

    let dinsos = app.login("dinsos").await;
    let magetan = app.login("dinsos.magetan").await;
    let asesor = app.login("asesor1").await;

    let paths: BTreeSet<String> = doc["paths"].as_object().expect("paths").keys().cloned().collect();
    assert_eq!(paths.len(), 5, "{paths:?}");
    for path in &paths {
        let case = match path.as_str() {
            "/api/v1/openapi.json" => Case { uri: path.clone(), allowed: String::new(), refused: vec![] },
            "/api/v1/registry" => Case { uri: path.clone(), allowed: String::new(), refused: vec![] },
            "/api/v1/institutions" => Case {
                uri: path.clone(),
                allowed: dinsos.clone(),
                refused: vec![(None, StatusCode::UNAUTHORIZED), (Some(asesor.clone()), StatusCode::FORBIDDEN)],
            },
            "/api/v1/institutions/{id}/cycles" => Case {
                uri: format!("/api/v1/institutions/{budi_mulia}/cycles"),
                allowed: dinsos.clone(),
                refused: vec![
                    (None, StatusCode::UNAUTHORIZED),
                    (Some(asesor.clone()), StatusCode::FORBIDDEN),
                    (Some(magetan.clone()), StatusCode::NOT_FOUND),
                ],
            },
            "/api/v1/cycles/{id}/result" => Case {
                uri: format!("/api/v1/cycles/{budi_cycle}/result"),
                allowed: dinsos.clone(),
                refused: vec![(None, StatusCode::UNAUTHORIZED), (Some(magetan.clone()), StatusCode::NOT_FOUND)],
            },
            other => panic!("documented path {other} has no test case"),
        };
        let cookie = (!case.allowed.is_empty()).then_some(case.allowed.as_str());
        let r = app.get(&case.uri, cookie).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", case.uri, r.body);
        assert!(documented(&doc, path, StatusCode::OK), "{path}: 200 not documented");
        let checked = check_shape(&doc, path, &json(&r));
        assert!(checked > 0, "{path}: nothing to check in {}", r.body);
        for (cookie, status) in case.refused {
            assert!(documented(&doc, path, status), "{path}: {status} not documented");
            let r = app.get(&case.uri, cookie.as_deref()).await;
            assert_eq!(r.status, status, "{}: {}", case.uri, r.body);
            assert!(json(&r)["key"].is_string(), "{}", r.body);
        }
        let protected = !doc["paths"][path]["get"]["security"].is_null();
        assert_eq!(protected, documented(&doc, path, StatusCode::UNAUTHORIZED), "{path}: security vs 401");
    }

    // A cycle without a reconciled result is a documented 404, even for the officer of its region.
    let r = app.get(&format!("/api/v1/cycles/{unreconciled_cycle}/result"), Some(&magetan)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(documented(&doc, "/api/v1/cycles/{id}/result", StatusCode::NOT_FOUND));
    let r = app.get("/api/v1/cycles/no-such-cycle/result", Some(&dinsos)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn each_role_sees_its_scope_and_no_children_details() {
    let app = spawn_app().await;
    let names = |v: &Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_string()).collect()
    };

    let r = app.get("/api/v1/institutions", Some(&app.login("dinsos").await)).await;
    let body = json(&r);
    assert!(!names(&body).is_empty());
    assert!(body.as_array().unwrap().iter().all(|i| i["regency"] == "Kota Banjarmasin"), "{body}");
    for item in body.as_array().unwrap() {
        let keys: BTreeSet<&str> = item.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from(["id", "name", "regency", "province", "capacity"]));
    }

    let r = app.get("/api/v1/institutions", Some(&app.login("pengelola").await)).await;
    assert_eq!(names(&json(&r)), ["Panti Asuhan Budi Mulia"]);

    let all = store::institutions::count(&app.store, None).await.unwrap() as usize;
    let r = app.get("/api/v1/institutions", Some(&app.login("admin").await)).await;
    assert_eq!(names(&json(&r)).len(), all);

    // The institution manager sees their own cycles, not another institution's.
    let pengelola = app.login("pengelola").await;
    let own = app.institution_id("Panti Asuhan Budi Mulia").await;
    let other = app.institution_id("Panti Asuhan Sunan Giri").await;
    let r = app.get(&format!("/api/v1/institutions/{own}/cycles"), Some(&pengelola)).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app.get(&format!("/api/v1/institutions/{other}/cycles"), Some(&pengelola)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn registry_is_public_and_filtered() {
    let app = spawn_app().await;
    let all = json(&app.get("/api/v1/registry", None).await);
    let all = all.as_array().unwrap();
    assert!(!all.is_empty());
    for entry in all {
        assert!(entry["verification_url"].as_str().unwrap().starts_with("/verify/"), "{entry}");
    }
    let grade = all[0]["grade"].as_str().unwrap();
    let only = json(&app.get(&format!("/api/v1/registry?grade={grade}"), None).await);
    assert!(only.as_array().unwrap().iter().all(|e| e["grade"] == grade));
    let none = json(&app.get("/api/v1/registry?name=zzz-no-such-name", None).await);
    assert_eq!(none, Value::Array(vec![]));
}

/// The static `/api/v1/...` routes win over the server-function catch-all `/api/{*fn_name}`,
/// which still answers everything else under `/api/`.
#[tokio::test]
async fn static_api_routes_win_over_the_server_function_catch_all() {
    let app = spawn_app().await;
    let r = app.get("/api/v1/institutions", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(json(&r)["key"], "error-not-signed-in");
    let r = app.get("/api/v1/no-such-route", None).await;
    assert_ne!(r.status, StatusCode::OK);
    assert!(serde_json::from_str::<Value>(&r.body).map(|v| v.get("key").is_none()).unwrap_or(true), "{}", r.body);
}

#[tokio::test]
async fn document_passes_a_real_openapi_validator() {
    let app = spawn_app().await;
    let r = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let end2end = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end");
    let script = end2end.join("scripts/validate-openapi.mjs");
    assert!(
        end2end.join("node_modules/@apidevtools/swagger-parser").is_dir(),
        "@apidevtools/swagger-parser is not installed: run `npm ci` in {} (make test does)",
        end2end.display()
    );
    let file = std::env::temp_dir().join(format!("lksa-openapi-{}.json", store::new_id()));
    std::fs::write(&file, &r.body).unwrap();
    let out = std::process::Command::new("node").arg(&script).arg(&file).current_dir(&end2end).output();
    let _ = std::fs::remove_file(&file);
    let out = out.unwrap_or_else(|e| panic!("cannot run `node` (needed to validate the OpenAPI document): {e}"));
    assert!(
        out.status.success(),
        "the OpenAPI document is invalid:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
