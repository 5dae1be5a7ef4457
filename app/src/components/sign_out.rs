//! Sign-out on a shared tablet. The server answers a sign-out with `Clear-Site-Data`, which
//! removes the offline copies of visit pages, thumbnails and queued edits from the device —
//! unless something on the device has not reached the server yet: then the person is told how
//! much, and chooses between staying signed in so it is sent, and keeping it on the device.
//! Without JavaScript nothing is queued on the device, so the form simply signs out and clears.

use crate::i18n::use_lang;
use leptos::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

static LEAVING: AtomicBool = AtomicBool::new(false);

/// The person chose to sign out and keep unsent work on the device: pages must not ask again
/// whether to leave.
pub fn signing_out() -> bool {
    LEAVING.load(Ordering::Relaxed)
}

#[component]
pub fn SignOut() -> impl IntoView {
    let lang = use_lang();
    let keep = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            let unsent = crate::device::unsent::unsent_on_device(&crate::device::storage::Local);
            if unsent == 0 || keep.get_untracked() {
                return;
            }
            let question = use_lang().t_with("sign-out-unsent", &[("count", unsent.to_string())]);
            let keep_it = gloo_dialogs::confirm(&question);
            if !keep_it {
                ev.prevent_default();
                return;
            }
            keep.set(true);
            LEAVING.store(true, Ordering::Relaxed);
            // The hidden field must say "keep" in this very submission (gloo has no DOM
            // queries: web-sys).
            if let Some(form) =
                ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(t).ok())
                && let Ok(Some(field)) = form.query_selector("input[name=keep_device_data]")
                && let Ok(input) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(field)
            {
                input.set_value("1");
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, keep);
    };
    view! {
        <form method="post" action="/auth/logout" class="logout" on:submit=on_submit>
            <input type="hidden" name="keep_device_data" value=move || if keep.get() { "1" } else { "0" } />
            <button type="submit" class="btn btn-quiet">
                {lang.t("nav-logout")}
            </button>
        </form>
    }
}
