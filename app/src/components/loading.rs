//! What a page shows while its data is on the way.

use crate::i18n::use_lang;
use leptos::prelude::*;

/// The "loading" line, as the fallback of a page's `<Suspense>`: `<Suspense fallback=Loading>`.
#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! { <p class="loading">{lang.t("loading")}</p> }
}
