//! Evidence upload and download. Plain HTTP routes (multipart in, bytes out) rather than
//! server functions: files are large, uploads need progress events, and a JS-off form must
//! work too. Authorization goes through the same policy as everything else.

use crate::AppState;
use crate::respond::{back_or_json, error, file_response, internal, refused, session};
use crate::uploads::{process_and_keep, receive};
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::{Action, Denied, Resource};
use serde_json::json;
use store::Claim;

pub use crate::uploads::BODY_LIMIT;

/// The policy's view of a cycle, or the answer that ends the request.
pub(crate) async fn cycle_ref(
    state: &AppState,
    headers: &HeaderMap,
    cycle_id: &str,
) -> Result<domain::CycleRef, Response> {
    match store::cycles::reference(&state.store, cycle_id).await {
        Ok(Some(c)) => Ok(c),
        Ok(None) => Err(error(headers, StatusCode::NOT_FOUND, "error-not-found")),
        Err(e) => Err(internal(headers, e)),
    }
}

/// `full` → false, `thumbnail` → true, anything else is not a file variant.
fn is_thumbnail(variant: &str) -> Option<bool> {
    match variant {
        "full" => Some(false),
        "thumbnail" => Some(true),
        _ => None,
    }
}

/// The answer to an upload id that is already used: the stored record when it is this person's
/// replay, a refusal when the id belongs to someone else's record (never its contents).
fn claimed<T>(headers: &HeaderMap, claim: store::Result<Claim<T>>, done: impl Fn(&T) -> Response) -> Option<Response> {
    match claim {
        Ok(Claim::Free) => None,
        Ok(Claim::Mine(row)) => Some(done(&row)),
        Ok(Claim::Taken) => Some(error(headers, StatusCode::CONFLICT, "upload-id-taken")),
        Err(e) => Some(internal(headers, e)),
    }
}

