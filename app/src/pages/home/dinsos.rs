use super::Tile;
use crate::i18n::use_lang;
use crate::model::{HomeView, InstitutionView, PageInfo, StateCount};
use domain::CycleState;
use leptos::prelude::*;

#[component]
pub fn DinsosHome(
    region: String,
    can_approve: bool,
    counts: Vec<StateCount>,
    institutions: Vec<InstitutionView>,
    institutions_page: PageInfo,
    institutions_total: i64,
    permits: Vec<InstitutionView>,
) -> impl IntoView {
    let lang = use_lang();
    let n = |s| HomeView::count(&counts, s);
    let tiles = vec![
        (n(CycleState::Submitted), "home-dinsos-to-check", true),
        (n(CycleState::Accepted), "home-dinsos-to-assign", true),
        (n(CycleState::AssessorsAssigned), "home-dinsos-visits", false),
        (
            n(CycleState::Reconciled),
            if can_approve { "home-dinsos-to-decide" } else { "home-dinsos-awaiting-decision" },
            can_approve,
        ),
        (n(CycleState::Decided), "home-dinsos-accredited", false),
    ];
    let expiring: Vec<InstitutionView> = permits
        .into_iter()
        .filter(|i| {
            !i.permit.allows_application() || matches!(i.permit, domain::legal::DocumentStatus::ExpiringSoon { .. })
        })
        .collect();
    view! {
        <section class="hero">
            <p class="eyebrow">{lang.t("home-dinsos-eyebrow")}</p>
            <h1>{region}</h1>
        </section>
        <p>
            <a class="btn btn-primary" href="/intake">
                {lang.t("home-dinsos-open-intake")}
            </a>
        </p>
        <p>
            <a class="btn" href="/dashboard">
                {lang.t("home-open-dashboard")}
            </a>
        </p>
        <section class="tiles" aria-label=lang.t("home-next-step")>
            {tiles
                .into_iter()
                .map(|(count, key, urgent)| view! { <Tile count label=lang.t(key) urgent /> })
                .collect_view()}
        </section>
        <section class="card">
            <h2>{lang.t_with("home-dinsos-institutions", &[("count", lang.count(institutions_total))])}</h2>
            <ul class="rows">
                {institutions
                    .into_iter()
                    .map(|i| {
                        view! {
                            <li>
                                <a href=format!("/institutions/{}", i.id)>{i.name.clone()}</a>
                                <span class="muted">{i.regency_name.clone()}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <crate::components::pager::Pager info=institutions_page />
        </section>
        <crate::components::exports::ExportLinks />
        <crate::pages::onboarding::OnboardingLinks />
        {(!expiring.is_empty())
            .then(|| {
                view! {
                    <section class="card tone-warn">
                        <h2>{lang.t("home-dinsos-permits")}</h2>
                        <ul class="rows">
                            {expiring
                                .into_iter()
                                .map(|i| {
                                    let (text, _) = crate::components::document_status::document_status(
                                        lang,
                                        &i.permit,
                                    );
                                    view! {
                                        <li>
                                            <a href=format!("/institutions/{}", i.id)>{i.name.clone()}</a>
                                            <span>{text}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
    }
}
