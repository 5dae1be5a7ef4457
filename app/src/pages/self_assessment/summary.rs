//! What is still missing, the self-score estimate, and the submit button.

use crate::api::self_assessment::{SubmitResult, SubmitSelfAssessment};
use crate::components::error_view::{AlertText, StatusText};
use crate::components::evaluation::EvaluationView;
use crate::i18n::use_lang;
use crate::model::SelfAssessmentView;
use domain::self_assessment::Gap;
use leptos::form::ActionForm;
use leptos::prelude::*;

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

#[component]
pub fn Summary(view: StoredValue<SelfAssessmentView>, submit: ServerAction<SubmitSelfAssessment>) -> impl IntoView {
    let lang = use_lang();
    let (missing, missing_count, preview, editable, cycle_id) = view.with_value(|v| {
        (
            v.missing.clone(),
            v.missing_total,
            v.preview.clone(),
            v.editable != domain::self_assessment::Editable::Nothing,
            v.cycle_id.clone(),
        )
    });
    let result = move || match submit.value().get() {
        Some(Ok(SubmitResult::Submitted { .. })) => {
            Some(view! { <StatusText text=lang.t("assessment-submitted") /> }.into_any())
        }
        Some(Ok(SubmitResult::Incomplete(m))) => Some(
            view! { <AlertText text=lang.t_with("assessment-incomplete", &[("count", m.len().to_string())]) /> }
                .into_any(),
        ),
        Some(Err(e)) => Some(view! { <AlertText text=lang.t(e.message_key()) /> }.into_any()),
        None => None,
    };
    view! {
        <section class="card" aria-labelledby="missing-title">
            <h2 id="missing-title">
                {if missing.is_empty() {
                    lang.t("assessment-complete")
                } else {
                    lang.t_with("assessment-missing", &[("count", missing_count.to_string())])
                }}
            </h2>
            <ul class="rows missing-list" data-testid="missing-list">
                {missing
                    .into_iter()
                    .take(crate::model::MISSING_SHOWN)
                    .map(|m| {
                        let gaps = m.gaps.iter().map(|g| lang.t(gap_key(*g))).collect::<Vec<_>>().join(", ");
                        view! {
                            <li>
                                <a href=format!(
                                    "/self-assessment?c={}#{}",
                                    component_of(&m.code),
                                    m.code,
                                )>{m.code.clone()}</a>
                                <span>{gaps}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(missing_count > crate::model::MISSING_SHOWN)
                .then(|| {
                    view! {
                        <p class="muted">
                            {lang
                                .t_with(
                                    "assessment-more-missing",
                                    &[("count", (missing_count - crate::model::MISSING_SHOWN).to_string())],
                                )}
                        </p>
                    }
                })}
        </section>
        <section class="card" aria-labelledby="preview-title">
            <h2 id="preview-title">{lang.t("assessment-preview")}</h2>
            <p class="muted">{lang.t("assessment-preview-note")}</p>
            {match preview {
                Some(e) => {
                    view! {
                        <EvaluationView evaluation=e total_key="assessment-preview-total" testid="preview-total" />
                    }
                        .into_any()
                }
                None => view! { <p>{lang.t("assessment-preview-pending")}</p> }.into_any(),
            }}
        </section>
        {editable
            .then(|| {
                view! {
                    <section class="card submit-panel">
                        {result} <ActionForm action=submit>
                            <input type="hidden" name="cycle_id" value=cycle_id.clone() />
                            <button type="submit" class="btn btn-primary btn-block">
                                {lang.t("assessment-submit")}
                            </button>
                        </ActionForm>
                    </section>
                }
            })}
    }
}
