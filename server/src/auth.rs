//! Sign-in, sign-out and the language switch: plain form posts and links answered with
//! redirects, so they work the same with and without JavaScript.

use crate::AppState;
use app::api::ssr::{SESSION_COOKIE, cookie_value};
use app::i18n::{LANG_COOKIE, Lang};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use std::net::SocketAddr;
use store::accounts::{self, LoginRefused, SESSION_SECONDS};

#[derive(Deserialize)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
    #[serde(default)]
    pub next: String,
}

#[derive(Deserialize)]
pub struct Next {
    #[serde(default)]
    pub next: String,
}

/// Only same-site paths: never an open redirect to another host. Browsers drop tabs and line
/// breaks from URLs and read `\\` as `/`, so `/<tab>/evil.example` would leave the site: only
/// plain URL characters are allowed, and the path may not start with two slashes.
pub(crate) fn safe_next(next: &str) -> &str {
    let plain = next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    if plain && next.starts_with('/') && !next.starts_with("//") { next } else { "/" }
}

fn see_other(location: &str, cookie: Option<String>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(location) {
        headers.insert(header::LOCATION, v);
    }
    if let Some(c) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        headers.insert(header::SET_COOKIE, c);
    }
    response
}

fn session_cookie(value: &str, max_age: i64, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

fn login_page(error: &str, next: &str) -> String {
    let query = serde_urlencoded::to_string([("error", error), ("next", next)]).unwrap_or_default();
    format!("/login?{query}")
}

pub async fn login(
    State(state): State<AppState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let peer = connect.map(|Extension(ConnectInfo(addr))| addr.ip());
    let ip = crate::security::client_ip(&state.trusted_proxies, peer, &headers);
    let next = safe_next(&form.next).to_string();
    match accounts::login(&state.store, &form.username, &form.password, &ip).await {
        Ok(Ok(token)) => see_other(
            &next,
            Some(session_cookie(&token, SESSION_SECONDS, crate::security::is_secure(&state, &headers))),
        ),
        Ok(Err(LoginRefused::Invalid)) => see_other(&login_page("invalid", &next), None),
        Ok(Err(LoginRefused::TooManyAttempts)) => see_other(&login_page("locked", &next), None),
        Err(e) => app::error::AppError::internal(format!("sign-in failed: {e}")).into_response(),
    }
}

#[derive(Deserialize, Default)]
pub struct LogoutForm {
    /// "1" when the person chose to keep unsent changes on this device (see `SignOut`).
    #[serde(default)]
    pub keep_device_data: String,
}

/// Signs out and, unless the person chose to keep unsent work on the device, tells the browser
/// to forget this site's offline copies and local data (a shared tablet keeps nothing).
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<LogoutForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let token = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).and_then(|h| cookie_value(h, SESSION_COOKIE));
    if let Some(token) = token
        && let Err(e) = accounts::logout(&state.store, token).await
    {
        tracing::error!(error = %e, "sign-out failed");
    }
    let mut response =
        see_other("/login?error=signed-out", Some(session_cookie("", 0, crate::security::is_secure(&state, &headers))));
    if form.map_or(true, |Form(f)| f.keep_device_data != "1") {
        response.headers_mut().insert("clear-site-data", HeaderValue::from_static("\"cache\", \"storage\""));
    }
    response
}

pub async fn set_lang(Path(code): Path<String>, Query(q): Query<Next>) -> Response {
    let lang = Lang::from_code(&code).unwrap_or_default();
    let cookie = format!("{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000", lang.code());
    see_other(safe_next(&q.next), Some(cookie))
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn redirects_stay_on_this_site() {
        assert_eq!(safe_next("/instrument"), "/instrument");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next(""), "/");
        assert_eq!(safe_next("/\t/evil.example"), "/");
        assert_eq!(safe_next("/\n/evil.example"), "/");
        assert_eq!(safe_next("/ /evil.example"), "/");
        assert_eq!(safe_next("/a\\b"), "/");
        assert_eq!(safe_next("/self-assessment?component=PR#PR.1.01"), "/self-assessment?component=PR#PR.1.01");
    }
}
