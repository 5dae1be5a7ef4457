//! The instrument browser: components → indicators → rubric, with a search that runs in
//! the browser once the page has hydrated.

use crate::api::instrument;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::i18n::{Lang, use_lang};
use crate::model::InstrumentView;
use domain::{Indicator, Instrument};
use leptos::prelude::*;

#[component]
pub fn InstrumentPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| instrument());
    view! {
        <crate::components::page_title::PageTitle text=lang.t("nav-instrument") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Browser view=v /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn matches(indicator: &Indicator, query: &str, critical_only: bool) -> bool {
    if critical_only && !indicator.critical {
        return false;
    }
    let q = query.trim().to_lowercase();
    q.is_empty()
        || indicator.code.to_lowercase().contains(&q)
        || indicator.text.to_lowercase().contains(&q)
        || indicator.aspect.to_lowercase().contains(&q)
}

#[component]
fn Browser(view: InstrumentView) -> impl IntoView {
    let lang = use_lang();
    let instrument = StoredValue::new(view.instrument);
    let (query, set_query) = signal(String::new());
    let (critical_only, set_critical_only) = signal(false);
    let filtering = move || !query.read().trim().is_empty() || critical_only.get();
    let shown = move || {
        let (q, c) = (query.get(), critical_only.get());
        instrument.with_value(|i| i.indicators().filter(|(_, ind)| matches(ind, &q, c)).count())
    };
    let total = instrument.with_value(Instrument::indicator_count);
    let head = instrument.with_value(|i| (i.title.clone(), i.version.clone(), i.rubric.clone()));
    view! {
        <section class="hero">
            <p class="eyebrow">{lang.t_with("instrument-version", &[("version", head.1)])}</p>
            <h1>{head.0}</h1>
            <p class="muted">{lang.t_with("instrument-count", &[("count", total.to_string())])}</p>
        </section>
        <section class="card filters">
            <label for="indicator-search">{lang.t("instrument-search")}</label>
            <input
                id="indicator-search"
                type="search"
                placeholder=lang.t("instrument-search-placeholder")
                prop:value=query
                on:input=move |ev| set_query.set(event_target_value(&ev))
            />
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=critical_only
                    on:change=move |ev| set_critical_only.set(event_target_checked(&ev))
                />
                {lang.t("instrument-critical-only")}
            </label>
            <p class="muted" data-testid="shown-count" aria-live="polite">
                {move || {
                    lang.t_with("instrument-shown", &[("shown", shown().to_string()), ("total", total.to_string())])
                }}
            </p>
        </section>
        <details class="card rubric">
            <summary>{lang.t("instrument-rubric")}</summary>
            <ol class="levels" start="0">
                {head
                    .2
                    .into_iter()
                    .map(|r| {
                        view! {
                            <li>
                                <strong>{format!("{} · {}", r.level, r.label)}</strong>
                                <p>{r.descriptor}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </details>
        {instrument
            .with_value(|i| i.components.clone())
            .into_iter()
            .map(|component| {
                let count = component.indicators.len();
                view! {
                    <details class="card component" prop:open=filtering>
                        <summary>
                            <span class="component-code">{component.code.clone()}</span>
                            <span class="component-name">{component.name.clone()}</span>
                            <span class="muted">
                                {lang
                                    .t_with(
                                        "instrument-component-meta",
                                        &[("weight", component.weight.to_string()), ("count", count.to_string())],
                                    )}
                            </span>
                        </summary>
                        <p class="muted">{component.description.clone()}</p>
                        <ul class="indicators">
                            {component
                                .indicators
                                .into_iter()
                                .map(|ind| view! { <IndicatorRow indicator=ind query critical_only /> })
                                .collect_view()}
                        </ul>
                    </details>
                }
            })
            .collect_view()}
    }
}

#[component]
fn IndicatorRow(indicator: Indicator, query: ReadSignal<String>, critical_only: ReadSignal<bool>) -> impl IntoView {
    let lang = use_lang();
    let hidden = {
        let ind = indicator.clone();
        move || !matches(&ind, &query.get(), critical_only.get())
    };
    let evidence =
        indicator.evidence.iter().map(|e| lang.t(&format!("evidence-{}", e.code()))).collect::<Vec<_>>().join(", ");
    let (code, critical) = (indicator.code.clone(), indicator.critical);
    view! {
        <li class="indicator" class:critical=critical hidden=hidden data-code=code>
            <div class="indicator-head">
                <span class="code">{indicator.code.clone()}</span>
                <span class="weight">
                    {lang.t_with("instrument-weight", &[("weight", indicator.weight.to_string())])}
                </span>
                {critical.then(|| view! { <span class="badge critical-badge">{lang.t("instrument-critical")}</span> })}
            </div>
            <p class="indicator-text">{indicator.text.clone()}</p>
            <p class="muted small">{indicator.aspect.clone()}</p>
            <Extra lang indicator evidence />
        </li>
    }
}

#[component]
fn Extra(lang: Lang, indicator: Indicator, evidence: String) -> impl IntoView {
    view! {
        <details class="indicator-more">
            <summary>{lang.t("instrument-details")}</summary>
            <p>
                <strong>{lang.t("instrument-guidance")}</strong>
                " "
                {indicator.guidance.clone()}
            </p>
            <p>
                <strong>{lang.t("instrument-evidence")}</strong>
                " "
                {evidence}
                " — "
                {indicator.evidence_hint.clone()}
            </p>
            {(!indicator.descriptors.is_empty())
                .then(|| {
                    view! {
                        <ol class="levels" start="0">
                            {indicator
                                .descriptors
                                .iter()
                                .enumerate()
                                .map(|(level, d)| {
                                    view! {
                                        <li>
                                            <strong>{level}</strong>
                                            " "
                                            {d.clone()}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    }
                })}
        </details>
    }
}
