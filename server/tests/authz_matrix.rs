//! The authorization matrix: one row per route (page, server function, plain route) saying who
//! may use it on the demo records, driven over the real router for ten people (visitor, both
//! managers, three Dinsos officers, an assigned and an unassigned assessor, the supervisor, the
//! administrator). A route that exists but has no row fails `every_route_has_a_row`, so a new
//! route cannot be added without deciding who may use it.
//!
//! "Allowed" means not refused: the answer is neither 401/403/404 nor a redirect to sign-in (a
//! write may still be refused by the workflow, e.g. 422 for a cycle in the wrong state).
//! "Denied" means exactly such a refusal.

mod common;

use Who::*;
use axum::http::{StatusCode, header};
use common::{Reply, TestApp, multipart, spawn_app, within_secs};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Visitor,
    /// `pengelola`: Panti Asuhan Budi Mulia (Kota Banjarmasin), a draft self-assessment.
    Manager,
    /// `pengelola.magetan`: another institution in another province.
    OtherManager,
    /// `dinsos`: Kota Banjarmasin, may approve.
    Dinsos,
    /// `dinsos.kalsel`: the whole province of Kalimantan Selatan, no approval right.
    Province,
    /// `dinsos.magetan`: Kabupaten Magetan, may approve.
    OtherDinsos,
    /// `asesor1`: assigned to Putri Aisyiyah (visit open) and Sunan Giri (reconciled).
    Assessor,
    /// An assessor made for this test, assigned to nothing.
    Unassigned,
    /// `supervisor`: reconciles Putri Aisyiyah and Sunan Giri.
    Supervisor,
    Admin,
}

const EVERYONE: &[Who] =
    &[Visitor, Manager, OtherManager, Dinsos, Province, OtherDinsos, Assessor, Unassigned, Supervisor, Admin];
const SIGNED_IN: &[Who] =
    &[Manager, OtherManager, Dinsos, Province, OtherDinsos, Assessor, Unassigned, Supervisor, Admin];

impl Who {
    fn username(self) -> Option<&'static str> {
        Some(match self {
            Visitor => return None,
            Manager => "pengelola",
            OtherManager => "pengelola.magetan",
            Dinsos => "dinsos",
            Province => "dinsos.kalsel",
            OtherDinsos => "dinsos.magetan",
            Assessor => "asesor1",
            Unassigned => "asesor.lain",
            Supervisor => "supervisor",
            Admin => "admin",
        })
    }
}

