//! What runs against the device rather than the page: the queues kept in localStorage, the
//! uploader, change ids, the network state, timers and window listeners, and the offline
//! cache. Shared by the self-assessment and the visit; nothing here renders.
//!
//! The queues are plain types over an injected [`storage::Storage`], so their behaviour is
//! tested natively; the browser-only parts go through `gloo` where it has an API, raw
//! `web-sys` only where it has none.

pub mod answer_queue;
pub mod clock;
pub mod delivery;
pub mod events;
pub mod offline;
pub mod photo_queue;
pub mod stopped;
pub mod storage;
pub mod timers;
pub mod unsent;
#[cfg(feature = "hydrate")]
pub mod upload;
pub mod visit_queue;

/// A random id for a change or an upload, from the browser's crypto; on the server (a form
/// rendered for use without JavaScript) from the clock.
pub fn new_change_id() -> String {
    #[cfg(feature = "hydrate")]
    {
        // gloo has no Web Crypto API: web-sys directly.
        web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.random_uuid()).unwrap_or_else(|| {
            // Crypto is in every supported browser; this only guards against a broken one.
            format!("c-{}", web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default())
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        format!(
            "c-{}",
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
        )
    }
}

#[cfg(test)]
mod tests;
