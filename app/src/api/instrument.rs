use crate::error::AppError;
use crate::model::InstrumentView;
use leptos::prelude::*;

/// The current instrument version: components, indicators and rubric.
#[server(endpoint = "instrument")]
pub async fn instrument() -> Result<InstrumentView, AppError> {
    use super::ssr::*;
    use domain::{Action, Resource};
    let user = session_user().await?;
    authorize(user.as_ref(), Action::ViewInstrument, Resource::Instrument)?;
    let (id, instrument) =
        store::instruments::current(&store()?, INSTRUMENT_CODE).await?.ok_or_else(AppError::not_found)?;
    Ok(InstrumentView { id, instrument })
}
