//! The accreditation decision on a reconciled cycle. What follows from it lives with its own
//! step: the certificate (`certificate`) and the appeal (`appeal`).

use crate::grade::Grade;
use serde::{Deserialize, Serialize};

/// What the officer with approval rights decides on a reconciled cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Accredit with the recommended grade (a recommended "not accredited" is recorded as such).
    Approve,
    /// Not accredited, with reasons.
    Reject { reasons: String },
    /// Back to the assessors for another look, with the reason.
    SendBack { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("a rejection or a send-back needs a written reason")]
    ReasonRequired,
}

impl Decision {
    pub fn validate(&self) -> Result<(), DecisionError> {
        match self {
            Decision::Reject { reasons: r } | Decision::SendBack { reason: r } if r.trim().is_empty() => {
                Err(DecisionError::ReasonRequired)
            }
            _ => Ok(()),
        }
    }

    /// The grade the decision gives, from the recommended one; `None` when it sends the cycle back.
    pub fn grade(&self, recommended: Grade) -> Option<Grade> {
        match self {
            Decision::Approve => Some(recommended),
            Decision::Reject { .. } => Some(Grade::NotAccredited),
            Decision::SendBack { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_and_grades() {
        assert_eq!(Decision::Reject { reasons: " ".into() }.validate(), Err(DecisionError::ReasonRequired));
        assert_eq!(Decision::SendBack { reason: "".into() }.validate(), Err(DecisionError::ReasonRequired));
        assert_eq!(Decision::Approve.grade(Grade::B), Some(Grade::B));
        assert_eq!(Decision::Reject { reasons: "x".into() }.grade(Grade::A), Some(Grade::NotAccredited));
        assert_eq!(Decision::SendBack { reason: "x".into() }.grade(Grade::A), None);
    }
}
