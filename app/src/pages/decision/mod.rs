//! The decision on a cycle: the reconciled result for the officer with approval rights (approve,
//! reject with reasons, send back), the certificate once accredited, and the appeal: filed by
//! the institution within the window, decided by another officer.

mod forms;

use crate::api::appeal::{FileAppeal, ResolveAppeal};
use crate::api::decision::{Decide, decision_page};
use crate::components::error_view::ErrorView;
use crate::components::evaluation::EvaluationView;
use crate::components::gap_table::{GapHead, GapRow};
use crate::components::loading::Loading;
use crate::components::state_badge::StateBadge;
use crate::i18n::use_lang;
use crate::model::DecisionView;
use crate::pages::appeal::{AppealCard, AppealFiles, AppealForm, ResolveForm};
use crate::pages::certificate::CertificateCard;
use forms::{DecideForms, Reaccredit};
use leptos::prelude::*;

use leptos_router::hooks::use_params_map;

#[component]
pub fn DecisionPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let decide = ServerAction::<Decide>::new();
    let appeal = ServerAction::<FileAppeal>::new();
    let resolve = ServerAction::<ResolveAppeal>::new();
    let data = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                decide.version().get(),
                appeal.version().get(),
                resolve.version().get(),
            )
        },
        |(id, ..)| decision_page(id),
    );
    view! {
        <crate::components::page_title::PageTitle text=lang.t("decision-title") />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Decision v decide appeal resolve /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Decision(
    v: DecisionView,
    decide: ServerAction<Decide>,
    appeal: ServerAction<FileAppeal>,
    resolve: ServerAction<ResolveAppeal>,
) -> impl IntoView {
    let lang = use_lang();
    let recommended = v.result.as_ref().map(|e| e.grade.code().to_string());
    let id = v.cycle_id.clone();
    let appeal_until = v.appeal_until.clone().unwrap_or_default();
    view! {
        <section class="hero">
            <p class="eyebrow">{lang.t("decision-title")}</p>
            <h1>{v.institution_name.clone()}</h1>
            <p>
                <StateBadge state=v.state />
                " "
                <span class="muted">{v.regency_name.clone()}</span>
            </p>
        </section>
        {v.certificate.clone().map(|c| view! { <CertificateCard c cycle_id=id.clone() /> })}
        {v
            .blocked
            .clone()
            .map(|k| {
                view! {
                    <p class="card tone-warn" data-testid="decision-blocked">
                        {lang.t(&k)}
                    </p>
                }
            })}
        {v
            .result
            .clone()
            .map(|e| {
                view! {
                    <section class="card">
                        <h2>{lang.t("decision-result")}</h2>
                        <EvaluationView evaluation=e />
                    </section>
                }
            })}
        <Comparison rows=v.comparison.clone() />
        {v.can_decide.then(|| view! { <DecideForms cycle_id=id.clone() recommended=recommended.clone() decide /> })}
        {v.appeal.clone().map(|a| view! { <AppealCard a /> })}
        {(!v.appeal_files.is_empty() || v.can_add_appeal_files)
            .then(|| {
                view! {
                    <AppealFiles cycle_id=id.clone() files=v.appeal_files.clone() can_add=v.can_add_appeal_files />
                }
            })}
        {v.can_appeal.then(|| view! { <AppealForm cycle_id=id.clone() until=appeal_until.clone() appeal /> })}
        {v.can_resolve.then(|| view! { <ResolveForm cycle_id=id.clone() resolve /> })}
        {v.can_reaccredit.then(|| view! { <Reaccredit /> })}
        {v
            .can_audit
            .then(|| {
                view! {
                    <p>
                        <a class="btn" href=format!("/audit/{}", id)>
                            {lang.t("audit-open")}
                        </a>
                    </p>
                }
            })}
        {(!v.history.is_empty())
            .then(|| {
                view! {
                    <section class="card">
                        <h2>{lang.t("decision-history")}</h2>
                        <ul class="rows" data-testid="decision-history">
                            {v
                                .history
                                .iter()
                                .map(|d| {
                                    view! {
                                        <li>
                                            <span>
                                                {lang.t(&format!("decision-kind-{}", d.kind.replace('_', "-")))} " "
                                                {d.grade.clone().unwrap_or_default()}
                                            </span>
                                            <span class="muted">
                                                {lang.date(&d.decided_on)} " " {d.reasons.clone()}
                                            </span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
    }
    .into_any()
}

/// The self-assessment beside the reconciled result, per component.
#[component]
fn Comparison(rows: Vec<(String, String, Option<i64>, Option<i64>)>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card">
            <h2>{lang.t("decision-comparison")}</h2>
            <table class="compare">
                <GapHead first="reconcile-indicator" />
                <tbody>
                    {rows
                        .iter()
                        .map(|(code, name, own, fin)| {
                            let gap = match (own, fin) {
                                (Some(a), Some(b)) => lang.percent(a - b),
                                _ => "–".into(),
                            };
                            view! {
                                <GapRow
                                    label=format!("{code} {name}")
                                    own=own.map(|h| lang.percent(h)).unwrap_or_else(|| "–".into())
                                    fin=fin.map(|h| lang.percent(h)).unwrap_or_else(|| "–".into())
                                    gap
                                />
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
