//! Server-side helpers shared by the server functions: the store, the session, the policy.

use crate::error::AppError;
use crate::model::{InstitutionView, UserView};
use domain::legal::DocumentStatus;
use domain::{Action, Resource};
use leptos::prelude::*;
use store::Store;
use store::accounts::SessionUser;
use store::institutions::InstitutionRow;

pub const SESSION_COOKIE: &str = "lksa_session";
/// The instrument the product uses unless configured otherwise.
pub const INSTRUMENT_CODE: &str = "SNPA-LKSA";

pub fn store() -> Result<Store, AppError> {
    use_context::<Store>().ok_or_else(|| AppError::internal("no store in context"))
}

/// The value of a cookie in a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').filter_map(|p| p.trim().split_once('=')).find(|(n, _)| *n == name).map(|(_, v)| v.trim())
}

fn session_token() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let header = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
    cookie_value(header, SESSION_COOKIE).map(String::from)
}

/// The signed-in person, if any.
pub async fn session_user() -> Result<Option<SessionUser>, AppError> {
    let Some(token) = session_token() else { return Ok(None) };
    Ok(store::accounts::session_user(&store()?, &token).await?)
}

pub async fn require_user() -> Result<SessionUser, AppError> {
    session_user().await?.ok_or_else(AppError::not_signed_in)
}

/// Asks the one policy; a refusal becomes the matching error and HTTP status (`From<Denied>`).
pub fn authorize(user: Option<&SessionUser>, action: Action, resource: Resource<'_>) -> Result<(), AppError> {
    Ok(domain::can(user.map(|u| &u.actor), action, resource)?)
}

/// Which records the list that `action` names shows `user` (the policy's `visible_scope`).
pub fn visible(user: &SessionUser, action: Action) -> Result<domain::Visible, AppError> {
    Ok(domain::visible_scope(Some(&user.actor), action)?)
}

/// The region filter of a list across institutions (`None`: the whole country).
pub fn visible_region(user: &SessionUser, action: Action) -> Result<Option<domain::RegionScope>, AppError> {
    Ok(visible(user, action)?.region()?.cloned())
}

/// The cycle's policy view, after checking that `user` may do `action` on it.
pub async fn cycle_for(user: &SessionUser, cycle_id: &str, action: Action) -> Result<domain::CycleRef, AppError> {
    let cycle = store::cycles::reference(&store()?, cycle_id).await?.ok_or_else(AppError::not_found)?;
    authorize(Some(user), action, Resource::Cycle(&cycle))?;
    Ok(cycle)
}

pub fn user_view(u: &SessionUser) -> UserView {
    UserView {
        username: u.username.clone(),
        full_name: u.full_name.clone(),
        role: u.actor.role,
        institution_id: u.actor.institution.clone(),
        institution_name: u.institution_name.clone(),
        region_name: u.region_name.clone(),
        can_approve: u.actor.can_approve,
        lists: crate::model::NavLists {
            own_institution: match domain::visible_scope(Some(&u.actor), Action::ListInstitutions) {
                Ok(domain::Visible::Institution(id)) => Some(id),
                _ => None,
            },
            intake_queue: domain::visible_scope(Some(&u.actor), Action::ViewIntakeQueue).is_ok(),
            conflicts: domain::visible_scope(Some(&u.actor), Action::DeclareConflict).is_ok(),
            people: domain::visible_scope(Some(&u.actor), Action::ManageAccounts).is_ok(),
            evidence_log: domain::visible_scope(Some(&u.actor), Action::ViewEvidenceLog).is_ok(),
        },
    }
}

