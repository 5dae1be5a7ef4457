//! Server functions, one per file. Each one authenticates, asks the policy, and calls the store.

pub mod appeal;
pub mod audit;
pub mod certificate;
pub mod conflicts;
pub mod current_user;
pub mod dashboard;
pub mod decision;
pub mod evidence_log;
pub mod home;
pub mod institution;
pub mod instrument;
pub mod instrument_versions;
pub mod intake;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod onboarding;
pub mod people;
pub mod reconcile;
pub mod registry;
pub mod self_assessment;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod update_institution;
pub mod visit;

pub use current_user::current_user;
pub use home::home;
pub use institution::institution;
pub use instrument::instrument;
pub use update_institution::{UpdateInstitution, update_institution};
