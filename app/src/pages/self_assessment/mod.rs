//! The self-assessment: navigation by component with progress, indicator cards with
//! autosave, what is still missing, the self-score estimate, and submission.

mod card;
mod evidence;
mod migration;
mod save_bar;
mod summary;

use crate::api::self_assessment::{StartSelfAssessment, SubmitSelfAssessment, self_assessment};
use crate::components::error_view::{ErrorAlert, ErrorView};
use crate::components::loading::Loading;
use crate::components::state_badge::StateBadge;
use crate::device::answer_queue::AnswerQueue;
use crate::device::events;
use crate::device::storage::Local;
use crate::i18n::use_lang;
use crate::model::SelfAssessmentView;
use card::{IndicatorCard, Level, RubricLegend, SaveBoard};
use leptos::form::ActionForm;
use leptos::prelude::*;

use leptos_router::hooks::use_query_map;

#[component]
pub fn SelfAssessmentPage() -> impl IntoView {
    let lang = use_lang();
    let start = ServerAction::<StartSelfAssessment>::new();
    let submit = ServerAction::<SubmitSelfAssessment>::new();
    let query = use_query_map();
    // One component at a time: choosing another tab asks the server for that one.
    let data = Resource::new(
        move || (start.version().get(), submit.version().get(), query.read().get("c")),
        |(_, _, component)| self_assessment(component),
    );
    view! {
        <crate::components::page_title::PageTitle text=lang.t("assessment-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Assessment view=v submit /> }.into_any(),
                    Ok(None) => view! { <Start start /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Start(start: ServerAction<StartSelfAssessment>) -> impl IntoView {
    let lang = use_lang();
    let error = move || start.value().get().and_then(|r| r.err());
    view! {
        <section class="card">
            <h1>{lang.t("assessment-title")}</h1>
            <p>{lang.t("assessment-start-intro")}</p>
            <ErrorAlert error=Signal::derive(error) />
            <ActionForm action=start>
                <button type="submit" class="btn btn-primary">
                    {lang.t("assessment-start")}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Assessment(view: SelfAssessmentView, submit: ServerAction<SubmitSelfAssessment>) -> impl IntoView {
    let lang = use_lang();
    let v = view;
    // The component the server sent the indicators of.
    let shown = v.instrument.components.iter().find(|c| !c.indicators.is_empty()).map(|c| c.code.clone());
    let selected = move || shown.clone().unwrap_or_default();
    let levels: Vec<Level> = v
        .instrument
        .rubric
        .iter()
        .map(|r| Level { level: r.level, label: r.label.clone(), descriptor: r.descriptor.clone() })
        .collect();
    let v = StoredValue::new(v);
    let cycle_id = v.with_value(|v| v.cycle_id.clone());
    let answered: usize = v.with_value(|v| v.progress.iter().map(|p| p.answered).sum());
    let total = v.with_value(|v| v.total);
    let state = v.with_value(|v| v.state);

    // After hydration: this component's page and its files are kept for a reload without signal.
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            let _ = crate::device::offline::keep_this_page().await;
        })
    });
    let board = SaveBoard(RwSignal::new(Default::default()));
    provide_context(board);
    let editing = matches!(state, domain::CycleState::Draft | domain::CycleState::Returned);
    // Leaving with edits only on this device asks first.
    let queue = AnswerQueue::new(Local, &cycle_id);
    events::on_window_preventable("beforeunload", move |ev| {
        if !crate::components::sign_out::signing_out() && !queue.load().is_empty() {
            ev.prevent_default();
        }
    });

    view! {
        <section class="hero">
            <p class="eyebrow">
                {lang.t_with("home-instrument-version", &[("version", v.with_value(|v| v.instrument_version.clone()))])}
            </p>
            <h1>{lang.t("assessment-title")}</h1>
            <p>
                <StateBadge state />
                " "
                <span data-testid="overall-progress">
                    {lang
                        .t_with(
                            "assessment-progress",
                            &[("answered", answered.to_string()), ("total", total.to_string())],
                        )}
                </span>
            </p>
        </section>
        <nav class="component-tabs" aria-label=lang.t("assessment-components")>
            {v
                .with_value(|v| {
                    v.progress
                        .iter()
                        .map(|p| {
                            let code = p.code.clone();
                            let name = v
                                .instrument
                                .components
                                .iter()
                                .find(|c| c.code == p.code)
                                .map(|c| c.name.clone())
                                .unwrap_or_default();
                            let is_selected = {
                                let code = code.clone();
                                let selected = selected.clone();
                                move || selected() == code
                            };
                            view! {
                                <a
                                    href=format!("/self-assessment?c={code}")
                                    class="component-tab"
                                    class:selected=is_selected.clone()
                                    aria-current=move || is_selected().then_some("page")
                                >
                                    <strong>{code.clone()}</strong>
                                    <span class="tab-name">{name}</span>
                                    <span class="tab-progress">{format!("{}/{}", p.answered, p.total)}</span>
                                    {(p.evidence_missing > 0)
                                        .then(|| {
                                            view! {
                                                <span class="tab-missing">
                                                    {lang
                                                        .t_with(
                                                            "assessment-evidence-missing",
                                                            &[("count", p.evidence_missing.to_string())],
                                                        )}
                                                </span>
                                            }
                                        })}
                                </a>
                            }
                        })
                        .collect_view()
                })}
        </nav>
        {v
            .with_value(|v| v.migration.clone())
            .map(|notice| view! { <migration::MigrationBanner notice levels=levels.clone() /> })}
        <RubricLegend levels=levels.clone() />
        {move || {
            let code = selected();
            v.with_value(|v| {
                let component = v.instrument.components.iter().find(|c| c.code == code).cloned();
                component
                    .map(|c| {
                        c.indicators
                            .into_iter()
                            .map(|ind| {
                                let editable = v.editable.allows(&ind.code);
                                let changed_in = v
                                    .migration
                                    .as_ref()
                                    .filter(|m| m.marks(&ind.code))
                                    .map(|m| m.to_version.clone());
                                view! {
                                    <IndicatorCard
                                        cycle_id=v.cycle_id.clone()
                                        answer=v.answers.get(&ind.code).cloned()
                                        evidence=v.evidence.get(&ind.code).cloned().unwrap_or_default()
                                        reason=v.reasons.get(&ind.code).cloned()
                                        editable
                                        changed_in
                                        levels=levels.clone()
                                        indicator=ind
                                    />
                                }
                            })
                            .collect_view()
                    })
            })
        }}
        <summary::Summary view=v submit />
        {editing.then(|| view! { <save_bar::SaveBar board /> })}
    }
}
