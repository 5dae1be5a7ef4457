//! Intake, visit and reconciliation server functions through the real router: who may call
//! them, and that replayed tablet syncs are stored once.

mod common;

use axum::http::StatusCode;
use common::{TestApp, spawn_app};
use serde_json::json;

const PUTRI_AISYIYAH: &str = "Panti Asuhan Putri Aisyiyah";
const AL_HIDAYAH: &str = "LKSA Al-Hidayah";

async fn user_id(app: &TestApp, username: &str) -> String {
    sqlx::query_scalar("select id from users where username = $1")
        .bind(username)
        .fetch_one(&app.store.pool)
        .await
        .unwrap()
}

async fn cycle_of(app: &TestApp, institution: &str) -> store::cycles::CycleRow {
    let id = app.institution_id(institution).await;
    store::cycles::latest_for_institution(&app.store, &id).await.unwrap().unwrap()
}

/// The first `n` indicator codes of the cycle's instrument version, in instrument order.
async fn codes(app: &TestApp, cycle: &store::cycles::CycleRow, n: usize) -> Vec<String> {
    let instrument = store::instruments::by_id(&app.store, &cycle.instrument_version_id).await.unwrap().unwrap();
    instrument.indicators().take(n).map(|(_, i)| i.code.clone()).collect()
}

fn change(change_id: &str, code: &str, score: Option<u8>, note: &str) -> serde_json::Value {
    json!({ "change_id": change_id, "code": code, "score": score, "note": note, "check_on_site": false })
}

async fn state_of(app: &TestApp, cycle_id: &str) -> String {
    store::cycles::get(&app.store, cycle_id).await.unwrap().unwrap().state
}

