//! The assessor's desk review and site visit on a tablet: one indicator at a time or a
//! compact grid, rubric levels as large tap targets, notes, marks to check on site, and
//! everything written on the device first, then synced. "Prepare for offline" stores the page,
//! the app and the evidence thumbnails in the browser so that the visit works with no network.

mod grid;
mod levels;
mod navigation;
mod one;
mod outbox;
mod photo_sync;
mod photos;
mod status_bar;
mod submit;
mod sync;

use crate::api::visit::visit_package;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::state_badge::StateBadge;
use crate::device::photo_queue::Waiting;
use crate::i18n::use_lang;
use crate::model::VisitView;
use domain::{CycleState, Indicator};
use grid::Grid;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use navigation::Navigation;
use one::OneIndicator;
use status_bar::StatusBar;
use submit::SubmitCard;

#[component]
pub fn VisitPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, visit_package);
    view! {
        <crate::components::page_title::PageTitle text=lang.t("visit-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Visit v /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    One,
    Grid,
}

#[component]
fn Visit(v: VisitView) -> impl IntoView {
    let lang = use_lang();
    let queue_key = format!("{}.{}", v.cycle_id, v.assessor_id);
    let cycle_id = v.cycle_id.clone();
    let indicators: Vec<(usize, Indicator)> = v
        .instrument
        .components
        .iter()
        .enumerate()
        .flat_map(|(n, c)| c.indicators.iter().map(move |i| (n, i.clone())))
        .collect();
    let total = indicators.len();
    let own = RwSignal::new(v.own.clone());
    let mode = RwSignal::new(Mode::One);
    let current = RwSignal::new(0usize);
    let locked = RwSignal::new(v.submitted || v.state != CycleState::AssessorsAssigned);
    let photos = RwSignal::new(v.photos.clone());
    let waiting = RwSignal::new(Vec::<Waiting>::new());
    let indicators = StoredValue::new(indicators);
    let v = StoredValue::new(v);
    let sync = sync::use_sync(&queue_key, &cycle_id, own, locked, photos, waiting);
    let (record, add_photo) = (sync.record, sync.add_photo);

    let scored = Signal::derive(move || {
        own.with(|m| {
            indicators
                .with_value(|l| l.iter().filter(|(_, i)| m.get(&i.code).is_some_and(|s| s.score.is_some())).count())
        })
    });
    let (name, regency, address, visit_on, state, reconciles, version) = v.with_value(|v| {
        (
            v.institution_name.clone(),
            v.regency_name.clone(),
            v.address.clone(),
            v.visit_on.clone(),
            v.state,
            v.reconciles,
            v.instrument_version.clone(),
        )
    });
    let others = v.with_value(|v| (v.submitted_count, v.assessor_count));
    let submitted = v.with_value(|v| v.submitted);

    view! {
        <section class="hero visit-hero">
            <p class="eyebrow">
                {lang.t("visit-title")} " · " {lang.t_with("home-instrument-version", &[("version", version)])}
            </p>
            <h1>{name}</h1>
            <p>
                <StateBadge state />
                " "
                <span class="muted">{regency} " · " {address}</span>
                {visit_on
                    .map(|d| {
                        view! {
                            " · "
                            <strong>{lang.t_with("home-visit-on", &[("date", lang.date(&d))])}</strong>
                        }
                    })}
            </p>
        </section>
        <StatusBar v sync scored total locked />
        <Navigation v indicators own current mode />
        {move || match mode.get() {
            Mode::One => {
                let n = current.get();
                indicators
                    .with_value(|l| l.get(n).cloned())
                    .map(|(_, ind)| {
                        view! { <OneIndicator ind n total v own record locked current photos waiting add_photo /> }
                    })
                    .into_any()
            }
            Mode::Grid => {
                current.track();
                // The grid shows the component of the current indicator; a tab changes it.
                view! { <Grid v indicators own record locked current mode /> }
                    .into_any()
            }
        }}
        <SubmitCard cycle_id queue_key sync locked scored total others submitted reconciles />
    }
    .into_any()
}
