//! The scoring engine: component percentages, total, grade band and gates.
//!
//! Arithmetic is exact (integer fractions); the total is rounded once, to hundredths of a
//! percent, and the grade is read from that rounded total, so the number a person sees on
//! a report and the grade beside it can never disagree.

use crate::grade::{Grade, to_hundredths};
use crate::instrument::{Instrument, MAX_LEVEL};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A rubric score, 0 (no evidence) to 4 (compliant, documented and sustained).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("score {0} is outside the rubric (0 to 4)")]
pub struct ScoreOutOfRange(pub i64);

impl Score {
    pub fn parse(value: i64) -> Result<Score, ScoreOutOfRange> {
        if (0..=i64::from(MAX_LEVEL)).contains(&value) { Ok(Score(value as u8)) } else { Err(ScoreOutOfRange(value)) }
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl TryFrom<u8> for Score {
    type Error = ScoreOutOfRange;
    fn try_from(v: u8) -> Result<Self, Self::Error> {
        Score::parse(i64::from(v))
    }
}

impl From<Score> for u8 {
    fn from(s: Score) -> u8 {
        s.0
    }
}

/// Scores keyed by indicator code.
pub type Scores = BTreeMap<String, Score>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoringError {
    #[error("{} indicator(s) have no score: {}", .0.len(), .0.join(", "))]
    Missing(Vec<String>),
    #[error("indicator {0} is not part of this instrument version")]
    UnknownIndicator(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentResult {
    pub code: String,
    pub name: String,
    pub weight: u32,
    /// Σ(score × weight)
    pub earned: u64,
    /// Σ(4 × weight)
    pub possible: u64,
    /// Rounded to hundredths of a percent (8600 = 86.00 %).
    pub percent_hundredths: i64,
}

/// Why the grade is what it is, in terms a person can follow. Rendered to text by the UI
/// through the translation layer; `Display` gives an English form for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Finding {
    /// The total reached the band of `grade` (threshold in hundredths; `None` below every band).
    Band { grade: Grade, total_hundredths: i64, threshold_hundredths: Option<i64> },
    /// Critical indicators scored 0 cap the grade.
    CriticalZero { indicators: Vec<String>, cap: Grade },
    /// A component below the floor caps the grade.
    ComponentBelowFloor { component: String, percent_hundredths: i64, floor_hundredths: i64, cap: Grade },
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Band { grade, total_hundredths, threshold_hundredths: Some(t) } => {
                write!(f, "total {} reaches band {} (from {})", pct(*total_hundredths), grade.code(), pct(*t))
            }
            Finding::Band { total_hundredths, .. } => {
                write!(f, "total {} is below every band: not accredited", pct(*total_hundredths))
            }
            Finding::CriticalZero { indicators, cap } => {
                write!(f, "critical indicator(s) {} scored 0: grade capped at {}", indicators.join(", "), cap.code())
            }
            Finding::ComponentBelowFloor { component, percent_hundredths, floor_hundredths, cap } => write!(
                f,
                "component {component} at {} is below {}: grade capped at {}",
                pct(*percent_hundredths),
                pct(*floor_hundredths),
                cap.code()
            ),
        }
    }
}

/// Formats hundredths of a percent as "86.00 %".
pub fn pct(hundredths: i64) -> String {
    format!("{}.{:02} %", hundredths / 100, (hundredths % 100).abs())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub components: Vec<ComponentResult>,
    pub total_hundredths: i64,
    /// The grade of the band alone, before gates.
    pub band_grade: Grade,
    /// The grade after every gate.
    pub grade: Grade,
    /// The band first, then each gate that applied.
    pub findings: Vec<Finding>,
}

/// Rounds `num / den` to the nearest integer, halves away from zero (inputs are non-negative).
fn round_div(num: u128, den: u128) -> i64 {
    ((num * 2 + den) / (den * 2)) as i64
}

/// Scores a complete set of indicator scores against an instrument version.
pub fn evaluate(instrument: &Instrument, scores: &Scores) -> Result<Evaluation, ScoringError> {
    if let Some(unknown) = scores.keys().find(|code| instrument.find_indicator(code).is_none()) {
        return Err(ScoringError::UnknownIndicator(unknown.clone()));
    }
    let missing: Vec<String> =
        instrument.indicators().filter(|(_, i)| !scores.contains_key(&i.code)).map(|(_, i)| i.code.clone()).collect();
    if !missing.is_empty() {
        return Err(ScoringError::Missing(missing));
    }

    let max = u64::from(MAX_LEVEL);
    let components: Vec<ComponentResult> = instrument
        .components
        .iter()
        .map(|c| {
            let (earned, possible) = c.indicators.iter().fold((0u64, 0u64), |(e, p), i| {
                let w = u64::from(i.weight);
                (e + u64::from(scores[&i.code].value()) * w, p + max * w)
            });
            ComponentResult {
                code: c.code.clone(),
                name: c.name.clone(),
                weight: c.weight,
                earned,
                possible,
                percent_hundredths: round_div(u128::from(earned) * 10_000, u128::from(possible)),
            }
        })
        .collect();

    // total = Σ weight_c × earned_c / possible_c  (weights sum to 100, so this is a percentage),
    // summed as one exact fraction over the product of the denominators.
    let den: u128 = components.iter().map(|c| u128::from(c.possible)).product();
    let num: u128 =
        components.iter().map(|c| u128::from(c.weight) * u128::from(c.earned) * (den / u128::from(c.possible))).sum();
    let total_hundredths = round_div(num * 100, den);

    let grading = &instrument.grading;
    let band_grade = grading.band_for(total_hundredths);
    let mut grade = band_grade;
    let mut findings = vec![Finding::Band {
        grade: band_grade,
        total_hundredths,
        threshold_hundredths: grading.threshold(band_grade),
    }];

    let critical_zero: Vec<String> = instrument
        .indicators()
        .filter(|(_, i)| i.critical && scores[&i.code].value() == 0)
        .map(|(_, i)| i.code.clone())
        .collect();
    if !critical_zero.is_empty() {
        grade = grade.capped_at(grading.critical_zero_cap);
        findings.push(Finding::CriticalZero { indicators: critical_zero, cap: grading.critical_zero_cap });
    }

    let floor = to_hundredths(grading.component_floor_percent);
    for c in &components {
        // Compare exactly: earned / possible < floor / 10000.
        if u128::from(c.earned) * 10_000 < floor as u128 * u128::from(c.possible) {
            grade = grade.capped_at(grading.component_floor_cap);
            findings.push(Finding::ComponentBelowFloor {
                component: c.code.clone(),
                percent_hundredths: c.percent_hundredths,
                floor_hundredths: floor,
                cap: grading.component_floor_cap,
            });
        }
    }

    Ok(Evaluation { components, total_hundredths, band_grade, grade, findings })
}

#[cfg(test)]
mod tests;