#[tokio::test]
async fn an_unassigned_assessor_gets_404_everywhere_for_the_cycle() {
    let app = spawn_app().await;
    app.add_assessor("asesor3", "Rina Marlina, S.Psi.").await;
    let cycle = cycle_of(&app, PUTRI_AISYIYAH).await;
    let [a, b] = <[String; 2]>::try_from(codes(&app, &cycle, 2).await).unwrap();
    let id = cycle.id.as_str();
    let outsider = app.login("asesor3").await;

    let form = [("cycle_id", id)];
    for endpoint in ["visit_package", "submit_visit", "reconciliation"] {
        let r = app.post_form(&format!("/api/{endpoint}"), &form, Some(&outsider)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{endpoint}: {}", r.body);
        assert!(!r.body.contains("Kelayan"), "{endpoint} reveals nothing about the institution");
    }
    let r = app
        .post_json(
            "/api/sync_visit",
            json!({ "cycle_id": id, "changes": [change("luar-1", &a, Some(3), "")] }),
            Some(&outsider),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "sync_visit: {}", r.body);
    let r = app.post_json("/api/save_reconciliation", json!({ "cycle_id": id, "finals": [] }), Some(&outsider)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "save_reconciliation: {}", r.body);
    let stored: i64 = sqlx::query_scalar("select count(*) from visit_scores where cycle_id = $1")
        .bind(id)
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0, "the refused sync stored nothing");

    // The page renders the error with the same status and without the institution's data.
    let page = app.get(&format!("/visits/{id}"), Some(&outsider)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("Kelayan"), "the institution's address is not rendered");

    // Intake is Dinsos work: a wrong role, not a hidden record.
    let r = app.post_form("/api/intake_review", &form, Some(&outsider)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // An evidence file of the cycle: served to an assigned assessor, refused to the outsider.
    let blobs = store::evidence::BlobStore::new(app.dir.join("evidence"));
    let sha = "ab".repeat(32);
    blobs.put(&sha, b"%PDF-1.4 akta pendirian", None).await.unwrap();
    store::evidence::add(
        &app.store,
        store::evidence::NewEvidence {
            id: "akta-putri-aisyiyah",
            cycle_id: id,
            indicator_code: &a,
            kind: "document",
            blob: store::evidence::Blob {
                sha256: &sha,
                content_type: "application/pdf",
                size_bytes: 23,
                width: 0,
                height: 0,
            },
            caption: "Akta pendirian",
            uploaded_by: &user_id(&app, "dinsos").await,
        },
    )
    .await
    .unwrap();
    let r = app.get("/evidence/akta-putri-aisyiyah/full", Some(&outsider)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(!r.body.contains("PDF"));
    assert_eq!(
        store::evidence::views::count_for_file(
            &app.store,
            store::evidence::views::Source::Evidence,
            "akta-putri-aisyiyah"
        )
        .await
        .unwrap(),
        0
    );

    let asesor1 = app.login("asesor1").await;
    let asesor2 = app.login("asesor2").await;
    let r = app.get("/evidence/akta-putri-aisyiyah/full", Some(&asesor1)).await;
    assert_eq!(r.status, StatusCode::OK, "the assigned assessor sees the file");
    assert!(r.body.starts_with("%PDF"));

    // Each assigned assessor sees only their own scores in the package.
    let r = app
        .post_json(
            "/api/sync_visit",
            json!({ "cycle_id": id, "changes": [change("a1-1", &a, Some(4), "dokumen lengkap")] }),
            Some(&asesor1),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post_json(
            "/api/sync_visit",
            json!({ "cycle_id": id, "changes": [change("a2-1", &b, Some(1), "catatan-rahasia-asesor-dua")] }),
            Some(&asesor2),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let r = app.post_form("/api/visit_package", &form, Some(&asesor1)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let own = v["own"].as_object().unwrap();
    assert_eq!(own.keys().collect::<Vec<_>>(), vec![&a], "only asesor1's own score");
    assert_eq!(own[&a]["score"], 4);
    assert!(!r.body.contains("catatan-rahasia-asesor-dua"), "nothing of asesor2's scores leaks");
    assert_eq!(v["assessor_id"], user_id(&app, "asesor1").await);
}

#[tokio::test]
async fn replaying_a_sync_batch_over_http_stores_each_score_once() {
    let app = spawn_app().await;
    let cycle = cycle_of(&app, PUTRI_AISYIYAH).await;
    let codes = codes(&app, &cycle, 3).await;
    let cookie = app.login("asesor1").await;
    let ids = ["tablet-1", "tablet-2", "tablet-3"];
    let changes: Vec<_> = ids
        .iter()
        .zip(&codes)
        .enumerate()
        .map(|(n, (id, code))| change(id, code, Some(n as u8 + 2), &format!("catatan {n}")))
        .collect();
    let body = json!({ "cycle_id": cycle.id, "changes": changes });

    for attempt in 0..2 {
        let r = app.post_json("/api/sync_visit", body.clone(), Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "attempt {attempt}: {}", r.body);
        let reply: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(reply, json!({ "Stored": ids }), "attempt {attempt}");
    }

    let stored: i64 = sqlx::query_scalar("select count(*) from visit_scores where cycle_id = $1 and assessor_id = $2")
        .bind(&cycle.id)
        .bind(user_id(&app, "asesor1").await)
        .fetch_one(&app.store.pool)
        .await
        .unwrap();
    assert_eq!(stored, 3);
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_events where action = 'visit_score' and entity_id like $1")
            .bind(format!("{}/%", cycle.id))
            .fetch_one(&app.store.pool)
            .await
            .unwrap();
    assert_eq!(audited, 3, "the replay records no second audit event");
}

#[tokio::test]
async fn intake_return_accept_and_assign_through_the_api() {
    let app = spawn_app().await;
    let hidayah = cycle_of(&app, AL_HIDAYAH).await;
    let code = codes(&app, &hidayah, 1).await.remove(0);
    let dinsos = app.login("dinsos").await;

    let r =
        app.post_json("/api/return_submission", json!({ "cycle_id": hidayah.id, "reasons": [] }), Some(&dinsos)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("intake-error-no-reason"), "{}", r.body);
    assert_eq!(state_of(&app, &hidayah.id).await, "submitted");

    let reasons = json!([[code, "Foto dapur belum dilampirkan"]]);
    let r = app
        .post_json("/api/return_submission", json!({ "cycle_id": hidayah.id, "reasons": reasons }), Some(&dinsos))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(state_of(&app, &hidayah.id).await, "returned");

    let magetan = app.login("dinsos.magetan").await;
    let r = app.post_form("/api/intake_review", &[("cycle_id", &hidayah.id)], Some(&magetan)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(!r.body.contains("Sultan Adam"), "nothing about the other region's institution leaks");

    // Al-Hidayah's demo answers are empty, so assignment is tested on a fresh accepted cycle
    // of another institution in the officer's city.
    let budi_mulia = app.institution_id("Panti Asuhan Budi Mulia").await;
    let cycle =
        store::cycles::create(&app.store, &budi_mulia, &hidayah.instrument_version_id, domain::CycleState::Accepted)
            .await
            .unwrap();
    let (lead, second, supervisor) =
        (user_id(&app, "asesor1").await, user_id(&app, "asesor2").await, user_id(&app, "supervisor").await);
    let assign = |lead: &str, second: &str, visit_on: &str| {
        [
            ("cycle_id", cycle.clone()),
            ("lead", lead.to_string()),
            ("second", second.to_string()),
            ("supervisor", supervisor.clone()),
            ("visit_on", visit_on.to_string()),
        ]
    };
    let post = async |form: [(&str, String); 5], cookie: &str| {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        app.post_form("/api/assign_assessors", &form, Some(cookie)).await
    };

    let r = post(assign(&lead, &second, "2020-01-15"), &dinsos).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("intake-error-date-past"), "{}", r.body);

    let r = post(assign(&lead, &lead, "2099-01-15"), &dinsos).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("intake-error-people"), "{}", r.body);

    let asesor = app.login("asesor1").await;
    let r = post(assign(&lead, &second, "2099-01-15"), &asesor).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(state_of(&app, &cycle).await, "accepted", "nothing assigned by the refused calls");

    let r = post(assign(&lead, &second, "2099-01-15"), &dinsos).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let row = store::cycles::get(&app.store, &cycle).await.unwrap().unwrap();
    assert_eq!(row.state, "assessors_assigned");
    assert_eq!(row.visit_on.as_deref(), Some("2099-01-15"));
    let reference = store::cycles::reference(&app.store, &cycle).await.unwrap().unwrap();
    assert_eq!(reference.assessors, vec![lead, second], "the lead first");
    assert_eq!(reference.supervisor, Some(supervisor));
}

/// The work list on the person's home, as the server sends it.
async fn assignments(app: &TestApp, cookie: &str) -> Vec<serde_json::Value> {
    let r = app.post_form("/api/home", &[], Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    v["Assessor"]["assignments"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_assessor_home_lists_open_visits_first_with_their_own_progress() {
    let app = spawn_app().await;
    let cycle = cycle_of(&app, PUTRI_AISYIYAH).await;
    let codes = codes(&app, &cycle, 3).await;
    let total =
        store::instruments::by_id(&app.store, &cycle.instrument_version_id).await.unwrap().unwrap().indicator_count();
    let asesor1 = app.login("asesor1").await;
    let asesor2 = app.login("asesor2").await;
    let mine = [
        change("h-1", &codes[0], Some(3), ""),
        change("h-2", &codes[1], Some(4), ""),
        change("h-3", &codes[2], None, "dicatat"),
    ];
    for (cookie, changes) in [(&asesor1, json!(mine)), (&asesor2, json!([change("h-4", &codes[2], Some(2), "")]))] {
        let r =
            app.post_json("/api/sync_visit", json!({ "cycle_id": cycle.id, "changes": changes }), Some(cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }

    let list = assignments(&app, &asesor1).await;
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["institution_name"], PUTRI_AISYIYAH, "the open visit first, though the other is sooner");
    assert_eq!(list[0]["scored"], 2, "a note alone is no score, and asesor2's scores are not counted");
    assert_eq!(list[0]["indicator_count"], total);
    assert_eq!(list[0]["submitted"], false);
    assert_eq!(list[1]["visit_on"], "2026-10-14", "the reconciled visit after it");

    sqlx::query("insert into visit_submissions (cycle_id, assessor_id, created_at) values ($1, $2, 0)")
        .bind(&cycle.id)
        .bind(user_id(&app, "asesor1").await)
        .execute(&app.store.pool)
        .await
        .unwrap();
    let list = assignments(&app, &asesor1).await;
    assert_eq!(list[0]["visit_on"], "2026-10-14", "both closed now: soonest visit first");
    assert_eq!(list[1]["institution_name"], PUTRI_AISYIYAH);
    assert_eq!(list[1]["submitted"], true);
}

#[tokio::test]
async fn pages_show_progress_whose_notes_and_links_to_missing_indicators() {
    let app = spawn_app().await;
    let asesor1 = app.login("asesor1").await;
    let page = app.get("/", Some(&asesor1)).await;
    assert_eq!(page.status, StatusCode::OK);
    let open = page.body.find("Buka penilaian visitasi").expect("the open visit's link");
    let done = page.body.find("Lihat penilaian saya").expect("the reconciled visit's link");
    assert!(open < done, "the open visit first");
    assert!(page.body.contains(" indikator dinilai"), "the assessor's progress");

    let supervisor = app.login("supervisor").await;
    let sunan = app.cycle_id("Panti Asuhan Sunan Giri").await;
    let page = app.get(&format!("/reconcile/{sunan}"), Some(&supervisor)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<strong>Dr. Yuliani Kartika, M.Si.:</strong>"), "a note says whose it is");
    assert!(!page.body.contains("\"reconcile-notes small muted\">1: "));

    let officer = app.login("dinsos").await;
    let hidayah = app.cycle_id(AL_HIDAYAH).await;
    let page = app.get(&format!("/intake/{hidayah}"), Some(&officer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"PR.1.02\""), "each indicator can be linked to");
}
