//! The page frame: brand, navigation, language switch and the signed-in person.

use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use crate::model::UserView;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

pub type UserResource = Resource<Result<Option<UserView>, AppError>>;

pub fn use_user() -> UserResource {
    expect_context::<UserResource>()
}

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let user = use_user();
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">
                    "A"
                </span>
                <span>{lang.t("app-name")}</span>
            </a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.await.ok().flatten() {
                        Some(u) => view! { <Nav user=u /> }.into_any(),
                        None => {
                            view! {
                                <nav class="nav" aria-label=lang.t("nav-label")>
                                    <a href="/registry">{lang.t("nav-registry")}</a>
                                </nav>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
            <LangSwitch />
        </header>
    }
}

#[component]
fn Nav(user: UserView) -> impl IntoView {
    let lang = use_lang();
    let lists = user.lists.clone();
    view! {
        <nav class="nav" aria-label=lang.t("nav-label")>
            <a href="/">{lang.t("nav-home")}</a>
            {lists
                .own_institution
                .map(|id| {
                    view! {
                        <a href="/self-assessment">{lang.t("nav-self-assessment")}</a>
                        <a href=format!("/institutions/{id}")>{lang.t("nav-profile")}</a>
                    }
                })}
            {lists.intake_queue.then(|| view! { <a href="/intake">{lang.t("nav-intake")}</a> })}
            {lists.conflicts.then(|| view! { <a href="/conflicts">{lang.t("nav-conflicts")}</a> })}
            <a href="/instrument">{lang.t("nav-instrument")}</a>
        </nav>
        <div class="who">
            <span class="who-name">{user.full_name.clone()}</span>
            <span class="who-role">{lang.t(&format!("role-{}", user.role.code()))}</span>
        </div>
        <crate::components::sign_out::SignOut />
    }
}

/// Plain links, so switching language works without JavaScript too.
#[component]
fn LangSwitch() -> impl IntoView {
    let current = use_lang();
    let location = use_location();
    view! {
        <div class="lang" role="group" aria-label=current.t("lang-label")>
            {Lang::ALL
                .into_iter()
                .map(|l| {
                    let href = move || {
                        let next = location.pathname.get();
                        format!("/lang/{}?next={}", l.code(), next)
                    };
                    view! {
                        // rel=external: a full page load, so the server sets the cookie and renders anew.
                        <a
                            href=href
                            rel="external"
                            class:active=move || l == current
                            hreflang=l.code()
                            aria-current=move || (l == current).then_some("true")
                        >
                            {l.code().to_uppercase()}
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}
