//! `/people/{id}`: one account for the people who may manage it: who it is, the links and
//! deactivation, and its latest changes in words and local time (the audit page's wording).

use super::LinkCard;
use super::table::AccountActions;
use crate::api::people::{IssueAccountLink, SetAccountActive, SetAccountEmail, person};
use crate::components::audit_words::{action, before_after};
use crate::components::error_view::{ErrorAlert, ErrorView};
use crate::components::loading::Loading;
use crate::i18n::use_lang;
use crate::model::people::PersonView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PersonPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let issue = ServerAction::<IssueAccountLink>::new();
    let activate = ServerAction::<SetAccountActive>::new();
    let email = ServerAction::<SetAccountEmail>::new();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                issue.version().get() + activate.version().get() + email.version().get(),
            )
        },
        |(id, _)| person(id),
    );
    let error = move || {
        issue
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| activate.value().get().and_then(|r| r.err()))
            .or_else(|| email.value().get().and_then(|r| r.err()))
    };
    let link = move || issue.value().get().and_then(|r| r.ok());
    view! {
        <crate::components::page_title::PageTitle text=lang.t("people-title") />
        <ErrorAlert error=Signal::derive(error) />
        {move || link().map(|l| view! { <LinkCard link=l /> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Person view=v issue activate email /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Person(
    view: PersonView,
    issue: ServerAction<IssueAccountLink>,
    activate: ServerAction<SetAccountActive>,
    email: ServerAction<SetAccountEmail>,
) -> impl IntoView {
    let lang = use_lang();
    let a = view.account.clone();
    let (id, address, manageable) = (a.id.clone(), a.email.clone().unwrap_or_default(), a.manageable);
    let role = lang.t(&format!("role-{}", a.role.code()));
    let role = if a.can_approve { format!("{role} ({})", lang.t("people-approves")) } else { role };
    let facts = [
        (lang.t("login-username"), a.username.clone()),
        (lang.t("people-role"), role),
        (lang.t("people-place"), a.place.clone().unwrap_or_else(|| "–".into())),
        (lang.t("people-status"), lang.t(&format!("account-status-{}", a.status))),
        (lang.t("people-email"), a.email.clone().unwrap_or_else(|| lang.t("people-email-none"))),
    ];
    let zone = view.zone;
    let empty = view.history.is_empty();
    view! {
        <section class="hero">
            <p class="eyebrow">
                <a href="/people">{lang.t("people-title")}</a>
            </p>
            <h1 data-testid="person-name">{a.full_name.clone()}</h1>
        </section>
        <section class="card">
            <dl class="facts">
                {facts
                    .into_iter()
                    .map(|(k, v)| {
                        view! {
                            <div>
                                <dt>{k}</dt>
                                <dd>{v}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
            <p class="actions">
                <AccountActions account=a issue activate />
            </p>
            {manageable
                .then(|| {
                    view! {
                        <ActionForm action=email attr:class="form-grid account-form" attr:data-testid="email-form">
                            <input type="hidden" name="user_id" value=id />
                            <label>
                                {lang.t("people-email")}
                                <input
                                    name="email"
                                    type="email"
                                    value=address
                                    autocapitalize="none"
                                    autocomplete="off"
                                    maxlength="254"
                                /> <span class="muted">{lang.t("people-email-hint")}</span>
                            </label>
                            <button type="submit" class="btn">
                                {lang.t("people-email-save")}
                            </button>
                        </ActionForm>
                    }
                })}
        </section>
        <section class="card">
            <h2>{lang.t("people-history")}</h2>
            {empty.then(|| view! { <p class="muted">{lang.t("people-history-empty")}</p> })}
            <table class="compare audit" data-testid="person-history" class:hidden=empty>
                <thead>
                    <tr>
                        <th>{lang.t("audit-when")}</th>
                        <th>{lang.t("audit-who")}</th>
                        <th>{lang.t("audit-what")}</th>
                        <th>{lang.t("audit-change")}</th>
                    </tr>
                </thead>
                <tbody>
                    {view
                        .history
                        .into_iter()
                        .map(|e| {
                            let change = before_after(lang, &[], e.before.as_ref(), e.after.as_ref());
                            view! {
                                <tr>
                                    <td class="audit-when">{lang.moment(zone, e.at)}</td>
                                    <td>{e.actor.clone().unwrap_or_else(|| lang.t("audit-system"))}</td>
                                    <td>{action(lang, &e.action)}</td>
                                    <td class="audit-change">{change}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
