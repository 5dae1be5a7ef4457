//! Evidence for an institution's appeal: `POST /appeal-files/{cycle}` while it may appeal or
//! its appeal waits for a decision, `GET /appeal-files/{id}/{variant}` for people entitled to
//! the cycle (views audited). Same pipeline and helpers as evidence.

use crate::AppState;
use crate::evidence::{blob, cycle_ref, kind_of};
use crate::respond::{SignedIn, back_or_json};
use crate::uploads::accept;
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
    let row = accept(
        &state,
        multipart,
        false,
        async |up| store::appeal::claim_appeal_file(&state.store, &up.id, &cycle_id, &user.actor.user_id).await,
        async |up, p| {
            let record = store::appeal::NewAppealFile {
                id: &up.id,
                cycle_id: &cycle_id,
                kind: kind_of(p),
                blob: blob(p),
                caption: up.caption.trim(),
                uploaded_by: &user.actor.user_id,
            };
            store::appeal::add_appeal_file(&state.store, record).await
        },
    )
    .await?;
    Ok(file_json(&headers, &row))
}
