//! An assessor declares conflicts of interest; Dinsos cannot assign them to those institutions.

use crate::api::conflicts::{DeclareConflict, conflicts};
use crate::components::error_view::{ErrorAlert, ErrorView};
use crate::components::loading::Loading;
use crate::i18n::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ConflictsPage() -> impl IntoView {
    let lang = use_lang();
    let declare = ServerAction::<DeclareConflict>::new();
    let query = leptos_router::hooks::use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let data = Resource::new(
        move || (declare.version().get(), get("name"), get("page").parse().unwrap_or(1)),
        |(_, name, page)| conflicts(name, page),
    );
    let error = move || declare.value().get().and_then(|r| r.err());
    view! {
        <crate::components::page_title::PageTitle text=lang.t("conflict-title") />
        <section class="hero">
            <h1>{lang.t("conflict-title")}</h1>
            <p class="muted">{lang.t("conflict-intro")}</p>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        view! {
                            <section class="card">
                                <h2>{lang.t_with("conflict-declared", &[("count", v.declared.len().to_string())])}</h2>
                                <ul class="rows" data-testid="conflicts">
                                    {v
                                        .declared
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <li>
                                                    <strong>{c.institution_name}</strong>
                                                    <span class="muted">{c.reason}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                            <section class="card">
                                <h2>{lang.t("conflict-declare")}</h2>
                                // Thousands of institutions: found by name, a page at a time.
                                <form method="get" action="/conflicts" class="form-grid" role="search">
                                    <label>
                                        {lang.t("conflict-search")}
                                        <input type="search" name="name" value=get("name") />
                                    </label>
                                    <button type="submit" class="btn">
                                        {lang.t("registry-search")}
                                    </button>
                                </form>
                                <crate::components::pager::Pager info=v.page />
                                <ErrorAlert error=Signal::derive(error) />
                                <ActionForm action=declare attr:class="form-grid">
                                    <label>
                                        {lang.t("conflict-institution")} <select name="institution_id" required>
                                            <option value="">{lang.t("intake-choose")}</option>
                                            {v
                                                .institutions
                                                .into_iter()
                                                .map(|(id, name, regency)| {
                                                    view! {
                                                        <option value=id>{format!("{name} — {regency}")}</option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </label>
                                    <label>
                                        {lang.t("conflict-reason")}
                                        <textarea name="reason" rows="2" required></textarea>
                                    </label>
                                    <button type="submit" class="btn btn-primary">
                                        {lang.t("conflict-submit")}
                                    </button>
                                </ActionForm>
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
