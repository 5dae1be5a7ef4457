//! The home page: each role sees the work that waits for them.

mod admin;
mod assessor;
mod dinsos;
mod manager;

pub use manager::document_status;

use crate::api::home;
use crate::components::error_view::ErrorView;
use crate::i18n::use_lang;
use crate::model::HomeView;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| home());
    view! {
        <Title text=lang.t("home-title") />
        <Suspense fallback=move || view! { <p class="loading">{lang.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(HomeView::Manager { institution, cycle }) => {
                        view! { <manager::ManagerHome institution=*institution cycle /> }.into_any()
                    }
                    Ok(HomeView::Dinsos { region, can_approve, counts, institutions }) => {
                        view! { <dinsos::DinsosHome region can_approve counts institutions /> }.into_any()
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
    view! {
        <div class="tile" class:urgent=hot>
            <span class="tile-count">{count}</span>
            <span class="tile-label">{label}</span>
        </div>
    }
}
