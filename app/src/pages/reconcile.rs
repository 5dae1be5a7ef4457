//! The reconciler sets one final score per indicator from the two assessors' scores, beside
//! the institution's self-score; gaps of two levels or more are highlighted, and a final score
//! that agrees with neither assessor needs a reason. The engine then gives the recommended grade.

use crate::api::reconcile::{reconciliation, save_reconciliation};
use crate::components::error_view::{Alert, ErrorView};
use crate::components::evaluation::EvaluationView;
use crate::components::loading::Loading;
use crate::components::state_badge::StateBadge;
use crate::i18n::use_lang;
use crate::model::{ReconcileRowView, ReconcileView};
use domain::reconcile::FinalScore;
use domain::{Evaluation, Score};
use leptos::prelude::*;

use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;

#[component]
pub fn ReconcilePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, reconciliation);
    view! {
        <crate::components::page_title::PageTitle text=lang.t("reconcile-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Reconcile v /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn differs(row: &ReconcileRowView, score: Option<Score>) -> bool {
    score.is_some() && score != row.first && score != row.second
}

#[component]
fn Reconcile(v: ReconcileView) -> impl IntoView {
    let lang = use_lang();
    let finals = RwSignal::new(v.rows.iter().map(|r| (r.code.clone(), r.final_score)).collect::<BTreeMap<_, _>>());
    let reasons = RwSignal::new(v.rows.iter().map(|r| (r.code.clone(), r.reason.clone())).collect::<BTreeMap<_, _>>());
    let only_gaps = RwSignal::new(false);
    let result = RwSignal::new(v.result.clone());
    let error = RwSignal::new(None::<String>);
    let editable = RwSignal::new(v.editable);
    let rows = StoredValue::new(v.rows.clone());
    let open = move || {
        rows.with_value(|rows| {
            finals.with(|f| {
                reasons.with(|r| {
                    rows.iter()
                        .filter(|row| {
                            let score = f.get(&row.code).copied().flatten();
                            score.is_none()
                                || differs(row, score) && r.get(&row.code).is_none_or(|x| x.trim().is_empty())
                        })
                        .count()
                })
            })
        })
    };
    let gaps = v.rows.iter().filter(|r| domain::reconcile::large_gap(r.first, r.second)).count();
    let cycle_id = v.cycle_id.clone();
    let save = move |_| {
        let list: Vec<FinalScore> = rows.with_value(|rows| {
            finals.with_untracked(|f| {
                reasons.with_untracked(|r| {
                    rows.iter()
                        .filter_map(|row| {
                            let score = f.get(&row.code).copied().flatten()?;
                            Some(FinalScore {
                                code: row.code.clone(),
                                score,
                                reason: r.get(&row.code).cloned().unwrap_or_default(),
                            })
                        })
                        .collect()
                })
            })
        });
        let cycle_id = cycle_id.clone();
        leptos::task::spawn_local(async move {
            match save_reconciliation(cycle_id, list).await {
                Ok(e) => {
                    result.set(Some(e));
                    editable.set(false);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.message_key().to_string())),
            }
        });
    };
    let levels = v.levels.clone();
    // Whose score and note each column is; a name the page cannot find reads "Assessor 1" / "2".
    let names = {
        let mut n = 0;
        v.assessor_names.clone().map(|name| {
            n += 1;
            if name.trim().is_empty() { lang.t_with("reconcile-assessor-n", &[("n", n.to_string())]) } else { name }
        })
    };
    let cannot_save = move || !editable.get() || open() != 0;
    view! {
        <section class="hero">
            <p class="eyebrow">{lang.t("reconcile-title")}</p>
            <h1>{v.institution_name.clone()}</h1>
            <p>
                <StateBadge state=v.state />
                " "
                {lang.t_with("reconcile-gaps", &[("count", gaps.to_string())])}
            </p>
        </section>
        {move || {
            result
                .get()
                .map(|e: Evaluation| {
                    view! {
                        <section class="card" data-testid="reconcile-result">
                            <h2>{lang.t("reconcile-result")}</h2>
                            <EvaluationView evaluation=e />
                        </section>
                    }
                })
        }}
        <div class="visit-bar">
            <label class="toggle">
                <input type="checkbox" on:change=move |ev| only_gaps.set(event_target_checked(&ev)) />
                {lang.t("reconcile-only-gaps")}
            </label>
            <span class="sync-status" data-testid="reconcile-open">
                {move || lang.t_with("reconcile-open", &[("count", open().to_string())])}
            </span>
        </div>
        <div class="reconcile-head" aria-hidden="true">
            <span>{lang.t("reconcile-indicator")}</span>
            <span>{lang.t("visit-self")}</span>
            <span>{names[0].clone()}</span>
            <span>{names[1].clone()}</span>
            <span>{lang.t("reconcile-final")}</span>
        </div>
        <ul class="reconcile-list">
            {v
                .rows
                .iter()
                .map(|row| {
                    let row = row.clone();
                    let [first_name, second_name] = names.clone();
                    let code = row.code.clone();
                    let gap = domain::reconcile::large_gap(row.first, row.second);
                    let agree = row.first.is_some() && row.first == row.second;
                    let chosen = {
                        let code = code.clone();
                        move || finals.with(|f| f.get(&code).copied().flatten())
                    };
                    let needs_reason = {
                        let row = row.clone();
                        let chosen = chosen.clone();
                        move || differs(&row, chosen())
                    };
                    let hidden = move || only_gaps.get() && agree;
                    let code_reason = code.clone();
                    let show = |s: Option<Score>| s.map(|x| x.to_string()).unwrap_or_else(|| "–".into());
                    view! {
                        <li
                            class="reconcile-row"
                            class:gap=gap
                            class:hidden=hidden
                            data-code=code.clone()
                            data-testid="reconcile-row"
                        >
                            <div class="reconcile-indicator">
                                <span class="code">{code.clone()}</span>
                                <span class="small">{row.text.clone()}</span>
                            </div>
                            <span class="score-chip self">{show(row.self_score)}</span>
                            <span class="score-chip" title=row.first_note.clone() data-testid="first">
                                {show(row.first)}
                            </span>
                            <span class="score-chip" title=row.second_note.clone() data-testid="second">
                                {show(row.second)}
                            </span>
                            <div class="final-levels" role="group" aria-label=lang.t("reconcile-final")>
                                {levels
                                    .iter()
                                    .map(|(n, label)| {
                                        let n = *n;
                                        let code = code.clone();
                                        let chosen = chosen.clone();
                                        let is = move || chosen() == Some(n);
                                        view! {
                                            <button
                                                type="button"
                                                class="level-mini"
                                                class:selected=is.clone()
                                                aria-pressed=move || is().to_string()
                                                title=label.clone()
                                                disabled=move || !editable.get()
                                                on:click=move |_| {
                                                    finals
                                                        .update(|f| {
                                                            f.insert(code.clone(), Some(n));
                                                        })
                                                }
                                            >
                                                {n.value()}
                                            </button>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                            {(!row.first_note.is_empty() || !row.second_note.is_empty())
                                .then(|| {
                                    view! {
                                        <p class="reconcile-notes small muted">
                                            {(!row.first_note.is_empty())
                                                .then(|| {
                                                    view! {
                                                        <span data-testid="first-note">
                                                            <strong>{format!("{first_name}:")}</strong>
                                                            " "
                                                            {row.first_note.clone()}
                                                        </span>
                                                    }
                                                })}
                                            {(!row.first_note.is_empty() && !row.second_note.is_empty())
                                                .then_some(" · ")}
                                            {(!row.second_note.is_empty())
                                                .then(|| {
                                                    view! {
                                                        <span data-testid="second-note">
                                                            <strong>{format!("{second_name}:")}</strong>
                                                            " "
                                                            {row.second_note.clone()}
                                                        </span>
                                                    }
                                                })}
                                        </p>
                                    }
                                })}
                            <Show when=needs_reason.clone()>
                                <label class="reason">
                                    {lang.t("reconcile-reason")}
                                    <textarea
                                        rows="2"
                                        prop:value={
                                            let c = code_reason.clone();
                                            move || reasons.with(|r| r.get(&c).cloned().unwrap_or_default())
                                        }
                                        disabled=move || !editable.get()
                                        on:input={
                                            let c = code_reason.clone();
                                            move |ev| {
                                                let t = event_target_value(&ev);
                                                reasons
                                                    .update(|r| {
                                                        r.insert(c.clone(), t);
                                                    });
                                            }
                                        }
                                    ></textarea>
                                </label>
                            </Show>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <section class="card submit-card">
            <Alert text=Signal::derive(move || error.get().map(|k| lang.t(&k))) />
            <button type="button" class="btn btn-primary" disabled=cannot_save on:click=save>
                {lang.t("reconcile-save")}
            </button>
        </section>
    }
    .into_any()
}
