//! Instrument versions for administrators (`/instrument/versions`): every version with its
//! state, and the upload form; `/instrument/versions/{id}` reviews one (see [`review`]).

mod review;

pub use review::{VersionReviewPage, aspect_words};

use crate::api::instrument_versions::instrument_versions;
use crate::components::error_view::ErrorView;
use crate::components::loading::Loading;
use crate::components::page_title::PageTitle;
use crate::i18n::{Lang, use_lang};
use crate::model::instrument_versions::VersionSummary;
use domain::audit::Zone;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Upload refusals the server sends back in the address (`?error=…&subject=…`), so the form
/// works without JavaScript; only these keys are shown.
const UPLOAD_ERRORS: &[&str] = &[
    "instrument-error-syntax",
    "instrument-error-identity",
    "instrument-error-no-components",
    "instrument-error-component-weights",
    "instrument-error-empty-component",
    "instrument-error-duplicate-code",
    "instrument-error-code-prefix",
    "instrument-error-indicator-weight",
    "instrument-error-no-evidence",
    "instrument-error-descriptors",
    "instrument-error-rubric-levels",
    "instrument-error-bands",
    "instrument-error-validity",
    "instrument-error-changed",
    "instrument-error-encoding",
    "instrument-error-too-large",
    "instrument-error-other-code",
    "upload-missing-file",
];

/// The sentence for an upload refusal named in the address, if it is one of ours.
pub fn upload_error(lang: Lang, key: &str, subject: &str) -> Option<String> {
    UPLOAD_ERRORS.contains(&key).then(|| lang.t_with(key, &[("subject", subject.to_string())]))
}

#[component]
pub fn InstrumentVersionsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let data = Resource::new(|| (), |_| instrument_versions());
    let refusal = move || {
        let q = query.read();
        upload_error(lang, &q.get("error")?, &q.get("subject").unwrap_or_default())
    };
    view! {
        <PageTitle text=lang.t("versions-title") />
        <section class="hero">
            <p class="eyebrow">{lang.t("nav-instrument")}</p>
            <h1>{lang.t("versions-title")}</h1>
            <p class="muted">{lang.t("versions-lead")}</p>
        </section>
        {move || {
            refusal()
                .map(|text| {
                    view! {
                        <p class="card tone-warn" role="alert" data-testid="upload-error">
                            {text}
                        </p>
                    }
                })
        }}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        view! {
                            <VersionList versions=v.versions />
                            <UploadForm />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Where a version stands, in words.
pub fn state_of(lang: Lang, v: &VersionSummary) -> String {
    match (v.current, v.published_at) {
        (true, _) => lang.t("versions-state-current"),
        (false, Some(_)) => lang.t("versions-state-earlier"),
        (false, None) => lang.t("versions-state-waiting"),
    }
}

#[component]
fn VersionList(versions: Vec<VersionSummary>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card">
            <ul class="rows versions" data-testid="versions">
                {versions
                    .into_iter()
                    .map(|v| {
                        let state = state_of(lang, &v);
                        let uploaded = lang
                            .t_with(
                                "versions-uploaded",
                                &[
                                    ("when", lang.moment(Zone::Wib, v.uploaded_at)),
                                    ("who", v.uploaded_by.clone().unwrap_or_else(|| lang.t("audit-system"))),
                                ],
                            );
                        let published = v
                            .published_at
                            .map(|t| {
                                lang.t_with(
                                    "versions-published",
                                    &[
                                        ("when", lang.moment(Zone::Wib, t)),
                                        ("who", v.published_by.clone().unwrap_or_else(|| lang.t("audit-system"))),
                                    ],
                                )
                            });
                        view! {
                            <li>
                                <h2>
                                    <a href=format!(
                                        "/instrument/versions/{}",
                                        v.id,
                                    )>{lang.t_with("instrument-version", &[("version", v.version.clone())])}</a>
                                    " "
                                    <span class="badge">{state}</span>
                                </h2>
                                <p>{v.title.clone()}</p>
                                <p class="muted">
                                    {lang.t_with("instrument-count", &[("count", lang.count(v.indicator_count))])}
                                    " · " {lang.t_with("versions-cycles", &[("count", lang.count(v.cycles))])}
                                </p>
                                <p class="muted">{uploaded}</p>
                                {published.map(|p| view! { <p class="muted">{p}</p> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// A plain multipart form: the browser posts the file, so it works without JavaScript.
#[component]
fn UploadForm() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card">
            <h2>{lang.t("versions-upload-title")}</h2>
            <p>{lang.t("versions-upload-hint")}</p>
            <form method="post" action="/instrument-versions" enctype="multipart/form-data" class="form-grid">
                <label>
                    {lang.t("versions-upload-file")}
                    <input type="file" name="file" required accept=".toml,text/plain" />
                </label>
                <div class="actions">
                    <button type="submit" class="btn btn-primary">
                        {lang.t("versions-upload-submit")}
                    </button>
                </div>
            </form>
        </section>
    }
}
