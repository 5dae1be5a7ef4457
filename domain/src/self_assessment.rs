//! The institution's self-assessment: progress, completeness before submission, and which
//! indicators may change while a submission is returned for revision.

use crate::instrument::{EvidenceKind, Indicator, Instrument};
use crate::scoring::Score;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What has been given for one indicator so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerStatus {
    pub self_score: Option<Score>,
    pub photos: usize,
    pub documents: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gap {
    NoSelfScore,
    /// An uploaded file (photo or PDF) is required and none is attached.
    NoEvidence,
    /// The indicator asks for a photo and none is attached.
    NoPhoto,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missing {
    pub code: String,
    pub gaps: Vec<Gap>,
}

/// Uploaded evidence is required for critical (child-protection) indicators whose evidence
/// can be uploaded; for the others it is recommended. Interviews and observations happen on site.
pub fn requires_upload(indicator: &Indicator) -> bool {
    indicator.critical && indicator.evidence.iter().any(|e| matches!(e, EvidenceKind::Photo | EvidenceKind::Document))
}

fn gaps(indicator: &Indicator, answer: Option<&AnswerStatus>) -> Vec<Gap> {
    let a = answer.cloned().unwrap_or_default();
    let mut gaps = vec![];
    if a.self_score.is_none() {
        gaps.push(Gap::NoSelfScore);
    }
    if requires_upload(indicator) {
        if a.photos + a.documents == 0 {
            gaps.push(Gap::NoEvidence);
        } else if indicator.evidence.contains(&EvidenceKind::Photo) && a.photos == 0 {
            gaps.push(Gap::NoPhoto);
        }
    }
    gaps
}

/// Everything that stops a submission, in instrument order. Empty means complete.
pub fn completeness(instrument: &Instrument, answers: &BTreeMap<String, AnswerStatus>) -> Vec<Missing> {
    instrument
        .indicators()
        .filter_map(|(_, ind)| {
            let gaps = gaps(ind, answers.get(&ind.code));
            (!gaps.is_empty()).then(|| Missing { code: ind.code.clone(), gaps })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentProgress {
    pub code: String,
    pub answered: usize,
    pub total: usize,
    pub evidence_missing: usize,
}

/// Answered indicators and missing required evidence per component.
pub fn progress(instrument: &Instrument, answers: &BTreeMap<String, AnswerStatus>) -> Vec<ComponentProgress> {
    instrument
        .components
        .iter()
        .map(|c| {
            let mut p =
                ComponentProgress { code: c.code.clone(), answered: 0, total: c.indicators.len(), evidence_missing: 0 };
            for ind in &c.indicators {
                let g = gaps(ind, answers.get(&ind.code));
                if !g.contains(&Gap::NoSelfScore) {
                    p.answered += 1;
                }
                if g.iter().any(|g| matches!(g, Gap::NoEvidence | Gap::NoPhoto)) {
                    p.evidence_missing += 1;
                }
            }
            p
        })
        .collect()
}

/// Which indicators the institution may change now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Editable {
    All,
    /// Returned for revision: only the indicators Dinsos gave a reason for.
    Only(BTreeSet<String>),
    Nothing,
}

impl Editable {
    pub fn of(state: crate::workflow::CycleState, returned_codes: BTreeSet<String>) -> Editable {
        use crate::workflow::CycleState;
        match state {
            CycleState::Draft => Editable::All,
            CycleState::Returned => Editable::Only(returned_codes),
            _ => Editable::Nothing,
        }
    }

    pub fn allows(&self, code: &str) -> bool {
        match self {
            Editable::All => true,
            Editable::Only(codes) => codes.contains(code),
            Editable::Nothing => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::fixtures::instrument;
    use crate::workflow::CycleState;

    fn scored(v: u8) -> AnswerStatus {
        AnswerStatus { self_score: Some(Score::parse(v.into()).unwrap()), photos: 0, documents: 0 }
    }

    fn setup() -> Instrument {
        let mut i = instrument(&[("PR", 40, &[(1, false), (3, true)]), ("SP", 60, &[(3, true)])]);
        i.components[1].indicators[0].evidence = vec![EvidenceKind::Photo, EvidenceKind::Observation];
        i
    }

    #[test]
    fn completeness_lists_exactly_what_is_missing() {
        let i = setup();
        let mut answers = BTreeMap::new();
        let all = completeness(&i, &answers);
        assert_eq!(all.len(), 3);
        assert_eq!(all[1], Missing { code: "PR.1.02".into(), gaps: vec![Gap::NoSelfScore, Gap::NoEvidence] });

        answers.insert("PR.1.01".into(), scored(3));
        answers.insert("PR.1.02".into(), AnswerStatus { documents: 1, ..scored(2) });
        answers.insert("SP.1.01".into(), AnswerStatus { documents: 1, ..scored(4) });
        assert_eq!(completeness(&i, &answers), vec![Missing { code: "SP.1.01".into(), gaps: vec![Gap::NoPhoto] }]);

        answers.insert("SP.1.01".into(), AnswerStatus { photos: 2, ..scored(4) });
        assert!(completeness(&i, &answers).is_empty());
    }

    #[test]
    fn a_zero_self_score_counts_as_answered() {
        let i = setup();
        let answers = BTreeMap::from([("PR.1.01".to_string(), scored(0))]);
        assert!(!completeness(&i, &answers).iter().any(|m| m.code == "PR.1.01"));
    }

    #[test]
    fn progress_per_component() {
        let i = setup();
        let answers = BTreeMap::from([("PR.1.01".to_string(), scored(3)), ("PR.1.02".to_string(), scored(1))]);
        let p = progress(&i, &answers);
        assert_eq!(p[0], ComponentProgress { code: "PR".into(), answered: 2, total: 2, evidence_missing: 1 });
        assert_eq!(p[1], ComponentProgress { code: "SP".into(), answered: 0, total: 1, evidence_missing: 1 });
    }

    #[test]
    fn only_returned_indicators_reopen() {
        let codes = BTreeSet::from(["PR.1.02".to_string()]);
        let e = Editable::of(CycleState::Returned, codes);
        assert!(e.allows("PR.1.02"));
        assert!(!e.allows("PR.1.01"));
        assert!(Editable::of(CycleState::Draft, BTreeSet::new()).allows("PR.1.01"));
        assert!(!Editable::of(CycleState::Submitted, BTreeSet::new()).allows("PR.1.01"));
    }
}
