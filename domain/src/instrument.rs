//! The assessment instrument: a versioned list of components, indicators and rubric levels.
//!
//! An instrument version is immutable once loaded: submissions are bound to the version
//! they started with, so a new version never changes old results.

use crate::grade::{Grading, ValidityYears, to_hundredths};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Rubric levels run from 0 (no evidence) to this value.
pub const MAX_LEVEL: u8 = 4;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instrument {
    pub code: String,
    pub version: String,
    pub title: String,
    pub grading: Grading,
    pub validity_years: ValidityYears,
    /// Generic descriptors per rubric level, used where an indicator has none of its own.
    pub rubric: Vec<RubricLevel>,
    pub components: Vec<Component>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricLevel {
    pub level: u8,
    pub label: String,
    pub descriptor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub code: String,
    pub name: String,
    /// Share of the total score; the weights of all components sum to 100.
    pub weight: u32,
    #[serde(default)]
    pub description: String,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable code such as `PP.3.12`: component, aspect, number.
    pub code: String,
    #[serde(default)]
    pub aspect: String,
    pub text: String,
    #[serde(default)]
    pub guidance: String,
    /// 1 to 3.
    pub weight: u8,
    /// Child-protection indicators: a 0 here caps the grade.
    #[serde(default)]
    pub critical: bool,
    pub evidence: Vec<EvidenceKind>,
    #[serde(default)]
    pub evidence_hint: String,
    /// Indicator-specific descriptors for levels 0..=4; empty means "use the generic rubric".
    #[serde(default)]
    pub descriptors: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    Document,
    Photo,
    Interview,
    Observation,
}

impl EvidenceKind {
    pub fn code(self) -> &'static str {
        match self {
            EvidenceKind::Document => "document",
            EvidenceKind::Photo => "photo",
            EvidenceKind::Interview => "interview",
            EvidenceKind::Observation => "observation",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstrumentError {
    #[error("instrument code and version must not be empty")]
    MissingIdentity,
    #[error("instrument has no components")]
    NoComponents,
    #[error("component weights sum to {sum}, expected 100 (is a component missing?)")]
    ComponentWeights { sum: u64 },
    #[error("component {0} has no indicators")]
    EmptyComponent(String),
    #[error("code {0} is used twice")]
    DuplicateCode(String),
    #[error("indicator {code} does not start with its component code {component}")]
    CodePrefix { code: String, component: String },
    #[error("indicator {code} has weight {weight}, expected 1 to 3")]
    IndicatorWeight { code: String, weight: u8 },
    #[error("indicator {0} names no evidence kind")]
    NoEvidence(String),
    #[error("indicator {0} must have either no descriptors or exactly five (levels 0 to 4)")]
    Descriptors(String),
    #[error("the rubric must list levels 0 to 4 exactly once, in order")]
    RubricLevels,
    #[error("grade bands must satisfy 0 < C < B < A <= 100")]
    Bands,
    #[error("validity years must be at least 1 for every grade")]
    Validity,
}

impl InstrumentError {
    /// The translation key of the sentence shown to an administrator; `{ $subject }` in it is
    /// [`InstrumentError::subject`].
    pub fn message_key(&self) -> &'static str {
        match self {
            InstrumentError::MissingIdentity => "instrument-error-identity",
            InstrumentError::NoComponents => "instrument-error-no-components",
            InstrumentError::ComponentWeights { .. } => "instrument-error-component-weights",
            InstrumentError::EmptyComponent(_) => "instrument-error-empty-component",
            InstrumentError::DuplicateCode(_) => "instrument-error-duplicate-code",
            InstrumentError::CodePrefix { .. } => "instrument-error-code-prefix",
            InstrumentError::IndicatorWeight { .. } => "instrument-error-indicator-weight",
            InstrumentError::NoEvidence(_) => "instrument-error-no-evidence",
            InstrumentError::Descriptors(_) => "instrument-error-descriptors",
            InstrumentError::RubricLevels => "instrument-error-rubric-levels",
            InstrumentError::Bands => "instrument-error-bands",
            InstrumentError::Validity => "instrument-error-validity",
        }
    }

    /// The component, indicator or sum the sentence names.
    pub fn subject(&self) -> String {
        match self {
            InstrumentError::ComponentWeights { sum } => sum.to_string(),
            InstrumentError::EmptyComponent(code)
            | InstrumentError::DuplicateCode(code)
            | InstrumentError::NoEvidence(code)
            | InstrumentError::Descriptors(code)
            | InstrumentError::CodePrefix { code, .. }
            | InstrumentError::IndicatorWeight { code, .. } => code.clone(),
            _ => String::new(),
        }
    }
}

impl Instrument {
    /// Checks the rules every instrument version must satisfy before it is stored or used.
    pub fn validate(&self) -> Result<(), InstrumentError> {
        if self.code.trim().is_empty() || self.version.trim().is_empty() {
            return Err(InstrumentError::MissingIdentity);
        }
        if self.components.is_empty() {
            return Err(InstrumentError::NoComponents);
        }
        let levels: Vec<u8> = self.rubric.iter().map(|r| r.level).collect();
        if levels != (0..=MAX_LEVEL).collect::<Vec<_>>() {
            return Err(InstrumentError::RubricLevels);
        }
        let g = &self.grading;
        let (a, b, c) = (to_hundredths(g.band_a), to_hundredths(g.band_b), to_hundredths(g.band_c));
        if !(0 < c && c < b && b < a && a <= 10_000) {
            return Err(InstrumentError::Bands);
        }
        let v = &self.validity_years;
        if v.a == 0 || v.b == 0 || v.c == 0 {
            return Err(InstrumentError::Validity);
        }
        // Summed wide: weights 4294967295 and 101 must not wrap around to 100.
        let sum: u64 = self.components.iter().map(|c| u64::from(c.weight)).sum();
        if sum != 100 {
            return Err(InstrumentError::ComponentWeights { sum });
        }
        let mut seen = BTreeSet::new();
        for component in &self.components {
            if !seen.insert(component.code.clone()) {
                return Err(InstrumentError::DuplicateCode(component.code.clone()));
            }
            if component.indicators.is_empty() {
                return Err(InstrumentError::EmptyComponent(component.code.clone()));
            }
            for ind in &component.indicators {
                if !seen.insert(ind.code.clone()) {
                    return Err(InstrumentError::DuplicateCode(ind.code.clone()));
                }
                if !ind.code.starts_with(&format!("{}.", component.code)) {
                    return Err(InstrumentError::CodePrefix {
                        code: ind.code.clone(),
                        component: component.code.clone(),
                    });
                }
                if !(1..=3).contains(&ind.weight) {
                    return Err(InstrumentError::IndicatorWeight { code: ind.code.clone(), weight: ind.weight });
                }
                if ind.evidence.is_empty() {
                    return Err(InstrumentError::NoEvidence(ind.code.clone()));
                }
                if !ind.descriptors.is_empty() && ind.descriptors.len() != usize::from(MAX_LEVEL) + 1 {
                    return Err(InstrumentError::Descriptors(ind.code.clone()));
                }
            }
        }
        Ok(())
    }

    pub fn indicators(&self) -> impl Iterator<Item = (&Component, &Indicator)> {
        self.components.iter().flat_map(|c| c.indicators.iter().map(move |i| (c, i)))
    }

    pub fn indicator_count(&self) -> usize {
        self.components.iter().map(|c| c.indicators.len()).sum()
    }

    /// This instrument with the indicators of one component only (`code`, or the first when
    /// `code` names none); the other components keep their name and weight, for navigation.
    pub fn only_component(mut self, code: Option<&str>) -> Instrument {
        let shown = code
            .filter(|c| self.components.iter().any(|k| k.code == *c))
            .or(self.components.first().map(|c| c.code.as_str()))
            .map(str::to_string);
        for c in &mut self.components {
            if Some(&c.code) != shown.as_ref() {
                c.indicators.clear();
            }
        }
        self
    }

    pub fn find_indicator(&self, code: &str) -> Option<(&Component, &Indicator)> {
        self.indicators().find(|(_, i)| i.code == code)
    }

    /// The descriptor for a level of an indicator: its own if it has one, else the generic one.
    pub fn descriptor<'a>(&'a self, indicator: &'a Indicator, level: u8) -> &'a str {
        indicator
            .descriptors
            .get(usize::from(level))
            .or_else(|| self.rubric.iter().find(|r| r.level == level).map(|r| &r.descriptor))
            .map(String::as_str)
            .unwrap_or("")
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;
    use crate::grade::Grade;

    pub fn indicator(code: &str, weight: u8, critical: bool) -> Indicator {
        Indicator {
            code: code.into(),
            aspect: "Aspek".into(),
            text: format!("Teks {code}"),
            guidance: String::new(),
            weight,
            critical,
            evidence: vec![EvidenceKind::Document],
            evidence_hint: String::new(),
            descriptors: vec![],
        }
    }

    /// (component code, component weight, [(indicator weight, critical)])
    pub type ComponentSpec<'a> = (&'a str, u32, &'a [(u8, bool)]);

    /// A small valid instrument built from component specs.
    pub fn instrument(components: &[ComponentSpec<'_>]) -> Instrument {
        Instrument {
            code: "TEST".into(),
            version: "1".into(),
            title: "Uji".into(),
            grading: Grading {
                band_a: 86.0,
                band_b: 71.0,
                band_c: 56.0,
                critical_zero_cap: Grade::C,
                component_floor_percent: 40.0,
                component_floor_cap: Grade::C,
            },
            validity_years: ValidityYears { a: 5, b: 3, c: 2 },
            rubric: (0..=MAX_LEVEL)
                .map(|level| RubricLevel { level, label: format!("L{level}"), descriptor: format!("Umum {level}") })
                .collect(),
            components: components
                .iter()
                .map(|(code, weight, inds)| Component {
                    code: (*code).into(),
                    name: format!("Komponen {code}"),
                    weight: *weight,
                    description: String::new(),
                    indicators: inds
                        .iter()
                        .enumerate()
                        .map(|(n, (w, crit))| indicator(&format!("{code}.1.{:02}", n + 1), *w, *crit))
                        .collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn a_valid_instrument_passes() {
        let i = instrument(&[("PR", 40, &[(1, false), (2, true)]), ("SP", 60, &[(3, false)])]);
        assert_eq!(i.validate(), Ok(()));
        assert_eq!(i.indicator_count(), 3);
        let first = i.clone().only_component(None);
        assert_eq!(first.components.len(), i.components.len());
        assert_eq!(first.indicator_count(), i.components[0].indicators.len());
        let last = i.components.last().unwrap().code.clone();
        let shown = i.clone().only_component(Some(&last));
        assert!(shown.components.iter().all(|c| c.indicators.is_empty() == (c.code != last)));
        assert_eq!(i.clone().only_component(Some("NOPE")).indicator_count(), first.indicator_count());
        assert!(i.find_indicator("SP.1.01").is_some());
    }

    #[test]
    fn a_missing_component_is_refused_because_weights_no_longer_sum_to_100() {
        let i = instrument(&[("PR", 15, &[(1, false)]), ("PP", 30, &[(1, false)])]);
        assert_eq!(i.validate(), Err(InstrumentError::ComponentWeights { sum: 45 }));
    }

    #[test]
    fn component_weights_that_would_wrap_around_to_100_are_refused() {
        let i = instrument(&[("PR", u32::MAX, &[(1, false)]), ("PP", 101, &[(1, false)])]);
        assert_eq!(i.validate(), Err(InstrumentError::ComponentWeights { sum: u64::from(u32::MAX) + 101 }));
    }

    #[test]
    fn empty_component_duplicate_codes_and_bad_weights_are_refused() {
        let i = instrument(&[("PR", 50, &[]), ("SP", 50, &[(1, false)])]);
        assert_eq!(i.validate(), Err(InstrumentError::EmptyComponent("PR".into())));

        let mut i = instrument(&[("PR", 50, &[(1, false)]), ("SP", 50, &[(1, false)])]);
        i.components[1].indicators[0].code = "PR.1.01".into();
        assert_eq!(i.validate(), Err(InstrumentError::DuplicateCode("PR.1.01".into())));

        let i = instrument(&[("PR", 100, &[(4, false)])]);
        assert!(matches!(i.validate(), Err(InstrumentError::IndicatorWeight { weight: 4, .. })));
        let i = instrument(&[("PR", 100, &[(0, false)])]);
        assert!(matches!(i.validate(), Err(InstrumentError::IndicatorWeight { weight: 0, .. })));
    }

    #[test]
    fn rubric_bands_descriptors_and_prefix_rules() {
        let mut i = instrument(&[("PR", 100, &[(1, false)])]);
        i.rubric.pop();
        assert_eq!(i.validate(), Err(InstrumentError::RubricLevels));

        let mut i = instrument(&[("PR", 100, &[(1, false)])]);
        i.grading.band_b = 90.0;
        assert_eq!(i.validate(), Err(InstrumentError::Bands));

        let mut i = instrument(&[("PR", 100, &[(1, false)])]);
        i.components[0].indicators[0].descriptors = vec!["a".into(), "b".into()];
        assert_eq!(i.validate(), Err(InstrumentError::Descriptors("PR.1.01".into())));

        let mut i = instrument(&[("PR", 100, &[(1, false)])]);
        i.components[0].indicators[0].code = "SP.1.01".into();
        assert!(matches!(i.validate(), Err(InstrumentError::CodePrefix { .. })));

        let mut i = instrument(&[("PR", 100, &[(1, false)])]);
        i.components[0].indicators[0].evidence.clear();
        assert_eq!(i.validate(), Err(InstrumentError::NoEvidence("PR.1.01".into())));
    }

    #[test]
    fn descriptor_prefers_the_indicator_own_text() {
        let mut i = instrument(&[("PR", 100, &[(1, false), (3, true)])]);
        i.components[0].indicators[1].descriptors = (0..5).map(|n| format!("Khusus {n}")).collect();
        let plain = &i.components[0].indicators[0];
        let critical = &i.components[0].indicators[1];
        assert_eq!(i.descriptor(plain, 2), "Umum 2");
        assert_eq!(i.descriptor(critical, 2), "Khusus 2");
    }
}
