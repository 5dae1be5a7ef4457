//! The reconciliation: the final scores set from the two assessors' scores, the engine's
//! result over them, and the move to reconciled, in one transaction with its audit events.

use crate::cycles::{assessors_in, transition};
use crate::visit::{as_scores, scores_in};
use crate::{Result, Store, StoreError, audit, json, now};
use domain::audit::Change;
use domain::reconcile::FinalScore;
use domain::{CycleState, Evaluation, Instrument, Transition};
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReconcileOutcome {
    Reconciled(Box<Evaluation>),
    Invalid(domain::reconcile::ReconcileError),
    NotAllowed(CycleState),
}

/// Checks the final scores against the two assessors' scores, stores them with the engine's
/// result over them, and moves the cycle to reconciled, all in one transaction.
pub async fn reconcile(
    store: &Store,
    user_id: &str,
    cycle_id: &str,
    instrument: &Instrument,
    finals: &[FinalScore],
) -> Result<ReconcileOutcome> {
    let mut tx = store.write_tx().await?;
    let assessors = match assessors_in(&mut tx, cycle_id).await?.as_slice() {
        [first, second, ..] => [
            as_scores(&scores_in(&mut *tx, cycle_id, first).await?),
            as_scores(&scores_in(&mut *tx, cycle_id, second).await?),
        ],
        _ => return Err(StoreError::Corrupt(format!("cycle {cycle_id} has fewer than two assessors"))),
    };
    let evaluation = match domain::reconcile::evaluate(instrument, &assessors[0], &assessors[1], finals) {
        Ok(evaluation) => evaluation,
        Err(e) => return Ok(ReconcileOutcome::Invalid(e)),
    };
    if let Err(refused) = transition(&mut tx, cycle_id, Transition::Reconcile, Some(user_id)).await? {
        return Ok(ReconcileOutcome::NotAllowed(refused.from));
    }
    let t = now();
    // A cycle sent back to the assessors is reconciled again: the new finals replace the old.
    sqlx::query("delete from final_scores where cycle_id = $1").bind(cycle_id).execute(&mut *tx).await?;
    sqlx::query("delete from cycle_results where cycle_id = $1").bind(cycle_id).execute(&mut *tx).await?;
    for f in finals {
        sqlx::query(
            "insert into final_scores (cycle_id, indicator_code, score, reason, set_by, created_at) values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(cycle_id)
        .bind(&f.code)
        .bind(crate::score_value(Some(f.score)))
        .bind(f.reason.trim())
        .bind(user_id)
        .bind(t)
        .execute(&mut *tx)
        .await?;
        if !f.reason.trim().is_empty() {
            let entity = format!("{cycle_id}/{}", f.code);
            let level = |s: Option<&domain::Score>| s.map(|s| u8::from(*s));
            let before = Change::AssessorScores {
                first: level(assessors[0].get(&f.code)),
                second: level(assessors[1].get(&f.code)),
            };
            let after = Change::FinalScore { score: Some(u8::from(f.score)), reason: f.reason.trim().into() };
            audit::record(
                &mut tx,
                Some(user_id),
                "override_score",
                "final_score",
                &entity,
                Some(&before),
                Some(&after),
            )
            .await?;
        }
    }
    sqlx::query(
        "insert into cycle_results (cycle_id, evaluation, total_hundredths, recommended_grade, reconciled_by, created_at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(cycle_id)
    .bind(json(&evaluation)?)
    .bind(evaluation.total_hundredths)
    .bind(evaluation.grade.code())
    .bind(user_id)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    crate::summary::record_components(&mut tx, cycle_id, &evaluation).await?;
    let after = Change::Result { total_hundredths: evaluation.total_hundredths, grade: evaluation.grade.code().into() };
    audit::record(&mut tx, Some(user_id), "reconcile", "cycle", cycle_id, None, Some(&after)).await?;
    tx.commit().await?;
    Ok(ReconcileOutcome::Reconciled(Box::new(evaluation)))
}

/// The final scores with their reasons.
pub async fn finals(store: &Store, cycle_id: &str) -> Result<Vec<FinalScore>> {
    let rows = sqlx::query(
        "select indicator_code, score, reason from final_scores where cycle_id = $1 order by indicator_code",
    )
    .bind(cycle_id)
    .fetch_all(&store.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let score = crate::score_column(&r, "score")?
                .ok_or_else(|| StoreError::Corrupt(format!("final score of {cycle_id} without a value")))?;
            Ok(FinalScore { code: r.get("indicator_code"), score, reason: r.get("reason") })
        })
        .collect()
}

/// The engine's result stored at reconciliation.
pub async fn result(store: &Store, cycle_id: &str) -> Result<Option<Evaluation>> {
    let text: Option<String> = sqlx::query_scalar("select evaluation from cycle_results where cycle_id = $1")
        .bind(cycle_id)
        .fetch_optional(&store.pool)
        .await?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(e.to_string()))).transpose()
}

#[cfg(test)]
mod tests;
