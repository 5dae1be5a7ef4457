//! The institution manager's self-assessment.

pub mod save;
pub mod start;
pub mod submit;
pub mod view;

pub use save::{SaveAnswer, SaveResult, save_answer};
pub use start::{StartSelfAssessment, start_self_assessment};
pub use submit::{SubmitResult, SubmitSelfAssessment, submit_self_assessment};
pub use view::self_assessment;

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::api::ssr::{authorize, store};
    use crate::error::AppError;
    use domain::{Action, CycleRef, Resource};
    use store::accounts::SessionUser;

    /// The cycle's policy view, after checking that `user` may do `action` on it.
    pub async fn cycle_for(user: &SessionUser, cycle_id: &str, action: Action) -> Result<CycleRef, AppError> {
        let cycle =
            store::cycles::reference(&store()?, cycle_id).await?.ok_or_else(|| AppError::NotFound.with_status())?;
        authorize(Some(user), action, Resource::Cycle(&cycle))?;
        Ok(cycle)
    }
}
