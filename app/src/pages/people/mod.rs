//! Accounts (`/people`): administrators and Dinsos officers create accounts, hand over their
//! one-time invitation links, issue password-reset links, deactivate and reactivate; one's own
//! password (`/account`); setting a password through a link (`/invite/{token}`); one account
//! with its history (`/people/{id}`).

mod account;
mod create_form;
mod invite;
mod person;
mod table;

pub use account::AccountPage;
pub use invite::InvitePage;
pub use person::PersonPage;

use crate::api::people::{CreateAccount, IssueAccountLink, SetAccountActive, accounts};
use crate::components::error_view::{ErrorAlert, ErrorView};
use crate::components::loading::Loading;
use crate::i18n::use_lang;
use crate::model::people::{IssuedLink, MailStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let create = ServerAction::<CreateAccount>::new();
    let issue = ServerAction::<IssueAccountLink>::new();
    let activate = ServerAction::<SetAccountActive>::new();
    let data = Resource::new(
        move || {
            (
                create.version().get() + issue.version().get() + activate.version().get(),
                get("page").parse().unwrap_or(1),
                get("institution"),
            )
        },
        |(_, page, institution)| accounts(page, institution),
    );
    let error = move || {
        create
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| issue.value().get().and_then(|r| r.err()))
            .or_else(|| activate.value().get().and_then(|r| r.err()))
    };
    // The newest link handed back: by the action (with JavaScript) or in the address (without).
    let returned = move || {
        let from_action = |v: Option<Result<IssuedLink, _>>| v.and_then(|r| r.ok());
        from_action(issue.value().get()).or_else(|| from_action(create.value().get()))
    };
    view! {
        <crate::components::page_title::PageTitle text=lang.t("people-title") />
        <section class="hero">
            <h1>{lang.t("people-title")}</h1>
            <p class="muted">{lang.t("people-intro")}</p>
        </section>
        <ErrorAlert error=Signal::derive(error) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        let from_address = (!get("link").is_empty())
                            .then(|| IssuedLink {
                                full_name: get("for"),
                                url: format!("{}{}", v.link_base, get("link")),
                                mail: MailStatus::from_code(&get("mail")),
                            });
                        let link = move || returned().or_else(|| from_address.clone());
                        view! {
                            {move || link().map(|l| view! { <LinkCard link=l /> })}
                            <create_form::CreateForm action=create view=v.clone() />
                            <table::AccountsTable view=v issue activate />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The one-time link, to copy and hand to the person (it is not shown again).
#[component]
pub(crate) fn LinkCard(link: IssuedLink) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" data-testid="issued-link" role="status">
            <h2>{lang.t_with("people-link-for", &[("name", link.full_name.clone())])}</h2>
            <p class="muted">{lang.t("people-link-once")}</p>
            <p class=if link.mail == MailStatus::Failed { "alert" } else { "muted" } data-testid="link-mail">
                {lang.t(&format!("people-mail-{}", link.mail.code()))}
            </p>
            <label>
                {lang.t("people-link-label")}
                <input type="text" readonly value=link.url.clone() data-testid="invite-link" />
            </label>
        </section>
    }
}
