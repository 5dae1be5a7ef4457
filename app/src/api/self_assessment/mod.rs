//! The institution manager's self-assessment.

pub mod save;
pub mod start;
pub mod submit;
pub mod view;

pub use save::{SaveAnswer, SaveResult, save_answer};
pub use start::{StartSelfAssessment, start_self_assessment};
pub use submit::{SubmitResult, SubmitSelfAssessment, submit_self_assessment};
pub use view::self_assessment;