/// `POST /evidence/{cycle}/{indicator}`: multipart `id` (client-generated), `caption`, `file`.
pub async fn upload(
    State(state): State<AppState>,
    Path((cycle_id, code)): Path<(String, String)>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let Some(user) = session(&state, &headers).await else { return refused(&headers, Denied::NotSignedIn) };
    let cycle = match cycle_ref(&state, &headers, &cycle_id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(denied) = domain::can(Some(&user.actor), Action::EditSelfAssessment, Resource::Cycle(&cycle)) {
        return refused(&headers, denied);
    }
    match store::instruments::indicator_in_cycle(&state.store.pool, &cycle_id, &code).await {
        Ok(true) => {}
        Ok(false) => return error(&headers, StatusCode::UNPROCESSABLE_ENTITY, "assessment-unknown-indicator"),
        Err(e) => return internal(&headers, e),
    }
    match store::self_assessment::editable(&state.store, &cycle_id).await {
        Ok(e) if e.allows(&code) => {}
        Ok(_) => return error(&headers, StatusCode::CONFLICT, "assessment-locked"),
        Err(e) => return internal(&headers, e),
    }
    let up = match receive(&state, &headers, multipart).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let claim = store::evidence::claim(&state.store, &up.id, &cycle_id, &code, &user.actor.user_id).await;
    if let Some(r) = claimed(&headers, claim, |row| done(&headers, row)) {
        return r;
    }
    let p = match process_and_keep(&state, &headers, up.bytes, false).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let kind = if p.kind == media::Kind::Photo { "photo" } else { "document" };
    let row = store::evidence::add(
        &state.store,
        store::evidence::NewEvidence {
            id: &up.id,
            cycle_id: &cycle_id,
            indicator_code: &code,
            kind,
            sha256: &p.sha256,
            content_type: p.content_type,
            size_bytes: p.bytes.len() as i64,
            width: i64::from(p.width),
            height: i64::from(p.height),
            caption: up.caption.trim(),
            uploaded_by: &user.actor.user_id,
        },
    )
    .await;
    match row {
        Ok(Some(row)) => done(&headers, &row),
        Ok(None) => error(&headers, StatusCode::CONFLICT, "upload-id-taken"),
        Err(e) => internal(&headers, e),
    }
}

/// `POST /visit-photos/{cycle}/{indicator}`: a photo an assessor takes on site (multipart
/// `id`, `caption`, `file`), through the same pipeline as evidence. Photos only.
pub async fn upload_site_photo(
    State(state): State<AppState>,
    Path((cycle_id, code)): Path<(String, String)>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let Some(user) = session(&state, &headers).await else { return refused(&headers, Denied::NotSignedIn) };
    let cycle = match cycle_ref(&state, &headers, &cycle_id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(denied) = domain::can(Some(&user.actor), Action::ScoreVisit, Resource::Cycle(&cycle)) {
        return refused(&headers, denied);
    }
    match store::instruments::indicator_in_cycle(&state.store.pool, &cycle_id, &code).await {
        Ok(true) => {}
        Ok(false) => return error(&headers, StatusCode::UNPROCESSABLE_ENTITY, "assessment-unknown-indicator"),
        Err(e) => return internal(&headers, e),
    }
    match store::visit::is_open(&state.store, &cycle_id, &user.actor.user_id).await {
        Ok(true) => {}
        Ok(false) => return error(&headers, StatusCode::CONFLICT, "visit-error-closed"),
        Err(e) => return internal(&headers, e),
    }
    let up = match receive(&state, &headers, multipart).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let claim = store::visit::claim_photo(&state.store, &up.id, &cycle_id, &user.actor.user_id).await;
    let photo_json =
        |row: &store::visit::VisitPhotoRow| Json(json!({ "id": row.id, "caption": row.caption })).into_response();
    if let Some(r) = claimed(&headers, claim, photo_json) {
        return r;
    }
    let p = match process_and_keep(&state, &headers, up.bytes, true).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let row = store::visit::add_photo(
        &state.store,
        store::visit::NewVisitPhoto {
            id: &up.id,
            cycle_id: &cycle_id,
            assessor_id: &user.actor.user_id,
            indicator_code: &code,
            sha256: &p.sha256,
            size_bytes: p.bytes.len() as i64,
            width: i64::from(p.width),
            height: i64::from(p.height),
            caption: up.caption.trim(),
        },
    )
    .await;
    match row {
        Ok(Some(row)) => photo_json(&row),
        Ok(None) => error(&headers, StatusCode::CONFLICT, "upload-id-taken"),
        Err(e) => internal(&headers, e),
    }
}

/// `GET /visit-photos/{id}/{variant}`: for the assessor who took it, the reconciler, Dinsos of
/// the region and administrators; every view is logged.
pub async fn view_site_photo(
    State(state): State<AppState>,
    Path((id, variant)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = session(&state, &headers).await else { return refused(&headers, Denied::NotSignedIn) };
    let Some(thumbnail) = is_thumbnail(&variant) else {
        return error(&headers, StatusCode::NOT_FOUND, "error-not-found");
    };
    let row = match store::visit::photo(&state.store, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return error(&headers, StatusCode::NOT_FOUND, "error-not-found"),
        Err(e) => return internal(&headers, e),
    };
    let cycle = match cycle_ref(&state, &headers, &row.cycle_id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(denied) =
        domain::can(Some(&user.actor), Action::ViewEvidence, Resource::SitePhoto(&cycle, &row.assessor_id))
    {
        return refused(&headers, denied);
    }
    let bytes = match state.blobs.get(&row.sha256, thumbnail).await {
        Ok(b) => b,
        Err(e) => return internal(&headers, e),
    };
    if let Err(e) = store::visit::log_photo_view(&state.store, &id, &user.actor.user_id, &variant).await {
        return internal(&headers, e);
    }
    file_response(bytes, "image/jpeg", &format!("site-photo-{id}"))
}

/// `POST /appeal-files/{cycle}`: evidence for the institution's appeal (multipart `id`,
/// `caption`, `file`), while it may appeal or its appeal waits for a decision.
pub async fn upload_appeal_file(
    State(state): State<AppState>,
    Path(cycle_id): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let Some(user) = session(&state, &headers).await else { return refused(&headers, Denied::NotSignedIn) };
    let cycle = match cycle_ref(&state, &headers, &cycle_id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(denied) = domain::can(Some(&user.actor), Action::Appeal, Resource::Cycle(&cycle)) {
        return refused(&headers, denied);
    }
    let today = store::today();
    match store::appeal::appeal_open_for_files(&state.store, &cycle_id, &today, state.settings.appeal_days).await {
        Ok(true) => {}
        Ok(false) => return error(&headers, StatusCode::CONFLICT, "appeal-error-closed"),
        Err(e) => return internal(&headers, e),
    }
    let up = match receive(&state, &headers, multipart).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let claim = store::appeal::claim_appeal_file(&state.store, &up.id, &cycle_id, &user.actor.user_id).await;
    let file_json = |row: &store::appeal::AppealFileRow| {
        back_or_json(&headers, json!({ "id": row.id, "kind": row.kind, "caption": row.caption }))
    };
    if let Some(r) = claimed(&headers, claim, file_json) {
        return r;
    }
    let p = match process_and_keep(&state, &headers, up.bytes, false).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let kind = if p.kind == media::Kind::Photo { "photo" } else { "document" };
    let row = store::appeal::add_appeal_file(
        &state.store,
        store::appeal::NewAppealFile {
            id: &up.id,
            cycle_id: &cycle_id,
            sha256: &p.sha256,
            kind,
            content_type: p.content_type,
            size_bytes: p.bytes.len() as i64,
            width: i64::from(p.width),
            height: i64::from(p.height),
            caption: up.caption.trim(),
            uploaded_by: &user.actor.user_id,
        },
    )
    .await;
    match row {
        Ok(Some(row)) => file_json(&row),
        Ok(None) => error(&headers, StatusCode::CONFLICT, "upload-id-taken"),
        Err(e) => internal(&headers, e),
    }
}

/// `GET /appeal-files/{id}/{variant}`: for people entitled to the cycle; views are audited.
pub async fn view_appeal_file(
    State(state): State<AppState>,
    Path((id, variant)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = session(&state, &headers).await else { return refused(&headers, Denied::NotSignedIn) };
    let Some(thumbnail) = is_thumbnail(&variant) else {
        return error(&headers, StatusCode::NOT_FOUND, "error-not-found");
    };
    let row = match store::appeal::appeal_file(&state.store, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return error(&headers, StatusCode::NOT_FOUND, "error-not-found"),
        Err(e) => return internal(&headers, e),
    };
    let cycle = match cycle_ref(&state, &headers, &row.cycle_id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(denied) = domain::can(Some(&user.actor), Action::ViewEvidence, Resource::Cycle(&cycle)) {
        return refused(&headers, denied);
    }
    if thumbnail && row.kind != "photo" {
        return error(&headers, StatusCode::NOT_FOUND, "error-not-found");
    }
    let bytes = match state.blobs.get(&row.sha256, thumbnail).await {
        Ok(b) => b,
        Err(e) => return internal(&headers, e),
    };
    if let Err(e) = store::appeal::log_appeal_file_view(&state.store, &id, &user.actor.user_id, &variant).await {
        return internal(&headers, e);
    }
    file_response(bytes, if thumbnail { "image/jpeg" } else { &row.content_type }, &format!("appeal-{id}"))
}

/// JSON for the uploader; a browser without JavaScript goes back to the page it came from.
fn done(headers: &HeaderMap, row: &store::evidence::EvidenceRow) -> Response {
    back_or_json(
        headers,
        json!({ "id": row.id, "kind": row.kind, "caption": row.caption, "indicator": row.indicator_code }),
    )
}

/// `GET /evidence/{id}/{variant}` (`full` or `thumbnail`): only for people entitled to the
/// cycle, and every view is logged.
pub async fn view(
    State(state): State<AppState>,
    Path((id, variant)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = session(&state, &headers).await else { return refused(&headers, Denied::NotSignedIn) };
    let Some(thumbnail) = is_thumbnail(&variant) else {
        return error(&headers, StatusCode::NOT_FOUND, "error-not-found");
    };
    let row = match store::evidence::get(&state.store, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return error(&headers, StatusCode::NOT_FOUND, "error-not-found"),
        Err(e) => return internal(&headers, e),
    };
    let cycle = match cycle_ref(&state, &headers, &row.cycle_id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(denied) = domain::can(Some(&user.actor), Action::ViewEvidence, Resource::Cycle(&cycle)) {
        return refused(&headers, denied);
    }
    if thumbnail && row.kind != "photo" {
        return error(&headers, StatusCode::NOT_FOUND, "error-not-found");
    }
    let bytes = match state.blobs.get(&row.sha256, thumbnail).await {
        Ok(b) => b,
        Err(e) => return internal(&headers, e),
    };
    if let Err(e) = store::evidence::log_view(&state.store, &id, &user.actor.user_id, &variant).await {
        return internal(&headers, e);
    }
    file_response(bytes, if thumbnail { "image/jpeg" } else { &row.content_type }, &format!("evidence-{id}"))
}
