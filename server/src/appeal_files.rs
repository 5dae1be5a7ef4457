//! Evidence for an institution's appeal: `POST /appeal-files/{cycle}` while it may appeal or
//! its appeal waits for a decision, `GET /appeal-files/{id}/{variant}` for people entitled to
//! the cycle (views audited). Same pipeline and helpers as evidence.

use crate::AppState;
use crate::evidence::{claimed, cycle_ref, kind_of};
use crate::respond::{SignedIn, back_or_json};
use crate::uploads::{process_and_keep, receive};
use app::error::AppError;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use domain::{Action, Resource};
use serde_json::json;

fn file_json(headers: &HeaderMap, row: &store::appeal::AppealFileRow) -> Response {
    back_or_json(headers, json!({ "id": row.id, "kind": row.kind, "caption": row.caption }))
}

/// `POST /appeal-files/{cycle}`: multipart `id`, `caption`, `file`.
pub async fn upload(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(cycle_id): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let cycle = cycle_ref(&state, &cycle_id).await?;
    domain::can(Some(&user.actor), Action::Appeal, Resource::Cycle(&cycle))?;
    let today = store::today();
    if !store::appeal::appeal_open_for_files(&state.store, &cycle_id, &today, state.settings.appeal_days).await? {
        return Err(AppError::conflict("appeal-error-closed"));
    }
    let up = receive(&state, multipart).await?;
    let claim = store::appeal::claim_appeal_file(&state.store, &up.id, &cycle_id, &user.actor.user_id).await?;
    if let Some(row) = claimed(claim)? {
        return Ok(file_json(&headers, &row));
    }
    let p = process_and_keep(&state, up.bytes, false).await?;
    let row = store::appeal::add_appeal_file(
        &state.store,
        store::appeal::NewAppealFile {
            id: &up.id,
            cycle_id: &cycle_id,
            sha256: &p.sha256,
            kind: kind_of(&p),
            content_type: p.content_type,
            size_bytes: p.bytes.len() as i64,
            width: i64::from(p.width),
            height: i64::from(p.height),
            caption: up.caption.trim(),
            uploaded_by: &user.actor.user_id,
        },
    )
    .await?
    .ok_or_else(|| AppError::conflict("upload-id-taken"))?;
    Ok(file_json(&headers, &row))
}
