//! The home page: each role sees the work that waits for them.

mod admin;
mod assessor;
mod dinsos;
mod manager;

use crate::api::home;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::i18n::use_lang;
use crate::model::HomeView;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new(move || query.read().get("page").and_then(|p| p.parse().ok()).unwrap_or(1), home);
    view! {
        <crate::components::page_title::PageTitle text=lang.t("home-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(HomeView::Manager { institution, cycle, notices }) => {
                        view! {
                            <manager::ManagerHome institution=*institution cycle />
                            <Notices notices />
                        }
                            .into_any()
                    }
                    Ok(
                        HomeView::Dinsos {
                            region,
                            can_approve,
                            counts,
                            institutions,
                            institutions_page,
                            institutions_total,
                            permits,
                            notices,
                        },
                    ) => {
                        view! {
                            <Notices notices />
                            <dinsos::DinsosHome
                                region
                                can_approve
                                counts
                                institutions
                                institutions_page
                                institutions_total
                                permits
                            />
                        }
                            .into_any()
                    }
                    Ok(HomeView::Assessor { assignments }) => {
                        view! { <assessor::AssessorHome assignments /> }.into_any()
                    }
                    Ok(HomeView::Admin { institutions, users, instrument, counts }) => {
                        view! { <admin::AdminHome institutions users instrument counts /> }.into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A large tile with a number and what it means, linking to the work.
#[component]
fn Tile(count: i64, label: String, #[prop(optional)] urgent: bool) -> impl IntoView {
    let hot = urgent && count > 0;
    let shown = use_lang().count(count);
    view! {
        <div class="tile" class:urgent=hot>
            <span class="tile-count">{shown}</span>
            <span class="tile-label">{label}</span>
        </div>
    }
}

/// The latest in-app notifications, each linking to its decision page.
#[component]
fn Notices(notices: Vec<crate::model::NoticeView>) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    (!notices.is_empty()).then(|| {
        view! {
            <section class="card notices" aria-labelledby="notices-title">
                <h2 id="notices-title">{lang.t("notice-title")}</h2>
                <ul class="rows" data-testid="notices">
                    {notices
                        .into_iter()
                        .map(|n| {
                            let detail = if n.detail.contains('-') { lang.date(&n.detail) } else { n.detail.clone() };
                            let text = lang
                                .t_with(
                                    &format!("notice-{}", n.kind.replace('_', "-")),
                                    &[("institution", n.institution_name.clone()), ("detail", detail)],
                                );
                            view! {
                                <li>
                                    <a href=format!("/decisions/{}", n.cycle_id)>{text}</a>
                                    <span class="muted">{lang.date(&n.on)}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
