use crate::components::state_badge::StateBadge;
use crate::i18n::use_lang;
use crate::model::AssignmentView;
use domain::CycleState;
use leptos::prelude::*;

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
        <ul class="assignments">
            {assignments
                .into_iter()
                .map(|a| {
                    let visit = a
                        .visit_on
                        .clone()
                        .map(|d| lang.t_with("home-visit-on", &[("date", lang.date(&d))]))
                        .unwrap_or_else(|| lang.t("home-visit-unscheduled"));
                    let link = match a.state {
                        CycleState::Visited | CycleState::Reconciled if a.reconciles => {
                            Some((format!("/reconcile/{}", a.cycle_id), "home-open-reconcile"))
                        }
                        _ if a.duty == "assessor" => Some((format!("/visits/{}", a.cycle_id), "home-open-visit")),
                        _ => None,
                    };
                    view! {
                        <li class="card assignment">
                            <div>
                                <h2>{a.institution_name.clone()}</h2>
                                {link
                                    .map(|(href, key)| {
                                        view! {
                                            <a class="btn btn-small" href=href>
                                                {lang.t(key)}
                                            </a>
                                        }
                                    })}
                                <p class="muted">{a.regency_name.clone()}</p>
                            </div>
                            <div class="assignment-meta">
                                <strong>{visit}</strong>
                                <span>{lang.t(&format!("duty-{}", a.duty))}</span>
                                <StateBadge state=a.state />
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
