//! `/invite/{token}`: the person chooses a password through their one-time link, then signs in.
//! A used, expired, replaced or unknown link says so and changes nothing.

use crate::api::people::{AcceptInvitation, MIN_PASSWORD_CHARS, invitation};
use crate::components::error_view::{AlertText, ErrorAlert, ErrorView};
use crate::components::loading::Loading;
use crate::i18n::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InvitePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, invitation);
    let accept = ServerAction::<AcceptInvitation>::new();
    let error = move || accept.value().get().and_then(|r| r.err());
    view! {
        <crate::components::page_title::PageTitle text=lang.t("invite-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) if v.state == "ok" => {
                        let title = if v.purpose == "reset" { "invite-title-reset" } else { "invite-title" };
                        view! {
                            <section class="login card">
                                <h1>{lang.t(title)}</h1>
                                <p data-testid="invite-who">
                                    {lang
                                        .t_with(
                                            "invite-who",
                                            &[("name", v.full_name.clone()), ("username", v.username.clone())],
                                        )}
                                </p>
                                <ErrorAlert error=Signal::derive(error) />
                                <ActionForm action=accept attr:class="form">
                                    <input type="hidden" name="token" value=token() />
                                    <NewPasswordFields />
                                    <button type="submit" class="btn btn-primary btn-block">
                                        {lang.t("invite-submit")}
                                    </button>
                                </ActionForm>
                            </section>
                        }
                            .into_any()
                    }
                    Ok(v) => {
                        view! {
                            <section class="login card" data-testid="invite-problem">
                                <h1>{lang.t("invite-title")}</h1>
                                <AlertText text=lang.t(&format!("invite-{}", v.state)) />
                                <a class="btn" href="/login">
                                    {lang.t("login-submit")}
                                </a>
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

/// A new password typed twice, with a show/hide switch; also used by `/account`.
#[component]
pub fn NewPasswordFields() -> impl IntoView {
    let lang = use_lang();
    let (show, set_show) = signal(false);
    let kind = move || if show.get() { "text" } else { "password" };
    let min = MIN_PASSWORD_CHARS.to_string();
    view! {
        <label for="password">{lang.t("invite-password")}</label>
        <div class="password-row">
            <input id="password" name="password" type=kind autocomplete="new-password" minlength=min.clone() required />
            <button
                type="button"
                class="btn btn-quiet"
                aria-pressed=move || show.get().to_string()
                on:click=move |_| set_show.update(|v| *v = !*v)
            >
                {move || if show.get() { lang.t("login-hide") } else { lang.t("login-show") }}
            </button>
        </div>
        <p class="muted">{lang.t_with("invite-password-hint", &[("count", MIN_PASSWORD_CHARS.to_string())])}</p>
        <label for="confirm">{lang.t("invite-confirm")}</label>
        <input id="confirm" name="confirm" type=kind autocomplete="new-password" minlength=min required />
    }
}
