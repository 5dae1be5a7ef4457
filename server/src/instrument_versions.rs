//! `POST /instrument-versions`: an administrator uploads an instrument version (the TOML format
//! of `instrument/`). It is checked by the domain's rules and stored for review, unpublished;
//! the browser goes on to `/instrument/versions/{id}`. A file that is refused sends the browser
//! back to `/instrument/versions` with the reason in the address, so the form needs no
//! JavaScript; scripts get `{id}` or `{error, key, subject}` as JSON.

use crate::AppState;
use crate::respond::SignedIn;
use app::error::AppError;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::{Action, Resource};
use serde_json::json;
use store::StoreError;
use store::instruments::Loaded;

/// An instrument file is about 300 KB; anything past this is not one.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Why a file is refused: a translation key and what it names (an indicator, a line).
struct Refused(&'static str, String);

fn line_of(text: &str, error: &toml::de::Error) -> String {
    error.span().map(|s| (text[..s.start.min(text.len())].matches('\n').count() + 1).to_string()).unwrap_or_default()
}

fn check(bytes: &[u8]) -> Result<domain::Instrument, Refused> {
    let text = std::str::from_utf8(bytes).map_err(|_| Refused("instrument-error-encoding", String::new()))?;
    let instrument: domain::Instrument =
        toml::from_str(text).map_err(|e| Refused("instrument-error-syntax", line_of(text, &e)))?;
    instrument.validate().map_err(|e| Refused(e.message_key(), e.subject()))?;
    if instrument.code != app::api::ssr::INSTRUMENT_CODE {
        return Err(Refused("instrument-error-other-code", instrument.code));
    }
    Ok(instrument)
}

fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn answer(headers: &HeaderMap, outcome: Result<String, Refused>) -> Response {
    let wants_json = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("json"));
    match (outcome, wants_json) {
        (Ok(id), true) => Json(json!({ "id": id })).into_response(),
        (Ok(id), false) => see_other(&format!("/instrument/versions/{id}")),
        (Err(Refused(key, subject)), true) => {
            let message = crate::respond::lang(headers).t_with(key, &[("subject", subject.clone())]);
            (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "error": message, "key": key, "subject": subject })))
                .into_response()
        }
        (Err(Refused(key, subject)), false) => {
            let subject: String = form_urlencoded::byte_serialize(subject.as_bytes()).collect();
            see_other(&format!("/instrument/versions?error={key}&subject={subject}"))
        }
    }
}

pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    SignedIn(user): SignedIn,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    domain::can(Some(&user.actor), Action::ManageInstrument, Resource::Instrument)?;
    let Ok(mut multipart) = multipart else { return Err(AppError::bad_request("upload-bad-request")) };
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(bytes) => file = Some(bytes),
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Ok(answer(&headers, Err(Refused("instrument-error-too-large", String::new()))));
                }
                Err(_) => return Err(AppError::bad_request("upload-bad-request")),
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Ok(answer(&headers, Err(Refused("instrument-error-too-large", String::new()))));
            }
            Err(_) => return Err(AppError::bad_request("upload-bad-request")),
        }
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return Ok(answer(&headers, Err(Refused("upload-missing-file", String::new()))));
    };
    let instrument = match check(&bytes) {
        Ok(i) => i,
        Err(refused) => return Ok(answer(&headers, Err(refused))),
    };
    let outcome = match store::instrument_versions::upload(&state.store, &instrument, &user.actor.user_id).await {
        // The same file again opens the version already stored.
        Ok(Loaded::Inserted { id } | Loaded::Unchanged { id }) => Ok(id),
        Err(StoreError::InstrumentChanged { version, .. }) => Err(Refused("instrument-error-changed", version)),
        Err(e) => return Err(e.into()),
    };
    tracing::info!(user = %user.actor.user_id, version = %instrument.version, "instrument version uploaded");
    Ok(answer(&headers, outcome))
}
