//! What changes between two instrument versions, and how an open self-assessment moves from one
//! to the other.
//!
//! Publishing a version never touches decided cycles. Open drafts are offered a migration: every
//! indicator that changed or disappeared gets a rule (keep the self-score, reset it, or map the
//! answer to a new indicator), and each institution gets a report of what it must re-check.

use crate::instrument::{Indicator, Instrument, MAX_LEVEL};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One way an indicator present in both versions differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    /// The requirement text or its aspect heading.
    Wording,
    /// How an assessor checks it, or the evidence hint.
    Guidance,
    Weight {
        from: u8,
        to: u8,
    },
    Critical {
        to: bool,
    },
    /// Any of the five level descriptors an assessor reads.
    Rubric,
    /// The kinds of evidence asked for.
    Evidence,
    /// Moved to another component.
    Component,
}

impl Aspect {
    /// Whether a self-score given under the old wording may mean something else now.
    pub fn needs_recheck(self) -> bool {
        !matches!(self, Aspect::Weight { .. } | Aspect::Critical { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IndicatorChange {
    Added { code: String },
    Removed { code: String },
    Changed { code: String, aspects: Vec<Aspect> },
}

impl IndicatorChange {
    pub fn code(&self) -> &str {
        match self {
            IndicatorChange::Added { code }
            | IndicatorChange::Removed { code }
            | IndicatorChange::Changed { code, .. } => code,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diff {
    /// In the new version's order, removed indicators last in the old version's order.
    pub indicators: Vec<IndicatorChange>,
    /// Components whose weight changed: (code, old weight, new weight); 0 means absent.
    pub component_weights: Vec<(String, u32, u32)>,
    /// Grade bands, caps, the generic rubric or validity years changed.
    pub grading_changed: bool,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.indicators.is_empty() && self.component_weights.is_empty() && !self.grading_changed
    }

    pub fn count(&self, pick: fn(&IndicatorChange) -> bool) -> usize {
        self.indicators.iter().filter(|c| pick(c)).count()
    }

    pub fn find(&self, code: &str) -> Option<&IndicatorChange> {
        self.indicators.iter().find(|c| c.code() == code)
    }
}

fn rubric(instrument: &Instrument, indicator: &Indicator) -> Vec<String> {
    (0..=MAX_LEVEL).map(|level| instrument.descriptor(indicator, level).to_string()).collect()
}

/// The differences from `old` to `new`, indicator by indicator (matched on their codes).
pub fn diff(old: &Instrument, new: &Instrument) -> Diff {
    let before: BTreeMap<&str, (&str, &Indicator)> =
        old.indicators().map(|(c, i)| (i.code.as_str(), (c.code.as_str(), i))).collect();
    let after: BTreeSet<&str> = new.indicators().map(|(_, i)| i.code.as_str()).collect();
    let mut indicators = Vec::new();
    for (component, now) in new.indicators() {
        let Some((was_in, was)) = before.get(now.code.as_str()) else {
            indicators.push(IndicatorChange::Added { code: now.code.clone() });
            continue;
        };
        let mut aspects = Vec::new();
        if was.text != now.text || was.aspect != now.aspect {
            aspects.push(Aspect::Wording);
        }
        if was.guidance != now.guidance || was.evidence_hint != now.evidence_hint {
            aspects.push(Aspect::Guidance);
        }
        if was.weight != now.weight {
            aspects.push(Aspect::Weight { from: was.weight, to: now.weight });
        }
        if was.critical != now.critical {
            aspects.push(Aspect::Critical { to: now.critical });
        }
        if rubric(old, was) != rubric(new, now) {
            aspects.push(Aspect::Rubric);
        }
        if was.evidence != now.evidence {
            aspects.push(Aspect::Evidence);
        }
        if *was_in != component.code {
            aspects.push(Aspect::Component);
        }
        if !aspects.is_empty() {
            indicators.push(IndicatorChange::Changed { code: now.code.clone(), aspects });
        }
    }
    for (_, gone) in old.indicators() {
        if !after.contains(gone.code.as_str()) {
            indicators.push(IndicatorChange::Removed { code: gone.code.clone() });
        }
    }
    let weight_of = |i: &Instrument, code: &str| i.components.iter().find(|c| c.code == code).map_or(0, |c| c.weight);
    let codes: BTreeSet<&str> = old.components.iter().chain(&new.components).map(|c| c.code.as_str()).collect();
    let component_weights = codes
        .into_iter()
        .map(|code| (code.to_string(), weight_of(old, code), weight_of(new, code)))
        .filter(|(_, a, b)| a != b)
        .collect();
    let grading_changed = old.grading != new.grading
        || old.validity_years != new.validity_years
        || old.rubric.iter().map(|r| &r.label).ne(new.rubric.iter().map(|r| &r.label));
    Diff { indicators, component_weights, grading_changed }
}

/// What happens to an institution's answer of one changed or removed indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", content = "to", rename_all = "snake_case")]
pub enum Rule {
    /// The self-score stays; the institution is asked to re-check it.
    Keep,
    /// The self-score is cleared (narrative and evidence stay); it must be scored again.
    Reset,
    /// The answer and its evidence move to an indicator added in the new version.
    Map(String),
}

/// The default rule: keep what still exists, reset what is gone.
pub fn default_rule(change: &IndicatorChange) -> Option<Rule> {
    match change {
        IndicatorChange::Added { .. } => None,
        IndicatorChange::Removed { .. } => Some(Rule::Reset),
        IndicatorChange::Changed { .. } => Some(Rule::Keep),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("indicator {0} did not change; it needs no rule")]
    NoChange(String),
    #[error("indicator {0} no longer exists; its self-score cannot be kept")]
    KeepRemoved(String),
    #[error("only an indicator that no longer exists can be mapped ({0})")]
    MapChanged(String),
    #[error("{from} can only be mapped to an indicator added in the new version, not {to}")]
    MapTarget { from: String, to: String },
    #[error("two indicators are mapped to {0}")]
    MapTwice(String),
}

/// The rules an administrator chose, completed with the defaults for every indicator not named.
pub fn plan(diff: &Diff, chosen: &BTreeMap<String, Rule>) -> Result<BTreeMap<String, Rule>, PlanError> {
    let mut targets = BTreeSet::new();
    for (code, rule) in chosen {
        let change = diff.find(code).ok_or_else(|| PlanError::NoChange(code.clone()))?;
        match (change, rule) {
            (IndicatorChange::Added { .. }, _) => return Err(PlanError::NoChange(code.clone())),
            (IndicatorChange::Removed { .. }, Rule::Keep) => return Err(PlanError::KeepRemoved(code.clone())),
            (IndicatorChange::Changed { .. }, Rule::Map(_)) => return Err(PlanError::MapChanged(code.clone())),
            (_, Rule::Map(to)) => {
                if !matches!(diff.find(to), Some(IndicatorChange::Added { .. })) {
                    return Err(PlanError::MapTarget { from: code.clone(), to: to.clone() });
                }
                if !targets.insert(to.clone()) {
                    return Err(PlanError::MapTwice(to.clone()));
                }
            }
            _ => {}
        }
    }
    Ok(diff
        .indicators
        .iter()
        .filter_map(|c| {
            let rule = chosen.get(c.code()).cloned().or_else(|| default_rule(c))?;
            Some((c.code().to_string(), rule))
        })
        .collect())
}

/// One line of an institution's migration report: what happened to one indicator, and what the
/// institution must do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Moved {
    /// The self-score was kept; the wording, guidance, rubric or evidence changed: re-check it.
    Recheck { code: String, aspects: Vec<Aspect>, score: Option<u8> },
    /// The self-score was cleared: score it again.
    Rescore { code: String, previous: u8 },
    /// The answer of a removed indicator now answers a new one: check it fits.
    Mapped { from: String, to: String, score: Option<u8> },
    /// A new indicator, not answered yet.
    New { code: String },
    /// A removed indicator's answer stays in the record but no longer counts.
    Withdrawn { code: String, previous: Option<u8> },
}

/// What one draft's migration does, given its answers (indicator code → self-score) and the
/// completed plan. Only indicators that changed appear; unchanged answers stay as they are.
pub fn migrate(diff: &Diff, plan: &BTreeMap<String, Rule>, answers: &BTreeMap<String, Option<u8>>) -> Vec<Moved> {
    // A new indicator that receives an answer is reported as mapped, not as new.
    let mapped_to: BTreeSet<&str> = plan
        .iter()
        .filter(|(from, _)| answers.contains_key(*from))
        .filter_map(|(_, r)| if let Rule::Map(to) = r { Some(to.as_str()) } else { None })
        .collect();
    let mut report = Vec::new();
    for change in &diff.indicators {
        let code = change.code().to_string();
        let answer = answers.get(&code).copied();
        let rule = plan.get(&code).cloned().or_else(|| default_rule(change));
        let line = match (change, rule) {
            (IndicatorChange::Added { .. }, _) if mapped_to.contains(code.as_str()) => None,
            (IndicatorChange::Added { .. }, _) => Some(Moved::New { code }),
            (_, _) if answer.is_none() => None,
            (IndicatorChange::Changed { aspects, .. }, Some(Rule::Keep)) => {
                let aspects: Vec<Aspect> = aspects.iter().copied().filter(|a| a.needs_recheck()).collect();
                (!aspects.is_empty()).then(|| Moved::Recheck { code, aspects, score: answer.flatten() })
            }
            (_, Some(Rule::Reset)) => match (change, answer.flatten()) {
                (IndicatorChange::Removed { .. }, previous) => Some(Moved::Withdrawn { code, previous }),
                (_, Some(previous)) => Some(Moved::Rescore { code, previous }),
                (_, None) => None,
            },
            (_, Some(Rule::Map(to))) => Some(Moved::Mapped { from: code, to, score: answer.flatten() }),
            _ => None,
        };
        report.extend(line);
    }
    report
}

#[cfg(test)]
#[path = "instrument_diff_tests.rs"]
mod tests;
