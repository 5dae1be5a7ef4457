//! The accreditation domain of LKSA (child welfare institutions), free of I/O.
//!
//! Everything here compiles to native code and to WASM so that the browser and the
//! server validate and score with the same rules. Numbers that the regulation does not
//! fix (weights, grade bands, validity years) are data of an [`instrument::Instrument`]
//! version, never constants in code.

pub mod account;
pub mod appeal;
pub mod audit;
pub mod certificate;
pub mod dates;
pub mod decision;
pub mod grade;
pub mod import;
pub mod instrument;
pub mod instrument_diff;
pub mod legal;
pub mod policy;
pub mod profile;
pub mod reconcile;
pub mod scoring;
pub mod self_assessment;
pub mod visit;
pub mod workflow;

pub use grade::Grade;
pub use instrument::{Component, EvidenceKind, Indicator, Instrument, InstrumentError};
pub use policy::{
    Action, Actor, CycleRef, Denied, InstitutionRef, RegionScope, Resource, Role, Visible, can, visible_scope,
};
pub use scoring::{Evaluation, Finding, Score, Scores, ScoringError, evaluate};
pub use workflow::{CycleState, IllegalTransition, Transition};
