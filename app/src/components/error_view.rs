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
    move || {
        error.get().map(|e| {
            view! {
                <p class="alert" role="alert">
                    {lang.t(e.message_key())}
                </p>
            }
        })
    }
}
