//! `/account`: who I am, and changing my own password (the current one is required).

use super::invite::NewPasswordFields;
use crate::api::people::ChangePassword;
use crate::components::error_view::{ErrorAlert, ErrorView, StatusText};
use crate::components::layout::use_user;
use crate::components::loading::Loading;
use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let user = use_user();
    let change = ServerAction::<ChangePassword>::new();
    let error = move || change.value().get().and_then(|r| r.err());
    let done = move || matches!(change.value().get(), Some(Ok(())));
    view! {
        <crate::components::page_title::PageTitle text=lang.t("account-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match user.await.and_then(|u| u.ok_or(AppError::NotSignedIn)) {
                    Ok(u) => {
                        view! {
                            <section class="hero">
                                <p class="eyebrow">{lang.t("account-title")}</p>
                                <h1>{u.full_name.clone()}</h1>
                                <p class="muted">
                                    {format!("{} · {}", u.username, lang.t(&format!("role-{}", u.role.code())))}
                                </p>
                            </section>
                            <section class="login card">
                                <h2>{lang.t("account-change-password")}</h2>
                                <ErrorAlert error=Signal::derive(error) />
                                {move || {
                                    done().then(|| view! { <StatusText text=lang.t("account-password-changed") /> })
                                }}
                                <ActionForm action=change attr:class="form">
                                    <label for="current">{lang.t("account-current-password")}</label>
                                    <input
                                        id="current"
                                        name="current"
                                        type="password"
                                        autocomplete="current-password"
                                        required
                                    />
                                    <NewPasswordFields />
                                    <button type="submit" class="btn btn-primary btn-block">
                                        {lang.t("account-save-password")}
                                    </button>
                                </ActionForm>
                            </section>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
