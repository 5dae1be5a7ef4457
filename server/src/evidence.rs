//! Evidence upload and download. Plain HTTP routes (multipart in, bytes out) rather than
//! server functions: files are large, uploads need progress events, and a JS-off form must
//! work too. Authorization goes through the same policy as everything else.

use crate::AppState;
use app::api::ssr::{SESSION_COOKIE, cookie_value};
use app::i18n::Lang;
use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::{Action, Denied, Resource};
use serde_json::json;
use store::accounts::SessionUser;

/// Bodies above this are cut off by the server before the pipeline's own (translated) limit,
/// which is lower, so a person normally sees the friendly message.
pub const BODY_LIMIT: usize = 20 * 1024 * 1024;

fn lang(headers: &HeaderMap) -> Lang {
    headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header).unwrap_or_default()
}

fn error(headers: &HeaderMap, status: StatusCode, key: &str) -> Response {
    (status, Json(json!({ "error": lang(headers).t(key), "key": key }))).into_response()
}

pub(crate) async fn session(state: &AppState, headers: &HeaderMap) -> Option<SessionUser> {
    let token = cookie_value(headers.get(header::COOKIE)?.to_str().ok()?, SESSION_COOKIE)?;
    store::accounts::session_user(&state.store, token).await.ok().flatten()
}

pub(crate) fn refused(headers: &HeaderMap, denied: Denied) -> Response {
    match denied {
        Denied::NotSignedIn => error(headers, StatusCode::UNAUTHORIZED, "error-not-signed-in"),
        Denied::OutOfScope | Denied::NotAssigned => error(headers, StatusCode::NOT_FOUND, "error-not-found"),
        _ => error(headers, StatusCode::FORBIDDEN, "error-forbidden"),
    }
}

