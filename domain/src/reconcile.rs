//! The reconciliation after the site visit. The reconciler (the supervisor, or the lead
//! assessor when there is none) sets one final score per indicator from the two assessors'
//! scores. A final score that agrees with neither assessor needs a written reason, so every
//! departure from what was seen on site is explained.

use crate::instrument::Instrument;
use crate::scoring::{Evaluation, Score, Scores, ScoringError};
use crate::visit::unscored;
use serde::{Deserialize, Serialize};

/// Assessor scores this many levels apart are shown to the reconciler as a disagreement.
pub const LARGE_GAP: u8 = 2;

/// Whether two assessors' scores of one indicator are far enough apart to flag.
pub fn large_gap(a: Option<Score>, b: Option<Score>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.value().abs_diff(b.value()) >= LARGE_GAP,
        _ => false,
    }
}

/// The final score offered before the reconciler chooses: the assessors' score when they agree.
pub fn suggestion(a: Option<Score>, b: Option<Score>) -> Option<Score> {
    match (a, b) {
        (Some(a), Some(b)) if a == b => Some(a),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalScore {
    pub code: String,
    pub score: Score,
    /// Required when `score` differs from both assessors' scores.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ReconcileError {
    #[error("{} indicator(s) have no final score: {}", .0.len(), .0.join(", "))]
    Missing(Vec<String>),
    #[error("final score differs from both assessors without a reason: {}", .0.join(", "))]
    ReasonRequired(Vec<String>),
    #[error("indicator {0} is not part of this instrument version")]
    UnknownIndicator(String),
    #[error("indicator {0} has two final scores")]
    Duplicate(String),
}

/// Checks the reconciler's final scores against both assessors' scores and returns the scores
/// the engine evaluates. Every indicator needs exactly one final score; one that differs from
/// both assessors needs a non-blank reason.
pub fn reconcile(
    instrument: &Instrument,
    first: &Scores,
    second: &Scores,
    finals: &[FinalScore],
) -> Result<Scores, ReconcileError> {
    let mut scores = Scores::new();
    let mut unexplained = Vec::new();
    for f in finals {
        if instrument.find_indicator(&f.code).is_none() {
            return Err(ReconcileError::UnknownIndicator(f.code.clone()));
        }
        if scores.insert(f.code.clone(), f.score).is_some() {
            return Err(ReconcileError::Duplicate(f.code.clone()));
        }
        let agrees = first.get(&f.code) == Some(&f.score) || second.get(&f.code) == Some(&f.score);
        if !agrees && f.reason.trim().is_empty() {
            unexplained.push(f.code.clone());
        }
    }
    let missing = unscored(instrument, &scores);
    if !missing.is_empty() {
        return Err(ReconcileError::Missing(missing));
    }
    if !unexplained.is_empty() {
        return Err(ReconcileError::ReasonRequired(unexplained));
    }
    Ok(scores)
}

/// What a reconciliation decides: the final scores checked against both assessors' scores
/// (see [`reconcile`]) and the engine's result over them, with the recommended grade.
pub fn evaluate(
    instrument: &Instrument,
    first: &Scores,
    second: &Scores,
    finals: &[FinalScore],
) -> Result<Evaluation, ReconcileError> {
    let scores = reconcile(instrument, first, second, finals)?;
    // `reconcile` already refuses what the engine would: a missing or unknown indicator.
    crate::scoring::evaluate(instrument, &scores).map_err(|e| match e {
        ScoringError::Missing(codes) => ReconcileError::Missing(codes),
        ScoringError::UnknownIndicator(code) => ReconcileError::UnknownIndicator(code),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::fixtures::instrument;
    use proptest::prelude::*;

    fn s(v: u8) -> Score {
        Score::parse(v.into()).unwrap()
    }

    fn small() -> Instrument {
        instrument(&[("PR", 40, &[(1, false), (1, true)]), ("PP", 60, &[(2, false)])])
    }

    fn codes(i: &Instrument) -> Vec<String> {
        i.indicators().map(|(_, x)| x.code.clone()).collect()
    }

    fn all(i: &Instrument, v: u8) -> Scores {
        codes(i).into_iter().map(|c| (c, s(v))).collect()
    }

    #[test]
    fn gaps_of_two_levels_or_more_are_flagged() {
        assert!(!large_gap(Some(s(3)), Some(s(2))));
        assert!(large_gap(Some(s(3)), Some(s(1))));
        assert!(large_gap(Some(s(0)), Some(s(4))));
        assert!(!large_gap(None, Some(s(4))));
    }

    #[test]
    fn agreement_is_suggested_disagreement_is_left_to_the_reconciler() {
        assert_eq!(suggestion(Some(s(2)), Some(s(2))), Some(s(2)));
        assert_eq!(suggestion(Some(s(2)), Some(s(3))), None);
        assert_eq!(suggestion(None, Some(s(3))), None);
    }

    #[test]
    fn an_override_needs_a_reason() {
        let i = small();
        let (a, b) = (all(&i, 3), all(&i, 2));
        let mut finals: Vec<FinalScore> =
            codes(&i).into_iter().map(|code| FinalScore { code, score: s(3), reason: String::new() }).collect();
        assert_eq!(reconcile(&i, &a, &b, &finals).unwrap(), all(&i, 3));
        finals[1].score = s(1);
        assert_eq!(reconcile(&i, &a, &b, &finals), Err(ReconcileError::ReasonRequired(vec![finals[1].code.clone()])));
        finals[1].reason = "   ".into();
        assert!(matches!(reconcile(&i, &a, &b, &finals), Err(ReconcileError::ReasonRequired(_))));
        finals[1].reason = "Dokumen pengasuhan tidak ditemukan saat kunjungan".into();
        assert_eq!(reconcile(&i, &a, &b, &finals).unwrap()[&finals[1].code], s(1));
    }

    #[test]
    fn every_indicator_needs_one_final_score() {
        let i = small();
        let a = all(&i, 3);
        let mut finals: Vec<FinalScore> =
            codes(&i).into_iter().map(|code| FinalScore { code, score: s(3), reason: String::new() }).collect();
        let dropped = finals.pop().unwrap();
        assert_eq!(reconcile(&i, &a, &a, &finals), Err(ReconcileError::Missing(vec![dropped.code.clone()])));
        finals.push(dropped.clone());
        finals.push(dropped.clone());
        assert_eq!(reconcile(&i, &a, &a, &finals), Err(ReconcileError::Duplicate(dropped.code)));
        let unknown = FinalScore { code: "XX.9.99".into(), score: s(1), reason: String::new() };
        assert_eq!(reconcile(&i, &a, &a, &[unknown]), Err(ReconcileError::UnknownIndicator("XX.9.99".into())));
    }

    #[test]
    fn the_result_of_a_reconciliation_is_the_engine_over_the_final_scores() {
        let i = small();
        let (a, b) = (all(&i, 3), all(&i, 2));
        let finals: Vec<FinalScore> =
            codes(&i).into_iter().map(|code| FinalScore { code, score: s(2), reason: String::new() }).collect();
        assert_eq!(evaluate(&i, &a, &b, &finals), Ok(crate::scoring::evaluate(&i, &all(&i, 2)).unwrap()));
        assert_eq!(evaluate(&i, &a, &b, &finals[1..]), Err(ReconcileError::Missing(vec![finals[0].code.clone()])));
    }

    proptest! {
        /// Choosing either assessor's score never needs a reason, and the result is exactly the choice.
        #[test]
        fn choosing_an_assessor_score_needs_no_reason(
            picks in proptest::collection::vec((0u8..=4, 0u8..=4, any::<bool>()), 3)
        ) {
            let i = small();
            let codes = codes(&i);
            let a: Scores = codes.iter().zip(&picks).map(|(c, p)| (c.clone(), s(p.0))).collect();
            let b: Scores = codes.iter().zip(&picks).map(|(c, p)| (c.clone(), s(p.1))).collect();
            let finals: Vec<FinalScore> = codes
                .iter()
                .zip(&picks)
                .map(|(c, p)| FinalScore { code: c.clone(), score: s(if p.2 { p.0 } else { p.1 }), reason: String::new() })
                .collect();
            let result = reconcile(&i, &a, &b, &finals).unwrap();
            for f in &finals {
                prop_assert_eq!(result[&f.code], f.score);
            }
        }
    }
}
