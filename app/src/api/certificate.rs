//! Public verification of a certificate by its code.

use crate::error::AppError;
use crate::model::VerifyView;
use leptos::prelude::*;

/// Public check of a certificate by the code its URL and QR code carry.
#[server(endpoint = "verify_certificate")]
pub async fn verify_certificate(code: String) -> Result<Option<VerifyView>, AppError> {
    use crate::api::ssr::*;

    let Some(v) = store::certificate::verify(&store()?, code.trim()).await? else {
        // The page says "unknown certificate" with a 404, so a checker's script sees it too; a
        // call from the browser gets its answer (`None`) as data.
        let page = use_context::<http::request::Parts>().is_some_and(|p| !p.uri.path().starts_with("/api/"));
        if page && let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
        return Ok(None);
    };
    let status = if v.revoked_at.is_some() {
        "revoked"
    } else if domain::certificate::still_valid(&v.valid_until, &store::today()) {
        "valid"
    } else {
        "expired"
    };
    Ok(Some(VerifyView {
        number: v.number,
        institution_name: v.institution_name,
        regency_name: v.regency_name,
        province_name: v.province_name,
        grade: v.grade,
        issued_on: v.issued_on,
        valid_until: v.valid_until,
        status: status.into(),
    }))
}
