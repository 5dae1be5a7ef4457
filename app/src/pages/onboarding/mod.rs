//! Onboarding institutions: register one with the form (`/institutions/new`), or import a
//! Dinsos spreadsheet (`/institutions/import`), check it and confirm it
//! (`/institutions/import/{id}`). Administrators anywhere, Dinsos officers in their region.

mod preview;
mod register;

pub use preview::ImportPreviewPage;
pub use register::RegisterPage;

use crate::api::onboarding::view::ProblemView;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::i18n::{Lang, use_lang};
use leptos::prelude::*;

/// The import page: the templates and the upload form, for the people who may register
/// institutions (the same server function as the form answers that).
#[component]
pub fn ImportPage() -> impl IntoView {
    let lang = use_lang();
    let allowed = Resource::new(|| (), |_| crate::api::onboarding::registration_form());
    view! {
        <PageTitle text=lang.t("import-title") />
        <section class="hero">
            <p class="eyebrow">{lang.t("onboarding-eyebrow")}</p>
            <h1>{lang.t("import-title")}</h1>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match allowed.await {
                    Ok(_) => {
                        view! {
                            <UploadForm />
                            <p>
                                <a href="/institutions/new">{lang.t("onboarding-register-one")}</a>
                            </p>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The templates and a plain multipart form: the browser posts the file itself, so it works
/// without JavaScript, and the server answers with the preview page.
#[component]
pub fn UploadForm() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card">
            <p>{lang.t("import-hint")}</p>
            <p class="muted">{lang.t("import-columns")}</p>
            // Downloads, not pages: `rel="external"` keeps the router from handling them.
            <p class="actions">
                <a class="btn" href="/institution-imports/template.xlsx" rel="external" download>
                    {lang.t("import-template-xlsx")}
                </a>
                " "
                <a class="btn" href="/institution-imports/template.csv" rel="external" download>
                    {lang.t("import-template-csv")}
                </a>
            </p>
            <form method="post" action="/institution-imports" enctype="multipart/form-data" class="form-grid">
                <label>
                    {lang.t("import-file")}
                    <input
                        type="file"
                        name="file"
                        required
                        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    />
                </label>
                <div class="actions">
                    <button type="submit" class="btn btn-primary">
                        {lang.t("import-check")}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Links from the home pages of the people who may register institutions.
#[component]
pub fn OnboardingLinks() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card">
            <h2>{lang.t("onboarding-title")}</h2>
            <p class="actions">
                <a class="btn" href="/institutions/new">
                    {lang.t("onboarding-register-one")}
                </a>
                " "
                <a class="btn" href="/institutions/import">
                    {lang.t("onboarding-import")}
                </a>
            </p>
        </section>
    }
}

/// A problem as a sentence naming its row and column.
pub fn problem_text(lang: Lang, p: &ProblemView) -> String {
    let message = lang.t(&p.key);
    match (p.row, &p.column) {
        (Some(row), Some(column)) => lang.t_with(
            "import-problem-cell",
            &[("row", row.to_string()), ("column", column.clone()), ("message", message)],
        ),
        (Some(row), None) => lang.t_with("import-problem-row", &[("row", row.to_string()), ("message", message)]),
        (None, Some(column)) => {
            lang.t_with("import-problem-column", &[("column", column.clone()), ("message", message)])
        }
        (None, None) => message,
    }
}

#[cfg(test)]
mod tests {
    /// Keys looked up by value (problems, column labels) exist in both languages.
    #[test]
    fn every_problem_and_column_has_words_in_both_languages() {
        let mut wanted: Vec<String> =
            domain::import::ProblemKind::ALL.iter().map(|k| k.message_key().to_string()).collect();
        wanted.extend(domain::import::template_columns().iter().map(|c| format!("column-{c}")));
        wanted.extend(["import-error-too-large", "import-error-fix-first"].map(String::from));
        for lang in ["id", "en"] {
            let text =
                std::fs::read_to_string(format!("{}/locales/{lang}/main.ftl", env!("CARGO_MANIFEST_DIR"))).unwrap();
            for key in &wanted {
                assert!(text.contains(&format!("\n{key} = ")), "{lang}: {key}");
            }
        }
    }
}
