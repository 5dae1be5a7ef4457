//! The "new account" form: only the roles, institutions and regions the policy offers the reader.

use crate::api::people::CreateAccount;
use crate::i18n::use_lang;
use crate::model::people::AccountsView;
use domain::Role;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn CreateForm(action: ServerAction<CreateAccount>, view: AccountsView) -> impl IntoView {
    let lang = use_lang();
    if view.roles.is_empty() {
        return ().into_any();
    }
    let query = leptos_router::hooks::use_query_map();
    let officers = view.roles.contains(&Role::DinsosOfficer);
    let managers = view.roles.contains(&Role::InstitutionManager);
    view! {
        <section class="card">
            <h2>{lang.t("people-new")}</h2>
            {managers
                .then(|| {
                    view! {
                        // Thousands of institutions: the choice is narrowed by name.
                        <form method="get" action="/people" class="form-grid" role="search">
                            <label>
                                {lang.t("people-institution-search")}
                                <input
                                    type="search"
                                    name="institution"
                                    value=move || query.read().get("institution").unwrap_or_default()
                                />
                            </label>
                            <button type="submit" class="btn">
                                {lang.t("registry-search")}
                            </button>
                        </form>
                    }
                })}
            <ActionForm action attr:class="form-grid account-form" attr:data-testid="new-account">
                <label>
                    {lang.t("people-full-name")} <input name="full_name" type="text" maxlength="100" required />
                </label>
                <label>
                    {lang.t("login-username")}
                    <input
                        name="username"
                        type="text"
                        autocapitalize="none"
                        pattern="[a-z0-9._\\-]{3,50}"
                        maxlength="50"
                        required
                    /> <span class="muted">{lang.t("people-username-hint")}</span>
                </label>
                <label>
                    {lang.t("people-email")}
                    <input name="email" type="email" autocapitalize="none" autocomplete="off" maxlength="254" />
                    <span class="muted">{lang.t("people-email-hint")}</span>
                </label>
                <label>
                    {lang.t("people-role")} <select name="role" required>
                        {view
                            .roles
                            .iter()
                            .map(|r| view! { <option value=r.code()>{lang.t(&format!("role-{}", r.code()))}</option> })
                            .collect_view()}
                    </select>
                </label>
                {managers
                    .then(|| {
                        view! {
                            <label>
                                {lang.t("people-institution")}
                                <span class="muted">{lang.t("people-institution-hint")}</span>
                                <select name="institution_id">
                                    <option value="">{lang.t("intake-choose")}</option>
                                    {view
                                        .institutions
                                        .iter()
                                        .map(|(id, name, regency)| {
                                            view! {
                                                <option value=id.clone()>{format!("{name} — {regency}")}</option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                        }
                    })}
                <label>
                    {lang.t("people-region")} <span class="muted">{lang.t("people-region-hint")}</span>
                    <select name="region">
                        <option value="">{lang.t("intake-choose")}</option>
                        {view
                            .regions
                            .iter()
                            .map(|(code, name)| view! { <option value=code.clone()>{name.clone()}</option> })
                            .collect_view()}
                    </select>
                </label>
                {officers
                    .then(|| {
                        view! {
                            <label class="check">
                                <input type="checkbox" name="can_approve" value="1" />
                                {lang.t("people-can-approve")}
                            </label>
                        }
                    })}
                <button type="submit" class="btn btn-primary">
                    {lang.t("people-create")}
                </button>
            </ActionForm>
        </section>
    }
    .into_any()
}
