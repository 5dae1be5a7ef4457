use crate::components::state_badge::StateBadge;
use crate::i18n::use_lang;
use crate::model::AssignmentView;
use domain::CycleState;
use leptos::prelude::*;

/// The assessor's or supervisor's work list: visits still waiting for them first (as the server
/// orders them), then finished ones, muted, with a link to look back rather than to work.
#[component]
pub fn AssessorHome(assignments: Vec<AssignmentView>) -> impl IntoView {
    let lang = use_lang();
    let empty = assignments.is_empty();
    view! {
        <section class="hero">
            <p class="eyebrow">{lang.t("home-assessor-eyebrow")}</p>
            <h1>{lang.t_with("home-assessor-count", &[("count", assignments.len().to_string())])}</h1>
        </section>
        {empty.then(|| view! { <p class="card">{lang.t("home-assessor-none")}</p> })}
        <ul class="assignments">{assignments.into_iter().map(|a| view! { <Assignment a /> }).collect_view()}</ul>
    }
}

#[component]
fn Assignment(a: AssignmentView) -> impl IntoView {
    let lang = use_lang();
    let visit = a
        .visit_on
        .clone()
        .map(|d| lang.t_with("home-visit-on", &[("date", lang.date(&d))]))
        .unwrap_or_else(|| lang.t("home-visit-unscheduled"));
    let waiting = a.waiting();
    let open = a.visit_open();
    let assessor = a.duty == "assessor";
    // (address, label, shown as a button: work to do)
    let link = match a.state {
        CycleState::Visited | CycleState::Reconciled if a.reconciles => {
            Some((format!("/reconcile/{}", a.cycle_id), "home-open-reconcile", true))
        }
        _ if assessor && open => Some((format!("/visits/{}", a.cycle_id), "home-open-visit", true)),
        _ if assessor => Some((format!("/visits/{}", a.cycle_id), "home-view-my-scores", false)),
        _ => None,
    };
    let progress = (assessor && open).then(|| {
        lang.t_with(
            "home-visit-progress",
            &[("scored", lang.count(a.scored)), ("total", lang.count(a.indicator_count))],
        )
    });
    view! {
        <li class="card assignment" class:muted=!waiting data-testid="assignment" data-waiting=waiting.to_string()>
            <div>
                <h2>{a.institution_name.clone()}</h2>
                {link
                    .map(|(href, key, button)| {
                        view! {
                            <a class=button.then_some("btn btn-small") href=href>
                                {lang.t(key)}
                            </a>
                        }
                    })}
                <p class="muted">{a.regency_name.clone()}</p>
                {progress
                    .map(|text| {
                        view! {
                            <p class="small" data-testid="visit-progress">
                                {text}
                            </p>
                        }
                    })}
                {(a.submitted && assessor).then(|| view! { <p class="small">{lang.t("home-visit-submitted")}</p> })}
            </div>
            <div class="assignment-meta">
                <strong>{visit}</strong>
                <span>{lang.t(&format!("duty-{}", a.duty))}</span>
                <StateBadge state=a.state />
            </div>
        </li>
    }
}