/// How a row is exercised. `{budi}`, `{hidayah}`, `{putri}`, `{darul}`, `{sunan}` are the demo
/// cycles of those institutions, `{budi_inst}` an institution id, `{code}` Darul Aitam's
/// certificate code, `{evidence}` / `{photo}` files stored for the test.
enum Call {
    Page(&'static str),
    Get(&'static str),
    Form(&'static str, &'static [(&'static str, &'static str)]),
    Json(&'static str, &'static str),
    Upload(&'static str),
}

struct Row {
    /// The route as the router knows it: a page path, a server function path or `METHOD path`.
    route: &'static str,
    call: Call,
    /// Changes data: run on a fresh database, refused people first.
    write: bool,
    allowed: &'static [Who],
}

const fn read(route: &'static str, call: Call, allowed: &'static [Who]) -> Row {
    Row { route, call, write: false, allowed }
}

const fn write(route: &'static str, call: Call, allowed: &'static [Who]) -> Row {
    Row { route, call, write: true, allowed }
}

const OFFICERS_63: &[Who] = &[Dinsos, Province, Admin];
const INTAKE_63: &[Who] = &[Dinsos, Province];
/// Who registers and imports institutions: administrators and every Dinsos officer (in their region).
const REGISTRARS: &[Who] = &[Dinsos, Province, OtherDinsos, Admin];

#[rustfmt::skip]
const MATRIX: &[Row] = &[
    // Pages.
    read("/", Call::Page("/"), SIGNED_IN),
    read("/login", Call::Page("/login"), EVERYONE),
    read("/self-assessment", Call::Page("/self-assessment"), &[Manager, OtherManager]),
    read("/instrument", Call::Page("/instrument"), SIGNED_IN),
    read("/dashboard", Call::Page("/dashboard"), &[Dinsos, Province, OtherDinsos, Admin]),
    read("/intake", Call::Page("/intake"), &[Dinsos, Province, OtherDinsos]),
    read("/intake/{id}", Call::Page("/intake/{hidayah}"), INTAKE_63),
    read("/visits/{id}", Call::Page("/visits/{putri}"), &[Assessor]),
    read("/reconcile/{id}", Call::Page("/reconcile/{sunan}"), &[Supervisor]),
    read("/audit/{id}", Call::Page("/audit/{budi}"), OFFICERS_63),
    read("/decisions/{id}", Call::Page("/decisions/{darul}"), &[Province, Admin]),
    read("/registry", Call::Page("/registry"), EVERYONE),
    read("/verify/{code}", Call::Page("/verify/{code}"), EVERYONE),
    read("/conflicts", Call::Page("/conflicts"), &[Assessor, Unassigned, Supervisor]),
    read("/institutions/{id}", Call::Page("/institutions/{budi_inst}"), &[Manager, Dinsos, Province, Admin]),
    read("/institutions/new", Call::Page("/institutions/new"), REGISTRARS),
    read("/institutions/import", Call::Page("/institutions/import"), REGISTRARS),
    // An import is found only by the person who uploaded it; no one uploaded `none`.
    read("/institutions/import/{id}", Call::Page("/institutions/import/none"), &[]),
    read("/people", Call::Page("/people"), &[Dinsos, Province, OtherDinsos, Admin]),
    read("/people/{id}", Call::Page("/people/{pengelola}"), &[Dinsos, Province, Admin]),
    read("/account", Call::Page("/account"), SIGNED_IN),
    // The evidence access log: its own part for each officer, manager and administrator.
    read("/evidence-views", Call::Page("/evidence-views"), &[Manager, OtherManager, Dinsos, Province, OtherDinsos, Admin]),
    read("/evidence-views", Call::Page("/evidence-views?institution_id={budi_inst}"), &[Manager, Dinsos, Province, Admin]),
    // The link is the permission: anyone may open one (an unknown link says so).
    read("/invite/{token}", Call::Page("/invite/{token}"), EVERYONE),
    // Instrument versions: administrators only.
    read("/instrument/versions", Call::Page("/instrument/versions"), &[Admin]),
    read("/instrument/versions/{id}", Call::Page("/instrument/versions/{instrument}"), &[Admin]),
    // Server functions: reads.
    read("/api/current_user", Call::Form("/api/current_user", &[]), EVERYONE),
    read("/api/home", Call::Form("/api/home", &[]), SIGNED_IN),
    read("/api/instrument", Call::Form("/api/instrument", &[]), SIGNED_IN),
    read("/api/institution", Call::Form("/api/institution", &[("id", "{budi_inst}")]), &[Manager, Dinsos, Province, Admin]),
    read("/api/self_assessment", Call::Form("/api/self_assessment", &[]), &[Manager, OtherManager]),
    read("/api/dashboard", Call::Form("/api/dashboard", &[]), &[Dinsos, Province, OtherDinsos, Admin]),
    read("/api/intake_queue", Call::Form("/api/intake_queue", &[]), &[Dinsos, Province, OtherDinsos]),
    read("/api/intake_review", Call::Form("/api/intake_review", &[("cycle_id", "{hidayah}")]), INTAKE_63),
    read("/api/visit_package", Call::Form("/api/visit_package", &[("cycle_id", "{putri}")]), &[Assessor]),
    read("/api/reconciliation", Call::Form("/api/reconciliation", &[("cycle_id", "{sunan}")]), &[Supervisor]),
    read("/api/cycle_audit", Call::Form("/api/cycle_audit", &[("cycle_id", "{budi}")]), OFFICERS_63),
    read("/api/decision_page", Call::Form("/api/decision_page", &[("cycle_id", "{darul}")]), &[Province, Admin]),
    read("/api/registry", Call::Form("/api/registry", &[]), EVERYONE),
    read("/api/verify_certificate", Call::Form("/api/verify_certificate", &[("code", "{code}")]), EVERYONE),
    read("/api/conflicts", Call::Form("/api/conflicts", &[]), &[Assessor, Unassigned, Supervisor]),
    read("/api/registration_form", Call::Form("/api/registration_form", &[]), REGISTRARS),
    read("/api/import_preview", Call::Form("/api/import_preview", &[("id", "none")]), &[]),
    read("/api/accounts", Call::Form("/api/accounts", &[]), &[Dinsos, Province, OtherDinsos, Admin]),
    read("/api/invitation", Call::Form("/api/invitation", &[("token", "{token}")]), EVERYONE),
    read("/api/instrument_versions", Call::Form("/api/instrument_versions", &[]), &[Admin]),
    read("/api/instrument_version", Call::Form("/api/instrument_version", &[("id", "{instrument}")]), &[Admin]),
    read("/api/evidence_log", Call::Form("/api/evidence_log", &[]), &[Manager, OtherManager, Dinsos, Province, OtherDinsos, Admin]),
    // One institution's part of the log: Budi Mulia's manager, Banjarmasin's officers, administrators.
    read("/api/evidence_log", Call::Form("/api/evidence_log", &[("institution_id", "{budi_inst}")]), &[Manager, Dinsos, Province, Admin]),
    read("/api/person", Call::Form("/api/person", &[("user_id", "{pengelola}")]), &[Dinsos, Province, Admin]),
    // Server functions: writes.
    write("/api/save_answer", Call::Form("/api/save_answer", &[("cycle_id", "{budi}"), ("code", "PR.1.01"), ("change_id", "m-1"), ("base_revision", "0"), ("self_score", "3")]), &[Manager]),
    write("/api/start_self_assessment", Call::Form("/api/start_self_assessment", &[]), &[Manager, OtherManager]),
    write("/api/submit_self_assessment", Call::Form("/api/submit_self_assessment", &[("cycle_id", "{budi}")]), &[Manager]),
    write("/api/update_institution", Call::Form("/api/update_institution", &[("id", "{budi_inst}"), ("name", "Panti Asuhan Budi Mulia"), ("address", "Jl. Pangeran Antasari No. 41"), ("foundation", ""), ("capacity", "60"), ("children_boys", "0"), ("children_girls", "0"), ("children_under_6", "0"), ("children_6_12", "0"), ("children_13_17", "0"), ("children_18_plus", "0"), ("staff_caregivers", "0"), ("staff_social_workers", "0"), ("staff_other", "0"), ("registration_number", ""), ("registration_issued_on", ""), ("registration_expires_on", ""), ("permit_number", ""), ("permit_issued_on", ""), ("permit_expires_on", ""), ("deed_number", ""), ("deed_issued_on", ""), ("npwp", "")]), &[Manager, Dinsos, Province, Admin]),
    write("/api/return_submission", Call::Json("/api/return_submission", r#"{"cycle_id":"{hidayah}","reasons":[["PR.1.01","Foto dapur belum ada"]]}"#), INTAKE_63),
    write("/api/accept_submission", Call::Form("/api/accept_submission", &[("cycle_id", "{hidayah}")]), INTAKE_63),
    write("/api/assign_assessors", Call::Form("/api/assign_assessors", &[("cycle_id", "{hidayah}"), ("lead", "asesor1"), ("second", "asesor2"), ("visit_on", "2027-01-15")]), INTAKE_63),
    write("/api/sync_visit", Call::Json("/api/sync_visit", r#"{"cycle_id":"{putri}","changes":[{"change_id":"t-1","code":"PR.1.01","score":3,"note":"","check_on_site":false}]}"#), &[Assessor]),
    write("/api/submit_visit", Call::Form("/api/submit_visit", &[("cycle_id", "{putri}")]), &[Assessor]),
    write("/api/declare_conflict", Call::Form("/api/declare_conflict", &[("institution_id", "{budi_inst}"), ("reason", "Kerabat pengurus")]), &[Assessor, Unassigned, Supervisor]),
    write("/api/save_reconciliation", Call::Json("/api/save_reconciliation", r#"{"cycle_id":"{sunan}","finals":[]}"#), &[Supervisor]),
    write("/api/decide", Call::Form("/api/decide", &[("cycle_id", "{sunan}"), ("kind", "approve"), ("reference", "460/7/2026")]), &[OtherDinsos]),
    write("/api/file_appeal", Call::Form("/api/file_appeal", &[("cycle_id", "{darul}"), ("reasons", "Kami keberatan")]), &[]),
    write("/api/resolve_appeal", Call::Form("/api/resolve_appeal", &[("cycle_id", "{darul}"), ("outcome", "upheld"), ("reasons", "Tetap")]), &[]),
    // People: a Banjarmasin manager's account is managed by Banjarmasin's officers and administrators.
    write("/api/create_account", Call::Form("/api/create_account", &[("username", "baru.budi"), ("full_name", "Pengelola Baru"), ("role", "institution_manager"), ("institution_id", "{budi_inst}")]), &[Dinsos, Province, Admin]),
    write("/api/issue_account_link", Call::Form("/api/issue_account_link", &[("user_id", "{pengelola}")]), &[Dinsos, Province, Admin]),
    write("/api/set_account_email", Call::Form("/api/set_account_email", &[("user_id", "{pengelola}"), ("email", "pengelola@example.org")]), &[Dinsos, Province, Admin]),
    write("/api/set_account_active", Call::Form("/api/set_account_active", &[("user_id", "{pengelola}"), ("active", "false")]), &[Dinsos, Province, Admin]),
    write("/api/change_password", Call::Form("/api/change_password", &[("current", "salah"), ("password", "kata-sandi-baru"), ("confirm", "kata-sandi-baru")]), SIGNED_IN),
    write("/api/accept_invitation", Call::Form("/api/accept_invitation", &[("token", "{token}"), ("password", "kata-sandi-baru"), ("confirm", "kata-sandi-baru")]), EVERYONE),
    // A new institution in Kota Banjarmasin: its officers and administrators.
    write("/api/register_institution", Call::Form("/api/register_institution", &[("nama", "LKSA Matriks"), ("kode_kabupaten_kota", "63.71"), ("alamat", "Jl. Matriks 1"), ("yayasan", ""), ("kapasitas", "10"), ("jumlah_anak", "5"), ("jumlah_pengasuh", "2"), ("nomor_tanda_daftar", "TD-MATRIKS-1"), ("tanda_daftar_terbit", ""), ("tanda_daftar_berlaku_sampai", ""), ("nomor_izin_operasional", ""), ("izin_terbit", ""), ("izin_berlaku_sampai", "")]), &[Dinsos, Province, Admin]),
    write("/api/confirm_import", Call::Form("/api/confirm_import", &[("id", "none")]), &[]),
    write("/api/publish_instrument", Call::Form("/api/publish_instrument", &[("id", "{instrument}")]), &[Admin]),
    write("/api/migrate_instrument_drafts", Call::Form("/api/migrate_instrument_drafts", &[("id", "{instrument}")]), &[Admin]),
    // Plain routes.
    read("GET /healthz", Call::Get("/healthz"), EVERYONE),
    // The names of the app's own files (nothing personal), for a device preparing to work offline.
    read("GET /offline-files", Call::Get("/offline-files"), EVERYONE),
    read("GET /exports/results.csv", Call::Get("/exports/results.csv"), &[Dinsos, Province, OtherDinsos, Admin]),
    read("GET /exports/results.xlsx", Call::Get("/exports/results.xlsx"), &[Dinsos, Province, OtherDinsos, Admin]),
    // A photo is no spreadsheet: registrars get the check's answer, everyone else a refusal.
    write("POST /institution-imports", Call::Upload("/institution-imports"), REGISTRARS),
    read("GET /institution-imports/template.csv", Call::Get("/institution-imports/template.csv"), REGISTRARS),
    // A photo is no instrument: an administrator gets the refusal's reason (422), everyone else 401/403.
    write("POST /instrument-versions", Call::Upload("/instrument-versions"), &[Admin]),
    read("GET /institution-imports/template.xlsx", Call::Get("/institution-imports/template.xlsx"), REGISTRARS),
    write("POST /auth/login", Call::Form("/auth/login", &[("username", "admin"), ("password", "salah")]), EVERYONE),
    write("POST /auth/logout", Call::Form("/auth/logout", &[]), EVERYONE),
    read("GET /lang/{code}", Call::Get("/lang/en?next=/"), EVERYONE),
    write("POST /evidence/{first}/{second}", Call::Upload("/evidence/{budi}/PR.1.01"), &[Manager]),
    read("GET /evidence/{first}/{second}", Call::Get("/evidence/{evidence}/thumbnail"), &[Manager, Dinsos, Province, Admin]),
    write("POST /visit-photos/{first}/{second}", Call::Upload("/visit-photos/{putri}/PR.1.01"), &[Assessor]),
    read("GET /visit-photos/{first}/{second}", Call::Get("/visit-photos/{photo}/thumbnail"), &[Assessor, Dinsos, Province, Supervisor, Admin]),
    read("GET /certificates/{cycle}", Call::Get("/certificates/{darul}"), &[Province, Admin]),
    write("POST /appeal-files/{cycle}", Call::Upload("/appeal-files/{darul}"), &[]),
    read("GET /appeal-files/{id}/{variant}", Call::Get("/appeal-files/none/thumbnail"), &[]),
    read("GET /api/v1/openapi.json", Call::Get("/api/v1/openapi.json"), EVERYONE),
    read("GET /api/v1/institutions", Call::Get("/api/v1/institutions"), &[Manager, OtherManager, Dinsos, Province, OtherDinsos, Admin]),
    read("GET /api/v1/institutions/{id}/cycles", Call::Get("/api/v1/institutions/{budi_inst}/cycles"), &[Manager, Dinsos, Province, Admin]),
    read("GET /api/v1/cycles/{id}/result", Call::Get("/api/v1/cycles/{budi}/result"), &[Manager, Dinsos, Province, Admin]),
    read("GET /api/v1/registry", Call::Get("/api/v1/registry"), EVERYONE),
];

#[path = "authz_matrix/world.rs"]
mod world;
use world::{World, world};

/// A page sends a visitor to sign in; everything else answers 401, 403 or 404. (Sign-in and
/// sign-out themselves always answer with a redirect to the sign-in page.)
fn refused(call: &Call, r: &Reply) -> bool {
    let to_login = r.status.is_redirection()
        && r.headers.get(header::LOCATION).and_then(|l| l.to_str().ok()).is_some_and(|l| l.starts_with("/login"));
    (to_login && matches!(call, Call::Page(_)))
        || matches!(r.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND)
}

/// Checks one row; returns the people for whom the answer contradicts the row.
async fn check(world: &World, row: &Row) -> Vec<String> {
    let mut order: Vec<Who> = EVERYONE.iter().copied().filter(|w| !row.allowed.contains(w)).collect();
    order.extend(row.allowed.iter().copied());
    let mut wrong = vec![];
    for who in order {
        let r = world.call(&row.call, who).await;
        assert_ne!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{} as {who:?}: {}", row.route, r.body);
        let allowed = row.allowed.contains(&who);
        if refused(&row.call, &r) == allowed {
            wrong.push(format!(
                "{} as {who:?}: expected {}, got {}",
                row.route,
                if allowed { "allowed" } else { "refused" },
                r.status
            ));
        }
    }
    wrong
}

#[tokio::test]
async fn every_route_answers_each_person_as_the_matrix_says() {
    // Twenty fresh databases and ~600 requests: a longer limit than one scenario needs.
    within_secs(300, async {
        let shared = world().await;
        let mut wrong = vec![];
        for row in MATRIX {
            if row.write {
                let fresh = world().await;
                wrong.extend(check(&fresh, row).await);
            } else {
                wrong.extend(check(&shared, row).await);
            }
        }
        assert!(wrong.is_empty(), "{} answers differ from the matrix:\n{}", wrong.len(), wrong.join("\n"));
    })
    .await;
}

#[tokio::test]
async fn every_route_has_a_row() {
    let rows: Vec<&str> = MATRIX.iter().map(|r| r.route).collect();
    let mut missing = vec![];
    for route in leptos_axum::generate_route_list(app::App) {
        let path = route.path().to_string();
        if !rows.contains(&path.as_str()) {
            missing.push(format!("page {path}"));
        }
    }
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        if !rows.contains(&path) {
            missing.push(format!("server function {path}"));
        }
    }
    for source in [include_str!("../src/lib.rs"), include_str!("../src/api_v1.rs")] {
        for chunk in source.split(".route(").skip(1) {
            let Some(path) = chunk.trim_start().strip_prefix('"').and_then(|s| s.split('"').next()) else { continue };
            if path.starts_with("/api/{") {
                continue; // the server-function catch-all, covered function by function above
            }
            if !rows.iter().any(|r| r.split_once(' ').is_some_and(|(_, p)| p == path)) {
                missing.push(format!("plain route {path}"));
            }
        }
    }
    assert!(missing.is_empty(), "routes without a row in the authorization matrix:\n{}", missing.join("\n"));
}
