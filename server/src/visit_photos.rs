//! Photos an assessor takes on site: `POST /visit-photos/{cycle}/{indicator}` and
//! `GET /visit-photos/{id}/{variant}`, through the same pipeline and helpers as evidence.

use crate::AppState;
use crate::evidence::{blob, cycle_ref, known_indicator};
use crate::respond::SignedIn;
use crate::uploads::accept;
use app::error::AppError;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use domain::{Action, Resource};
use serde_json::json;

fn photo_json(row: &store::visit::VisitPhotoRow) -> Response {
    Json(json!({ "id": row.id, "caption": row.caption })).into_response()
}

/// `POST /visit-photos/{cycle}/{indicator}`: multipart `id`, `caption`, `file`; photos only.
pub async fn upload(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((cycle_id, code)): Path<(String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let cycle = cycle_ref(&state, &cycle_id).await?;
    domain::can(Some(&user.actor), Action::ScoreVisit, Resource::Cycle(&cycle))?;
    known_indicator(&state, &cycle_id, &code).await?;
    if !store::visit::is_open(&state.store, &cycle_id, &user.actor.user_id).await? {
        return Err(AppError::conflict("visit-error-closed"));
    }
    let row = accept(
        &state,
        multipart,
        true,
        async |up| store::visit::claim_photo(&state.store, &up.id, &cycle_id, &user.actor.user_id).await,
        async |up, p| {
            let record = store::visit::NewVisitPhoto {
                id: &up.id,
                cycle_id: &cycle_id,
                assessor_id: &user.actor.user_id,
                indicator_code: &code,
                blob: blob(p),
                caption: up.caption.trim(),
            };
            store::visit::add_photo(&state.store, record).await
        },
    )
    .await?;
    Ok(photo_json(&row))
}
