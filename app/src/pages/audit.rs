//! The audit trail of a cycle: who did what, when, with the value before and after.

use crate::api::audit::cycle_audit;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::i18n::use_lang;
use leptos::prelude::*;

use leptos_router::hooks::use_params_map;

/// "2026-11-23 14:05 UTC" from unix seconds, without a time zone database.
fn moment(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let date = domain::dates::add_days("1970-01-01", days).unwrap_or_default();
    format!("{date} {:02}:{:02} UTC", secs / 3600, secs % 3600 / 60)
}

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
                                            .into_iter()
                                            .map(|e| {
                                                let change = match (&e.before, &e.after) {
                                                    (Some(b), Some(a)) => format!("{b} → {a}"),
                                                    (None, Some(a)) => a.clone(),
                                                    (Some(b), None) => b.clone(),
                                                    (None, None) => String::new(),
                                                };
                                                view! {
                                                    <tr>
                                                        <td>{moment(e.at)}</td>
                                                        <td>
                                                            {e.actor.clone().unwrap_or_else(|| lang.t("audit-system"))}
                                                        </td>
                                                        <td>
                                                            {lang
                                                                .t(&format!("audit-action-{}", e.action.replace('_', "-")))}
                                                            " " {e.part.clone().unwrap_or_default()}
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
