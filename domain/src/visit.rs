//! The site visit. Two assessors score every indicator on their own, on a tablet that keeps
//! working offline; each change carries the whole state of one indicator so that applying the
//! latest one is enough.

use crate::instrument::Instrument;
use crate::scoring::{Score, Scores};
use serde::{Deserialize, Serialize};

/// Indicators of `instrument` that have no score in `scores`, in instrument order.
pub fn unscored(instrument: &Instrument, scores: &Scores) -> Vec<String> {
    instrument.indicators().filter(|(_, i)| !scores.contains_key(&i.code)).map(|(_, i)| i.code.clone()).collect()
}

/// One assessor's state of one indicator as the tablet records it: the whole state, so that
/// applying the latest change is enough. Kept on the tablet until the server confirms it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitChange {
    /// Generated on the tablet; a change sent twice is stored once.
    pub change_id: String,
    pub code: String,
    pub score: Option<Score>,
    pub note: String,
    pub check_on_site: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::fixtures::instrument;

    #[test]
    fn unscored_lists_indicators_without_a_score_in_instrument_order() {
        let i = instrument(&[("PR", 40, &[(1, false), (1, true)]), ("PP", 60, &[(2, false)])]);
        let codes: Vec<String> = i.indicators().map(|(_, x)| x.code.clone()).collect();
        let mut scores = Scores::new();
        assert_eq!(unscored(&i, &scores), codes);
        scores.insert(codes[1].clone(), Score::parse(2).unwrap());
        assert_eq!(unscored(&i, &scores), vec![codes[0].clone(), codes[2].clone()]);
    }
}
