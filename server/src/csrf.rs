//! CSRF defence for state-changing requests, by the standard headers browsers send
//! (OWASP "verifying origin with standard headers"). Together with SameSite=Lax session
//! cookies this needs no token in forms, so plain HTML forms keep working without JS.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// Whether a request may change state: safe methods always; otherwise the browser must say
/// it comes from this site. Requests without either header come from non-browser clients,
/// which carry no ambient cookies for a third party to abuse. `secure`: the site is served over
/// https, so an `http://` page on the same host (a network attacker's) is another origin.
pub fn allowed(method: &Method, headers: &HeaderMap, secure: bool) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
        let scheme = if secure { "https" } else { "http" };
        return !host.is_empty() && origin == format!("{scheme}://{host}");
    }
    true
}

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if allowed(req.method(), req.headers(), crate::security::is_secure(&state, req.headers())) {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), "cross-site request refused");
    crate::respond::error(req.headers(), StatusCode::FORBIDDEN, "error-csrf")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::respond::headers;

    #[test]
    fn cross_site_posts_are_refused() {
        let post = Method::POST;
        assert!(allowed(&Method::GET, &headers(&[("sec-fetch-site", "cross-site")]), false));
        assert!(allowed(&post, &headers(&[("sec-fetch-site", "same-origin")]), false));
        assert!(!allowed(&post, &headers(&[("sec-fetch-site", "cross-site")]), false));
        assert!(!allowed(&post, &headers(&[("sec-fetch-site", "same-site")]), false));
        assert!(allowed(&post, &headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")]), false));
        assert!(!allowed(&post, &headers(&[("origin", "https://evil.example"), ("host", "127.0.0.1:3000")]), false));
        assert!(!allowed(&post, &headers(&[("origin", "null"), ("host", "127.0.0.1:3000")]), false));
        assert!(allowed(&post, &headers(&[]), false), "non-browser clients carry no ambient credentials");
    }

    #[test]
    fn an_http_page_on_the_same_host_is_another_origin_of_an_https_site() {
        let post = Method::POST;
        let from = |origin: &'static str| headers(&[("origin", origin), ("host", "lksa.example")]);
        assert!(allowed(&post, &from("https://lksa.example"), true));
        assert!(!allowed(&post, &from("http://lksa.example"), true));
        assert!(!allowed(&post, &from("ftp://lksa.example"), false));
    }
}
