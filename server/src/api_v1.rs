//! `/api/v1`: a read-only JSON API for integration (provincial dashboards, the ministry's data
//! warehouse), described by the OpenAPI 3 document at `GET /api/v1/openapi.json`.
//!
//! Callers sign in like people do and send the `lksa_session` cookie; every answer goes through
//! the one policy [`domain::can`] and refuses as the pages do: 401 not signed in, 403 wrong role,
//! 404 for records outside the caller's scope (indistinguishable from missing ones). The response
//! types live here, not on domain or store types, so the published contract changes only when this
//! file does; none of them carries children's details.
//!
//! These are static routes under `/api/`, next to the Leptos server-function catch-all
//! `/api/{*fn_name}`; the router prefers static segments, so they win (tested).

use crate::AppState;
use crate::respond::{SignedIn, signed_in};
use app::error::AppError;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use domain::{Action, Resource, Visible, can, visible_scope};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use store::accounts::SessionUser;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

/// The name of the security scheme in the document (repeated as a literal in `security(..)`).
const SESSION: &str = "session_cookie";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Akreditasi LKSA API",
        version = "1.0.0",
        description = "Read-only integration API of the LKSA accreditation system. Sign in at \
                       POST /auth/login and send the lksa_session cookie; the registry is public."
    ),
    paths(openapi_json, institutions, institution_cycles, cycle_result, registry),
    components(schemas(Institution, Cycle, CycleResult, ComponentPercent, RegistryEntry, ApiError)),
    modifiers(&SessionCookie),
    tags((name = "lksa", description = "Institutions, accreditation cycles, results and the public registry"))
)]
pub struct ApiDoc;

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            SESSION,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                app::api::ssr::SESSION_COOKIE,
                "Session cookie set by POST /auth/login",
            ))),
        );
    }
}

/// The `/api/v1` routes, merged into the application router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/institutions", get(institutions))
        .route("/api/v1/institutions/{id}/cycles", get(institution_cycles))
        .route("/api/v1/cycles/{id}/result", get(cycle_result))
        .route("/api/v1/registry", get(registry))
}

/// An institution as integrators see it: no children's or staff details.
#[derive(Serialize, ToSchema)]
pub struct Institution {
    pub id: String,
    pub name: String,
    /// Regency or city name.
    pub regency: String,
    pub province: String,
    /// Places for children.
    pub capacity: i64,
}

/// One accreditation cycle of an institution.
#[derive(Serialize, ToSchema)]
pub struct Cycle {
    pub id: String,
    /// Workflow state code, e.g. `self_assessment`, `reconciled`, `accredited`.
    pub state: String,
    /// Version of the instrument the cycle is assessed with, e.g. `2026.1`.
    pub instrument_version: String,
    /// `A`, `B`, `C` or `TT` (not accredited), once decided.
    pub grade: Option<String>,
    /// Date of the site visit (YYYY-MM-DD), once planned.
    pub visit_on: Option<String>,
    /// Last day the accreditation is valid (YYYY-MM-DD), once decided.
    pub valid_until: Option<String>,
}

/// The reconciled result of a cycle, as the scoring engine computed it.
#[derive(Serialize, ToSchema)]
pub struct CycleResult {
    pub cycle_id: String,
    /// Weighted total in hundredths of a percent (8600 = 86.00 %).
    pub total_hundredths: i64,
    /// The grade the engine recommends after every gate: `A`, `B`, `C` or `TT`.
    pub recommended_grade: String,
    pub components: Vec<ComponentPercent>,
}

#[derive(Serialize, ToSchema)]
pub struct ComponentPercent {
    pub code: String,
    pub name: String,
    pub weight: u32,
    /// In hundredths of a percent.
    pub percent_hundredths: i64,
}

/// An accredited institution in the public registry, with its latest certificate.
#[derive(Serialize, ToSchema)]
pub struct RegistryEntry {
    pub name: String,
    pub province: String,
    pub regency: String,
    pub grade: String,
    pub valid_until: String,
    /// Whether the accreditation is in force today (`valid_until` not passed); an expired one
    /// stays listed, marked `false`, until the institution is accredited again.
    pub in_force: bool,
    pub certificate_number: String,
    /// Path of the public verification page, e.g. `/verify/AB12CD34`.
    pub verification_url: String,
}