pub(crate) fn internal(headers: &HeaderMap, cause: impl std::fmt::Display) -> Response {
    tracing::error!(%cause, "evidence request failed");
    error(headers, StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
}

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

struct Upload {
    id: String,
    caption: String,
    bytes: Vec<u8>,
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, &'static str> {
    let mut up = Upload { id: String::new(), caption: String::new(), bytes: Vec::new() };
    while let Some(field) = multipart.next_field().await.map_err(|_| "media-too-large")? {
        match field.name().unwrap_or("") {
            "id" => up.id = field.text().await.map_err(|_| "assessment-bad-request")?,
            "caption" => up.caption = field.text().await.map_err(|_| "assessment-bad-request")?,
            "file" => up.bytes = field.bytes().await.map_err(|_| "media-too-large")?.to_vec(),
            _ => {}
        }
    }
    let id_ok = !up.id.is_empty() && up.id.len() <= 64 && up.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !id_ok || up.caption.chars().count() > 500 {
        return Err("assessment-bad-request");
    }
    Ok(up)
}

/// `POST /evidence/{cycle}/{indicator}`: multipart `id` (client-generated), `caption`, `file`.
pub async fn upload(
    State(state): State<AppState>,
    Path((cycle_id, code)): Path<(String, String)>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let Some(user) = session(&state, &headers).await else { return refused(&headers, Denied::NotSignedIn) };
    let cycle = match cycle_ref(&state, &headers, &cycle_id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(denied) = domain::can(Some(&user.actor), Action::EditSelfAssessment, Resource::Cycle(&cycle)) {
        return refused(&headers, denied);
    }
    match store::assessments::editable(&state.store, &cycle_id).await {
        Ok(e) if e.allows(&code) => {}
        Ok(_) => return error(&headers, StatusCode::CONFLICT, "assessment-locked"),
        Err(e) => return internal(&headers, e),
    }
    let up = match read_upload(multipart).await {
        Ok(u) => u,
        Err(key) => return error(&headers, StatusCode::UNPROCESSABLE_ENTITY, key),
    };
    if let Ok(Some(existing)) = store::evidence::get(&state.store, &up.id).await {
        return done(&headers, &existing);
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
        Ok(row) => done(&headers, &row),
        Err(e) => internal(&headers, e),
    }
}

/// Verifies, cleans and re-encodes an uploaded file (bounded by the media permits) and keeps
/// the result and its thumbnail in the blob store.
async fn process_and_keep(
    state: &AppState,
    headers: &HeaderMap,
    bytes: Vec<u8>,
    photos_only: bool,
) -> Result<media::Processed, Response> {
    let Ok(_permit) = state.media_permits.clone().acquire_owned().await else {
        return Err(internal(headers, "semaphore closed"));
    };
    let blobs = state.blobs.clone();
    let processed = tokio::task::spawn_blocking(move || media::process(&bytes, &media::Limits::default())).await;
    let p = match processed {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => return Err(error(headers, StatusCode::UNPROCESSABLE_ENTITY, e.message_key())),
        Err(e) => return Err(internal(headers, e)),
    };
    if photos_only && p.kind != media::Kind::Photo {
        return Err(error(headers, StatusCode::UNPROCESSABLE_ENTITY, "visit-error-photo-only"));
    }
    let (sha, bytes, thumb) = (p.sha256.clone(), p.bytes.clone(), p.thumbnail.clone());
    match tokio::task::spawn_blocking(move || blobs.put(&sha, &bytes, thumb.as_deref())).await {
        Ok(Ok(())) => Ok(p),
        Ok(Err(e)) => Err(internal(headers, e)),
        Err(e) => Err(internal(headers, e)),
    }
}

/// `POST /visit-photos/{cycle}/{indicator}`: a photo an assessor takes on site (multipart
/// `id`, `caption`, `file`), through the same pipeline as evidence. Photos only.
pub async fn upload_site_photo(
    State(state): State<AppState>,
    Path((cycle_id, code)): Path<(String, String)>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let Some(user) = session(&state, &headers).await else { return refused(&headers, Denied::NotSignedIn) };
    let cycle = match cycle_ref(&state, &headers, &cycle_id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(denied) = domain::can(Some(&user.actor), Action::ScoreVisit, Resource::Cycle(&cycle)) {
        return refused(&headers, denied);
    }
    match store::visits::is_open(&state.store, &cycle_id, &user.actor.user_id).await {
        Ok(true) => {}
        Ok(false) => return error(&headers, StatusCode::CONFLICT, "visit-error-closed"),
        Err(e) => return internal(&headers, e),
    }
    let up = match read_upload(multipart).await {
        Ok(u) => u,
        Err(key) => return error(&headers, StatusCode::UNPROCESSABLE_ENTITY, key),
    };
    if let Ok(Some(existing)) = store::visits::photo(&state.store, &up.id).await {
        return Json(json!({ "id": existing.id, "caption": existing.caption })).into_response();
    }
    let p = match process_and_keep(&state, &headers, up.bytes, true).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let row = store::visits::add_photo(
        &state.store,
        store::visits::NewVisitPhoto {
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
        Ok(row) => Json(json!({ "id": row.id, "caption": row.caption })).into_response(),
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
    let row = match store::visits::photo(&state.store, &id).await {
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
    if let Err(e) = store::visits::log_photo_view(&state.store, &id, &user.actor.user_id, &variant).await {
        return internal(&headers, e);
    }
    file_response(bytes, "image/jpeg")
}

/// `POST /appeal-files/{cycle}`: evidence for the institution's appeal (multipart `id`,
/// `caption`, `file`), while it may appeal or its appeal waits for a decision.
pub async fn upload_appeal_file(
    State(state): State<AppState>,
    Path(cycle_id): Path<String>,
    headers: HeaderMap,
    multipart: Multipart,
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
    match store::decisions::appeal_open_for_files(&state.store, &cycle_id, &today, state.settings.appeal_days).await {
        Ok(true) => {}
        Ok(false) => return error(&headers, StatusCode::CONFLICT, "appeal-error-closed"),
        Err(e) => return internal(&headers, e),
    }
    let up = match read_upload(multipart).await {
        Ok(u) => u,
        Err(key) => return error(&headers, StatusCode::UNPROCESSABLE_ENTITY, key),
    };
    let p = match process_and_keep(&state, &headers, up.bytes, false).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let kind = if p.kind == media::Kind::Photo { "photo" } else { "document" };
    let row = store::decisions::add_appeal_file(
        &state.store,
        store::decisions::NewAppealFile {
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
        Ok(row) => back_or_json(&headers, json!({ "id": row.id, "kind": row.kind, "caption": row.caption })),
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
    let row = match store::decisions::appeal_file(&state.store, &id).await {
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
    if let Err(e) = store::decisions::log_appeal_file_view(&state.store, &id, &user.actor.user_id, &variant).await {
        return internal(&headers, e);
    }
    file_response(bytes, if thumbnail { "image/jpeg" } else { &row.content_type })
}

/// JSON for scripts; a browser form post goes back to the page it came from.
fn back_or_json(headers: &HeaderMap, body: serde_json::Value) -> Response {
    let wants_json =
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"));
    if !wants_json && let Some(back) = headers.get(header::REFERER).cloned() {
        let mut r = StatusCode::SEE_OTHER.into_response();
        r.headers_mut().insert(header::LOCATION, back);
        return r;
    }
    Json(body).into_response()
}

/// A stored file: children's records are never kept in shared caches or the browser's disk cache.
fn file_response(bytes: Vec<u8>, content_type: &str) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    r
}

/// JSON for the uploader; a browser without JavaScript goes back to the page it came from.
fn done(headers: &HeaderMap, row: &store::evidence::EvidenceRow) -> Response {
    let wants_json =
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"));
    if !wants_json && let Some(back) = headers.get(header::REFERER).cloned() {
        let mut r = StatusCode::SEE_OTHER.into_response();
        r.headers_mut().insert(header::LOCATION, back);
        return r;
    }
    Json(json!({ "id": row.id, "kind": row.kind, "caption": row.caption, "indicator": row.indicator_code }))
        .into_response()
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
    file_response(bytes, if thumbnail { "image/jpeg" } else { &row.content_type })
}
