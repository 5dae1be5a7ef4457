//! Viewing stored files: `GET /evidence/{id}/{variant}`, `/visit-photos/{id}/{variant}` and
//! `/appeal-files/{id}/{variant}` (`full` or `thumbnail`). One handler for all three: the file
//! is found by its source, the policy decides who sees it, and every view is logged.

use crate::AppState;
use crate::evidence::{cycle_ref, is_thumbnail};
use crate::respond::{SignedIn, file_response};
use app::error::AppError;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::{Action, Resource};

/// Which kind of stored file a route serves (set on the route as an extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The institution's self-assessment evidence: for people entitled to the cycle.
    Evidence,
    /// A photo an assessor took on site: for that assessor, the reconciler, Dinsos of the
    /// region and administrators.
    SitePhoto,
    /// Evidence for an appeal: for people entitled to the cycle.
    AppealFile,
}

/// What serving a file needs to know, whatever its source.
struct Stored {
    cycle_id: String,
    sha256: String,
    photo: bool,
    content_type: String,
    /// The assessor who took a site photo.
    taken_by: Option<String>,
    name: String,
}

async fn find(state: &AppState, source: Source, id: &str) -> Result<Option<Stored>, AppError> {
    let db = &state.store;
    Ok(match source {
        Source::Evidence => store::evidence::get(db, id).await?.map(|r| Stored {
            photo: r.kind == "photo",
            cycle_id: r.cycle_id,
            sha256: r.sha256,
            content_type: r.content_type,
            taken_by: None,
            name: format!("evidence-{id}"),
        }),
        Source::SitePhoto => store::visit::photo(db, id).await?.map(|r| Stored {
            photo: true,
            cycle_id: r.cycle_id,
            sha256: r.sha256,
            content_type: "image/jpeg".into(),
            taken_by: Some(r.assessor_id),
            name: format!("site-photo-{id}"),
        }),
        Source::AppealFile => store::appeal::appeal_file(db, id).await?.map(|r| Stored {
            photo: r.kind == "photo",
            cycle_id: r.cycle_id,
            sha256: r.sha256,
            content_type: r.content_type,
            taken_by: None,
            name: format!("appeal-{id}"),
        }),
    })
}

impl Source {
    /// The source as the evidence access log records it.
    fn logged(self) -> store::evidence::views::Source {
        match self {
            Source::Evidence => store::evidence::views::Source::Evidence,
            Source::SitePhoto => store::evidence::views::Source::SitePhoto,
            Source::AppealFile => store::evidence::views::Source::AppealFile,
        }
    }
}

/// `GET /{source}/{id}/{variant}`
pub async fn view(
    State(state): State<AppState>,
    Extension(source): Extension<Source>,
    SignedIn(user): SignedIn,
    Path((id, variant)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let thumbnail = is_thumbnail(&variant)?;
    let file = find(&state, source, &id).await?.ok_or_else(AppError::not_found)?;
    let cycle = cycle_ref(&state, &file.cycle_id).await?;
    let resource = match &file.taken_by {
        Some(assessor) => Resource::SitePhoto(&cycle, assessor),
        None => Resource::Cycle(&cycle),
    };
    domain::can(Some(&user.actor), Action::ViewEvidence, resource)?;
    // Only photos have thumbnails.
    if thumbnail && !file.photo {
        return Err(AppError::not_found());
    }
    let bytes = state.blobs.get(&file.sha256, thumbnail).await.map_err(AppError::internal)?;
    // Logged before the bytes leave: a view that cannot be logged is not served.
    let (who, source) = (&user.actor.user_id, source.logged());
    store::evidence::views::log(&state.store, source, &id, &cycle.institution, who, &variant).await?;
    Ok(file_response(bytes, if thumbnail { "image/jpeg" } else { &file.content_type }, &file.name))
}
