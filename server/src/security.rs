//! Response headers that keep a browser from being turned against the people using it.
//!
//! Server-rendered pages get a Content-Security-Policy with the nonce Leptos gave their scripts
//! (recorded by the page into an `app::NonceSlot` this middleware put into the request); every
//! other HTML answer gets a policy that runs no script at all. Nothing personal is stored by a browser or a proxy: every answer except the static
//! application files is `no-store`. HSTS is sent when the request came over https.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// For HTML that is not a Leptos page (error pages of the plain routes): no script, no framing.
pub const STATIC_PAGE_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Camera for taking evidence photos on this site only; nothing else a page could ask for.
pub const PERMISSIONS_POLICY: &str = "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=()";

/// The application's own static files (the WASM bundle, its JS and CSS, the service worker, the
/// icon): the same for everyone, so they may be cached.
fn is_static_asset(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/icons/")
        || ["/favicon.ico", "/sw.js", "/manifest.webmanifest"].contains(&path)
}

fn is_html(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"))
}

/// Whether the request reached us over https (directly configured, or said by the proxy).
pub fn is_secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.secure_cookies || headers.get("x-forwarded-proto").is_some_and(|p| p.as_bytes() == b"https")
}

/// The address a request came from: the peer's, or, when the peer is one of the reverse proxies
/// named in `LKSA_TRUSTED_PROXIES`, the nearest address in `X-Forwarded-For` that is not one of
/// them. Sign-in limits count per address, so behind nginx every person must not share the proxy's.
/// A client cannot forge its way past this: entries it wrote itself stand left of the proxy's.
pub fn client_ip(trusted: &[std::net::IpAddr], peer: Option<std::net::IpAddr>, headers: &HeaderMap) -> String {
    let Some(peer) = peer else { return "unknown".into() };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded =
        headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(",");
    forwarded
        .rsplit(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| a.parse::<std::net::IpAddr>())
        .find(|a| a.as_ref().map_or(true, |a| !trusted.contains(a)))
        .map_or(peer.to_string(), |a| a.map_or_else(|_| "unknown".into(), |a| a.to_string()))
}

pub async fn headers(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let secure = is_secure(&state, req.headers());
    let path = req.uri().path().to_string();
    let static_asset = is_static_asset(&path);
    let nonce = app::NonceSlot::default();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let html = is_html(res.headers());
    let res_ok = res.status().is_success();
    let page_nonce = nonce.0.lock().ok().and_then(|n| n.clone());
    if html && let Some(n) = page_nonce {
        // A server-rendered page: its scripts carry this nonce.
        if let Ok(v) = HeaderValue::from_str(&app::content_security_policy(Some(&n))) {
            res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    let h = res.headers_mut();
    let mut set = |name: header::HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "same-origin");
    set(header::HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY);
    set(header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if html {
        set(header::CONTENT_SECURITY_POLICY, STATIC_PAGE_POLICY);
    }
    if secure {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    if static_asset && res_ok && crate::assets::is_hashed(&path) {
        set(header::CACHE_CONTROL, "public, max-age=31536000, immutable");
    } else if static_asset {
        set(header::CACHE_CONTROL, "no-cache");
    } else {
        set(header::CACHE_CONTROL, "no-store");
    }
    res
}

#[cfg(test)]
mod tests {
    use super::client_ip;
    use axum::http::HeaderMap;

    #[test]
    fn the_address_behind_a_trusted_proxy_is_the_nearest_untrusted_one() {
        let proxy: std::net::IpAddr = "127.0.0.1".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "6.6.6.6, 10.1.2.3".parse().unwrap());
        // Direct requests (or an untrusted peer) are the peer, whatever they claim.
        assert_eq!(client_ip(&[], Some(proxy), &h), "127.0.0.1");
        assert_eq!(client_ip(&[proxy], Some("10.9.9.9".parse().unwrap()), &h), "10.9.9.9");
        // Through the proxy: the address nginx appended, not the one the client wrote before it.
        assert_eq!(client_ip(&[proxy], Some(proxy), &h), "10.1.2.3");
        assert_eq!(client_ip(&[proxy], Some(proxy), &HeaderMap::new()), "127.0.0.1");
        h.insert("x-forwarded-for", "not-an-address".parse().unwrap());
        assert_eq!(client_ip(&[proxy], Some(proxy), &h), "unknown");
        assert_eq!(client_ip(&[], None, &h), "unknown");
    }
}