/// Why a request was refused; `error` is translated by the `lang` cookie.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    pub error: String,
    /// Stable message key, e.g. `error-not-signed-in`.
    pub key: String,
}

/// Filters of the registry; each empty or absent filter matches everything.
#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct RegistryQuery {
    /// Part of the institution's name, any case.
    pub name: String,
    /// Province id, e.g. `63` (Kalimantan Selatan).
    pub province: String,
    /// Regency or city id, e.g. `63.71` (Kota Banjarmasin).
    pub regency: String,
    /// `A`, `B`, `C` or `TT`.
    pub grade: String,
    /// 1-based page of 50 entries, by name; the `Link` header names the next page while there is one.
    #[param(minimum = 1)]
    pub page: u32,
}

static DOCUMENT: LazyLock<String> =
    LazyLock::new(|| ApiDoc::openapi().to_json().expect("the OpenAPI document serializes"));

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    operation_id = "openapi",
    tag = "lksa",
    responses((status = 200, description = "The OpenAPI 3 document of this API", body = Object))
)]
pub async fn openapi_json() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT.as_str()).into_response()
}

/// Which page of a list.
#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct PageQuery {
    /// 1-based page of 50 entries, by name; the `Link` header names the next page while there is one.
    #[param(minimum = 1)]
    pub page: u32,
}

/// Institutions the caller may see: an officer's region, all for administrators, their own
/// for an institution manager; a page at a time, by name.
#[utoipa::path(
    get,
    path = "/api/v1/institutions",
    operation_id = "list_institutions",
    tag = "lksa",
    security(("session_cookie" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page (at most 50) of the institutions in the caller's scope, by name; `Link` (`rel=\"next\"`) names the next page while there is one", body = [Institution]),
        (status = 400, description = "The page is not a number", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "The caller's role sees no institutions (assessors)", body = ApiError),
    )
)]
pub async fn institutions(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    q: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(q) = q.map_err(|_| bad_request())?;
    let actor = &user.actor;
    let page = store::paging::PageRequest::new(q.page);
    let (rows, more) = match visible_scope(Some(actor), Action::ListInstitutions)? {
        Visible::Institution(id) if page.number() == 1 => {
            (store::institutions::get(&state.store, &id).await?.into_iter().collect(), false)
        }
        Visible::Institution(_) => (Vec::new(), false),
        visible => {
            let found = store::institutions::list(&state.store, visible.region()?, "", page).await?;
            (found.rows, found.more)
        }
    };
    let list: Vec<Institution> = rows
        .into_iter()
        // The query narrows by scope; the policy still has the last word on every row.
        .filter(|r| can(Some(actor), Action::ViewInstitution, Resource::Institution(&r.reference())).is_ok())
        .map(|r| Institution {
            id: r.id,
            name: r.name,
            regency: r.regency_name,
            province: r.province_name,
            capacity: r.capacity,
        })
        .collect();
    let mut response = Json(list).into_response();
    crate::respond::link_next(
        &mut response,
        more,
        "/api/v1/institutions",
        form_urlencoded::Serializer::new(String::new()),
        page.number(),
    );
    Ok(response)
}

