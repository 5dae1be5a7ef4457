//! The audit trail of a cycle: who did what, when, with the value before and after.

use crate::api::audit::cycle_audit;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::i18n::use_lang;
use leptos::prelude::*;

use crate::components::audit_words::{action, before_after};
use leptos_router::hooks::use_params_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                query.read().get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
            )
        },
        |(id, page)| cycle_audit(id, page),
    );
    view! {
        <crate::components::page_title::PageTitle text=lang.t("audit-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        view! {
                            <section class="hero">
                                <p class="eyebrow">{lang.t("audit-title")}</p>
                                <h1>{v.institution_name.clone()}</h1>
                                <p class="muted">{lang.t_with("audit-count", &[("count", lang.count(v.total))])}</p>
                            </section>
                            <section class="card">
                                <table class="compare audit" data-testid="audit">
                                    <thead>
                                        <tr>
                                            <th>{lang.t("audit-when")}</th>
                                            <th>{lang.t("audit-who")}</th>
                                            <th>{lang.t("audit-what")}</th>
                                            <th>{lang.t("audit-change")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {v
                                            .entries
                                            .clone()
                                            .into_iter()
                                            .map(|e| {
                                                let change = before_after(
                                                    lang,
                                                    &v.levels,
                                                    e.before.as_ref(),
                                                    e.after.as_ref(),
                                                );
                                                view! {
                                                    <tr>
                                                        <td class="audit-when">{lang.moment(v.zone, e.at)}</td>
                                                        <td>
                                                            {e.actor.clone().unwrap_or_else(|| lang.t("audit-system"))}
                                                        </td>
                                                        <td>
                                                            {action(lang, &e.action)} " "
                                                            {e.part.clone().unwrap_or_default()}
                                                        </td>
                                                        <td class="audit-change">{change}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                <crate::components::pager::Pager info=v.page />
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
