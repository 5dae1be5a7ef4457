//! The one error path of the plain axum routes (uploads, files, exports, `/api/v1`, sign-in):
//! handlers return `Result<_, app::error::AppError>` and use `?`; [`render_errors`] turns the
//! error into a translated sentence with its key, as JSON for scripts and the uploader, or a
//! small HTML page with a way back for a browser posting a form without JavaScript. Causes of
//! internal errors are logged by `AppError::internal`, once, and never shown.

use crate::AppState;
use app::api::ssr::{SESSION_COOKIE, cookie_value};
use app::components::page_title::escape_html;
use app::error::AppError;
use app::i18n::Lang;
use axum::Json;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;
use std::time::Duration;
use store::accounts::SessionUser;

/// The language the person chose (cookie), Indonesian otherwise.
pub fn lang(headers: &HeaderMap) -> Lang {
    headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header).unwrap_or_default()
}

/// The signed-in person behind the request's session cookie.
pub async fn session(state: &AppState, headers: &HeaderMap) -> Option<SessionUser> {
    let token = cookie_value(headers.get(header::COOKIE)?.to_str().ok()?, SESSION_COOKIE)?;
    store::accounts::session_user(&state.store, token).await.ok().flatten()
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"))
}

/// A browser navigating (a form post or a link) rather than a script.
fn wants_page(headers: &HeaderMap) -> bool {
    !wants_json(headers)
        && headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

/// The same-site path of the page the request came from, if any.
pub fn referer_path(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let rest = referer.strip_prefix("http://").or_else(|| referer.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    let path = if path.is_empty() { "/" } else { path };
    (crate::auth::safe_next(path) == path).then(|| path.to_string())
}

fn page(lang: Lang, status: StatusCode, key: &str, back: Option<String>) -> Response {
    let back = back.unwrap_or_else(|| "/".into());
    let body = format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><main class=\"page\"><h1>{title}</h1><p role=\"alert\">{message}</p>\
         <p><a class=\"button\" href=\"{back}\">{back_label}</a></p></main></body></html>",
        code = lang.code(),
        css = crate::assets::stylesheet(),
        title = escape_html(&lang.t("error-title")),
        message = escape_html(&lang.t(key)),
        back = escape_html(&back),
        back_label = escape_html(&lang.t("error-back")),
    );
    (status, Html(body)).into_response()
}

/// A refusal with a translated sentence: JSON `{error, key}`, or a page for a form post.
pub fn error(headers: &HeaderMap, status: StatusCode, key: &str) -> Response {
    let lang = lang(headers);
    if wants_page(headers) {
        return page(lang, status, key, referer_path(headers));
    }
    (status, Json(json!({ "error": lang.t(key), "key": key }))).into_response()
}

/// The signed-in person, or the refusal (for handlers that check something else first).
pub async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<SessionUser, AppError> {
    session(state, headers).await.ok_or_else(AppError::not_signed_in)
}

/// The signed-in person as a handler argument; without a session the request ends with 401.
pub struct SignedIn(pub SessionUser);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        signed_in(state, &parts.headers).await.map(SignedIn)
    }
}

/// Renders the `AppError` a plain route returned (`IntoResponse` leaves it on the response):
/// JSON `{error, key}` for scripts and always under `/api/v1/`, a page for a browser's form post.
pub async fn render_errors(req: Request<Body>, next: Next) -> Response {
    let headers = req.headers().clone();
    let api = req.uri().path().starts_with("/api/v1/");
    let mut response = next.run(req).await;
    let Some(e) = response.extensions_mut().remove::<AppError>() else { return response };
    if api {
        let lang = lang(&headers);
        let key = e.message_key();
        return (e.status(), Json(json!({ "error": lang.t(key), "key": key }))).into_response();
    }
    error(&headers, e.status(), e.message_key())
}

/// How long a request may take before the server answers for it. Uploads read a body of up to
/// 20 MiB over slow mobile data and wait for a processing slot, so they get longer.
pub fn time_limit(path: &str, method: &axum::http::Method) -> Duration {
    let upload = method == axum::http::Method::POST
        && ["/evidence/", "/visit-photos/", "/appeal-files/", "/institution-imports"]
            .iter()
            .any(|p| path.starts_with(p));
    if upload { Duration::from_secs(600) } else { Duration::from_secs(30) }
}

/// No request waits forever: past its time limit the client gets a translated 503 and the
/// handler's future is dropped (a write transaction it held rolls back).
pub async fn within_time_limit(req: Request<Body>, next: Next) -> Response {
    let limit = time_limit(req.uri().path(), req.method());
    let path = req.uri().path().to_string();
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!(%path, seconds = limit.as_secs(), "request stopped at its time limit");
            AppError::busy("error-timeout").into_response()
        }
    }
}

