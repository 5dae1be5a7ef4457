//! Instrument versions as an administrator reviews them.

use domain::instrument_diff::Aspect;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub id: String,
    pub version: String,
    pub title: String,
    pub indicator_count: i64,
    /// Unix seconds.
    pub uploaded_at: i64,
    pub uploaded_by: Option<String>,
    pub published_at: Option<i64>,
    pub published_by: Option<String>,
    /// New cycles start on this one.
    pub current: bool,
    /// Cycles bound to this version.
    pub cycles: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionsView {
    pub versions: Vec<VersionSummary>,
}

/// What happened to one indicator between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLine {
    pub code: String,
    pub kind: ChangeKind,
    pub aspects: Vec<Aspect>,
    /// The requirement as the new version words it (the old one for a removed indicator).
    pub text: String,
    /// The old wording, when it changed.
    pub was: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionReview {
    pub version: VersionSummary,
    /// The version it is compared with: the one published before it.
    pub base: Option<String>,
    pub changes: Vec<ChangeLine>,
    /// Components whose weight changed: (code, old, new).
    pub component_weights: Vec<(String, u32, u32)>,
    pub grading_changed: bool,
    /// Open self-assessments on an older version that a migration would move.
    pub drafts: usize,
}
