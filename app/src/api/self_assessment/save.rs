use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveResult {
    Saved {
        revision: i64,
    },
    /// Someone else saved this indicator first; this is their version, now shown.
    Conflict {
        self_score: Option<u8>,
        narrative: String,
        revision: i64,
    },
}

/// Saves one indicator's self-score and narrative. `change_id` makes retries harmless;
/// `base_revision` is the revision the person edited, so stale tabs are told, not obeyed.
/// A form post without JavaScript sends the chosen level as `self_score` and the level
/// already saved as `current_score`.
#[server(endpoint = "save_answer")]
pub async fn save_answer(
    cycle_id: String,
    code: String,
    change_id: String,
    base_revision: i64,
    self_score: Option<u8>,
    #[server(default)] current_score: Option<u8>,
    #[server(default)] narrative: String,
) -> Result<SaveResult, AppError> {
    use crate::api::ssr::*;
    use domain::{Action, Score};
    use store::self_assessment::{AnswerInput, SaveOutcome, save_answer};

    let user = require_user().await?;
    cycle_for(&user, &cycle_id, Action::EditSelfAssessment).await?;
    let score = match self_score.or(current_score) {
        Some(v) => Some(Score::parse(v.into()).map_err(|_| AppError::invalid("assessment-bad-score"))?),
        None => None,
    };
    if narrative.len() > 10_000 {
        return Err(AppError::invalid("assessment-narrative-too-long"));
    }
    if change_id.is_empty() || change_id.len() > 100 || code.is_empty() || code.len() > 32 {
        return Err(AppError::invalid("assessment-bad-request"));
    }
    let input = AnswerInput { change_id, indicator_code: code, base_revision, self_score: score, narrative };
    match save_answer(&store()?, &user.actor.user_id, &cycle_id, &input).await? {
        SaveOutcome::Saved { revision } | SaveOutcome::AlreadyApplied { revision } => {
            Ok(SaveResult::Saved { revision })
        }
        SaveOutcome::Conflict { current } => Ok(SaveResult::Conflict {
            self_score: current.self_score.map(u8::from),
            narrative: current.narrative,
            revision: current.revision,
        }),
        SaveOutcome::NotEditable => Err(AppError::invalid("assessment-locked")),
        SaveOutcome::UnknownIndicator => Err(AppError::invalid("assessment-unknown-indicator")),
    }
}