/// JSON for scripts; a browser form post goes back to the page it came from.
pub fn back_or_json(headers: &HeaderMap, body: serde_json::Value) -> Response {
    if !wants_json(headers)
        && let Some(back) = referer_path(headers).and_then(|p| HeaderValue::from_str(&p).ok())
    {
        let mut r = StatusCode::SEE_OTHER.into_response();
        r.headers_mut().insert(header::LOCATION, back);
        return r;
    }
    Json(body).into_response()
}

/// A stored file: never kept in shared caches or the browser's disk cache, opened inline with
/// a name that says what it is when saved.
pub fn file_response(bytes: Vec<u8>, content_type: &str, name: &str) -> Response {
    let extension = match content_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/webp" => "webp",
        _ => "jpg",
    };
    let content_type =
        HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let name: String = name.chars().take(80).collect();
    private_file(bytes.into(), content_type, "inline", &format!("{name}.{extension}"))
}

/// A download (an export, a template, a certificate): saved under `file_name`, never kept in
/// shared caches or the browser's disk cache.
pub fn attachment(body: impl Into<Body>, content_type: &'static str, file_name: &str) -> Response {
    private_file(body.into(), HeaderValue::from_static(content_type), "attachment", file_name)
}

fn private_file(body: Body, content_type: HeaderValue, disposition: &str, file_name: &str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type);
    h.insert(header::CONTENT_DISPOSITION, content_disposition(disposition, file_name));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    r
}

/// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): the quoted name keeps only
/// characters that cannot end the quotes or the header (other characters become `_`); the
/// full name, certificate numbers and institution names included, travels percent-encoded.
pub fn content_disposition(disposition: &str, file_name: &str) -> HeaderValue {
    let plain: String = file_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ') { c } else { '_' })
        .collect();
    let mut value = format!("{disposition}; filename=\"{plain}\"");
    if plain != file_name {
        // RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else is %XX of its UTF-8.
        let encoded: String = file_name
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
                b'!' | b'#' | b'$' | b'&' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        value.push_str(&format!("; filename*=UTF-8''{encoded}"));
    }
    // Only visible ASCII is left, so this cannot fail; the fallback keeps the download anyway.
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("attachment"))
}

/// A header map from name/value pairs, for unit tests of request handling.
#[cfg(test)]
pub(crate) fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.insert(*k, v.parse().unwrap());
    }
    h
}

/// `Link: <path?page=N+1>; rel="next"` while the page is not the last.
pub fn link_next(
    response: &mut Response,
    more: bool,
    path: &str,
    mut query: form_urlencoded::Serializer<String>,
    page: u32,
) {
    if !more {
        return;
    }
    let query = query.append_pair("page", &(page + 1).to_string()).finish();
    if let Ok(link) = header::HeaderValue::from_str(&format!("<{path}?{query}>; rel=\"next\"")) {
        response.headers_mut().insert(header::LINK, link);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_referers_are_a_way_back() {
        let h = |r: &str| headers(&[("host", "lksa.test"), ("referer", r)]);
        assert_eq!(referer_path(&h("http://lksa.test/self-assessment?c=PR")).as_deref(), Some("/self-assessment?c=PR"));
        assert_eq!(referer_path(&h("https://evil.example/x")), None);
        assert_eq!(referer_path(&h("http://lksa.test.evil.example/x")), None);
        assert_eq!(referer_path(&h("http://lksa.test//evil.example")), None);
    }

    #[test]
    fn file_names_cannot_break_out_of_their_header() {
        let v = |name: &str| content_disposition("attachment", name).to_str().unwrap().to_string();
        assert_eq!(v("lksa-results-2026-12-03.csv"), "attachment; filename=\"lksa-results-2026-12-03.csv\"");
        assert_eq!(
            v("a\"; filename=evil.exe\r\nSet-Cookie: x=1.pdf"),
            "attachment; filename=\"a__ filename_evil.exe__Set-Cookie_ x_1.pdf\"; \
             filename*=UTF-8''a%22%3B%20filename%3Devil.exe%0D%0ASet-Cookie%3A%20x%3D1.pdf"
        );
        assert_eq!(
            v("sertifikat-Panti Asuhan Açaí.pdf"),
            "attachment; filename=\"sertifikat-Panti Asuhan A_a_.pdf\"; \
             filename*=UTF-8''sertifikat-Panti%20Asuhan%20A%C3%A7a%C3%AD.pdf"
        );
        let inline = file_response(vec![], "image/webp", "foto\"x");
        assert_eq!(
            inline.headers()[header::CONTENT_DISPOSITION],
            "inline; filename=\"foto_x.webp\"; filename*=UTF-8''foto%22x.webp"
        );
        assert_eq!(inline.headers()[header::CACHE_CONTROL], "private, no-store");
    }
}