/// The institution's accreditation cycles, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/institutions/{id}/cycles",
    operation_id = "list_institution_cycles",
    tag = "lksa",
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "Institution id")),
    responses(
        (status = 200, description = "The institution's cycles", body = [Cycle]),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "The caller's role may not view institutions (assessors)", body = ApiError),
        (status = 400, description = "The id is not a valid path segment", body = ApiError),
        (status = 404, description = "No such institution, or outside the caller's scope", body = ApiError),
    )
)]
pub async fn institution_cycles(State(state): State<AppState>, Caller(id, user): Caller) -> Result<Response, AppError> {
    let row = store::institutions::get(&state.store, &id).await?.ok_or_else(AppError::not_found)?;
    can(Some(&user.actor), Action::ViewInstitution, Resource::Institution(&row.reference()))?;
    let cycles = store::api_queries::cycles_of_institution(&state.store, &row.id).await?;
    Ok(Json(
        cycles
            .into_iter()
            .map(|c| Cycle {
                id: c.id,
                state: c.state,
                instrument_version: c.instrument_version,
                grade: c.grade,
                visit_on: c.visit_on,
                valid_until: c.valid_until,
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

/// The reconciled result of a cycle, for the people entitled to the cycle.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}/result",
    operation_id = "get_cycle_result",
    tag = "lksa",
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "Cycle id")),
    responses(
        (status = 200, description = "The reconciled result", body = CycleResult),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "The caller's role may not view this cycle", body = ApiError),
        (status = 400, description = "The id is not a valid path segment", body = ApiError),
        (status = 404, description = "No such cycle, outside the caller's scope or assignment, or not reconciled yet", body = ApiError),
    )
)]
pub async fn cycle_result(State(state): State<AppState>, Caller(id, user): Caller) -> Result<Response, AppError> {
    let cycle = store::cycles::reference(&state.store, &id).await?.ok_or_else(AppError::not_found)?;
    can(Some(&user.actor), Action::ViewCycle, Resource::Cycle(&cycle))?;
    let e = store::reconcile::result(&state.store, &id).await?.ok_or_else(AppError::not_found)?;
    Ok(Json(CycleResult {
        cycle_id: id,
        total_hundredths: e.total_hundredths,
        recommended_grade: e.grade.code().to_string(),
        components: e
            .components
            .into_iter()
            .map(|c| ComponentPercent {
                code: c.code,
                name: c.name,
                weight: c.weight,
                percent_hundredths: c.percent_hundredths,
            })
            .collect(),
    })
    .into_response())
}

/// The public registry of accredited institutions; no sign-in needed.
#[utoipa::path(
    get,
    path = "/api/v1/registry",
    operation_id = "list_registry",
    tag = "lksa",
    params(RegistryQuery),
    responses(
        (status = 200, description = "One page (at most 50) of accredited institutions with their latest certificate, by name; `in_force` says whether it is valid today. `X-Total-Count` gives how many match; `Link` (`rel=\"next\"`) the next page while there is one", body = [RegistryEntry]),
        (status = 400, description = "A filter is given twice or is not text", body = ApiError),
    )
)]
pub async fn registry(
    State(state): State<AppState>,
    q: Result<Query<RegistryQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(q) = q.map_err(|_| bad_request())?;
    can(None, Action::ViewRegistry, Resource::Registry)?;
    let filter =
        store::registry::RegistryFilter { name: q.name, province: q.province, regency: q.regency, grade: q.grade };
    let today = store::today();
    let page = store::paging::PageRequest::new(q.page);
    let (found, total) = store::registry::registry(&state.store, &filter, page).await?;
    let more = found.more;
    let mut response = Json(
        found
            .rows
            .into_iter()
            .map(|r| RegistryEntry {
                name: r.name,
                province: r.province_name,
                regency: r.regency_name,
                grade: r.grade,
                in_force: r.valid_until.as_str() >= today.as_str(),
                valid_until: r.valid_until,
                certificate_number: r.number,
                verification_url: format!("/verify/{}", r.verification_code),
            })
            .collect::<Vec<_>>(),
    )
    .into_response();
    response.headers_mut().insert("x-total-count", total.into());
    let mut query = form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("name", &filter.name)
        .append_pair("province", &filter.province)
        .append_pair("regency", &filter.regency)
        .append_pair("grade", &filter.grade);
    crate::respond::link_next(&mut response, more, "/api/v1/registry", query, page.number());
    Ok(response)
}

/// The record id in the path and the signed-in caller, checked in that order: an id that is not
/// a path segment is 400 whoever asks, then a missing session is 401.
pub struct Caller(String, SessionUser);

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Path(id) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| bad_request())?;
        Ok(Caller(id, signed_in(state, &parts.headers).await?))
    }
}

/// A request whose path or query does not parse: JSON like every other answer (the API's
/// errors are rendered by `respond::render_errors`), never the extractor's plain-text message.
fn bad_request() -> AppError {
    AppError::bad_request("error-bad-request")
}
