//! Evidence of the self-assessment: upload and download. Plain HTTP routes (multipart in,
//! bytes out) rather than server functions: files are large, uploads need progress events,
//! and a JS-off form must work too. Authorization goes through the same policy as everything
//! else. Site photos (`visit_photos`) and appeal files (`appeal_files`) share the helpers here.

use crate::AppState;
use crate::respond::{SignedIn, back_or_json};
use crate::uploads::accept;
use app::error::AppError;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use domain::{Action, Resource};
use serde_json::json;

pub use crate::uploads::BODY_LIMIT;

/// The policy's view of a cycle; an unknown cycle is "not found".
pub(crate) async fn cycle_ref(state: &AppState, cycle_id: &str) -> Result<domain::CycleRef, AppError> {
    store::cycles::reference(&state.store, cycle_id).await?.ok_or_else(AppError::not_found)
}

/// `full` → false, `thumbnail` → true, anything else is not a file variant.
pub(crate) fn is_thumbnail(variant: &str) -> Result<bool, AppError> {
    match variant {
        "full" => Ok(false),
        "thumbnail" => Ok(true),
        _ => Err(AppError::not_found()),
    }
}

/// An indicator of the cycle's instrument version, or the refusal.
pub(crate) async fn known_indicator(state: &AppState, cycle_id: &str, code: &str) -> Result<(), AppError> {
    if store::instruments::indicator_in_cycle(&state.store.pool, cycle_id, code).await? {
        Ok(())
    } else {
        Err(AppError::invalid("assessment-unknown-indicator"))
    }
}

/// The stored file's facts for the store.
pub(crate) fn blob(p: &media::Processed) -> store::evidence::Blob<'_> {
    store::evidence::Blob {
        sha256: &p.sha256,
        content_type: p.content_type,
        size_bytes: p.bytes.len() as i64,
        width: i64::from(p.width),
        height: i64::from(p.height),
    }
}

/// `"photo"` or `"document"`, as stored.
pub(crate) fn kind_of(p: &media::Processed) -> &'static str {
    if p.kind == media::Kind::Photo { "photo" } else { "document" }
}

/// `POST /evidence/{cycle}/{indicator}`: multipart `id` (client-generated), `caption`, `file`.
pub async fn upload(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((cycle_id, code)): Path<(String, String)>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let cycle = cycle_ref(&state, &cycle_id).await?;
    domain::can(Some(&user.actor), Action::EditSelfAssessment, Resource::Cycle(&cycle))?;
    known_indicator(&state, &cycle_id, &code).await?;
    if !store::self_assessment::editable(&state.store, &cycle_id).await?.allows(&code) {
        return Err(AppError::conflict("assessment-locked"));
    }
    let row = accept(
        &state,
        multipart,
        false,
        async |up| store::evidence::claim(&state.store, &up.id, &cycle_id, &code, &user.actor.user_id).await,
        async |up, p| {
            let record = store::evidence::NewEvidence {
                id: &up.id,
                cycle_id: &cycle_id,
                indicator_code: &code,
                kind: kind_of(p),
                blob: blob(p),
                caption: up.caption.trim(),
                uploaded_by: &user.actor.user_id,
            };
            store::evidence::add(&state.store, record).await
        },
    )
    .await?;
    Ok(done(&headers, &row))
}

/// JSON for the uploader; a browser without JavaScript goes back to the page it came from.
fn done(headers: &HeaderMap, row: &store::evidence::EvidenceRow) -> Response {
    back_or_json(
        headers,
        json!({ "id": row.id, "kind": row.kind, "caption": row.caption, "indicator": row.indicator_code }),
    )
}