fn warn_from(expires_on: Option<&str>) -> Option<String> {
    let date = time::Date::parse(expires_on?, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    Some((date - time::Duration::days(domain::legal::EXPIRY_WARNING_DAYS)).to_string())
}

pub fn institution_view(row: InstitutionRow) -> InstitutionView {
    let today = store::today();
    let status = |number: &Option<String>, until: &Option<String>| {
        DocumentStatus::of(number.as_deref(), until.as_deref(), &today, warn_from(until.as_deref()).as_deref())
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let n = |v: i64| u32::try_from(v).unwrap_or(0);
    let profile = domain::profile::Profile {
        name: row.name.clone(),
        address: row.address.clone(),
        foundation: row.foundation.clone(),
        capacity: n(row.capacity),
        children_boys: n(row.children_boys),
        children_girls: n(row.children_girls),
        children_under_6: n(row.children_under_6),
        children_6_12: n(row.children_6_12),
        children_13_17: n(row.children_13_17),
        children_18_plus: n(row.children_18_plus),
        staff_caregivers: n(row.staff_caregivers),
        staff_social_workers: n(row.staff_social_workers),
        staff_other: n(row.staff_other),
        registration: domain::profile::LegalDocument {
            number: text(&row.registration_number),
            issued_on: text(&row.registration_issued_on),
            expires_on: text(&row.registration_expires_on),
        },
        permit: domain::profile::LegalDocument {
            number: text(&row.permit_number),
            issued_on: text(&row.permit_issued_on),
            expires_on: text(&row.permit_expires_on),
        },
        deed: domain::profile::LegalDocument {
            number: text(&row.deed_number),
            issued_on: text(&row.deed_issued_on),
            expires_on: String::new(),
        },
        npwp: text(&row.npwp),
    };
    InstitutionView {
        profile,
        editable: false,
        evidence_log: false,
        registration: status(&row.registration_number, &row.registration_expires_on),
        permit: status(&row.permit_number, &row.permit_expires_on),
        id: row.id,
        name: row.name,
        address: row.address,
        foundation: row.foundation,
        capacity: row.capacity,
        children_count: row.children_count,
        staff_count: row.staff_count,
        regency_name: row.regency_name,
        province_name: row.province_name,
        registration_number: row.registration_number,
        permit_number: row.permit_number,
    }
}

/// The institution's answers of a cycle, by indicator code.
pub async fn answer_views(
    db: &Store,
    cycle_id: &str,
) -> Result<std::collections::BTreeMap<String, crate::model::AnswerView>, AppError> {
    Ok(store::self_assessment::answers(db, cycle_id)
        .await?
        .into_iter()
        .map(|a| {
            let view =
                crate::model::AnswerView { self_score: a.self_score, narrative: a.narrative, revision: a.revision };
            (a.indicator_code, view)
        })
        .collect())
}

/// The evidence files of a cycle, by indicator code.
pub async fn evidence_views(
    db: &Store,
    cycle_id: &str,
) -> Result<std::collections::BTreeMap<String, Vec<crate::model::EvidenceView>>, AppError> {
    let mut evidence: std::collections::BTreeMap<String, Vec<crate::model::EvidenceView>> = Default::default();
    for e in store::evidence::list(db, cycle_id).await? {
        evidence.entry(e.indicator_code).or_default().push(crate::model::EvidenceView {
            id: e.id,
            kind: e.kind,
            caption: e.caption,
        });
    }
    Ok(evidence)
}

/// Whole days between a past unix time and now.
pub fn days_since(t: i64) -> i64 {
    ((store::now() - t) / 86_400).max(0)
}

/// A cycle with its instrument version, after checking that `user` may do `action` on it.
pub async fn cycle_with_instrument(
    user: &SessionUser,
    cycle_id: &str,
    action: Action,
) -> Result<(domain::CycleRef, store::cycles::CycleRow, std::sync::Arc<domain::Instrument>), AppError> {
    let db = store()?;
    let (reference, row) = store::cycles::reference_with_row(&db, cycle_id).await?.ok_or_else(AppError::not_found)?;
    authorize(Some(user), action, Resource::Cycle(&reference))?;
    let instrument = store::instruments::by_id(&db, &row.instrument_version_id)
        .await?
        .ok_or_else(|| AppError::internal("stored data is inconsistent"))?;
    Ok((reference, row, instrument))
}
