//! Sign-in. A plain HTML form posted to `/auth/login`, so it works before and without WASM.

use crate::components::error_view::Alert;
use crate::i18n::use_lang;
use leptos::prelude::*;

use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let error = move || {
        query.read().get("error").map(|code| match code.as_str() {
            "locked" => lang.t("login-error-locked"),
            "signed-out" => lang.t("login-signed-out"),
            "password-set" => lang.t("login-password-set"),
            _ => lang.t("login-error-invalid"),
        })
    };
    let next = move || {
        query.read().get("next").filter(|n| n.starts_with('/') && !n.starts_with("//")).unwrap_or_else(|| "/".into())
    };
    let (show_password, set_show_password) = signal(false);
    view! {
        <crate::components::page_title::PageTitle text=lang.t("login-title") />
        <section class="login card">
            <h1>{lang.t("login-title")}</h1>
            <p class="muted">{lang.t("login-intro")}</p>
            <Alert text=Signal::derive(error) />
            <form method="post" action="/auth/login" class="form">
                <input type="hidden" name="next" value=next />
                <label for="username">{lang.t("login-username")}</label>
                <input
                    id="username"
                    name="username"
                    type="text"
                    value=move || query.read().get("username").unwrap_or_default()
                    autocomplete="username"
                    autocapitalize="none"
                    required
                />
                <label for="password">{lang.t("login-password")}</label>
                <div class="password-row">
                    <input
                        id="password"
                        name="password"
                        type=move || if show_password.get() { "text" } else { "password" }
                        autocomplete="current-password"
                        required
                    />
                    <button
                        type="button"
                        class="btn btn-quiet"
                        data-testid="toggle-password"
                        aria-pressed=move || show_password.get().to_string()
                        on:click=move |_| set_show_password.update(|v| *v = !*v)
                    >
                        {move || if show_password.get() { lang.t("login-hide") } else { lang.t("login-show") }}
                    </button>
                </div>
                <button type="submit" class="btn btn-primary btn-block">
                    {lang.t("login-submit")}
                </button>
            </form>
        </section>
    }
}
