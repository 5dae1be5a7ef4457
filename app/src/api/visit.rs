//! The assessor's visit: the package for desk review and offline scoring, the sync of scores
//! written on the tablet, and submission.

use crate::error::AppError;
use crate::model::VisitView;
use domain::visit::VisitChange;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the visit needs: instrument version, the institution's answers and evidence,
/// and this assessor's own scores (never the other assessor's).
#[server(endpoint = "visit_package")]
pub async fn visit_package(cycle_id: String) -> Result<VisitView, AppError> {
    use crate::api::ssr::*;
    use crate::model::OwnScoreView;
    use domain::Action;

    let user = require_user().await?;
    let (reference, row, instrument) = cycle_with_instrument(&user, &cycle_id, Action::ScoreVisit).await?;
    let db = store()?;
    let institution = store::institutions::get(&db, &row.institution_id)
        .await?
        .ok_or_else(|| AppError::internal("stored data is inconsistent"))?;
    let own = store::visit::scores_of(&db, &cycle_id, &user.actor.user_id)
        .await?
        .into_iter()
        .map(|r| {
            let view = OwnScoreView { score: r.score, note: r.note, check_on_site: r.check_on_site };
            (r.indicator_code, view)
        })
        .collect();
    let submitted = store::visit::submitted(&db, &cycle_id).await?;
    let mut photos: std::collections::BTreeMap<String, Vec<crate::model::SitePhotoView>> = Default::default();
    for p in store::visit::photos_of(&db, &cycle_id, &user.actor.user_id).await? {
        photos.entry(p.indicator_code).or_default().push(crate::model::SitePhotoView { id: p.id, caption: p.caption });
    }
    Ok(VisitView {
        state: row.state().ok_or_else(|| AppError::internal("stored data is inconsistent"))?,
        institution_name: institution.name,
        regency_name: institution.regency_name,
        address: institution.address,
        visit_on: row.visit_on,
        instrument_version: row.instrument_version,
        answers: answer_views(&db, &cycle_id).await?,
        evidence: evidence_views(&db, &cycle_id).await?,
        own,
        photos,
        submitted: submitted.contains_key(&user.actor.user_id),
        submitted_count: reference.assessors.iter().filter(|a| submitted.contains_key(*a)).count(),
        assessor_count: reference.assessors.len(),
        reconciles: reference.reconciler() == Some(user.actor.user_id.as_str()),
        assessor_id: user.actor.user_id.clone(),
        instrument: (*instrument).clone(),
        cycle_id,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SyncResult {
    /// These change ids are stored (including ones stored by an earlier, replayed send).
    Stored(Vec<String>),
    /// The visit is closed for this assessor; the changes were not stored.
    Closed,
}

/// Stores a batch of changes from the tablet, in order; replays are stored once.
#[server(endpoint = "sync_visit", input = server_fn::codec::Json)]
pub async fn sync_visit(cycle_id: String, changes: Vec<VisitChange>) -> Result<SyncResult, AppError> {
    use crate::api::ssr::*;
    use domain::Action;
    use store::visit::{SyncOutcome, sync};

    let user = require_user().await?;
    let (_, _, instrument) = cycle_with_instrument(&user, &cycle_id, Action::ScoreVisit).await?;
    if changes.len() > 2_000 {
        return Err(AppError::invalid("visit-error-batch"));
    }
    if changes.iter().any(|c| instrument.find_indicator(&c.code).is_none()) {
        return Err(AppError::invalid("error-unknown-indicator"));
    }
    if changes.iter().any(|c| c.note.chars().count() > 4_000 || c.change_id.is_empty() || c.change_id.len() > 64) {
        return Err(AppError::invalid("visit-error-note"));
    }
    Ok(match sync(&store()?, &user.actor.user_id, &cycle_id, &instrument, &changes).await? {
        SyncOutcome::Stored { applied, .. } => SyncResult::Stored(applied),
        SyncOutcome::Closed => SyncResult::Closed,
    })
}

/// Submits this assessor's scores once every indicator has one.
#[server(endpoint = "submit_visit")]
pub async fn submit_visit(cycle_id: String) -> Result<bool, AppError> {
    use crate::api::ssr::*;
    use domain::Action;
    use store::visit::{VisitSubmitOutcome, submit};

    let user = require_user().await?;
    let (_, _, instrument) = cycle_with_instrument(&user, &cycle_id, Action::ScoreVisit).await?;
    match submit(&store()?, &user.actor.user_id, &cycle_id, &instrument).await? {
        VisitSubmitOutcome::Submitted { visit_complete } => Ok(visit_complete),
        VisitSubmitOutcome::Unscored(_) => Err(AppError::invalid("visit-error-unscored")),
        VisitSubmitOutcome::Closed => Err(AppError::invalid("visit-error-closed")),
    }
}
