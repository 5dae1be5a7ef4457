use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <crate::components::page_title::PageTitle text=lang.t("not-found-title") />
        <section class="card error-card">
            <h1>{lang.t("not-found-title")}</h1>
            <p>{lang.t("not-found-body")}</p>
            <a class="btn" href="/">
                {lang.t("nav-home")}
            </a>
        </section>
    }
}
