//! What is still missing, the self-score estimate, and the submit button.

use crate::api::self_assessment::{SubmitResult, SubmitSelfAssessment};
use crate::i18n::{Lang, use_lang};
use crate::model::SelfAssessmentView;
use domain::Finding;
use domain::scoring::pct;
use domain::self_assessment::Gap;
use leptos::form::ActionForm;
use leptos::prelude::*;

pub fn finding_text(lang: Lang, f: &Finding) -> String {
    match f {
        Finding::Band { grade, total_hundredths, threshold_hundredths: Some(t) } => lang.t_with(
            "finding-band",
            &[("total", pct(*total_hundredths)), ("grade", grade.code().into()), ("threshold", pct(*t))],
        ),
        Finding::Band { total_hundredths, .. } => lang.t_with("finding-below", &[("total", pct(*total_hundredths))]),
        Finding::CriticalZero { indicators, cap } => {
            lang.t_with("finding-critical", &[("codes", indicators.join(", ")), ("grade", cap.code().into())])
        }
        Finding::ComponentBelowFloor { component, percent_hundredths, floor_hundredths, cap } => lang.t_with(
            "finding-floor",
            &[
                ("component", component.clone()),
                ("percent", pct(*percent_hundredths)),
                ("floor", pct(*floor_hundredths)),
                ("grade", cap.code().into()),
            ],
        ),
    }
}

fn gap_key(g: Gap) -> &'static str {
    match g {
        Gap::NoSelfScore => "gap-no-score",
        Gap::NoEvidence => "gap-no-evidence",
        Gap::NoPhoto => "gap-no-photo",
    }
}

fn component_of(code: &str) -> &str {
    code.split('.').next().unwrap_or(code)
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
            {lang.t_with(total_key, &[("total", pct(e.total_hundredths)), ("grade", e.grade.code().into())])}
        </p>
        <ul class="rows">
            {e.components.iter().map(|c| view! { <li><span>{format!("{} {}", c.code, c.name)}</span><strong>{pct(c.percent_hundredths)}</strong></li> }).collect_view()}
        </ul>
        <ul class="findings">
            {e.findings.iter().map(|f| view! { <li>{finding_text(lang, f)}</li> }).collect_view()}
        </ul>
    }
}

#[component]
pub fn Summary(view: StoredValue<SelfAssessmentView>, submit: ServerAction<SubmitSelfAssessment>) -> impl IntoView {
    let lang = use_lang();
    let (missing, preview, editable, cycle_id) = view.with_value(|v| {
        (
            v.missing.clone(),
            v.preview.clone(),
            v.editable != domain::self_assessment::Editable::Nothing,
            v.cycle_id.clone(),
        )
    });
    let result = move || {
        match submit.value().get() {
        Some(Ok(SubmitResult::Submitted { .. })) => Some(view! { <p class="notice" role="status">{lang.t("assessment-submitted")}</p> }.into_any()),
        Some(Ok(SubmitResult::Incomplete(m))) => Some(
            view! { <p class="alert" role="alert">{lang.t_with("assessment-incomplete", &[("count", m.len().to_string())])}</p> }.into_any(),
        ),
        Some(Err(e)) => Some(view! { <p class="alert" role="alert">{lang.t(e.message_key())}</p> }.into_any()),
        None => None,
    }
    };
    let missing_count = missing.len();
    view! {
        <section class="card" aria-labelledby="missing-title">
            <h2 id="missing-title">
                {if missing.is_empty() { lang.t("assessment-complete") } else { lang.t_with("assessment-missing", &[("count", missing_count.to_string())]) }}
            </h2>
            <ul class="rows missing-list" data-testid="missing-list">
                {missing
                    .into_iter()
                    .take(50)
                    .map(|m| {
                        let gaps = m.gaps.iter().map(|g| lang.t(gap_key(*g))).collect::<Vec<_>>().join(", ");
                        view! {
                            <li>
                                <a href=format!("/self-assessment?c={}#{}", component_of(&m.code), m.code)>{m.code.clone()}</a>
                                <span>{gaps}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(missing_count > 50).then(|| view! { <p class="muted">{lang.t_with("assessment-more-missing", &[("count", (missing_count - 50).to_string())])}</p> })}
        </section>
        <section class="card" aria-labelledby="preview-title">
            <h2 id="preview-title">{lang.t("assessment-preview")}</h2>
            <p class="muted">{lang.t("assessment-preview-note")}</p>
            {match preview {
                Some(e) => view! { <EvaluationView evaluation=e total_key="assessment-preview-total" testid="preview-total" /> }.into_any(),
                None => view! { <p>{lang.t("assessment-preview-pending")}</p> }.into_any(),
            }}
        </section>
        {editable
            .then(|| {
                view! {
                    <section class="card submit-panel">
                        {result}
                        <ActionForm action=submit>
                            <input type="hidden" name="cycle_id" value=cycle_id.clone() />
                            <button type="submit" class="btn btn-primary btn-block">{lang.t("assessment-submit")}</button>
                        </ActionForm>
                    </section>
                }
            })}
    }
}
