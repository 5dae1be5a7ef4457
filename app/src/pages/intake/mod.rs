//! Dinsos intake: the queue of applications in the officer's region, and one application's
//! completeness review with return-for-revision, acceptance and assignment.

mod review;

pub use review::ReviewPage;

use crate::api::intake::intake_queue;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::state_badge::StateBadge;
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn IntakePage() -> impl IntoView {
    let lang = use_lang();
    let query = leptos_router::hooks::use_query_map();
    let queue = Resource::new(move || query.read().get("page").and_then(|p| p.parse().ok()).unwrap_or(1), intake_queue);
    view! {
        <crate::components::page_title::PageTitle text=lang.t("intake-title") />
        <section class="hero">
            <p class="eyebrow">{lang.t("home-dinsos-eyebrow")}</p>
            <h1>{lang.t("intake-title")}</h1>
            <p class="muted">{lang.t("intake-intro")}</p>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok((items, _)) if items.is_empty() => {
                        view! { <p class="card">{lang.t("intake-empty")}</p> }.into_any()
                    }
                    Ok((items, page)) => {
                        view! {
                            <ul class="queue" data-testid="intake-queue">
                                {items
                                    .into_iter()
                                    .map(|q| {
                                        let waiting = lang
                                            .t_with("intake-days-waiting", &[("days", q.days_waiting.to_string())]);
                                        let overdue = q.days_waiting > 14 && q.state == domain::CycleState::Submitted;
                                        let href = match q.state {
                                            domain::CycleState::Reconciled
                                            | domain::CycleState::Decided
                                            | domain::CycleState::Appealed => format!("/decisions/{}", q.cycle_id),
                                            _ => format!("/intake/{}", q.cycle_id),
                                        };
                                        view! {
                                            <li class="card queue-item">
                                                <a class="queue-link" href=href>
                                                    <strong>{q.institution_name.clone()}</strong>
                                                    <span class="muted">{q.regency_name.clone()}</span>
                                                </a>
                                                <div class="queue-meta">
                                                    <StateBadge state=q.state />
                                                    <span class:overdue=overdue>{waiting}</span>
                                                    {(q.rounds > 1)
                                                        .then(|| {
                                                            view! {
                                                                <span class="muted">
                                                                    {lang
                                                                        .t_with("intake-round", &[("round", q.rounds.to_string())])}
                                                                </span>
                                                            }
                                                        })}
                                                    {q
                                                        .visit_on
                                                        .clone()
                                                        .map(|d| {
                                                            view! {
                                                                <span>
                                                                    {lang.t_with("home-visit-on", &[("date", lang.date(&d))])}
                                                                </span>
                                                            }
                                                        })}
                                                </div>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            <crate::components::pager::Pager info=page />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
