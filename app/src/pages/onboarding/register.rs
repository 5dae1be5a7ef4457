//! Registering one institution: the template's columns as a plain form (it works without
//! JavaScript); the regencies offered are those the person may register in.

use crate::api::onboarding::view::RegencyChoice;
use crate::api::onboarding::{RegisterInstitution, registration_form};
use crate::components::error_view::{AlertText, ErrorView};
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::i18n::use_lang;
use domain::import as col;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<RegisterInstitution>::new();
    let regencies = Resource::new(|| (), |_| registration_form());
    view! {
        <PageTitle text=lang.t("register-title") />
        <section class="hero">
            <p class="eyebrow">{lang.t("onboarding-eyebrow")}</p>
            <h1>{lang.t("register-title")}</h1>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match regencies.await {
                    Ok(regencies) => view! { <RegisterForm regencies action /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
        <p>
            <a href="/institutions/import">{lang.t("onboarding-import")}</a>
        </p>
    }
}

/// The server answers a refused field as `key--column`: the sentence names the field.
fn refusal_text(lang: crate::i18n::Lang, key: &str) -> String {
    match key.split_once("--") {
        Some((key, column)) => {
            lang.t_with("register-problem", &[("field", lang.t(&format!("column-{column}"))), ("message", lang.t(key))])
        }
        None => lang.t(key),
    }
}

#[component]
fn RegisterForm(regencies: Vec<RegencyChoice>, action: ServerAction<RegisterInstitution>) -> impl IntoView {
    let lang = use_lang();
    let message = move || match action.value().get() {
        Some(Err(e)) => Some(view! { <AlertText text=refusal_text(lang, e.message_key()) /> }),
        _ => None,
    };
    let field = move |name: &'static str, kind: &'static str, required: bool| {
        view! {
            <label class="field">
                <span>{lang.t(&format!("column-{name}"))}</span>
                <input type=kind name=name required=required min=(kind == "number").then_some("0") />
            </label>
        }
    };
    let only_one = regencies.len() == 1;
    view! {
        <section class="card" aria-labelledby="register-form-title">
            <h2 id="register-form-title">{lang.t("register-form")}</h2>
            {message}
            <ActionForm action attr:class="profile-form">
                <fieldset>
                    <legend>{lang.t("profile-eyebrow")}</legend>
                    {field(col::NAME, "text", true)}
                    <label class="field">
                        <span>{lang.t("column-kode_kabupaten_kota")}</span>
                        <select name=col::REGENCY required>
                            {(!only_one)
                                .then(|| view! { <option value="">{lang.t("register-choose-regency")}</option> })}
                            {regencies
                                .into_iter()
                                .map(|r| {
                                    let label = format!("{} — {} ({})", r.name, r.province, r.id);
                                    view! { <option value=r.id>{label}</option> }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    {field(col::ADDRESS, "text", true)}
                    {field(col::FOUNDATION, "text", false)}
                    {field(col::CAPACITY, "number", false)}
                    {field(col::CHILDREN, "number", false)}
                    {field(col::CAREGIVERS, "number", false)}
                </fieldset>
                <fieldset>
                    <legend>{lang.t("home-legal")}</legend>
                    {field(col::REGISTRATION_NUMBER, "text", true)}
                    {field(col::REGISTRATION_ISSUED, "date", false)}
                    {field(col::REGISTRATION_EXPIRES, "date", false)}
                    {field(col::PERMIT_NUMBER, "text", false)}
                    {field(col::PERMIT_ISSUED, "date", false)}
                    {field(col::PERMIT_EXPIRES, "date", false)}
                </fieldset>
                <button type="submit" class="btn btn-primary btn-block">
                    {lang.t("register-save")}
                </button>
            </ActionForm>
        </section>
    }
}
