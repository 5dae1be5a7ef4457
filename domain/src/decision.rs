//! The accreditation decision on a reconciled cycle. What follows from it lives with its own
//! step: the certificate (`certificate`) and the appeal (`appeal`).

use crate::grade::Grade;
use serde::{Deserialize, Serialize};

/// What the officer with approval rights decides on a reconciled cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Accredit with the recommended grade (a recommended "not accredited" is recorded as such),
    /// under the number of the official's decree, which the certificate cites.
    Approve { reference: String },
    /// Not accredited, with reasons.
    Reject { reasons: String },
    /// Back to the assessors for another look, with the reason.
    SendBack { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("a rejection or a send-back needs a written reason")]
    ReasonRequired,
    #[error("an approval needs the decree's number, at most {REFERENCE_MAX} characters on one line")]
    ReferenceRequired,
}

/// The longest decree number accepted ("460/1234/Dinsos-P3AP2KB/XII/2026" is 31).
pub const REFERENCE_MAX: usize = 60;

impl Decision {
    pub fn approve(reference: &str) -> Decision {
        Decision::Approve { reference: reference.trim().to_string() }
    }

    pub fn validate(&self) -> Result<(), DecisionError> {
        match self {
            Decision::Approve { reference: r }
                if r.trim().is_empty() || r.chars().count() > REFERENCE_MAX || r.chars().any(char::is_control) =>
            {
                Err(DecisionError::ReferenceRequired)
            }
            Decision::Reject { reasons: r } | Decision::SendBack { reason: r } if r.trim().is_empty() => {
                Err(DecisionError::ReasonRequired)
            }
            _ => Ok(()),
        }
    }

    /// The grade the decision gives, from the recommended one; `None` when it sends the cycle back.
    pub fn grade(&self, recommended: Grade) -> Option<Grade> {
        match self {
            Decision::Approve { .. } => Some(recommended),
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
        assert_eq!(Decision::approve("460/12/2026").grade(Grade::B), Some(Grade::B));
        assert_eq!(Decision::approve("460/12/2026").validate(), Ok(()));
        assert_eq!(Decision::approve("  ").validate(), Err(DecisionError::ReferenceRequired));
        assert_eq!(Decision::approve("460\n12").validate(), Err(DecisionError::ReferenceRequired));
        assert_eq!(Decision::approve(&"9".repeat(61)).validate(), Err(DecisionError::ReferenceRequired));
        assert_eq!(Decision::Reject { reasons: "x".into() }.grade(Grade::A), Some(Grade::NotAccredited));
        assert_eq!(Decision::SendBack { reason: "x".into() }.grade(Grade::A), None);
    }
}
