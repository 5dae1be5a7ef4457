//! When the app in the browser stops: a page's code could not be fetched (no network, and the
//! page was never opened or prepared on this device) or something failed unexpectedly. The WASM
//! cannot continue after a panic, so the words are rendered by the server, hidden, and the panic
//! hook only shows them; links and forms keep working as plain HTML.

use crate::i18n::use_lang;
use leptos::prelude::*;

/// What the panic hook looks for when a lazily loaded chunk failed to load.
const CHUNK_FAILED: &str = "load callback should succeed";

/// The hidden notice; `show` makes it visible.
#[component]
pub fn Stopped() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div id="app-stopped" class="app-stopped" role="alert" hidden>
            <p data-kind="offline" hidden>
                {lang.t("app-stopped-offline")}
            </p>
            <p data-kind="error" hidden>
                {lang.t("app-stopped-error")}
            </p>
            <a class="btn btn-primary" href="">
                {lang.t("app-stopped-reload")}
            </a>
        </div>
    }
}

/// Shows the notice for a panic with this message (called by the panic hook in the browser).
pub fn show(message: &str) {
    let kind = if message.contains(CHUNK_FAILED) { "offline" } else { "error" };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(notice) = doc.get_element_by_id("app-stopped") else { return };
    let _ = notice.remove_attribute("hidden");
    if let Ok(Some(p)) = notice.query_selector(&format!("[data-kind='{kind}']")) {
        let _ = p.remove_attribute("hidden");
    }
}
