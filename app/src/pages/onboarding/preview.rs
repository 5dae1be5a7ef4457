//! A checked spreadsheet: its problems by row and column, or the button that imports it, and
//! what the import did.

use super::{UploadForm, problem_text};
use crate::api::onboarding::view::{ImportView, OutcomeView};
use crate::api::onboarding::{ConfirmImport, import_preview};
use crate::components::error_view::{ErrorAlert, ErrorView, StatusText};
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::i18n::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let confirm = ServerAction::<ConfirmImport>::new();
    let data = Resource::new(
        move || (params.read().get("id").unwrap_or_default(), confirm.version().get()),
        |(id, _)| import_preview(id),
    );
    view! {
        <PageTitle text=lang.t("import-preview-title") />
        <section class="hero">
            <p class="eyebrow">{lang.t("onboarding-eyebrow")}</p>
            <h1>{lang.t("import-preview-title")}</h1>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Preview view confirm /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Preview(view: ImportView, confirm: ServerAction<ConfirmImport>) -> impl IntoView {
    let lang = use_lang();
    let file = lang.t_with("import-file-name", &[("name", view.file_name.clone())]);
    let body = if let Some(outcome) = view.outcome {
        view! { <Outcome outcome /> }.into_any()
    } else if view.problem_count > 0 {
        let shown = view.problems.len();
        let more = (view.problem_count as usize > shown)
            .then(|| lang.t_with("import-more-problems", &[("count", lang.count(i64::from(view.problem_count)))]));
        view! {
            <section class="card tone-warn" role="alert">
                <h2>{lang.t_with("import-problem-count", &[("count", lang.count(i64::from(view.problem_count)))])}</h2>
                <p>{lang.t("import-fix-and-upload")}</p>
                <ol class="rows import-problems">
                    {view.problems.iter().map(|p| view! { <li>{problem_text(lang, p)}</li> }).collect_view()}
                </ol>
                {more.map(|m| view! { <p class="muted">{m}</p> })}
            </section>
            <UploadForm />
        }
        .into_any()
    } else {
        let error = Signal::derive(move || confirm.value().get().and_then(Result::err));
        view! {
            <section class="card">
                <p>{lang.t_with("import-ready", &[("count", lang.count(i64::from(view.rows)))])}</p>
                <ErrorAlert error />
                <ActionForm action=confirm>
                    <input type="hidden" name="id" value=view.id.clone() />
                    <button type="submit" class="btn btn-primary btn-block">
                        {lang.t("import-confirm")}
                    </button>
                </ActionForm>
            </section>
        }
        .into_any()
    };
    view! {
        <p class="muted">{file}</p>
        {body}
    }
}

#[component]
fn Outcome(outcome: OutcomeView) -> impl IntoView {
    let lang = use_lang();
    let text = if outcome.created == 0 && outcome.updated == 0 {
        lang.t_with("import-no-changes", &[("count", lang.count(i64::from(outcome.unchanged)))])
    } else {
        lang.t_with(
            "import-done",
            &[
                ("created", lang.count(i64::from(outcome.created))),
                ("updated", lang.count(i64::from(outcome.updated))),
                ("unchanged", lang.count(i64::from(outcome.unchanged))),
            ],
        )
    };
    view! {
        <section class="card">
            <StatusText text />
            <p class="actions">
                <a class="btn" href="/">
                    {lang.t("nav-home")}
                </a>
                " "
                <a class="btn" href="/institutions/import">
                    {lang.t("import-another")}
                </a>
            </p>
        </section>
    }
}
