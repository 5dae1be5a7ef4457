//! The appeal, shown on the decision page: the filed appeal and its outcome, the evidence for
//! it, the institution's form to file it within the window, and the form with which another
//! officer decides it.

use crate::api::appeal::{FileAppeal, ResolveAppeal};
use crate::components::error_view::ErrorAlert;
use crate::i18n::use_lang;
use crate::model::AppealView;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The filed appeal, with the outcome once it is decided.
#[component]
pub fn AppealCard(a: AppealView) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" data-testid="appeal">
            <h2>{lang.t_with("appeal-filed", &[("date", lang.date(&a.filed_on))])}</h2>
            <p class="narrative">{a.reasons.clone()}</p>
            {a
                .outcome
                .clone()
                .map(|o| {
                    let text = match (o.as_str(), a.outcome_grade.clone()) {
                        ("changed", Some(g)) => lang.t_with("appeal-changed", &[("grade", g)]),
                        _ => lang.t("appeal-upheld"),
                    };
                    view! {
                        <p class="notice" data-testid="appeal-outcome">
                            {text}
                        </p>
                        <p>{a.outcome_reasons.clone().unwrap_or_default()}</p>
                    }
                })}
        </section>
    }
}

/// The institution files its appeal (until `until`, an ISO date).
#[component]
pub fn AppealForm(cycle_id: String, until: String, appeal: ServerAction<FileAppeal>) -> impl IntoView {
    let lang = use_lang();
    let appeal_error = move || appeal.value().get().and_then(|r| r.err());
    let (id_appeal, appeal_until) = (cycle_id, until);
    view! {
        <section class="card" aria-labelledby="appeal-title">
            <h2 id="appeal-title">{lang.t("appeal-title")}</h2>
            <p class="muted">{lang.t_with("appeal-until", &[("date", lang.date(&appeal_until))])}</p>
            <ErrorAlert error=Signal::derive(appeal_error) />
            <ActionForm action=appeal attr:class="form">
                <input type="hidden" name="cycle_id" value=id_appeal.clone() />
                <label for="appeal-reasons">{lang.t("appeal-reasons")}</label>
                <textarea id="appeal-reasons" name="reasons" rows="4" required></textarea>
                <button type="submit" class="btn btn-primary">
                    {lang.t("appeal-submit")}
                </button>
            </ActionForm>
        </section>
    }
}

/// Another officer with approval rights decides the appeal: uphold or change the grade.
#[component]
pub fn ResolveForm(cycle_id: String, resolve: ServerAction<ResolveAppeal>) -> impl IntoView {
    let lang = use_lang();
    let resolve_error = move || resolve.value().get().and_then(|r| r.err());
    let id_resolve = cycle_id;
    view! {
        <section class="card action-bar" aria-labelledby="resolve-title">
            <h2 id="resolve-title">{lang.t("appeal-resolve")}</h2>
            <ErrorAlert error=Signal::derive(resolve_error) />
            <ActionForm action=resolve attr:class="form-grid">
                <input type="hidden" name="cycle_id" value=id_resolve.clone() />
                <label>
                    {lang.t("appeal-outcome")} <select name="outcome">
                        <option value="uphold">{lang.t("appeal-uphold")}</option>
                        {["A", "B", "C", "TT"]
                            .into_iter()
                            .map(|g| {
                                view! {
                                    <option value=g>
                                        {lang.t_with("appeal-change-to", &[("grade", g.to_string())])}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>{lang.t("decision-reasons")} <textarea name="reasons" rows="2" required></textarea></label>
                <button type="submit" class="btn btn-primary">
                    {lang.t("appeal-decide")}
                </button>
            </ActionForm>
        </section>
    }
}

/// Evidence for the appeal: listed for everyone entitled to the cycle; the institution adds
/// photos or PDFs with a plain form (works without JavaScript) through the evidence pipeline.
#[component]
pub fn AppealFiles(cycle_id: String, files: Vec<crate::model::EvidenceView>, can_add: bool) -> impl IntoView {
    let lang = use_lang();
    let upload_id = crate::device::new_change_id();
    view! {
        <section class="card" aria-labelledby="appeal-files-title">
            <h2 id="appeal-files-title">{lang.t("appeal-files")}</h2>
            <ul class="thumbs" data-testid="appeal-files">
                {files
                    .into_iter()
                    .map(|f| {
                        let label = if f.caption.is_empty() { lang.t("evidence-document") } else { f.caption.clone() };
                        view! {
                            <li>
                                <a
                                    class="doc"
                                    href=format!("/appeal-files/{}/full", f.id)
                                    target="_blank"
                                    rel="external"
                                >
                                    {label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {can_add
                .then(|| {
                    view! {
                        <form
                            method="post"
                            enctype="multipart/form-data"
                            action=format!("/appeal-files/{cycle_id}")
                            class="form-grid"
                        >
                            <input type="hidden" name="id" value=upload_id.clone() />
                            <label>
                                {lang.t("appeal-file-caption")} <input type="text" name="caption" maxlength="500" />
                            </label>
                            <label>
                                {lang.t("appeal-file")}
                                <input
                                    type="file"
                                    name="file"
                                    accept="image/*,application/pdf"
                                    required
                                    data-testid="appeal-file-input"
                                />
                            </label>
                            <button type="submit" class="btn">
                                {lang.t("appeal-file-add")}
                            </button>
                        </form>
                    }
                })}
        </section>
    }
}
