//! The accounts in the reader's region, a page at a time, with the actions the policy allows.

use crate::api::people::{IssueAccountLink, SetAccountActive};
use crate::i18n::use_lang;
use crate::model::people::{AccountItem, AccountsView};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn AccountsTable(
    view: AccountsView,
    issue: ServerAction<IssueAccountLink>,
    activate: ServerAction<SetAccountActive>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card">
            <h2>{lang.t("people-list")}</h2>
            <div class="table-scroll">
                <table class="compare people" data-testid="accounts">
                    <thead>
                        <tr>
                            <th>{lang.t("people-full-name")}</th>
                            <th>{lang.t("people-role")}</th>
                            <th>{lang.t("people-place")}</th>
                            <th>{lang.t("people-status")}</th>
                            <th>{lang.t("people-actions")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {view.accounts.into_iter().map(|a| view! { <Row account=a issue activate /> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <crate::components::pager::Pager info=view.page />
        </section>
    }
}

#[component]
fn Row(
    account: AccountItem,
    issue: ServerAction<IssueAccountLink>,
    activate: ServerAction<SetAccountActive>,
) -> impl IntoView {
    let lang = use_lang();
    let role = lang.t(&format!("role-{}", account.role.code()));
    let role = if account.can_approve { format!("{role} ({})", lang.t("people-approves")) } else { role };
    // Only accounts the reader may manage have a page for them.
    let (href, manageable) = (format!("/people/{}", account.id), account.manageable);
    let status = lang.t(&format!("account-status-{}", account.status));
    let data_username = account.username.clone();
    let (full_name, username, place) =
        (account.full_name.clone(), account.username.clone(), account.place.clone().unwrap_or_else(|| "–".into()));
    view! {
        <tr data-testid="account" data-username=data_username>
            <td class="person">
                {if manageable {
                    view! {
                        <a href=href>
                            <strong>{full_name}</strong>
                        </a>
                    }
                        .into_any()
                } else {
                    view! { <strong>{full_name}</strong> }.into_any()
                }} <br /> <span class="muted">{username}</span>
            </td>
            <td data-label=lang.t("people-role")>{role}</td>
            <td data-label=lang.t("people-place")>{place}</td>
            <td data-label=lang.t("people-status") data-testid="account-status">
                {status}
            </td>
            <td class="person-actions">
                <AccountActions account issue activate />
            </td>
        </tr>
    }
}

/// A new invitation or reset link, and deactivation or reactivation, when the reader may.
#[component]
pub fn AccountActions(
    account: AccountItem,
    issue: ServerAction<IssueAccountLink>,
    activate: ServerAction<SetAccountActive>,
) -> impl IntoView {
    let lang = use_lang();
    let deactivated = account.status == "deactivated";
    let link_label = if account.status == "invited" { "people-new-invitation" } else { "people-reset-link" };
    let id = account.id.clone();
    let link_id = account.id.clone();
    account.manageable.then(|| {
        view! {
            {(!deactivated)
                .then(|| {
                    view! {
                        <ActionForm action=issue attr:class="inline-form">
                            <input type="hidden" name="user_id" value=link_id />
                            <button type="submit" class="btn btn-small">
                                {lang.t(link_label)}
                            </button>
                        </ActionForm>
                    }
                })}
            <ActionForm action=activate attr:class="inline-form">
                <input type="hidden" name="user_id" value=id />
                <input type="hidden" name="active" value=deactivated.to_string() />
                <button type="submit" class="btn btn-small" data-testid="toggle-active">
                    {if deactivated { lang.t("people-reactivate") } else { lang.t("people-deactivate") }}
                </button>
            </ActionForm>
        }
    })
}
