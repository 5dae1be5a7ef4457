//! An evaluation with its grade, components and findings, as the self-assessment preview, the
//! reconciliation and the decision show it.

use crate::i18n::{Lang, use_lang};
use domain::Finding;
use leptos::prelude::*;

pub fn finding_text(lang: Lang, f: &Finding) -> String {
    match f {
        Finding::Band { grade, total_hundredths, threshold_hundredths: Some(t) } => lang.t_with(
            "finding-band",
            &[
                ("total", lang.percent(*total_hundredths)),
                ("grade", grade.code().into()),
                ("threshold", lang.percent(*t)),
            ],
        ),
        Finding::Band { total_hundredths, .. } => {
            lang.t_with("finding-below", &[("total", lang.percent(*total_hundredths))])
        }
        Finding::CriticalZero { indicators, cap } => {
            lang.t_with("finding-critical", &[("codes", indicators.join(", ")), ("grade", cap.code().into())])
        }
        Finding::ComponentBelowFloor { component, percent_hundredths, floor_hundredths, cap } => lang.t_with(
            "finding-floor",
            &[
                ("component", component.clone()),
                ("percent", lang.percent(*percent_hundredths)),
                ("floor", lang.percent(*floor_hundredths)),
                ("grade", cap.code().into()),
            ],
        ),
    }
}

/// An evaluation: the total with its grade, each component's percentage, and why.
#[component]
pub fn EvaluationView(
    evaluation: domain::Evaluation,
    #[prop(default = "reconcile-total")] total_key: &'static str,
    #[prop(default = "result-total")] testid: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let e = evaluation;
    view! {
        <p class="preview-total" data-testid=testid>
            {lang.t_with(total_key, &[("total", lang.percent(e.total_hundredths)), ("grade", e.grade.code().into())])}
        </p>
        <ul class="rows">
            {e
                .components
                .iter()
                .map(|c| {
                    view! {
                        <li>
                            <span>{format!("{} {}", c.code, c.name)}</span>
                            <strong>{lang.percent(c.percent_hundredths)}</strong>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <ul class="findings">{e.findings.iter().map(|f| view! { <li>{finding_text(lang, f)}</li> }).collect_view()}</ul>
    }
}
