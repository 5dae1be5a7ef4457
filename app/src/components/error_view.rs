use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// A translated message for a failed server call; a visitor who is not signed in is sent
/// to the sign-in page instead.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let lang = use_lang();
    if error == AppError::NotSignedIn {
        return view! { <Redirect path="/login" /> }.into_any();
    }
    view! {
        <section class="card error-card" role="alert">
            <h1>{lang.t("error-title")}</h1>
            <p>{lang.t(error.message_key())}</p>
            <a class="btn" href="/">
                {lang.t("nav-home")}
            </a>
        </section>
    }
    .into_any()
}

/// The translated message of a failed action, shown where its form is.
#[component]
pub fn ErrorAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || error.get().map(|e| view! { <AlertText text=lang.t(e.message_key()) /> })
}

/// An already translated message of a failed action, shown where its form is.
#[component]
pub fn Alert(#[prop(into)] text: Signal<Option<String>>) -> impl IntoView {
    move || text.get().map(|text| view! { <AlertText text /> })
}

/// A message that stands as an alert for assistive technology.
#[component]
pub fn AlertText(text: String) -> impl IntoView {
    view! {
        <p class="alert" role="alert">
            {text}
        </p>
    }
}

/// A message that confirms a finished action, read out politely.
#[component]
pub fn StatusText(text: String) -> impl IntoView {
    view! {
        <p class="notice" role="status">
            {text}
        </p>
    }
}
