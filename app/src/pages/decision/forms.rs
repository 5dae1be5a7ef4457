//! The officer's decision forms (approve the recommended grade, reject with reasons, send back)
//! and the start of the next accreditation once a certificate has ended.

use crate::api::decision::Decide;
use crate::api::self_assessment::StartSelfAssessment;
use crate::components::error_view::ErrorAlert;
use crate::i18n::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
/// `recommended` is the reconciled grade; without one only sending back is offered, since the
/// server refuses to approve or reject a cycle that has no result.
pub fn DecideForms(cycle_id: String, recommended: Option<String>, decide: ServerAction<Decide>) -> impl IntoView {
    let lang = use_lang();
    let decide_error = move || decide.value().get().and_then(|r| r.err());
    let (id, id_reject, id_back) = (cycle_id.clone(), cycle_id.clone(), cycle_id);
    view! {
        <section class="card action-bar" aria-labelledby="decide-title">
            <h2 id="decide-title">{lang.t("decision-decide")}</h2>
            <ErrorAlert error=Signal::derive(decide_error) />
            {match recommended {
                Some(grade) => {
                    view! {
                        <ActionForm action=decide attr:class="form-grid">
                            <input type="hidden" name="cycle_id" value=id.clone() />
                            <input type="hidden" name="kind" value="approve" />
                            <label>
                                {lang.t("decision-reference")}
                                <input type="text" name="reference" required maxlength="60" autocomplete="off" />
                                <span class="muted small">{lang.t("decision-reference-hint")}</span>
                            </label>
                            <button type="submit" class="btn btn-primary">
                                {lang.t_with("decision-approve", &[("grade", grade)])}
                            </button>
                        </ActionForm>
                        <ReasonForm
                            decide
                            cycle_id=id_reject
                            kind="reject"
                            label="decision-reject-reasons"
                            button_class="btn btn-danger"
                            button="decision-reject"
                        />
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <p class="notice" data-testid="no-result">
                            {lang.t("decision-no-result")}
                        </p>
                    }
                        .into_any()
                }
            }}
            <ReasonForm
                decide
                cycle_id=id_back
                kind="send_back"
                label="decision-send-back-reason"
                button_class="btn"
                button="decision-send-back"
            />
        </section>
    }
}

/// A decision that needs its reasons written: `kind` is sent as the decision.
#[component]
fn ReasonForm(
    decide: ServerAction<Decide>,
    cycle_id: String,
    kind: &'static str,
    label: &'static str,
    button_class: &'static str,
    button: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ActionForm action=decide attr:class="form-grid">
            <input type="hidden" name="cycle_id" value=cycle_id />
            <input type="hidden" name="kind" value=kind />
            <label>{lang.t(label)} <textarea name="reasons" rows="2" required></textarea></label>
            <button type="submit" class=button_class>
                {lang.t(button)}
            </button>
        </ActionForm>
    }
}

/// Starts the next accreditation on the current instrument version, then opens it.
#[component]
pub fn Reaccredit() -> impl IntoView {
    let lang = use_lang();
    let start = ServerAction::<StartSelfAssessment>::new();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = start.value().get() {
            navigate("/self-assessment", Default::default());
        }
    });
    let error = move || start.value().get().and_then(|r| r.err());
    view! {
        <section class="card tone-warn">
            <h2>{lang.t("reaccredit-title")}</h2>
            <p>{lang.t("reaccredit-hint")}</p>
            <ErrorAlert error=Signal::derive(error) />
            <ActionForm action=start>
                <button type="submit" class="btn btn-primary">
                    {lang.t("reaccredit-start")}
                </button>
            </ActionForm>
        </section>
    }
}
