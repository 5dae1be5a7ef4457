//! CSRF defence for state-changing requests, by the standard headers browsers send
//! (OWASP "verifying origin with standard headers"). Together with SameSite=Lax session
//! cookies this needs no token in forms, so plain HTML forms keep working without JS.

use app::i18n::Lang;
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether a request may change state: safe methods always; otherwise the browser must say
/// it comes from this site. Requests without either header come from non-browser clients,
/// which carry no ambient cookies for a third party to abuse.
pub fn allowed(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
        let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
        return !host.is_empty() && origin_host == host;
    }
    true
}

pub async fn guard(req: Request, next: Next) -> Response {
    if allowed(req.method(), req.headers()) {
        return next.run(req).await;
    }
    let lang = req
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_cookie_header)
        .unwrap_or_default();
    tracing::warn!(path = %req.uri().path(), "cross-site request refused");
    (StatusCode::FORBIDDEN, lang.t("error-csrf")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn cross_site_posts_are_refused() {
        let post = Method::POST;
        assert!(allowed(&Method::GET, &headers(&[("sec-fetch-site", "cross-site")])));
        assert!(allowed(&post, &headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!allowed(&post, &headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!allowed(&post, &headers(&[("sec-fetch-site", "same-site")])));
        assert!(allowed(&post, &headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")])));
        assert!(!allowed(&post, &headers(&[("origin", "https://evil.example"), ("host", "127.0.0.1:3000")])));
        assert!(!allowed(&post, &headers(&[("origin", "null"), ("host", "127.0.0.1:3000")])));
        assert!(allowed(&post, &headers(&[])), "non-browser clients carry no ambient credentials");
    }
}
