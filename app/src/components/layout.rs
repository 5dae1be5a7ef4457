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
            {lists.people.then(|| view! { <a href="/people">{lang.t("nav-people")}</a> })}
            {lists.evidence_log.then(|| view! { <a href="/evidence-views">{lang.t("nav-evidence-log")}</a> })}
            <a href="/instrument">{lang.t("nav-instrument")}</a>
        </nav>
        <div class="who">
            <a class="who-name" href="/account">
                {user.full_name.clone()}
            </a>
            <span class="who-role">{lang.t(&format!("role-{}", user.role.code()))}</span>
        </div>
        <crate::components::sign_out::SignOut />
    }
}

/// Plain links, so switching language works without JavaScript too.
/// Each returns to the page as it is now, query included, also after client-side navigation.
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
                        let (path, search) = (location.pathname.get(), location.search.get());
                        let next = if search.is_empty() { path } else { format!("{path}?{search}") };
                        format!("/lang/{}?next={}", l.code(), encode_query_value(&next))
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

/// Percent-encodes a query parameter value: everything but unreserved characters and `/`
/// (kept for readability: `next=/self-assessment%3Fc%3DSP`), so `?`, `&`, `=`, `#`, `%` and `+`
/// of the page's own address survive as one value.
fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode_query_value;

    #[test]
    fn the_language_switch_keeps_the_query_as_one_value() {
        assert_eq!(encode_query_value("/self-assessment?c=SP"), "/self-assessment%3Fc%3DSP");
        assert_eq!(encode_query_value("/registry?q=a+b&page=2"), "/registry%3Fq%3Da%2Bb%26page%3D2");
        assert_eq!(encode_query_value("/registry?q=Panti%20Asuhan"), "/registry%3Fq%3DPanti%2520Asuhan");
        assert_eq!(encode_query_value("/"), "/");
    }
}
