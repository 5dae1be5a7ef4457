// One argument per form field keeps the JS-off form's field names plain; the server macro
// generates the browser's twin of this function too, so the allowance covers the module.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Saves an institution's profile and legal documents. All fields come from one form, so it
/// works without JavaScript; numbers arrive as text and are checked here.
#[server(endpoint = "update_institution")]
pub async fn update_institution(
    id: String,
    name: String,
    address: String,
    foundation: String,
    capacity: String,
    children_boys: String,
    children_girls: String,
    children_under_6: String,
    children_6_12: String,
    children_13_17: String,
    children_18_plus: String,
    staff_caregivers: String,
    staff_social_workers: String,
    staff_other: String,
    registration_number: String,
    registration_issued_on: String,
    registration_expires_on: String,
    permit_number: String,
    permit_issued_on: String,
    permit_expires_on: String,
    deed_number: String,
    deed_issued_on: String,
    npwp: String,
) -> Result<(), AppError> {
    use crate::api::ssr::*;
    use domain::profile::{LegalDocument, Profile};
    use domain::{Action, Resource};

    let user = require_user().await?;
    let db = store()?;
    let row = store::institutions::get(&db, &id).await?.ok_or_else(AppError::not_found)?;
    authorize(Some(&user), Action::ViewInstitution, Resource::Institution(&row.reference()))?;
    authorize(Some(&user), Action::EditInstitution, Resource::Institution(&row.reference()))?;
    let number = |s: &str| -> Result<u32, AppError> {
        let t = s.trim();
        if t.is_empty() { Ok(0) } else { t.parse().map_err(|_| AppError::invalid("profile-error-number")) }
    };
    let profile = Profile {
        name,
        address,
        foundation,
        capacity: number(&capacity)?,
        children_boys: number(&children_boys)?,
        children_girls: number(&children_girls)?,
        children_under_6: number(&children_under_6)?,
        children_6_12: number(&children_6_12)?,
        children_13_17: number(&children_13_17)?,
        children_18_plus: number(&children_18_plus)?,
        staff_caregivers: number(&staff_caregivers)?,
        staff_social_workers: number(&staff_social_workers)?,
        staff_other: number(&staff_other)?,
        registration: LegalDocument {
            number: registration_number,
            issued_on: registration_issued_on,
            expires_on: registration_expires_on,
        },
        permit: LegalDocument { number: permit_number, issued_on: permit_issued_on, expires_on: permit_expires_on },
        deed: LegalDocument { number: deed_number, issued_on: deed_issued_on, expires_on: String::new() },
        npwp,
    };
    if let Some(first) = profile.validate().first() {
        return Err(AppError::invalid(first.message_key()));
    }
    store::institutions::update_profile(&db, &user.actor.user_id, &id, &profile).await?;
    Ok(())
}
