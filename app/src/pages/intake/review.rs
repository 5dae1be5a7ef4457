//! One application as Dinsos checks it: every indicator with the institution's self-score,
//! narrative and evidence; a reason per indicator to return it; acceptance; assignment.

use crate::api::intake::{AcceptSubmission, AssignAssessors, intake_review, return_submission};
use crate::components::error_view::{Alert, ErrorAlert, ErrorView};
use crate::components::loading::Loading;
use crate::components::state_badge::StateBadge;
use crate::i18n::{Lang, use_lang};
use crate::model::ReviewView;
use domain::CycleState;
use leptos::form::ActionForm;
use leptos::prelude::*;

use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let accept = ServerAction::<AcceptSubmission>::new();
    let assign = ServerAction::<AssignAssessors>::new();
    let returned = RwSignal::new(0u32);
    let data = Resource::new(
        move || (id(), accept.version().get(), assign.version().get(), returned.get()),
        |(id, ..)| intake_review(id),
    );
    view! {
        <crate::components::page_title::PageTitle text=lang.t("intake-review-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Review v accept assign returned /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Review(
    v: ReviewView,
    accept: ServerAction<AcceptSubmission>,
    assign: ServerAction<AssignAssessors>,
    returned: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let reviewing = v.state == CycleState::Submitted;
    let reasons = RwSignal::new(BTreeMap::<String, String>::new());
    let count = move || reasons.with(|r| r.values().filter(|x| !x.trim().is_empty()).count());
    let return_error = RwSignal::new(None::<String>);
    let cycle_id = v.cycle_id.clone();
    let send_back = move |_| {
        let list: Vec<(String, String)> =
            reasons.get_untracked().into_iter().filter(|(_, r)| !r.trim().is_empty()).collect();
        let cycle_id = cycle_id.clone();
        leptos::task::spawn_local(async move {
            match return_submission(cycle_id, list).await {
                Ok(()) => {
                    return_error.set(None);
                    returned.update(|n| *n += 1);
                }
                Err(e) => return_error.set(Some(e.message_key().to_string())),
            }
        });
    };
    let accept_error = move || accept.value().get().and_then(|r| r.err());
    let complete = v.missing.is_empty();
    let cannot_accept = move || !complete || count() != 0;
    let accept_id = v.cycle_id.clone();
    let assign_view = v.clone();
    view! {
        <section class="hero">
            <p class="eyebrow">{lang.t("intake-review-title")}</p>
            <h1>{v.institution_name.clone()}</h1>
            <p>
                <StateBadge state=v.state />
                " "
                <span class="muted">{v.regency_name.clone()}</span>
                " · "
                {lang.t_with("intake-round", &[("round", v.round.to_string())])}
                " · "
                {lang.t_with("intake-days-waiting", &[("days", v.days_waiting.to_string())])}
            </p>
            <a class="btn btn-small" href=format!("/audit/{}", v.cycle_id)>
                {lang.t("audit-open")}
            </a>
        </section>
        {(!complete)
            .then(|| {
                view! {
                    <section class="card tone-warn" data-testid="intake-missing">
                        <h2>{lang.t_with("intake-missing", &[("count", v.missing.len().to_string())])}</h2>
                        <p>
                            <CodeLinks codes=v.missing.iter().map(|m| m.code.clone()).collect() />
                        </p>
                    </section>
                }
            })}
        {(!v.changed.is_empty())
            .then(|| {
                view! {
                    <section class="card">
                        <h2>{lang.t("intake-changed")}</h2>
                        <p data-testid="intake-changed">
                            <CodeLinks codes=v.changed.clone() />
                        </p>
                    </section>
                }
            })}
        {reviewing
            .then(|| {
                view! {
                    <section class="card action-bar" aria-label=lang.t("intake-decision")>
                        <p class="muted">{lang.t("intake-decision-hint")}</p>
                        <ErrorAlert error=Signal::derive(accept_error) />
                        <Alert text=Signal::derive(move || return_error.get().map(|k| lang.t(&k))) />
                        <div class="actions">
                            <ActionForm action=accept>
                                <input type="hidden" name="cycle_id" value=accept_id.clone() />
                                <button type="submit" class="btn btn-primary" disabled=cannot_accept>
                                    {lang.t("intake-accept")}
                                </button>
                            </ActionForm>
                            <button
                                type="button"
                                class="btn btn-danger"
                                disabled=move || count() == 0
                                on:click=send_back.clone()
                            >
                                {move || lang.t_with("intake-return", &[("count", count().to_string())])}
                            </button>
                        </div>
                    </section>
                }
            })}
        {(v.state == CycleState::Accepted).then(|| view! { <AssignForm v=assign_view.clone() assign /> })}
        {(!v.assigned.is_empty())
            .then(|| {
                view! {
                    <section class="card" data-testid="assigned">
                        <h2>{lang.t("intake-assigned")}</h2>
                        <ul class="rows">
                            {v
                                .assigned
                                .iter()
                                .map(|(name, duty)| {
                                    view! {
                                        <li>
                                            <span>{name.clone()}</span>
                                            <span class="muted">{lang.t(&format!("duty-{duty}"))}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        {v
                            .visit_on
                            .clone()
                            .map(|d| view! { <p>{lang.t_with("home-visit-on", &[("date", lang.date(&d))])}</p> })}
                    </section>
                }
            })}
        <Indicators v reviewing reasons lang />
    }
    .into_any()
}

/// Indicator codes, each a link to where this page shows the indicator (`id` = its code;
/// the dots in a code are fine in an id and in a fragment).
#[component]
fn CodeLinks(codes: Vec<String>) -> impl IntoView {
    codes
        .into_iter()
        .enumerate()
        .map(|(k, code)| {
            let href = format!("#{code}");
            view! {
                {(k > 0).then_some(", ")}
                <a href=href>{code}</a>
            }
        })
        .collect_view()
}

#[component]
fn Indicators(
    v: ReviewView,
    reviewing: bool,
    reasons: RwSignal<BTreeMap<String, String>>,
    lang: Lang,
) -> impl IntoView {
    v.instrument
        .components
        .iter()
        .map(|c| {
            view! {
                <section class="card review-component">
                    <h2>{format!("{} · {}", c.code, c.name)}</h2>
                    {c
                        .indicators
                        .iter()
                        .map(|ind| {
                            let code = ind.code.clone();
                            let answer = v.answers.get(&code).cloned();
                            let files = v.evidence.get(&code).cloned().unwrap_or_default();
                            let previous = v.reasons.get(&code).cloned();
                            let changed = v.changed.contains(&code);
                            let open = RwSignal::new(false);
                            let code_for_input = code.clone();
                            view! {
                                <article
                                    class="review-row"
                                    id=code.clone()
                                    data-code=code.clone()
                                    class:critical=ind.critical
                                >
                                    <div class="review-head">
                                        <span class="code">{code.clone()}</span>
                                        {changed
                                            .then(|| {
                                                view! { <span class="badge">{lang.t("intake-changed-badge")}</span> }
                                            })}
                                        <span class="self-score">
                                            {match answer.as_ref().and_then(|a| a.self_score) {
                                                Some(s) => lang.t_with("intake-self-score", &[("score", s.to_string())]),
                                                None => lang.t("intake-no-score"),
                                            }}
                                        </span>
                                    </div>
                                    <p class="indicator-text">{ind.text.clone()}</p>
                                    {answer
                                        .as_ref()
                                        .filter(|a| !a.narrative.is_empty())
                                        .map(|a| view! { <p class="narrative">{a.narrative.clone()}</p> })}
                                    {(!files.is_empty())
                                        .then(|| {
                                            view! { <crate::components::thumbnails::Thumbnails files=files.clone() /> }
                                        })}
                                    {previous
                                        .map(|r| {
                                            view! {
                                                <p class="muted small">{lang.t("intake-previous-reason")} " " {r}</p>
                                            }
                                        })}
                                    {reviewing
                                        .then(|| {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="btn btn-small"
                                                    on:click=move |_| open.update(|o| *o = !*o)
                                                    aria-expanded=move || open.get().to_string()
                                                >
                                                    {lang.t("intake-ask-revision")}
                                                </button>
                                                <Show when=move || open.get()>
                                                    <label class="sr-only" for=format!("reason-{}", code_for_input)>
                                                        {lang.t("intake-reason")}
                                                    </label>
                                                    <textarea
                                                        id=format!("reason-{}", code_for_input)
                                                        rows="2"
                                                        placeholder=lang.t("intake-reason")
                                                        on:input={
                                                            let code = code_for_input.clone();
                                                            move |ev| {
                                                                let text = event_target_value(&ev);
                                                                reasons
                                                                    .update(|r| {
                                                                        r.insert(code.clone(), text);
                                                                    });
                                                            }
                                                        }
                                                    ></textarea>
                                                </Show>
                                            }
                                        })}
                                </article>
                            }
                        })
                        .collect_view()}
                </section>
            }
        })
        .collect_view()
}

#[component]
fn AssignForm(v: ReviewView, assign: ServerAction<AssignAssessors>) -> impl IntoView {
    let lang = use_lang();
    let error = move || assign.value().get().and_then(|r| r.err());
    let staff = v.staff.clone();
    let options = move |role_filter: bool| {
        staff
            .iter()
            .filter(|p| !role_filter || p.role == domain::Role::Supervisor)
            .map(|p| {
                let label = if p.conflict {
                    format!("{} — {}", p.full_name, lang.t("intake-conflict"))
                } else {
                    p.full_name.clone()
                };
                view! {
                    <option value=p.id.clone() disabled=p.conflict>
                        {label}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" aria-labelledby="assign-title">
            <h2 id="assign-title">{lang.t("intake-assign-title")}</h2>
            <p class="muted">{lang.t("intake-assign-hint")}</p>
            <ErrorAlert error=Signal::derive(error) />
            <ActionForm action=assign attr:class="form-grid">
                <input type="hidden" name="cycle_id" value=v.cycle_id.clone() />
                <label>
                    {lang.t("intake-lead")} <select name="lead" required>
                        <option value="">{lang.t("intake-choose")}</option>
                        {options(false)}
                    </select>
                </label>
                <label>
                    {lang.t("intake-second")} <select name="second" required>
                        <option value="">{lang.t("intake-choose")}</option>
                        {options(false)}
                    </select>
                </label>
                <label>
                    {lang.t("intake-supervisor")} <select name="supervisor">
                        <option value="">{lang.t("intake-no-supervisor")}</option>
                        {options(true)}
                    </select>
                </label>
                <label>{lang.t("intake-visit-date")} <input type="date" name="visit_on" required /></label>
                <button type="submit" class="btn btn-primary">
                    {lang.t("intake-assign")}
                </button>
            </ActionForm>
        </section>
    }
}
